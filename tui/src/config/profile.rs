//! Profiles: [`ProfileConfig`] as the file gives it, and [`Profile`], the same with every
//! secret read ([`ProfileConfig::resolve`]) — what the console connects with.

use super::endpoint_url::parse_endpoint_url;
use super::error::ConfigError;
use super::file::ConfigFile;
use super::secret_source::{SecretField, SecretSource};
use crate::secret::Secret;
use std::ops::Range;
use url::Url;

/// A `[profiles.NAME]` table, checked but with its secrets not yet read.
#[derive(Clone, Debug)]
pub struct ProfileConfig {
    /// `read_only = true`.
    pub read_only: bool,
    /// `[profiles.NAME.portal]`: the account area.
    pub portal: Option<EndpointConfig>,
    /// `[profiles.NAME.datacash]`: the DataCash document API.
    pub datacash: Option<DataCashConfig>,
    /// `[profiles.NAME.webservice]`: the WHMCS WebService.
    pub webservice: Option<EndpointConfig>,
    /// `[profiles.NAME.harness]`: the mock's `/__admin`.
    pub harness: Option<EndpointConfig>,
    /// The span of the profile's table, for [`ConfigFile::location`].
    pub span: Range<usize>,
}

/// An endpoint with a token, as the file gives it.
#[derive(Clone, Debug)]
pub struct EndpointConfig {
    /// Its base URL (http or https; the path ends with `/`).
    pub url: Url,
    /// `token`, `token_env` or `token_file`.
    pub token: SecretSource,
}

/// The DataCash endpoint, as the file gives it.
#[derive(Clone, Debug)]
pub struct DataCashConfig {
    /// Its base URL (http or https; the path ends with `/`).
    pub url: Url,
    /// `key`, `key_env` or `key_file`: the API key (`Datacash-Key`).
    pub key: SecretSource,
    /// `credentials`, `credentials_env` or `credentials_file`: the armored OpenPGP text
    /// (`ade_credentials_encrypted`).
    pub credentials: SecretSource,
}

/// A profile ready to connect with: every secret read.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The profile's name (`command-line` for `--url`/`--token`).
    pub name: String,
    /// Whether the console must not change anything through it.
    pub read_only: bool,
    /// The account area: URL and portal token (`Authorization: Bearer`).
    pub portal: Option<Endpoint>,
    /// The DataCash document API.
    pub datacash: Option<DataCashEndpoint>,
    /// The WHMCS WebService: the WHMCS root URL and the token.
    pub webservice: Option<Endpoint>,
    /// The harness (the mock's `/__admin`): URL and admin token.
    pub harness: Option<Endpoint>,
}

/// A URL and its token.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// The base URL (http or https; the path ends with `/`).
    pub url: Url,
    /// The token.
    pub token: Secret,
}

/// The DataCash document API's URL, key and credentials.
#[derive(Clone, Debug)]
pub struct DataCashEndpoint {
    /// The base URL (http or https; the path ends with `/`).
    pub url: Url,
    /// The API key (`Datacash-Key`).
    pub key: Secret,
    /// `ade_credentials_encrypted`: armored OpenPGP text, line breaks kept.
    pub credentials: Secret,
}

/// The profile name of [`Profile::one_off`].
pub const COMMAND_LINE_PROFILE: &str = "command-line";

