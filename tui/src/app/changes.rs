//! The answers to changes: what the server confirmed goes into the state at once (and the
//! parts it affects are read again); a refusal is shown in the server's words.

use super::action::Outcome;
use super::effect::Request;
use super::{ApiError, App, Change, Effect};
use crate::dialogs::{Dialog, Message, NewKeyReveal, Shortcut};
use crate::keymap::Command;
use crate::screens::ScreenId;
use crate::ui::theme::Level;

impl App {
    /// A change ended.
    pub(crate) fn on_changed(
        &mut self,
        change: Change,
        result: Result<Outcome, ApiError>,
    ) -> Vec<Effect> {
        self.status.in_flight = self.status.in_flight.saturating_sub(1);
        match result {
            Ok(outcome) => self.confirmed(outcome),
            Err(error) => {
                self.refused(&change, error);
                vec![]
            }
        }
    }

    fn confirmed(&mut self, outcome: Outcome) -> Vec<Effect> {
        let mut reload = Vec::new();
        match outcome {
            Outcome::KeyCreated(new) => {
                let name = key_name(&new.key.id, &new.key.label);
                self.data.put_key(new.key.clone());
                // The clear key is shown whatever the user did meanwhile: it exists only here.
                if matches!(self.dialogs.last(), Some(Dialog::KeyForm(_))) {
                    self.dialogs.pop();
                }
                self.dialogs.push(Dialog::NewKey(NewKeyReveal::new(new)));
                self.notify(format!("created {name}"), Level::Ok);
                reload.extend([Request::Account, Request::Counters, Request::Keys]);
            }
            Outcome::KeyRenamed(key) => {
                let name = key_name(&key.id, &key.label);
                self.replace_key(key);
                if matches!(self.dialogs.last(), Some(Dialog::Rename(_))) {
                    self.dialogs.pop();
                }
                self.notify(format!("renamed {name}"), Level::Ok);
            }
            Outcome::KeyDeactivated(key) => {
                let name = key_name(&key.id, &key.label);
                self.replace_key(key);
                self.notify(format!("deactivated {name}: its slot is free"), Level::Ok);
                reload.push(Request::Account);
            }
            Outcome::ContractSigned(contract) => {
                if let Some(account) = self.data.account.value_mut() {
                    account.contract = contract;
                }
                self.notify("contract signed: add-ons can be bought", Level::Ok);
            }
            Outcome::LicenceRenewed(licence) => {
                self.notify(
                    format!(
                        "{} renewed: it expires on {}",
                        licence.id, licence.expires_at
                    ),
                    Level::Ok,
                );
                if let Some(licences) = self.data.licences.value_mut() {
                    match licences.iter_mut().find(|l| l.id == licence.id) {
                        Some(l) => *l = licence,
                        None => licences.push(licence),
                    }
                }
                reload.extend([Request::Account, Request::Licences, Request::Keys]);
            }
            Outcome::AddonBought(purchase) => {
                self.notify(
                    format!(
                        "bought {} × {}: {} more key slot{}",
                        purchase.quantity,
                        purchase.addon_type,
                        purchase.keys_added,
                        if purchase.keys_added == 1 { "" } else { "s" }
                    ),
                    Level::Ok,
                );
                if let Some(purchases) = self.data.purchases.value_mut() {
                    purchases.push(purchase);
                }
                reload.extend([Request::Account, Request::Purchases]);
            }
        }
        self.clamp_lists();
        self.load(reload)
    }

    fn refused(&mut self, change: &Change, error: ApiError) {
        self.notify(error.message.clone(), Level::Error);
        // A form still open shows the refusal where the user is typing.
        match (self.dialogs.last_mut(), change) {
            (Some(Dialog::KeyForm(form)), Change::CreateKey { .. }) if !error.is_key_limit() => {
                form.submitting = false;
                form.error = Some(error.message);
                return;
            }
            (Some(Dialog::Rename(form)), Change::RenameKey { .. }) => {
                form.submitting = false;
                form.error = Some(error.message);
                return;
            }
            _ => {}
        }
        if matches!(self.dialogs.last(), Some(Dialog::KeyForm(_))) {
            self.dialogs.pop();
        }
        let title = match change {
            Change::CreateKey { .. } => "Key not created",
            Change::RenameKey { .. } => "Key not renamed",
            Change::DeactivateKey { .. } => "Key not deactivated",
            Change::SignContract => "Contract not signed",
            Change::RenewLicence { .. } => "Licence not renewed",
            Change::BuyAddon { .. } => "Add-on not bought",
        };
        let mut message = Message::error(title, error.message.clone());
        if error.is_key_limit() {
            message = message.with_shortcut(Shortcut {
                key: 'b',
                label: "buy an API key add-on".into(),
                screen: ScreenId::Licences,
                command: Command::BuyAddon,
            });
        } else if error.code.as_deref() == Some("contract-unsigned") {
            message = message.with_shortcut(Shortcut {
                key: 'c',
                label: "sign the contract".into(),
                screen: ScreenId::Licences,
                command: Command::SignContract,
            });
        }
        self.dialogs.push(Dialog::Message(message));
    }

    fn replace_key(&mut self, key: dckit_contracts::model::portal::ApiKey) {
        self.data.put_key(key);
    }
}

/// A key as messages name it: `key-4 “Cassa 3”`.
pub(crate) fn key_name(id: &str, label: &str) -> String {
    if label.is_empty() {
        id.to_owned()
    } else {
        format!("{id} “{label}”")
    }
}
