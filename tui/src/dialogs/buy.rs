//! [`BuyForm`]: an add-on purchase — which add-on and how many, with the price and the key
//! allowance it gives shown before the confirmation.

use super::{Confirm, Dialog, Reply};
use crate::app::{Change, Field};
use crate::format::euro;
use crate::ui::field;
use crate::ui::popup;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::portal::CatalogueEntry;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use rust_decimal::Decimal;

/// How many add-ons can be bought at once.
const QUANTITY: std::ops::RangeInclusive<i64> = 1..=100;

/// The purchase form.
#[derive(Clone, Debug)]
pub struct BuyForm {
    catalogue: Vec<CatalogueEntry>,
    selected: usize,
    quantity: Field,
    on_quantity: bool,
    allowed: Option<u32>,
    signed: Option<bool>,
}

impl BuyForm {
    /// The form over `catalogue`, with the keys `allowed` today and whether the contract is
    /// `signed`, when known.
    pub fn new(
        catalogue: Vec<CatalogueEntry>,
        allowed: Option<u32>,
        signed: Option<bool>,
    ) -> BuyForm {
        BuyForm {
            catalogue,
            selected: 0,
            quantity: Field::new("1", 3),
            on_quantity: false,
            allowed,
            signed,
        }
    }

    /// Selects the add-on at `index` of the catalogue (clamped).
    pub fn select(&mut self, index: usize) {
        self.selected = index.min(self.catalogue.len().saturating_sub(1));
    }

    fn entry(&self) -> Option<&CatalogueEntry> {
        self.catalogue.get(self.selected)
    }

    fn quantity(&self) -> Result<i64, String> {
        let text = self.quantity.text().trim();
        let invalid = || {
            ErrorCode::PortalAddonQuantityInvalid
                .with(&[("value", text)])
                .message
        };
        let quantity: i64 = text.parse().map_err(|_| invalid())?;
        if QUANTITY.contains(&quantity) {
            Ok(quantity)
        } else {
            Err(invalid())
        }
    }

    /// The sentence of the purchase: price, keys added, and the allowance after it.
    fn summary(&self, entry: &CatalogueEntry, quantity: i64) -> String {
        let total = entry
            .price
            .0
            .checked_mul(Decimal::from(quantity))
            .map_or_else(|| "–".to_owned(), euro);
        let keys = u64::from(entry.keys_added) * quantity.unsigned_abs();
        let allowance = match self.allowed {
            Some(allowed) => format!(
                ": {} keys allowed instead of {allowed}",
                u64::from(allowed) + keys
            ),
            None => String::new(),
        };
        format!(
            "{quantity} × {} for {}, adding {keys} key{}{allowance}.",
            entry.name,
            total,
            if keys == 1 { "" } else { "s" }
        )
    }

