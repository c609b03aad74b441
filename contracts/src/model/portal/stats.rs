//! Statistics by device or store over a date range of at most three months.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::datacash::{PaymentType, VatCode};
use crate::model::money::{Money2, decimal_string};

/// The query of `GET /portal/v1/stats` and its CSV exports, as raw strings, so the server can
/// answer each malformed parameter with its catalogue error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsQuery {
    /// A device id (exactly one of `device` and `store`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// A store id (exactly one of `device` and `store`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    /// The first day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// What statistics are about: one device or one store.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatsTarget {
    /// A device id (`dev-1`).
    Device(String),
    /// A store id (`store-1`).
    Store(String),
}

impl StatsTarget {
    /// The query parameter and its value: `("device", "dev-1")`.
    pub fn param(&self) -> (&'static str, &str) {
        match self {
            StatsTarget::Device(id) => ("device", id),
            StatsTarget::Store(id) => ("store", id),
        }
    }
}

/// The last day statistics starting on `from` may cover: the same day number three months
/// later, clamped to the end of a shorter month (2026-01-31 → 2026-04-30); `None` past the
/// calendar's end.
pub fn latest_to(from: NaiveDate) -> Option<NaiveDate> {
    from.checked_add_months(chrono::Months::new(3))
}

/// `GET /portal/v1/stats`: the four charts of the statistics page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Takings per day, every day of the range (days without documents at zero).
    pub daily: Vec<DailyTotal>,
    /// Takings by payment method.
    pub by_payment: Vec<PaymentTotal>,
    /// Takings by VAT code.
    pub by_vat: Vec<VatTotal>,
    /// Quantity and takings per item description.
    pub by_item: Vec<ItemTotal>,
}

/// One day: `total = sales − voids − returns`, each of the three positive. Also the row of
/// `daily.csv` ("Aggregati giornalieri").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyTotal {
    /// The day.
    pub date: NaiveDate,
    /// Net takings.
    pub total: Money2,
    /// Sales.
    pub sales: Money2,
    /// Voids (annulli).
    pub voids: Money2,
    /// Returns (resi).
    pub returns: Money2,
}

/// Net takings paid one way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTotal {
    /// The DataCash payment type.
    pub method: PaymentType,
    /// Net takings.
    pub total: Money2,
}

/// Net takings at one VAT code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VatTotal {
    /// The VAT code.
    pub vat_code: VatCode,
    /// Gross net takings (VAT included).
    pub total: Money2,
    /// The taxable part (`total − vat`); `null` when not computed.
    pub taxable: Option<Money2>,
    /// The VAT part; `null` when not computed.
    pub vat: Option<Money2>,
}

/// One item (by description).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTotal {
    /// The item's description.
    pub description: String,
    /// Net quantity sold, an exact decimal string (`"3"`, `"1.5"`).
    #[serde(with = "decimal_string")]
    pub quantity: Decimal,
    /// Net takings.
    pub total: Money2,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn stats_round_trip() {
        let stats = assert_round_trip::<Stats>(
            "stats",
            &json!({
            "daily": [
                {"date": "2026-02-14", "total": "0.00", "sales": "0.00", "voids": "0.00", "returns": "0.00"},
                {"date": "2026-02-15", "total": "107.50", "sales": "132.50", "voids": "12.50", "returns": "12.50"}],
            "byPayment": [{"method": "PC", "total": "27.50"}, {"method": "PE", "total": "80.00"}],
            "byVat": [{"vatCode": "10", "total": "100.00", "taxable": "90.91", "vat": "9.09"},
                      {"vatCode": "N4", "total": "7.50", "taxable": "7.50", "vat": "0.00"},
                      {"vatCode": "22", "total": "0.00", "taxable": null, "vat": null}],
            "byItem": [{"description": "Pernottamento", "quantity": "1", "total": "100.00"},
                       {"description": "Caffè", "quantity": "2.5", "total": "7.50"}]}),
        );
        assert_eq!(stats.by_item[1].quantity, Decimal::new(25, 1));
        assert_round_trip::<Stats>(
            "empty",
            &json!({"daily": [], "byPayment": [], "byVat": [], "byItem": []}),
        );
        assert_refused::<Stats>(
            "payment method",
            &json!({"daily": [], "byPayment": [{"method": "cash", "total": "1.00"}],
            "byVat": [], "byItem": []}),
        );
    }

    #[test]
    fn query_keeps_raw_strings() {
        assert_round_trip::<StatsQuery>(
            "device",
            &json!({"device": "dev-1", "from": "2026-01-01", "to": "2026-02-15"}),
        );
        assert_round_trip::<StatsQuery>(
            "malformed kept",
            &json!({"store": "store-1", "from": "yesterday", "to": "2026-13-45"}),
        );
        assert_round_trip::<StatsQuery>("nothing", &json!({}));
    }
}
