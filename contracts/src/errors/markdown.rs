//! Renders the catalogue as the `contracts/ERRORS.md` table.

use super::CATALOGUE;
use std::fmt::Write;

/// The whole of `contracts/ERRORS.md`, generated from [`CATALOGUE`].
pub fn markdown_table() -> String {
    let mut out = String::from(
        "# Error catalogue\n\n\
         Generated from `contracts/src/errors/catalogue.rs` by \
         `DCKIT_BLESS=1 cargo test -p dckit-contracts errors_md`; do not edit by hand.\n\
         `{name}` marks a value filled in per request. WebService errors are answered with HTTP 200 \
         as `{\"result\":\"error\",\"message\":…}` and their code never reaches the wire; \
         DataCash errors as `{\"esito\":false,…,\"errori\":[{\"codice\",\"descrizione\"}]}`; \
         Portal and Admin errors as `application/problem+json` with `code` and `detail`.\n\n\
         | API | code | HTTP | name | provenance | message |\n\
         |---|---|---|---|---|---|\n",
    );
    for spec in CATALOGUE {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            spec.api.name(),
            spec.code,
            spec.status,
            spec.id.name(),
            spec.provenance.name(),
            spec.template.replace('|', "\\|"),
        );
    }
    out
}