    pub(super) fn paste(&mut self, text: &str) {
        if self.on_quantity {
            self.quantity.paste(text);
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Reply {
        let last = self.catalogue.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Reply::Close,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.on_quantity = !self.on_quantity;
                Reply::Stay
            }
            KeyCode::Left | KeyCode::Char('h') if !self.on_quantity => {
                self.selected = self.selected.saturating_sub(1);
                Reply::Stay
            }
            KeyCode::Right | KeyCode::Char('l') if !self.on_quantity => {
                self.selected = (self.selected + 1).min(last);
                Reply::Stay
            }
            KeyCode::Enter => {
                let (Some(entry), Ok(quantity)) = (self.entry(), self.quantity()) else {
                    return Reply::Stay;
                };
                Reply::Push(Dialog::Confirm(Confirm::new(
                    "Buy add-on",
                    format!("Buy {}", self.summary(entry, quantity)),
                    "Buy",
                    Change::BuyAddon {
                        addon: entry.addon_type,
                        quantity,
                    },
                )))
            }
            KeyCode::Char(c) if c.is_ascii_digit() && !self.on_quantity => {
                self.on_quantity = true;
                self.quantity.set("");
                self.quantity.input(key);
                Reply::Stay
            }
            KeyCode::Char(c) if !c.is_ascii_digit() => Reply::Stay,
            _ if self.on_quantity => {
                self.quantity.input(key);
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    pub(super) fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let outer = popup::centered(area, 68.min(area.width.saturating_sub(2)), 12);
        let inner = popup::frame(
            frame,
            outer,
            "Buy an add-on",
            &[
                ("←→", "add-on"),
                ("Tab", "quantity"),
                ("Enter", "review"),
                ("Esc", "cancel"),
            ],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        let label_style = if self.on_quantity {
            theme.text()
        } else {
            theme.accent()
        };
        let mut spans = vec![Span::styled("Add-on    ", label_style)];
        for (i, entry) in self.catalogue.iter().enumerate() {
            let name = entry.name.trim_start_matches("Add-on API Key ").to_owned();
            let style = if i == self.selected {
                if self.on_quantity {
                    theme.selection_unfocused()
                } else {
                    theme.selection()
                }
            } else {
                theme.text()
            };
            spans.push(Span::styled(format!(" {name} "), style));
            spans.push(Span::raw(" "));
        }
        if self.catalogue.is_empty() {
            spans.push(Span::styled("the catalogue is empty", theme.dim()));
        }
        Line::from(spans).render(row(0), buf);
        if let Some(entry) = self.entry() {
            Line::styled(
                format!(
                    "          {} key{} per unit, {} each",
                    entry.keys_added,
                    if entry.keys_added == 1 { "" } else { "s" },
                    euro(entry.price.0)
                ),
                theme.dim(),
            )
            .render(row(1), buf);
        }
        field::render(
            &self.quantity,
            "Quantity  ",
            10,
            self.on_quantity,
            theme,
            row(3),
            buf,
        );
        let summary = match (self.entry(), self.quantity()) {
            (Some(entry), Ok(quantity)) => Line::styled(self.summary(entry, quantity), theme.ok()),
            (_, Err(message)) => Line::styled(message, theme.warning()),
            (None, _) => Line::raw(""),
        };
        let width = usize::from(row(5).width);
        let text = summary.to_string();
        for (i, part) in crate::ui::wrap::wrap(&text, width)
            .into_iter()
            .take(2)
            .enumerate()
        {
            Line::styled(part, summary.style).render(row(5 + i as u16), buf);
        }
        if self.signed == Some(false) {
            Line::styled(
                "The contract is not signed: the server will refuse the purchase.",
                theme.warning(),
            )
            .render(row(8), buf);
            Line::styled("Sign it first with c on this screen.", theme.dim()).render(row(9), buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;
    use dckit_contracts::model::money::Money2;
    use dckit_contracts::model::portal::AddonType;

    fn catalogue() -> Vec<CatalogueEntry> {
        [
            (AddonType::ApiKeyLight, "Add-on API Key Light", 1, 500),
            (
                AddonType::ApiKeyStandard,
                "Add-on API Key Standard",
                5,
                2000,
            ),
            (AddonType::ApiKeyPremium, "Add-on API Key Premium", 20, 6000),
        ]
        .into_iter()
        .map(|(addon_type, name, keys_added, cents)| CatalogueEntry {
            addon_type,
            name: name.into(),
            keys_added,
            price: Money2(Decimal::new(cents, 2)),
        })
        .collect()
    }

    fn press(form: &mut BuyForm, code: KeyCode) -> Reply {
        form.on_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_confirmation_names_price_and_allowance() {
        let mut form = BuyForm::new(catalogue(), Some(3), Some(true));
        press(&mut form, KeyCode::Right);
        press(&mut form, KeyCode::Char('2'));
        match press(&mut form, KeyCode::Enter) {
            Reply::Push(Dialog::Confirm(confirm)) => {
                assert_eq!(
                    confirm.text,
                    "Buy 2 × Add-on API Key Standard for 40,00 €, adding 10 keys: 13 keys allowed instead of 3."
                );
                assert_eq!(
                    confirm.then,
                    crate::dialogs::Then::Change(Change::BuyAddon {
                        addon: AddonType::ApiKeyStandard,
                        quantity: 2
                    })
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_quantity_is_not_submitted() {
        let mut form = BuyForm::new(catalogue(), Some(3), Some(true));
        press(&mut form, KeyCode::Tab);
        press(&mut form, KeyCode::Backspace);
        assert!(matches!(press(&mut form, KeyCode::Enter), Reply::Stay));
        assert!(form.quantity().unwrap_err().starts_with("Invalid quantity"));
    }
}
