//! The HTTP layer: the router, the front layer every request passes (log, journal, drain,
//! faults), the one module that turns a refusal into its API's envelope, and the table of the
//! routes served. Handlers parse a request, call the state behind it and reply; they live
//! with their API (`datacash`, `portal`, `webservice`, `admin`).

pub(crate) mod admin;
pub(crate) mod connection_kill;
pub(crate) mod datacash;
pub(crate) mod drain;
pub(crate) mod front;
pub(crate) mod openapi;
pub(crate) mod path_params;
pub(crate) mod portal;
pub(crate) mod reply;
pub(crate) mod route_table;
pub(crate) mod router;
pub(crate) mod webservice;
