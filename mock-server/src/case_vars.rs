//! The variables the recorded contract cases use (`{{name}}`), with a server's values: the one
//! list the mock's tests, the console's tests and `verify` runs share.

use dckit_contracts::model::datacash::Credentials;

use crate::MockServer;
use crate::credentials::CredentialsError;

impl MockServer {
    /// Every variable the recorded suites use (`contracts/cases/*/README.md`), named, with
    /// this server's value; secrets included. Extra variables are harmless: a suite uses
    /// those it names.
    ///
    /// | name | value |
    /// |---|---|
    /// | `webservice_token` | [`MockServer::webservice_token`] |
    /// | `datacash_key` | [`MockServer::datacash_key`] |
    /// | `datacash_key_other`, `datacash_key_deactivated` | [`MockServer::other_datacash_keys`] |
    /// | `credentials` | [`MockServer::credentials_for_demo`] |
    /// | `credentials_bad_cf` | the demo credentials with a codice fiscale of a wrong check letter |
    /// | `credentials_empty_password` | the demo credentials with an empty password |
    /// | `seller_piva` | [`MockServer::seller_partita_iva`] |
    /// | `portal_token` | [`MockServer::portal_token`] |
    /// | `admin_token` | [`MockServer::admin_token`] |
    pub fn case_vars(&self) -> Result<Vec<(&'static str, String)>, CredentialsError> {
        let demo = self.demo_credentials();
        let encrypt = |patch: fn(&mut Credentials)| {
            let mut credentials = demo.clone();
            patch(&mut credentials);
            self.credentials_for(&credentials)
        };
        let [other, deactivated] = self.other_datacash_keys();
        Ok(vec![
            ("webservice_token", self.webservice_token()),
            ("datacash_key", self.datacash_key().to_owned()),
            ("datacash_key_other", other),
            ("datacash_key_deactivated", deactivated),
            ("credentials", self.credentials_for(&demo)?),
            (
                "credentials_bad_cf",
                encrypt(|c| c.codice_fiscale = "RSSMRA80A01H501X".to_owned())?,
            ),
            (
                "credentials_empty_password",
                encrypt(|c| c.password = String::new())?,
            ),
            ("seller_piva", self.seller_partita_iva()),
            ("portal_token", self.portal_token().to_owned()),
            ("admin_token", self.admin_token().to_owned()),
        ])
    }
}
