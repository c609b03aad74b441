//! Screen 1, the dashboard: the account and its contract, the current licence and its expiry,
//! key slots, today's documents, the takings of the last 30 days, and the counter events as
//! they arrive.

mod view;

pub use view::view;

use crate::app::{App, Request};

/// What the dashboard reads, by the endpoints the profile has.
pub(crate) fn requests(app: &App) -> Vec<Request> {
    let endpoints = app.endpoints();
    let mut requests = vec![];
    if endpoints.portal.is_some() {
        requests.extend([Request::Account, Request::Counters, Request::Keys]);
        requests.push(app.takings_request());
    }
    if endpoints.datacash.is_some() {
        requests.push(Request::InfoUser);
    }
    if endpoints.webservice.is_some() {
        requests.push(Request::WebServiceToday);
    }
    requests
}
