//! [`RenewForm`]: how many months to renew a licence by, with the new expiry shown before the
//! confirmation (computed as the server does: the months go after the later of today and the
//! current expiry, month ends clamped).

use super::{Confirm, Dialog, Reply};
use crate::app::{Change, Field};
use crate::ui::field;
use crate::ui::popup;
use crate::ui::theme::Theme;
use chrono::{Months, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::Licence;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// The months a licence can be renewed for at once.
const MONTHS: std::ops::RangeInclusive<i64> = 1..=36;

/// The renewal form.
#[derive(Clone, Debug)]
pub struct RenewForm {
    licence: Licence,
    today: NaiveDate,
    months: Field,
}

impl RenewForm {
    /// The form for `licence` on the server's `today`, proposing 12 months.
    pub fn new(licence: Licence, today: NaiveDate) -> RenewForm {
        RenewForm {
            licence,
            today,
            months: Field::new("12", 3),
        }
    }

    /// The months typed, or the server's own refusal of them.
    fn months(&self) -> Result<i64, String> {
        let text = self.months.text().trim();
        let invalid = || {
            ErrorCode::PortalRenewMonthsInvalid
                .with(&[("value", text)])
                .message
        };
        let months: i64 = text.parse().map_err(|_| invalid())?;
        if MONTHS.contains(&months) {
            Ok(months)
        } else {
            Err(invalid())
        }
    }

    /// The expiry after renewing by `months`.
    pub fn new_expiry(&self, months: i64) -> Option<NaiveDate> {
        let months = u32::try_from(months).ok()?;
        self.licence
            .expires_at
            .max(self.today)
            .checked_add_months(Months::new(months))
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.months.paste(text);
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Enter => {
                let Ok(months) = self.months() else {
                    return Reply::Stay;
                };
                let Some(expiry) = self.new_expiry(months) else {
                    return Reply::Stay;
                };
                let l = &self.licence;
                let plural = if months == 1 { "" } else { "s" };
                let text = format!(
                    "Renew licence {} ({}) by {months} month{plural}? It will expire on {expiry} instead of {}.",
                    l.id, l.tier, l.expires_at
                );
                Reply::Push(Dialog::Confirm(Confirm::new(
                    "Renew licence",
                    text,
                    "Renew",
                    Change::RenewLicence {
                        id: l.id.clone(),
                        months,
                    },
                )))
            }
            KeyCode::Char(c) if !c.is_ascii_digit() => Reply::Stay,
            _ => {
                self.months.input(key);
                Reply::Stay
            }
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let outer = popup::centered(area, 64.min(area.width.saturating_sub(2)), 9);
        let inner = popup::frame(
            frame,
            outer,
            "Renew licence",
            &[("Enter", "review"), ("Esc", "cancel")],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let l = &self.licence;
        let buf = frame.buffer_mut();
        Line::styled(
            format!("{} · {} · expires {}", l.id, l.tier, l.expires_at),
            theme.dim(),
        )
        .render(row(0), buf);
        field::render(&self.months, "Months (1-36) ", 15, true, theme, row(2), buf);
        let preview = match self.months() {
            Ok(months) => match self.new_expiry(months) {
                Some(expiry) => Line::styled(format!("New expiry: {expiry}"), theme.ok()),
                None => Line::styled("Past the end of the calendar.", theme.error()),
            },
            Err(message) => Line::styled(message, theme.warning()),
        };
        preview.render(row(4), buf);
        Line::styled(
            "Added to the later of today and the current expiry.",
            theme.dim(),
        )
        .render(row(5), buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dckit_contracts::model::portal::LicenceState;

    fn licence(expires: &str) -> Licence {
        Licence {
            id: "lic-1".into(),
            tier: "developer".into(),
            state: LicenceState::Active,
            starts_at: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            expires_at: expires.parse().unwrap(),
            keys_included: 3,
        }
    }

    #[test]
    fn the_new_expiry_follows_the_server_rule() {
        let today: NaiveDate = "2026-02-15".parse().unwrap();
        let cases = [
            ("2026-08-31", 6, "2027-02-28"),
            ("2026-04-21", 12, "2027-04-21"),
            ("2025-12-31", 1, "2026-03-15"),
        ];
        for (expires, months, expected) in cases {
            let form = RenewForm::new(licence(expires), today);
            assert_eq!(
                form.new_expiry(months).unwrap().to_string(),
                expected,
                "{expires} + {months}"
            );
        }
    }

    #[test]
    fn months_out_of_range_get_the_server_message() {
        let mut form = RenewForm::new(licence("2026-04-21"), "2026-02-15".parse().unwrap());
        form.months.set("40");
        assert_eq!(
            form.months().unwrap_err(),
            "Invalid months 40: a licence is renewed for 1 to 36 months."
        );
        form.months.set("0");
        assert!(form.months().is_err());
        form.months.set("36");
        assert_eq!(form.months(), Ok(36));
    }
}
