//! [`ScreenId`]: the screens by number, and [`Endpoint`]: what each needs of a profile.

/// The screens, in the order of their number keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScreenId {
    /// Account, licence, key slots, today's documents, takings, live events.
    Dashboard,
    /// API keys.
    Keys,
    /// Licences, the contract and add-ons.
    Licences,
    /// Document counters, live.
    Counters,
    /// Statistics by device or store: charts and exports.
    Statistics,
    /// DataCash documents: find, open, void, return, send a test sale.
    Documents,
    /// The WHMCS WebService: invoices and credit notes.
    WebService,
    /// The mock's harness: journal, faults, clock, agency, webhook.
    Harness,
}

/// An endpoint of a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The account area (`/portal/v1`).
    Portal,
    /// The DataCash document API (`/api/dco`).
    DataCash,
    /// The WHMCS WebService.
    WebService,
    /// The mock's harness (`/__admin`).
    Harness,
}

impl Endpoint {
    /// Its table in a profile of the config file (`[profiles.NAME.portal]`).
    pub fn table(self) -> &'static str {
        match self {
            Endpoint::Portal => "portal",
            Endpoint::DataCash => "datacash",
            Endpoint::WebService => "webservice",
            Endpoint::Harness => "harness",
        }
    }

    /// Its name for people.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Portal => "account area",
            Endpoint::DataCash => "DataCash document API",
            Endpoint::WebService => "WHMCS WebService",
            Endpoint::Harness => "harness",
        }
    }

    /// What a profile must give for it.
    pub fn settings(self) -> &'static str {
        match self {
            Endpoint::Portal | Endpoint::WebService => "url and token",
            Endpoint::DataCash => "url, key and credentials",
            Endpoint::Harness => "url and token (the admin token)",
        }
    }
}

impl ScreenId {
    /// Every screen, in tab order.
    pub const ALL: [ScreenId; 8] = [
        ScreenId::Dashboard,
        ScreenId::Keys,
        ScreenId::Licences,
        ScreenId::Counters,
        ScreenId::Statistics,
        ScreenId::Documents,
        ScreenId::WebService,
        ScreenId::Harness,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "Dashboard",
            ScreenId::Keys => "Keys",
            ScreenId::Licences => "Licences & add-ons",
            ScreenId::Counters => "Counters",
            ScreenId::Statistics => "Statistics",
            ScreenId::Documents => "Documents",
            ScreenId::WebService => "WebService",
            ScreenId::Harness => "Harness",
        }
    }

    /// A shorter title for narrow terminals.
    pub fn short_title(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "Dashboard",
            ScreenId::Keys => "Keys",
            ScreenId::Licences => "Licences",
            ScreenId::Counters => "Counters",
            ScreenId::Statistics => "Stats",
            ScreenId::Documents => "Docs",
            ScreenId::WebService => "WHMCS",
            ScreenId::Harness => "Harness",
        }
    }

    /// The shortest title, for 80 columns.
    pub fn tiny_title(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "Dash",
            ScreenId::Keys => "Keys",
            ScreenId::Licences => "Lic",
            ScreenId::Counters => "Count",
            ScreenId::Statistics => "Stats",
            ScreenId::Documents => "Docs",
            ScreenId::WebService => "WHMCS",
            ScreenId::Harness => "Harn",
        }
    }

    /// The `:` command and the `[keys]` name that show it.
    pub fn command(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "dashboard",
            ScreenId::Keys => "keys",
            ScreenId::Licences => "licences",
            ScreenId::Counters => "counters",
            ScreenId::Statistics => "statistics",
            ScreenId::Documents => "documents",
            ScreenId::WebService => "webservice",
            ScreenId::Harness => "harness",
        }
    }

    /// What the help says of its number key.
    pub fn help(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "dashboard",
            ScreenId::Keys => "API keys",
            ScreenId::Licences => "licences, contract and add-ons",
            ScreenId::Counters => "document counters (live)",
            ScreenId::Statistics => "statistics by device or store",
            ScreenId::Documents => "DataCash documents",
            ScreenId::WebService => "WHMCS invoices and credit notes",
            ScreenId::Harness => "the mock's harness",
        }
    }

    /// Its number key.
    pub fn digit(self) -> char {
        match self {
            ScreenId::Dashboard => '1',
            ScreenId::Keys => '2',
            ScreenId::Licences => '3',
            ScreenId::Counters => '4',
            ScreenId::Statistics => '5',
            ScreenId::Documents => '6',
            ScreenId::WebService => '7',
            ScreenId::Harness => '8',
        }
    }

    /// The endpoint the screen cannot work without, or `None` when it shows what the profile
    /// has.
    pub fn needs(self) -> Option<Endpoint> {
        match self {
            ScreenId::Dashboard => None,
            ScreenId::Keys | ScreenId::Licences | ScreenId::Counters | ScreenId::Statistics => {
                Some(Endpoint::Portal)
            }
            ScreenId::Documents => Some(Endpoint::DataCash),
            ScreenId::WebService => Some(Endpoint::WebService),
            ScreenId::Harness => Some(Endpoint::Harness),
        }
    }

    /// Whether it shows a table the list keys move through.
    pub fn has_lists(self) -> bool {
        !matches!(self, ScreenId::Dashboard | ScreenId::Statistics)
    }

    /// Whether its table can be filtered and sorted.
    pub fn has_filter(self) -> bool {
        matches!(
            self,
            ScreenId::Keys | ScreenId::Counters | ScreenId::Documents | ScreenId::WebService
        )
    }

    /// The next screen, wrapping around.
    pub fn next(self) -> ScreenId {
        let i = ScreenId::ALL.iter().position(|s| *s == self).unwrap_or(0);
        ScreenId::ALL[(i + 1) % ScreenId::ALL.len()]
    }

    /// The previous screen, wrapping around.
    pub fn prev(self) -> ScreenId {
        let i = ScreenId::ALL.iter().position(|s| *s == self).unwrap_or(0);
        ScreenId::ALL[(i + ScreenId::ALL.len() - 1) % ScreenId::ALL.len()]
    }

    /// The screen a `:` command names: its command word, any prefix of at least 3 letters
    /// of it, or its number.
    pub fn from_command(word: &str) -> Option<ScreenId> {
        let word = word.to_ascii_lowercase();
        ScreenId::ALL.into_iter().find(|s| {
            s.command() == word
                || (word.len() >= 3 && s.command().starts_with(&word))
                || word.len() == 1 && word.starts_with(s.digit())
        })
    }
}
