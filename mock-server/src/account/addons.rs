//! API key add-ons:
//!
//! * `GET /portal/v1/addons/catalogue` — the three API key add-ons ([`CATALOGUE`]);
//! * `GET /portal/v1/addons` — the purchases, oldest first;
//! * `POST /portal/v1/addons {type, quantity}` — buys `quantity` (1 to 100) units; refused
//!   until the contract is signed. The mock takes the payment at once: the purchase is `paid`
//!   and its key slots (`quantity` × `keysAdded`) count from this answer on.
//!
//! | type | name | keys per unit | price per unit |
//! |---|---|---|---|
//! | `api-key-light` | Add-on API Key Light | 1 | 5.00 |
//! | `api-key-standard` | Add-on API Key Standard | 5 | 20.00 |
//! | `api-key-premium` | Add-on API Key Premium | 20 | 60.00 |
//!
//! (The vendor's guide names the three tiers but not what they hold: these are the mock's.)

use super::licences::{account_id, is_signed};
use super::{Account, Error, ids, time};
use crate::db::DbError;
use dckit_contracts::errors::ErrorCode;
use dckit_contracts::model::money::Money2;
use dckit_contracts::model::portal::{
    AddonType, BuyAddonRequest, CatalogueEntry, Purchase, PurchaseState,
};
use rusqlite::params;

/// One add-on on sale: type, display name, key slots per unit, price per unit in cents.
pub(crate) struct Offer {
    /// Which add-on.
    pub(crate) addon_type: AddonType,
    /// Its display name.
    pub(crate) name: &'static str,
    /// Key slots one unit adds.
    pub(crate) keys: u32,
    /// Price of one unit, in cents.
    pub(crate) price_cents: i64,
}

/// The add-ons on sale, in the order they are listed.
pub(crate) const CATALOGUE: [Offer; 3] = [
    Offer {
        addon_type: AddonType::ApiKeyLight,
        name: "Add-on API Key Light",
        keys: 1,
        price_cents: 500,
    },
    Offer {
        addon_type: AddonType::ApiKeyStandard,
        name: "Add-on API Key Standard",
        keys: 5,
        price_cents: 2000,
    },
    Offer {
        addon_type: AddonType::ApiKeyPremium,
        name: "Add-on API Key Premium",
        keys: 20,
        price_cents: 6000,
    },
];

/// How many units one purchase may hold.
pub(crate) const QUANTITY: std::ops::RangeInclusive<i64> = 1..=100;

fn offer(addon_type: AddonType) -> &'static Offer {
    CATALOGUE
        .iter()
        .find(|o| o.addon_type == addon_type)
        .unwrap_or(&CATALOGUE[0])
}

fn euros(cents: i64) -> Money2 {
    Money2::from_cents(cents)
}

/// The add-ons on sale, as listed.
pub(crate) fn catalogue() -> Vec<CatalogueEntry> {
    CATALOGUE
        .iter()
        .map(|o| CatalogueEntry {
            addon_type: o.addon_type,
            name: o.name.to_owned(),
            keys_added: o.keys,
            price: euros(o.price_cents),
        })
        .collect()
}

const PURCHASE_COLUMNS: &str = "id, type, quantity, keys_each, unit_price_cents, purchased_at";

fn purchase(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, i64, i64, i64, String)> {
    r.try_into()
}

fn wire(
    (id, kind, quantity, keys_each, price, at): (i64, String, i64, i64, i64, String),
) -> Result<Purchase, DbError> {
    let addon_type =
        AddonType::parse(&kind).ok_or_else(|| DbError::Corrupt(format!("add-on type {kind:?}")))?;
    Ok(Purchase {
        id: ids::wire(ids::PURCHASE, id),
        addon_type,
        quantity: u32::try_from(quantity).unwrap_or(0),
        keys_added: u32::try_from(quantity.saturating_mul(keys_each)).unwrap_or(u32::MAX),
        state: PurchaseState::Paid,
        purchased_at: time::parse(&at)?,
        amount: euros(quantity.saturating_mul(price)),
    })
}

impl Account {
    /// The paid purchases, oldest first.
    pub(crate) async fn purchases(&self) -> super::Result<Vec<Purchase>> {
        let list = self
            .db
            .read(|conn| {
                let account = account_id(conn)?;
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {PURCHASE_COLUMNS} FROM dc_addons
                     WHERE account_id = ?1 AND paid_at IS NOT NULL ORDER BY id"
                ))?;
                let rows = stmt.query_map([account], purchase)?;
                let mut out = Vec::new();
                for row in rows {
                    out.push(wire(row?)?);
                }
                Ok::<_, DbError>(out)
            })
            .await?;
        Ok(list)
    }

    /// Buys what `request` asks for (checked: a known type, a quantity in [`QUANTITY`]),
    /// paid at once: its key slots count from now on. `PortalContractUnsigned` until the
    /// contract is signed.
    pub(crate) async fn buy_addon(&self, request: BuyAddonRequest) -> super::Result<Purchase> {
        let offer = offer(request.addon_type);
        let now = time::stored_now(&self.clock);
        let bought = self
            .db
            .write(move |conn| {
                let account = account_id(conn)?;
                if !is_signed(conn, account)? {
                    return Err(Error::new(ErrorCode::PortalContractUnsigned, &[]));
                }
                conn.prepare_cached(
                    "INSERT INTO dc_addons (account_id, type, quantity, keys_each, unit_price_cents,
                         purchased_at, paid_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                )?
                .execute(params![
                    account,
                    offer.addon_type.as_str(),
                    request.quantity,
                    offer.keys,
                    offer.price_cents,
                    now
                ])?;
                let id = conn.last_insert_rowid();
                let row = conn
                    .prepare_cached(&format!(
                        "SELECT {PURCHASE_COLUMNS} FROM dc_addons WHERE id = ?1"
                    ))?
                    .query_row([id], purchase)?;
                Ok(wire(row)?)
            })
            .await?;
        Ok(bought)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn the_catalogue_offers_every_type_once_and_bigger_packs_cost_less_per_key() {
        let types: Vec<AddonType> = CATALOGUE.iter().map(|o| o.addon_type).collect();
        assert_eq!(types, AddonType::ALL);
        for pair in CATALOGUE.windows(2) {
            let per_key = |o: &Offer| Decimal::new(o.price_cents, 2) / Decimal::from(o.keys);
            assert!(pair[0].keys < pair[1].keys);
            assert!(per_key(&pair[0]) > per_key(&pair[1]));
        }
        assert_eq!(euros(6000).to_string(), "60.00");
    }
}
