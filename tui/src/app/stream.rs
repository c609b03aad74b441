//! The live counter stream: events applied as they come, a re-read of the counters when the
//! stream opens or lags, and reconnection with backoff when it drops.

use super::action::StreamMessage;
use super::data::{EVENTS_KEPT, EventLine};
use super::effect::Request;
use super::{Action, App, Effect, StreamState};
use crate::ui::theme::Level;
use std::time::Duration;

/// How long after a counted document the takings are read again.
pub(crate) const TAKINGS_AFTER_EVENTS: Duration = Duration::from_secs(3);

/// The wait before the n-th attempt to reopen the stream (1, 2, 4, 8, 16, then 30 s).
pub(crate) fn backoff(attempt: u32) -> Duration {
    Duration::from_secs((1u64 << attempt.saturating_sub(1).min(5)).min(30))
}

impl App {
    /// Something happened on the stream.
    pub(crate) fn on_stream(&mut self, event: StreamMessage) -> Vec<Effect> {
        match event {
            StreamMessage::Connected => {
                let reconnected = matches!(self.status.stream, StreamState::Retrying { .. });
                self.status.stream = StreamState::Live;
                if reconnected {
                    self.notify("live counters back", Level::Ok);
                }
                // Changes between the last read and now were not streamed: read them.
                self.load(vec![Request::Counters])
            }
            StreamMessage::Counter(event) => {
                let fiscalised = crate::screens::documents::on_counter_event(self, &event);
                let known = self.data.apply_event(&event);
                self.counters
                    .highlight(&event.key_id, event.instance, self.now);
                let unknown_key = self.data.keys().value().is_some()
                    && self.data.key_label(&event.key_id).is_none();
                self.data.events.push_front(EventLine {
                    at: self.now,
                    event,
                });
                self.data.events.truncate(EVENTS_KEPT);
                let mut requests = vec![];
                if !known && self.data.counters().value().is_none() {
                    requests.push(Request::Counters);
                }
                if unknown_key {
                    requests.push(Request::Keys);
                }
                let mut effects = self.load(requests);
                // The takings move with the documents: read them again, at most every few
                // seconds however fast documents come.
                if self.data.takings.value().is_some() && !self.takings_due {
                    self.takings_due = true;
                    effects.push(Effect::After {
                        delay: TAKINGS_AFTER_EVENTS,
                        action: Box::new(Action::TakingsDue {
                            generation: self.generation,
                        }),
                    });
                }
                effects.extend(fiscalised);
                effects
            }
            StreamMessage::Lagged { missed } => {
                self.notify(
                    format!("missed {missed} counter changes: reading the counters again"),
                    Level::Warning,
                );
                self.load(vec![Request::Counters])
            }
            StreamMessage::Ended { reason } => {
                let attempt = match &self.status.stream {
                    StreamState::Retrying { attempt, .. } => attempt + 1,
                    _ => 1,
                };
                let delay = backoff(attempt);
                let reason = reason.unwrap_or_else(|| "the server closed the stream".to_owned());
                self.status.stream = StreamState::Retrying {
                    attempt,
                    in_seconds: delay.as_secs(),
                    reason,
                };
                vec![Effect::After {
                    delay,
                    action: Box::new(Action::Reconnect {
                        generation: self.generation,
                    }),
                }]
            }
        }
    }

    /// Opens the stream again after a backoff.
    pub(crate) fn reopen_stream(&mut self) -> Vec<Effect> {
        if self.endpoints().portal.is_none() {
            return vec![];
        }
        if let StreamState::Retrying {
            attempt, reason, ..
        } = &self.status.stream
        {
            // Keep the attempt count for the next backoff while connecting.
            self.status.stream = StreamState::Retrying {
                attempt: *attempt,
                in_seconds: 0,
                reason: reason.clone(),
            };
        }
        vec![Effect::OpenStream {
            generation: self.generation,
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_up_to_thirty_seconds() {
        let secs: Vec<u64> = (1..=8).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30, 30]);
    }
}
