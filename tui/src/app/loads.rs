//! Reading from the servers: what each screen needs, asking for it once at a time, and putting
//! the answers into [`Data`](super::Data).

use super::action::Payload;
use super::effect::{Request, Resource};
use super::{ApiError, App, Effect, Session, StreamState};
use crate::keymap::Command;
use crate::screens::{self, ScreenId};
use crate::ui::theme::Level;
use chrono::TimeDelta;

/// How many days the dashboard's takings sparkline covers.
pub(crate) const TAKINGS_DAYS: i64 = 30;

impl App {
    /// The profile just opened: read the current screen and open the live stream.
    pub(crate) fn on_connected(&mut self) -> Vec<Effect> {
        let endpoints = self.endpoints();
        let mut effects = Vec::new();
        if endpoints.harness.is_some() {
            // The server's today comes first: the takings are counted back from it.
            effects.extend(self.load(vec![Request::ServerClock]));
        }
        effects.extend(self.load_missing());
        if !self.lacks_endpoint() {
            effects.extend(screens::on_show(self, self.screen));
        }
        if endpoints.portal.is_some() {
            self.status.stream = StreamState::Connecting;
            effects.push(Effect::OpenStream {
                generation: self.generation,
            });
        }
        effects
    }

    /// Reads again everything the current screen shows.
    pub(crate) fn refresh(&mut self) -> Vec<Effect> {
        let mut requests = screens::requests(self, self.screen);
        if self.endpoints().harness.is_some() {
            requests.insert(0, Request::ServerClock);
        }
        let mut effects = self.load(requests);
        if !self.lacks_endpoint() && self.connected().is_some() {
            effects.extend(screens::on_refresh(self, self.screen));
        }
        effects
    }

    /// Reads what the current screen needs and was never read.
    pub(crate) fn load_missing(&mut self) -> Vec<Effect> {
        let requests = screens::requests(self, self.screen)
            .into_iter()
            .filter(|r| self.remote_untouched(r.resource()))
            .collect();
        self.load(requests)
    }

    /// The request for the takings sparkline, ending on the server's today.
    pub(crate) fn takings_request(&self) -> Request {
        let to = self.today();
        Request::Takings {
            from: to - TimeDelta::days(TAKINGS_DAYS - 1),
            to,
        }
    }

    /// Asks for each request not already under way.
    pub(crate) fn load(&mut self, requests: Vec<Request>) -> Vec<Effect> {
        // Until the profile is open there is nothing to ask: opening reads the screen shown.
        if !matches!(self.session, Session::Open(_)) {
            return vec![];
        }
        let mut effects = Vec::new();
        for request in requests {
            // The takings wait for the server's clock while it is being read.
            if matches!(request, Request::Takings { .. }) && self.data.server_clock.is_loading() {
                continue;
            }
            let resource = request.resource();
            if self.remote_loading(resource) {
                continue;
            }
            self.remote_start(resource);
            self.status.in_flight += 1;
            effects.push(Effect::Load {
                generation: self.generation,
                request,
            });
        }
        effects
    }

    /// A read ended.
    pub(crate) fn on_loaded(
        &mut self,
        resource: Resource,
        result: Result<Payload, ApiError>,
    ) -> Vec<Effect> {
        self.status.in_flight = self.status.in_flight.saturating_sub(1);
        let now = self.now;
        let mut effects = Vec::new();
        match result {
            Ok(payload) => match payload {
                Payload::Account(v) => self.data.account.set(v, now),
                Payload::Licences(v) => self.data.licences.set(v, now),
                Payload::Keys(v) => self.data.set_keys(v, now),
                Payload::Catalogue(v) => {
                    self.data.catalogue.set(v, now);
                    if self.licences.pending_buy {
                        self.licences.pending_buy = false;
                        effects.extend(self.run(Command::BuyAddon));
                    }
                }
                Payload::Purchases(v) => self.data.purchases.set(v, now),
                Payload::Counters(v) => self.data.set_counters(v, now),
                Payload::Takings(v) => self.data.takings.set(v, now),
                Payload::InfoUser(v) => self.data.info_user.set(v, now),
                Payload::ServerClock(v) => self.data.server_clock.set(v, now),
                Payload::WebServiceToday(v) => self.data.webservice_today.set(v, now),
            },
            Err(error) => {
                self.notify(
                    format!("{}: {}", what(resource), error.message),
                    Level::Error,
                );
                self.remote_fail(resource, error.message);
            }
        }
        if resource == Resource::ServerClock
            && self.screen == ScreenId::Dashboard
            && self.endpoints().portal.is_some()
        {
            let request = self.takings_request();
            effects.extend(self.load(vec![request]));
        }
        if self.status.in_flight == 0 {
            self.status.refreshed_at = Some(now);
        }
        self.clamp_lists();
        effects
    }

