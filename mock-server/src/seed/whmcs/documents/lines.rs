//! The lines of an invoice for each scenario, written as WHMCS writes them.

use super::super::clients::{Client, Service};
use super::super::data::{ADDONS, BILLABLE, PRODUCTS, PROMOS};
use super::invoice::{Counters, Scenario};
use super::{Item, percent};
use chrono::{Days, Months, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// `dd/mm/yyyy`, as WHMCS writes dates in descriptions.
fn dmy(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The period of one billing cycle starting on `start`, as WHMCS writes it.
fn period(start: NaiveDate, monthly: bool) -> String {
    let next = if monthly {
        start + Months::new(1)
    } else {
        start + Months::new(12)
    };
    let end = next.pred_opt().unwrap_or(next);
    format!("({} - {})", dmy(start), dmy(end))
}

/// The lines of an invoice of `scenario` for client `c`.
pub(super) fn lines(
    rng: &mut ChaCha8Rng,
    c: &Client,
    scenario: Scenario,
    date: NaiveDate,
    due: NaiveDate,
    counters: &mut Counters,
) -> Vec<Item> {
    let taxed = !c.tax_exempt();
    let item = |kind, relid, description: String, amount| Item {
        kind,
        relid,
        description,
        amount,
        taxed,
    };
    let domain_line = |rng: &mut ChaCha8Rng, verb: &str| {
        let d = c.domains.choose(rng).unwrap_or(&c.domains[0]);
        item(
            "Domain",
            d.id,
            format!(
                "Domain {verb} - {} - 1 Year/s {}",
                d.name,
                period(due, false)
            ),
            d.price,
        )
    };
    let service = c.services.choose(rng).unwrap_or(&c.services[0]);
    let product = &PRODUCTS[service.product];
    let domain = &c.domains[service.domain].name;
    let hosting_line = |rng: &mut ChaCha8Rng| {
        let mut description = format!(
            "{} - {domain} {}",
            product.name,
            period(due, service.monthly)
        );
        if rng.random_bool(0.2) {
            description.push('\n');
            description.push_str(product.detail);
        }
        if rng.random_bool(0.03) {
            // A trailing newline left by a template: trimmed when answered.
            description.push('\n');
        }
        let price = if service.monthly {
            product.monthly
        } else {
            product.annually
        };
        item("Hosting", service.id, description, price)
    };
    let mut out = Vec::new();
    match scenario {
        Scenario::DomainRenewal => out.push(domain_line(rng, "Renewal")),
        Scenario::HostingRenewal => out.push(hosting_line(rng)),
        Scenario::Combined => {
            out.push(hosting_line(rng));
            out.push(domain_line(rng, "Renewal"));
            if let Some(line) = addon_line(c, service, due, taxed) {
                out.push(line);
            }
        }
        Scenario::AddonRenewal => match addon_line(c, service, due, taxed) {
            Some(line) => out.push(line),
            None => out.push(hosting_line(rng)),
        },
        Scenario::NewOrder => {
            let hosting = hosting_line(rng);
            let price = hosting.amount;
            out.push(hosting);
            if product.setup > 0 {
                out.push(item(
                    "Setup",
                    service.id,
                    format!("Setup Fee: {} - {domain}", product.name),
                    product.setup,
                ));
            }
            if rng.random_bool(0.6) {
                out.push(domain_line(rng, "Registration"));
            }
            if rng.random_bool(0.25) {
                let (code, off) = *PROMOS.choose(rng).unwrap_or(&PROMOS[0]);
                out.push(item(
                    "PromoHosting",
                    service.id,
                    format!("Promotional Code: {code} - {off}% One Time Discount"),
                    -percent(price, off * 100),
                ));
            }
        }
        Scenario::Upgrade => match PRODUCTS.get(service.product + 1) {
            Some(next) => {
                counters.upgrade += 1;
                let days = rng.random_range(5..=30);
                let amount = (next.monthly - product.monthly) * days / 30;
                let until = date + Days::new(days as u64);
                out.push(item(
                    "Upgrade",
                    counters.upgrade,
                    format!(
                        "Upgrade/Downgrade: {} - {domain} => {} ({} - {})",
                        product.name,
                        next.name,
                        dmy(date),
                        dmy(until)
                    ),
                    amount,
                ));
            }
            None => out.push(hosting_line(rng)),
        },
        Scenario::Billable => {
            counters.billable += 1;
            let (template, price) = *BILLABLE.choose(rng).unwrap_or(&BILLABLE[0]);
            let hours = rng.random_range(1..=3);
            let mut description = template.replace("{d}", domain);
            let amount = if hours > 1 && template.starts_with("Consulenza") {
                description.push_str(&format!(" ({hours} ore)"));
                price * hours
            } else {
                price
            };
            out.push(item("Item", counters.billable, description, amount));
        }
        Scenario::LateFee => {
            let hosting = hosting_line(rng);
            let fee = percent(hosting.amount, 1000).max(500);
            out.push(hosting);
            out.push(item(
                "LateFee",
                0,
                format!("Late Fee (Added {})", dmy(due + Days::new(1))),
                fee,
            ));
        }
        Scenario::GraceFee => {
            let line = domain_line(rng, "Renewal");
            let (id, name) = (line.relid, domain_name(c, line.relid));
            out.push(line);
            out.push(item(
                "DomainGraceFee",
                id,
                format!("Domain Grace Fee - {name}"),
                500,
            ));
        }
    }
    out
}

fn domain_name(c: &Client, id: i64) -> String {
    c.domains
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// The renewal line of the service's add-on, if it has one.
fn addon_line(c: &Client, service: &Service, due: NaiveDate, taxed: bool) -> Option<Item> {
    let (id, which) = service.addon?;
    let (name, monthly, annually) = ADDONS[which];
    Some(Item {
        kind: "Addon",
        relid: id,
        description: format!(
            "Addon: {name} - {} {}",
            c.domains[service.domain].name,
            period(due, service.monthly)
        ),
        amount: if service.monthly { monthly } else { annually },
        taxed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_written_as_whmcs_does() {
        let start: NaiveDate = "2019-01-31".parse().unwrap();
        assert_eq!(period(start, true), "(31/01/2019 - 27/02/2019)");
        assert_eq!(period(start, false), "(31/01/2019 - 30/01/2020)");
    }
}
