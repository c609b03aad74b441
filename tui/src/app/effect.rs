//! [`Effect`]: what `update` asks the runtime to do — requests, streams, files, the clipboard,
//! timers. `update` never does I/O; the runtime runs each effect as a task and sends its result
//! back as an [`Action`](super::Action).

use crate::secret::Secret;
use chrono::NaiveDate;
use dckit_contracts::model::portal::AddonType;
use std::path::PathBuf;
use std::time::Duration;

use super::Action;

/// Something for the runtime to do.
#[derive(Debug)]
pub enum Effect {
    /// Open a profile (starting the embedded mock if that is the profile) and answer
    /// [`Action::Connected`] or [`Action::ConnectFailed`] with this generation.
    Connect {
        /// The connection's number; results of older ones are ignored.
        generation: u64,
        /// The profile's name.
        profile: String,
    },
    /// Read something; answered by [`Action::Loaded`].
    Load {
        /// The connection it belongs to.
        generation: u64,
        /// What to read.
        request: Request,
    },
    /// Change something on the server; answered by [`Action::Changed`].
    Change {
        /// The connection it belongs to.
        generation: u64,
        /// What to change.
        change: Change,
    },
    /// Open the live counter stream; its events come back as [`Action::Stream`].
    OpenStream {
        /// The connection it belongs to.
        generation: u64,
    },
    /// Send `action` back after `delay` (reconnection backoff).
    After {
        /// How long to wait.
        delay: Duration,
        /// What to send then.
        action: Box<Action>,
    },
    /// Check where an export would go; answered by [`Action::ExportPathChecked`].
    CheckExportPath {
        /// The export's number.
        id: u64,
        /// The path typed.
        path: PathBuf,
    },
    /// Write an export to a file; progress and the end come back as
    /// [`Action::ExportProgress`] and [`Action::ExportDone`].
    Export {
        /// The connection it belongs to.
        generation: u64,
        /// The export's number.
        id: u64,
        /// What to write.
        source: super::ExportSource,
        /// Where to write (replaced if it exists: the user confirmed).
        path: PathBuf,
    },
    /// Stop an export under way (its partial file is removed).
    CancelExport {
        /// The export's number.
        id: u64,
    },
    /// Run a job of one of the screens from 5 on; what it sends back comes as
    /// [`Action::Screen`].
    Job {
        /// The connection it belongs to.
        generation: u64,
        /// What to do.
        job: crate::screens::Job,
    },
    /// Put text on the clipboard of the user's terminal (OSC 52, through SSH and tmux).
    Copy(Secret),
    /// Leave the console.
    Quit,
}

/// A read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// `GET /portal/v1/account`.
    Account,
    /// `GET /portal/v1/licences`.
    Licences,
    /// `GET /portal/v1/keys`.
    Keys,
    /// `GET /portal/v1/addons/catalogue`.
    Catalogue,
    /// `GET /portal/v1/addons`.
    Purchases,
    /// `GET /portal/v1/counters`.
    Counters,
    /// The account's takings per day: the statistics of every store, added up.
    Takings {
        /// The first day.
        from: NaiveDate,
        /// The last day, included.
        to: NaiveDate,
    },
    /// DataCash `infoUser`: the document API's view of the key.
    InfoUser,
    /// The harness clock: the server's today.
    ServerClock,
    /// The WebService's documents of today (a count for the dashboard).
    WebServiceToday,
}

impl Request {
    /// The part of the state this request fills.
    pub fn resource(&self) -> Resource {
        match self {
            Request::Account => Resource::Account,
            Request::Licences => Resource::Licences,
            Request::Keys => Resource::Keys,
            Request::Catalogue => Resource::Catalogue,
            Request::Purchases => Resource::Purchases,
            Request::Counters => Resource::Counters,
            Request::Takings { .. } => Resource::Takings,
            Request::InfoUser => Resource::InfoUser,
            Request::ServerClock => Resource::ServerClock,
            Request::WebServiceToday => Resource::WebServiceToday,
        }
    }
}

/// A part of the state read from a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// The account.
    Account,
    /// The licences.
    Licences,
    /// The API keys.
    Keys,
    /// The add-on catalogue.
    Catalogue,
    /// The add-on purchases.
    Purchases,
    /// The document counters.
    Counters,
    /// Takings per day.
    Takings,
    /// DataCash `infoUser`.
    InfoUser,
    /// The harness clock.
    ServerClock,
    /// The WebService's documents of today.
    WebServiceToday,
}

/// A change on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Create a key bound to a partita IVA.
    CreateKey {
        /// The partita IVA.
        partita_iva: String,
        /// Its label.
        label: String,
    },
    /// Change a key's label.
    RenameKey {
        /// The key.
        id: String,
        /// The new label.
        label: String,
    },
    /// Deactivate a key.
    DeactivateKey {
        /// The key.
        id: String,
    },
    /// Sign the contract.
    SignContract,
    /// Renew a licence.
    RenewLicence {
        /// The licence.
        id: String,
        /// By how many months.
        months: i64,
    },
    /// Buy add-ons.
    BuyAddon {
        /// Which.
        addon: AddonType,
        /// How many.
        quantity: i64,
    },
}
