//! The server: the [`MockServer`](mock_server::MockServer) handle that starts and stops
//! everything, the accept loop that serves the HTTP layer on a socket, and the process
//! signals that stop the binary.

pub mod listener;
pub(crate) mod mock_server;
pub mod signal;