impl ProfileConfig {
    /// Reads the profile's secrets — variables through `env`, files from disk (on unix
    /// refusing a file others can read) — and gives the profile to connect with. `name` is the
    /// profile's name in `file`; the profile is read-only when it or the file says so.
    pub fn resolve(
        &self,
        name: &str,
        file: &ConfigFile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Profile, ConfigError> {
        let secret = |endpoint, base, multiline, source: &SecretSource| {
            let field = SecretField {
                profile: name,
                endpoint,
                base,
                multiline,
            };
            source.read(&field, file, env)
        };
        let endpoint = |key, config: &Option<EndpointConfig>| {
            config
                .as_ref()
                .map(|config| {
                    Ok::<_, ConfigError>(Endpoint {
                        url: config.url.clone(),
                        token: secret(key, "token", false, &config.token)?,
                    })
                })
                .transpose()
        };
        Ok(Profile {
            name: name.to_owned(),
            read_only: self.read_only || file.read_only,
            portal: endpoint("portal", &self.portal)?,
            datacash: self
                .datacash
                .as_ref()
                .map(|config| {
                    Ok::<_, ConfigError>(DataCashEndpoint {
                        url: config.url.clone(),
                        key: secret("datacash", "key", false, &config.key)?,
                        credentials: secret("datacash", "credentials", true, &config.credentials)?,
                    })
                })
                .transpose()?,
            webservice: endpoint("webservice", &self.webservice)?,
            harness: endpoint("harness", &self.harness)?,
        })
    }

    /// Every secret of the profile as `(endpoint key, secret key, source)`, in file order of
    /// the format: portal, DataCash key and credentials, WebService, harness.
    pub(super) fn secret_sources(&self) -> Vec<(&'static str, &'static str, &SecretSource)> {
        let mut sources = Vec::new();
        if let Some(portal) = &self.portal {
            sources.push(("portal", "token", &portal.token));
        }
        if let Some(datacash) = &self.datacash {
            sources.push(("datacash", "key", &datacash.key));
            sources.push(("datacash", "credentials", &datacash.credentials));
        }
        if let Some(webservice) = &self.webservice {
            sources.push(("webservice", "token", &webservice.token));
        }
        if let Some(harness) = &self.harness {
            sources.push(("harness", "token", &harness.token));
        }
        sources
    }
}

impl Profile {
    /// The profile of `--url URL --token T`: the account area only, named `command-line`.
    /// The URL is checked as a file's would be.
    pub fn one_off(url: &str, token: impl Into<Secret>) -> Result<Profile, ConfigError> {
        let url = parse_endpoint_url(url)
            .map_err(|problem| ConfigError::BadCommandLineUrl { problem })?;
        Ok(Profile {
            name: COMMAND_LINE_PROFILE.to_owned(),
            read_only: false,
            portal: Some(Endpoint {
                url,
                token: token.into(),
            }),
            datacash: None,
            webservice: None,
            harness: None,
        })
    }

    /// For display: each of the four endpoints by name (`account area`, `DataCash`,
    /// `WebService`, `harness`), with the host of its URL (and the port when the URL gives
    /// one), or `None` when the profile does not have it.
    pub fn summary(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("account area", self.portal.as_ref().map(|e| host(&e.url))),
            ("DataCash", self.datacash.as_ref().map(|e| host(&e.url))),
            ("WebService", self.webservice.as_ref().map(|e| host(&e.url))),
            ("harness", self.harness.as_ref().map(|e| host(&e.url))),
        ]
    }
}

/// `example.it`, or `127.0.0.1:8080` when the URL gives a port.
fn host(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::Profile;
    use crate::config::ConfigError;

    #[test]
    fn a_one_off_profile_has_the_account_area_only() {
        let profile = Profile::one_off("http://127.0.0.1:8080", "pt_one_off_secret").unwrap();
        assert_eq!(profile.name, "command-line");
        assert!(!profile.read_only);
        let portal = profile.portal.as_ref().unwrap();
        assert_eq!(portal.url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(portal.token.expose(), "pt_one_off_secret");
        assert_eq!(
            profile.summary(),
            vec![
                ("account area", Some("127.0.0.1:8080".to_owned())),
                ("DataCash", None),
                ("WebService", None),
                ("harness", None),
            ]
        );
        assert!(!format!("{profile:?}").contains("pt_one_off_secret"));
    }

    #[test]
    fn a_one_off_profile_refuses_a_bad_url() {
        let error = Profile::one_off("portal.example.it", "t").unwrap_err();
        assert!(matches!(error, ConfigError::BadCommandLineUrl { .. }));
        assert!(
            error.to_string().starts_with("--url: not a valid URL"),
            "{error}"
        );
    }
}