    fn remote_untouched(&self, resource: Resource) -> bool {
        let d = &self.data;
        match resource {
            Resource::Account => d.account.is_untouched(),
            Resource::Licences => d.licences.is_untouched(),
            Resource::Keys => d.keys().is_untouched(),
            Resource::Catalogue => d.catalogue.is_untouched(),
            Resource::Purchases => d.purchases.is_untouched(),
            Resource::Counters => d.counters().is_untouched(),
            Resource::Takings => d.takings.is_untouched(),
            Resource::InfoUser => d.info_user.is_untouched(),
            Resource::ServerClock => d.server_clock.is_untouched(),
            Resource::WebServiceToday => d.webservice_today.is_untouched(),
        }
    }

    fn remote_loading(&self, resource: Resource) -> bool {
        let d = &self.data;
        match resource {
            Resource::Account => d.account.is_loading(),
            Resource::Licences => d.licences.is_loading(),
            Resource::Keys => d.keys().is_loading(),
            Resource::Catalogue => d.catalogue.is_loading(),
            Resource::Purchases => d.purchases.is_loading(),
            Resource::Counters => d.counters().is_loading(),
            Resource::Takings => d.takings.is_loading(),
            Resource::InfoUser => d.info_user.is_loading(),
            Resource::ServerClock => d.server_clock.is_loading(),
            Resource::WebServiceToday => d.webservice_today.is_loading(),
        }
    }

    fn remote_start(&mut self, resource: Resource) {
        let d = &mut self.data;
        match resource {
            Resource::Account => d.account.start(),
            Resource::Licences => d.licences.start(),
            Resource::Keys => d.keys_loading(),
            Resource::Catalogue => d.catalogue.start(),
            Resource::Purchases => d.purchases.start(),
            Resource::Counters => d.counters_loading(),
            Resource::Takings => d.takings.start(),
            Resource::InfoUser => d.info_user.start(),
            Resource::ServerClock => d.server_clock.start(),
            Resource::WebServiceToday => d.webservice_today.start(),
        }
    }

    fn remote_fail(&mut self, resource: Resource, message: String) {
        let d = &mut self.data;
        match resource {
            Resource::Account => d.account.fail(message),
            Resource::Licences => d.licences.fail(message),
            Resource::Keys => d.keys_failed(message),
            Resource::Catalogue => d.catalogue.fail(message),
            Resource::Purchases => d.purchases.fail(message),
            Resource::Counters => d.counters_failed(message),
            Resource::Takings => d.takings.fail(message),
            Resource::InfoUser => d.info_user.fail(message),
            Resource::ServerClock => d.server_clock.fail(message),
            Resource::WebServiceToday => d.webservice_today.fail(message),
        }
    }
}

/// What a resource is called in an error line.
fn what(resource: Resource) -> &'static str {
    match resource {
        Resource::Account => "account",
        Resource::Licences => "licences",
        Resource::Keys => "keys",
        Resource::Catalogue => "add-on catalogue",
        Resource::Purchases => "purchases",
        Resource::Counters => "counters",
        Resource::Takings => "statistics",
        Resource::InfoUser => "DataCash",
        Resource::ServerClock => "harness",
        Resource::WebServiceToday => "WebService",
    }
}
