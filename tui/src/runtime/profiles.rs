//! Where profiles come from — the embedded mock, the config file, the command line — and how
//! one is opened into a set of clients.

use crate::app::Endpoints;
use crate::client::{
    ClientError, ClientOptions, DataCashClient, HarnessClient, PortalClient, WebServiceClient,
};
use crate::config::{ConfigFile, EMBEDDED_PROFILE, Endpoint, Profile};
use crate::secret::Secret;
use dckit_mock::{Config as MockConfig, MockServer};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// The profiles the console can open.
#[derive(Clone, Debug)]
pub struct Profiles {
    file: Option<Arc<ConfigFile>>,
    one_off: Option<Profile>,
    embedded: Arc<Embedded>,
    read_only: bool,
    options: ClientOptions,
}

/// The in-process mock: started the first time the `embedded` profile is opened, and kept
/// for the console's life.
pub struct Embedded {
    config: MockConfig,
    server: OnceCell<MockServer>,
}

impl std::fmt::Debug for Embedded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedded")
            .field("started", &self.server.initialized())
            .finish()
    }
}

impl Embedded {
    /// An embedded mock that starts from `config` when first opened.
    pub fn new(config: MockConfig) -> Embedded {
        Embedded {
            config,
            server: OnceCell::new(),
        }
    }

    /// An embedded mock already running (tests).
    pub fn running(server: MockServer) -> Embedded {
        Embedded {
            config: MockConfig::ephemeral(),
            server: OnceCell::new_with(Some(server)),
        }
    }

    /// The running server, started on first use.
    pub async fn server(&self) -> Result<&MockServer, String> {
        self.server
            .get_or_try_init(|| MockServer::start(self.config.clone()))
            .await
            .map_err(|e| format!("the embedded mock could not start: {e}"))
    }

    /// The server, if it was started.
    pub fn started(&self) -> Option<&MockServer> {
        self.server.get()
    }
}

/// The clients of an open profile, one per endpoint it has.
#[derive(Clone, Debug, Default)]
pub struct Clients {
    /// The account area.
    pub portal: Option<PortalClient>,
    /// The DataCash document API.
    pub datacash: Option<DataCashClient>,
    /// The WHMCS WebService.
    pub webservice: Option<WebServiceClient>,
    /// The mock's harness.
    pub harness: Option<HarnessClient>,
}

/// An open profile: its clients and what the console shows of it.
#[derive(Debug)]
pub struct Opened {
    /// The clients.
    pub clients: Clients,
    /// The profile's name.
    pub name: String,
    /// Whether changes are disabled.
    pub read_only: bool,
    /// Whether it is the embedded mock.
    pub embedded: bool,
    /// The hosts of its endpoints.
    pub endpoints: Endpoints,
}

impl Profiles {
    /// The profiles of `file` (if any), the one-off `--url` profile (if any) and the
    /// embedded mock; `read_only` (`--read-only`) applies to all.
    pub fn new(
        file: Option<ConfigFile>,
        one_off: Option<Profile>,
        embedded: Embedded,
        read_only: bool,
    ) -> Profiles {
        let timeout = file.as_ref().and_then(|f| f.timeout);
        let mut options = ClientOptions::default();
        if let Some(timeout) = timeout {
            options = options.with_timeout(timeout);
        }
        Profiles {
            file: file.map(Arc::new),
            one_off,
            embedded: Arc::new(embedded),
            read_only,
            options,
        }
    }

    /// The same profiles with other client options (tests use short timeouts).
    pub fn with_options(mut self, options: ClientOptions) -> Profiles {
        self.options = options;
        self
    }

    /// Every profile's name: the command line's first, then the embedded mock, then the
    /// file's.
    pub fn names(&self) -> Vec<String> {
        let mut names = vec![];
        if let Some(profile) = &self.one_off {
            names.push(profile.name.clone());
        }
        names.push(EMBEDDED_PROFILE.to_owned());
        if let Some(file) = &self.file {
            names.extend(file.profile_names().into_iter().map(str::to_owned));
        }
        names
    }

