//! Recorded cases: JSON files that say what a request must get back, and the runner that
//! replays them over HTTP against any server and reports every mismatch.
//!
//! The cases live under `contracts/cases/<api>/<name>.json` (`webservice`, `datacash`,
//! `portal`, `admin`); `contracts/cases/example/` shows every feature of the format. The
//! suites are also compiled into the crate: [`embedded`] returns them without the source tree.
//!
//! The runner ([`Runner`], [`run_cases`]) sends requests, so it is behind the cargo feature
//! `runner` (which brings reqwest); without it, cases load and check but do not run.
//!
//! ```no_run
//! # #[cfg(feature = "runner")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use dckit_contracts::cases::{Runner, load_dir};
//! let cases = load_dir(std::path::Path::new("contracts/cases"))?;
//! let report = Runner::new("http://127.0.0.1:8080")
//!     .var("webservice_token", "…")
//!     .admin_token("…")
//!     .run(&cases)
//!     .await;
//! print!("{report}");
//! assert!(report.is_success());
//! # Ok(()) }
//! ```
//!
//! # Case file format
//!
//! A case file is one strict JSON object; unknown fields and duplicate keys are errors.
//!
//! | field | | meaning |
//! |---|---|---|
//! | `name` | optional | unique name; defaults to the file stem |
//! | `description` | optional | what the case shows |
//! | `provenance` | required | `observed`, `documented` or `inferred` |
//! | `clock` | optional | the server's frozen time, RFC 3339 (`2019-06-15T12:00:00+02:00`) |
//! | `seed` | optional | the seed the server's data must come from (unsigned integer) |
//! | `fresh` | optional | `true` when the case changes server state: reset the server after it |
//! | `steps` | | one or more steps, run in order |
//! | `request`, `expect`, `capture` | | instead of `steps`: a case of one step |
//!
//! A **step** is `{"request": …, "expect": …, "capture": {…}}` (`capture` optional).
//!
//! `request`: `method` (`GET` `POST` `PUT` `PATCH` `DELETE` `HEAD` `OPTIONS`), `path` (starts
//! with `/`, query string allowed, appended to the base URL as is), `headers` (object of
//! strings), and at most one body: `form` (object of strings, sent
//! `application/x-www-form-urlencoded` in the order written), `json` (any JSON, sent as
//! `application/json` unless `headers` says otherwise) or `body` (raw text; give the content
//! type in `headers`).
//!
//! `expect`: every part is checked and every failure reported.
//! * `status` (required): the exact HTTP status.
//! * `headers`: object of strings; a header matches when one of its values *starts with* the
//!   expected text (names case-insensitive, values not).
//! * `body`: the exact JSON body, compared structurally (object key order ignored); each
//!   difference is reported at its JSON pointer.
//! * `match`: a list of `{"pointer": "/a/0/b", <check>}` with exactly one check:
//!   `equals` (any JSON), `contains` (a string in a string, or an element of an array),
//!   `regex` (a string matching, unanchored), `length` (characters of a string, elements of an
//!   array, keys of an object), `exists` (`true`/`false`; `null` exists), `keys` (an object's
//!   exact keys, in order), `type` (`null` `boolean` `number` `string` `array` `object`).
//!   The pointer is RFC 6901; `""` is the whole body.
//! * `text`: `{"startsWith": …, "contains": …}` on the raw body (lossy UTF-8), for PDF and CSV.
//!
//! `body` and `match` need a JSON body: anything else is one mismatch showing the first 200
//! characters.
//!
//! `capture`: `{"name": "/pointer"}` saves a value of the JSON response for later steps of the
//! same case as `{{name}}`.
//!
//! **Variables.** `{{name}}` (letters, digits, `_`, `-`, `.`) may appear in the path, header
//! values, form values, the raw body, strings and keys of `json`, and every expected value
//! (`headers`, `body`, `match` pointers and values, `text`). They come from the runner
//! ([`Runner::var`]: `webservice_token`, `datacash_key`, `credentials`, `portal_token`,
//! `admin_token`, `seller_piva`, …) and from earlier captures, which win. In JSON, a string that
//! is exactly `"{{name}}"` becomes the variable's JSON value (a captured number stays a number);
//! elsewhere a value is inserted as text (strings as is, other values as compact JSON; never
//! percent-encoded). An unknown variable is a [`Mismatch::Variable`] of that case.
//!
//! # Running
//!
//! Cases run one after another, steps in order. A step that cannot be sent (unknown variable,
//! transport error) or whose capture finds nothing ends its case; other mismatches do not, so
//! a case reports everything it can. Redirects are not followed. See [`Report`] for the output.
//!
//! # Server state: the harness protocol
//!
//! With an admin token ([`Runner::admin_token`]) the runner brings the server to each case's
//! state through two routes of the mock's harness (`mock-server/HARNESS.md`). Both are
//! `POST`, with headers `Authorization: Bearer <admin token>` and
//! `Content-Type: application/json`; any 2xx answer is success (the body is ignored), anything
//! else is a [`Mismatch::Setup`] for the case, whose steps then do not run.
//!
//! * `POST {base}/__admin/reset` with `{"seed": N}` (or `{}` for a case without a seed):
//!   discard all data and re-seed deterministically from `N` (from the server's start-up seed
//!   for `{}`). It must not change the clock.
//! * `POST {base}/__admin/clock` with `{"freeze": "<RFC 3339 date-time>"}` (e.g.
//!   `{"freeze": "2019-06-15T12:00:00+02:00"}`): from now on the server's "now" is exactly that
//!   instant; or with `{"unfreeze": true}`: the server's clock follows real time again.
//!
//! Before each case, in this order:
//! 1. **reset** when a case marked `fresh` ran since the last reset, or the case has a `seed`
//!    other than the one of the last reset, or the case has a `seed` or `clock` and no reset
//!    has been made yet in this run (a failed reset counts as none);
//! 2. **clock**: `freeze` at the case's `clock` when it has one (every such case, even if
//!    unchanged); otherwise `unfreeze` if the runner froze the clock before.
//!
//! After the last case, if it (or any case since the last reset) is `fresh`, one more reset,
//! with the last case's seed. Without an admin token no harness call is made: cases run
//! against the server as it is, and a case with `clock`, `seed` or `fresh` gets a note in the
//! report saying its state was not verified.

mod embedded;
mod format;
mod load;
// The runner's checks and substitution: pure, so built and unit-tested without it as well.
#[cfg_attr(not(feature = "runner"), allow(dead_code))]
mod matcher;
mod report;
#[cfg(feature = "runner")]
mod runner;
#[cfg_attr(not(feature = "runner"), allow(dead_code))]
mod vars;

pub use embedded::{EMBEDDED_ROOT, embedded, embedded_suite};
pub use format::{
    Case, Check, Expect, JsonType, Matcher, Pairs, Request, RequestBody, Step, TextExpect,
};
pub use load::{CaseError, load_case, load_dir};
pub use report::{CaseOutcome, Mismatch, Report, SHOWN_PER_CASE};
#[cfg(feature = "runner")]
pub use runner::{Runner, run_cases};