    /// The embedded mock.
    pub fn embedded(&self) -> &Embedded {
        &self.embedded
    }

    /// Opens the profile `name`: reads its secrets (or starts the embedded mock) and builds
    /// its clients.
    pub async fn open(&self, name: &str) -> Result<Opened, String> {
        if name == EMBEDDED_PROFILE {
            let server = self.embedded.server().await?;
            let profile = embedded_profile(server, self.read_only)?;
            return self.clients(profile, true);
        }
        if let Some(profile) = self.one_off.as_ref().filter(|p| p.name == name) {
            let mut profile = profile.clone();
            profile.read_only |= self.read_only;
            return self.clients(profile, false);
        }
        let Some(file) = &self.file else {
            return Err(format!(
                "there is no profile \"{name}\": no config file was read"
            ));
        };
        let mut profile = file
            .resolve(name, &crate::config::process_env)
            .map_err(|e| e.to_string())?;
        profile.read_only |= self.read_only;
        self.clients(profile, false)
    }

    fn clients(&self, profile: Profile, embedded: bool) -> Result<Opened, String> {
        let o = &self.options;
        let fail = |what: &str, e: ClientError| format!("{what}: {e}");
        let url = |e: &Endpoint| e.url.to_string();
        let clients = Clients {
            portal: profile
                .portal
                .as_ref()
                .map(|e| PortalClient::new(&url(e), e.token.clone(), o))
                .transpose()
                .map_err(|e| fail("account area", e))?,
            datacash: profile
                .datacash
                .as_ref()
                .map(|e| {
                    DataCashClient::new(e.url.as_str(), e.key.clone(), e.credentials.clone(), o)
                })
                .transpose()
                .map_err(|e| fail("DataCash", e))?,
            webservice: profile
                .webservice
                .as_ref()
                .map(|e| WebServiceClient::new(&url(e), e.token.clone(), o))
                .transpose()
                .map_err(|e| fail("WebService", e))?,
            harness: profile
                .harness
                .as_ref()
                .map(|e| HarnessClient::new(&url(e), e.token.clone(), o))
                .transpose()
                .map_err(|e| fail("harness", e))?,
        };
        let host = |url: &url::Url| match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => url.to_string(),
        };
        let endpoints = Endpoints {
            portal: profile.portal.as_ref().map(|e| host(&e.url)),
            datacash: profile.datacash.as_ref().map(|e| host(&e.url)),
            webservice: profile.webservice.as_ref().map(|e| host(&e.url)),
            harness: profile.harness.as_ref().map(|e| host(&e.url)),
        };
        Ok(Opened {
            clients,
            name: profile.name,
            read_only: profile.read_only,
            embedded,
            endpoints,
        })
    }
}

/// The profile of the embedded mock: every endpoint it offers, with its tokens, its demo key
/// and demo credentials.
fn embedded_profile(server: &MockServer, read_only: bool) -> Result<Profile, String> {
    let url: url::Url = server
        .base_url()
        .parse()
        .map_err(|e| format!("the embedded mock's address is not a URL: {e}"))?;
    let endpoint = |token: String| Endpoint {
        url: url.clone(),
        token: Secret::new(token),
    };
    let credentials = server
        .credentials_for_demo()
        .map_err(|e| format!("the embedded mock's demo credentials: {e}"))?;
    Ok(Profile {
        name: EMBEDDED_PROFILE.to_owned(),
        read_only,
        portal: Some(endpoint(server.portal_token().to_owned())),
        datacash: Some(crate::config::DataCashEndpoint {
            url: url.clone(),
            key: Secret::new(server.datacash_key()),
            credentials: Secret::new(credentials),
        }),
        webservice: Some(endpoint(server.webservice_token())),
        harness: Some(endpoint(server.admin_token().to_owned())),
    })
}
