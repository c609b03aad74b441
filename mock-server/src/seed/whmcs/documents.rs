//! Invoices and credit notes: what each bills, its status, payment, number and taxes.
//!
//! Conventions (Billing Extension in Italy):
//! * an invoice gets its number (`2019/133`, restarting each year) only once paid: unpaid,
//!   draft, cancelled, collections and pending invoices are proformas with an empty `Num`;
//! * a credit note is a document of its own in the same table and ID sequence, numbered
//!   `NC2019/12` in its own sequence, with positive amounts (the amount credited), status
//!   `Paid` (the refund was made) and one line of type `Invoice` per credited line whose
//!   `RelID` is the credited invoice's ID. A fully credited invoice becomes `Refunded`;
//! * a document paid entirely with the client's credit has a `Credit Applied` line of type
//!   `""`, RelID 0, that cancels the others (as in the vendor's sample).

use super::clients::{Client, pick_weighted};
use super::data::{ADDONS, BILLABLE, PRODUCTS, PROMOS};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

/// A document before it is stored.
pub(super) struct Doc {
    /// Index of the client in the client list.
    pub(super) client: usize,
    pub(super) credit_note: bool,
    pub(super) num: String,
    pub(super) status: &'static str,
    pub(super) date: NaiveDate,
    pub(super) due: NaiveDate,
    pub(super) paid: Option<NaiveDateTime>,
    pub(super) credit: i64,
    pub(super) taxes: (i64, i64),
    pub(super) gateway: &'static str,
    pub(super) items: Vec<Item>,
    /// For a credit note: the credited invoice (its index among the invoices until
    /// [`merge`] makes it its ID).
    pub(super) credits: Option<i64>,
}

impl Doc {
    /// The sum of the lines.
    pub(super) fn subtotal(&self) -> i64 {
        self.items.iter().map(|i| i.amount).sum()
    }

    /// The level 1 and level 2 taxes on the taxed lines.
    pub(super) fn tax(&self) -> (i64, i64) {
        let taxed: i64 = self
            .items
            .iter()
            .filter(|i| i.taxed)
            .map(|i| i.amount)
            .sum();
        (percent(taxed, self.taxes.0), percent(taxed, self.taxes.1))
    }

    fn total(&self) -> i64 {
        let (tax, tax2) = self.tax();
        self.subtotal() + tax + tax2
    }
}

/// One line of a document.
pub(super) struct Item {
    pub(super) kind: &'static str,
    pub(super) relid: i64,
    pub(super) description: String,
    pub(super) amount: i64,
    pub(super) taxed: bool,
}

/// `cents * rate / 10000` (rate in hundredths of a percent), rounded half away from zero.
fn percent(cents: i64, rate: i64) -> i64 {
    let product = i128::from(cents) * i128::from(rate);
    let rounded = (product.abs() + 5_000) / 10_000;
    let signed = if product < 0 { -rounded } else { rounded };
    i64::try_from(signed).unwrap_or(0)
}

/// How many documents to make and over which days.
pub(super) struct Plan {
    /// The day the data ends on (the clock's today).
    pub(super) today: NaiveDate,
    /// The dates of the invoices, ascending.
    pub(super) dates: Vec<NaiveDate>,
    /// How many invoices are refunded with a full credit note.
    pub(super) refunds: usize,
    /// How many paid invoices get a partial credit note.
    pub(super) partial: usize,
    /// Add a draft dated tomorrow (prepared in advance).
    pub(super) future_draft: bool,
}

impl Plan {
    /// The demo data: about 1.1 invoices a day (more on the 1st, when monthly services
    /// renew) over the 18 months before `today`, at least two today and one yesterday, and
    /// 40 credit notes.
    pub(super) fn demo(rng: &mut ChaCha8Rng, today: NaiveDate) -> Plan {
        let first = today - Months::new(18);
        let mut dates = Vec::new();
        let mut day = first;
        while day <= today {
            let mut n = pick_weighted(rng, &[(0usize, 25), (1, 42), (2, 27), (3, 6)]);
            if day.day() == 1 {
                n += 2;
            }
            if day == today {
                n = n.max(2);
            } else if Some(day) == today.pred_opt() {
                n = n.max(1);
            }
            dates.extend(std::iter::repeat_n(day, n));
            day = day.succ_opt().unwrap_or(today + Days::new(1));
        }
        Plan {
            today,
            dates,
            refunds: 24,
            partial: 16,
            future_draft: true,
        }
    }

    /// `invoices` invoices spread evenly over `days` days ending `today`, with one credit
    /// note per 15 invoices.
    pub(super) fn bulk(today: NaiveDate, invoices: usize, days: u32) -> Plan {
        let days = u64::from(days.max(1));
        let first = today - Days::new(days - 1);
        let dates = (0..invoices)
            .map(|i| first + Days::new(i as u64 * days / invoices.max(1) as u64))
            .collect();
        let credit_notes = invoices / 15;
        Plan {
            today,
            dates,
            refunds: credit_notes * 3 / 5,
            partial: credit_notes - credit_notes * 3 / 5,
            future_draft: false,
        }
    }
}

/// The next id of the tables lines refer to but the store does not hold.
#[derive(Default)]
struct Counters {
    upgrade: i64,
    billable: i64,
}

/// Every document of `plan` for `clients`, in the order of their IDs (by date), numbered.
pub(super) fn documents(rng: &mut ChaCha8Rng, clients: &[Client], plan: &Plan) -> Vec<Doc> {
    let weights: Vec<(usize, u32)> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.weight))
        .collect();
    let mut counters = Counters::default();
    let mut invoices: Vec<Doc> = plan
        .dates
        .iter()
        .map(|date| {
            let client = pick_weighted(rng, &weights);
            invoice(rng, clients, client, *date, plan.today, &mut counters)
        })
        .collect();
    if plan.future_draft
        && let Some(tomorrow) = plan.today.succ_opt()
    {
        let client = pick_weighted(rng, &weights);
        let mut draft = invoice(rng, clients, client, tomorrow, plan.today, &mut counters);
        draft.status = "Draft";
        draft.paid = None;
        draft.credit = 0;
        draft
            .items
            .retain(|line| line.description != "Credit Applied");
        invoices.push(draft);
    }
    number_invoices(rng, &mut invoices);
    let notes = credit_notes(rng, &mut invoices, plan);
    merge(invoices, notes)
}

/// A new invoice for `clients[client]` dated `date`.
fn invoice(
    rng: &mut ChaCha8Rng,
    clients: &[Client],
    client: usize,
    date: NaiveDate,
    today: NaiveDate,
    counters: &mut Counters,
) -> Doc {
    let c = &clients[client];
    let lead = *[7u64, 14, 14, 15, 30].choose(rng).unwrap_or(&14);
    let due = date + Days::new(lead);
    let age = (today - date).num_days();
    let mut scenario = pick_weighted(
        rng,
        &[
            (Scenario::DomainRenewal, 24),
            (Scenario::HostingRenewal, 28),
            (Scenario::NewOrder, 9),
            (Scenario::AddonRenewal, 7),
            (Scenario::Combined, 10),
            (Scenario::Upgrade, 4),
            (Scenario::Billable, 10),
            (Scenario::LateFee, 4),
            (Scenario::GraceFee, 2),
        ],
    );
    // A late fee is added the day after the due date, which must have passed.
    if scenario == Scenario::LateFee && age < lead as i64 + 2 {
        scenario = Scenario::HostingRenewal;
    }
    let mut doc = Doc {
        client,
        credit_note: false,
        num: String::new(),
        status: "Unpaid",
        date,
        due,
        paid: None,
        credit: 0,
        taxes: c.taxes,
        gateway: c.gateway,
        items: lines(rng, c, scenario, date, due, counters),
        credits: None,
    };
    doc.status = status(rng, age, scenario);
    let total = doc.total();
    if doc.status == "Paid" && total > 0 && rng.random_bool(0.025) {
        // Paid at once with the client's credit balance, as in the vendor's sample.
        let others = doc.subtotal();
        doc.items.push(Item {
            kind: "",
            relid: 0,
            description: "Credit Applied".to_owned(),
            amount: -others,
            taxed: !c.tax_exempt(),
        });
        doc.credit = others;
        doc.paid = Some(date.and_time(time(rng, 0, 0, 10 * 60)));
        return doc;
    }
    if matches!(doc.status, "Paid" | "Unpaid") && total > 1_000 && rng.random_bool(0.04) {
        // Part paid with credit from an earlier refund.
        doc.credit = (rng.random_range(2..=10) * 100).min(total);
    }
    if doc.status == "Paid" {
        let latest = if scenario == Scenario::LateFee {
            due + Days::new(rng.random_range(2..=15))
        } else {
            date + Days::new(rng.random_range(0..=lead.min(20)))
        };
        let day = latest.min(today);
        doc.paid = Some(paid_at(rng, day, today));
    }
    doc
}

/// A payment time on `day`: during the day, but before noon when `day` is today (the
/// demo clock stands at noon).
fn paid_at(rng: &mut ChaCha8Rng, day: NaiveDate, today: NaiveDate) -> NaiveDateTime {
    if day >= today {
        day.and_time(time(rng, 7, 0, 5 * 3600 - 1))
    } else {
        day.and_time(time(rng, 8, 0, 16 * 3600 - 1))
    }
}

/// `hour:minute` plus up to `spread` seconds.
fn time(rng: &mut ChaCha8Rng, hour: u32, minute: u32, spread: u32) -> NaiveTime {
    let seconds = hour * 3600 + minute * 60 + rng.random_range(0..=spread);
    NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0).unwrap_or_default()
}

/// The status of an invoice `age` days old.
fn status(rng: &mut ChaCha8Rng, age: i64, scenario: Scenario) -> &'static str {
    if scenario == Scenario::LateFee {
        return if age > 90 && rng.random_bool(0.2) {
            "Collections"
        } else {
            "Paid"
        };
    }
    let table: &[(&'static str, u32)] = match age {
        ..=3 => &[
            ("Draft", 10),
            ("Unpaid", 43),
            ("Payment Pending", 12),
            ("Paid", 35),
        ],
        4..=30 => &[
            ("Unpaid", 16),
            ("Payment Pending", 7),
            ("Paid", 73),
            ("Cancelled", 4),
        ],
        31..=90 => &[("Paid", 88), ("Cancelled", 5), ("Unpaid", 7)],
        _ => &[
            ("Paid", 91),
            ("Cancelled", 5),
            ("Unpaid", 2),
            ("Collections", 2),
        ],
    };
    pick_weighted(rng, table)
}

/// What an invoice bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    DomainRenewal,
    HostingRenewal,
    NewOrder,
    AddonRenewal,
    Combined,
    Upgrade,
    Billable,
    LateFee,
    GraceFee,
}

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
fn lines(
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
fn addon_line(
    c: &Client,
    service: &super::clients::Service,
    due: NaiveDate,
    taxed: bool,
) -> Option<Item> {
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

/// Numbers the paid (and refunded) invoices `YEAR/N` in date order, restarting at 1 each
/// January; the first year of the data continues a numbering begun before it.
fn number_invoices(rng: &mut ChaCha8Rng, invoices: &mut [Doc]) {
    let first_year = invoices.first().map(|d| d.date.year());
    let numbered = invoices
        .iter_mut()
        .filter(|d| matches!(d.status, "Paid" | "Refunded"));
    number(numbered, "", first_year, |day| {
        day.ordinal0() * 9 / 10 + rng.random_range(0..5)
    });
}

/// Numbers `docs` (in date order) `{prefix}YEAR/N`, N restarting at 1 each January, except
/// in `first_year`, whose earlier documents are not in the data: there it continues from
/// `before(first date)`.
fn number<'a>(
    docs: impl Iterator<Item = &'a mut Doc>,
    prefix: &str,
    first_year: Option<i32>,
    mut before: impl FnMut(NaiveDate) -> u32,
) {
    let mut year = None;
    let mut next = 0u32;
    for doc in docs {
        let y = doc.date.year();
        if year != Some(y) {
            next = if Some(y) == first_year {
                before(doc.date)
            } else {
                0
            };
            year = Some(y);
        }
        next += 1;
        doc.num = format!("{prefix}{y}/{next}");
    }
}

/// Refunds `plan.refunds` paid invoices with a full credit note and credits part of
/// `plan.partial` others; returns the credit notes, numbered `NCYEAR/N` by date.
fn credit_notes(rng: &mut ChaCha8Rng, invoices: &mut [Doc], plan: &Plan) -> Vec<Doc> {
    let mut eligible: Vec<usize> = invoices
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.status == "Paid"
                && d.credit == 0
                && d.subtotal() > 0
                && d.paid
                    .is_some_and(|p| (plan.today - p.date()).num_days() > 45)
        })
        .map(|(i, _)| i)
        .collect();
    eligible.shuffle(rng);
    let mut chosen: Vec<(usize, bool)> = eligible
        .iter()
        .take(plan.refunds + plan.partial)
        .enumerate()
        .map(|(n, i)| (*i, n < plan.refunds))
        .collect();
    chosen.sort_unstable();
    let mut notes: Vec<Doc> = Vec::with_capacity(chosen.len());
    for (index, full) in chosen {
        let original = &invoices[index];
        let paid = original.paid.map_or(original.date, |p| p.date());
        let date = (paid + Days::new(rng.random_range(2..=40))).min(plan.today);
        let first_line = |description: &str| {
            description
                .trim()
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let items: Vec<Item> = if full {
            original
                .items
                .iter()
                .map(|i| Item {
                    kind: "Invoice",
                    relid: index as i64,
                    description: format!(
                        "Storno fattura {}: {}",
                        original.num,
                        first_line(&i.description)
                    ),
                    amount: i.amount,
                    taxed: i.taxed,
                })
                .collect()
        } else {
            let line = original
                .items
                .iter()
                .filter(|i| i.amount > 0)
                .max_by_key(|i| i.amount)
                .unwrap_or(&original.items[0]);
            vec![Item {
                kind: "Invoice",
                relid: index as i64,
                description: format!(
                    "Rimborso parziale fattura {}: {}",
                    original.num,
                    first_line(&line.description)
                ),
                amount: line.amount / 2,
                taxed: line.taxed,
            }]
        };
        notes.push(Doc {
            client: original.client,
            credit_note: true,
            num: String::new(),
            status: "Paid",
            date,
            due: date,
            paid: Some(paid_at(rng, date, plan.today)),
            credit: 0,
            taxes: original.taxes,
            gateway: original.gateway,
            items,
            credits: Some(index as i64),
        });
        if full {
            invoices[index].status = "Refunded";
        }
    }
    notes.sort_by_key(|n| n.date);
    let first_year = plan.dates.first().map(|d| d.year());
    number(notes.iter_mut(), "NC", first_year, |day| {
        day.ordinal0() / 15
    });
    notes
}

/// Invoices and credit notes in one list ordered by date (invoices first within a day): the
/// document at index `i` gets ID `i + 1`. Credit notes' references (and their lines' RelID)
/// become those IDs.
fn merge(invoices: Vec<Doc>, notes: Vec<Doc>) -> Vec<Doc> {
    let invoice_count = invoices.len();
    let mut all: Vec<(usize, Doc)> = invoices.into_iter().chain(notes).enumerate().collect();
    all.sort_by_key(|(seq, d)| (d.date, *seq));
    let mut position = vec![0usize; all.len()];
    for (pos, (seq, _)) in all.iter().enumerate() {
        position[*seq] = pos;
    }
    all.into_iter()
        .map(|(_, mut doc)| {
            if let Some(original) = doc
                .credits
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < invoice_count)
            {
                let id = position[original] as i64 + 1;
                doc.credits = Some(id);
                for item in &mut doc.items {
                    item.relid = id;
                }
            }
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_away_from_zero() {
        let cases = [
            (1000, 2200, 220),
            (999, 2200, 220),
            (995, 2200, 219),
            (25, 2000, 5),
            (-1000, 2200, -220),
            (-25, 2000, -5),
            (0, 2200, 0),
            (1234, 0, 0),
        ];
        for (cents, rate, expected) in cases {
            assert_eq!(percent(cents, rate), expected, "{cents} at {rate}");
        }
    }

    #[test]
    fn periods_are_written_as_whmcs_does() {
        let start: NaiveDate = "2019-01-31".parse().unwrap();
        assert_eq!(period(start, true), "(31/01/2019 - 27/02/2019)");
        assert_eq!(period(start, false), "(31/01/2019 - 30/01/2020)");
    }

    #[test]
    fn bulk_plans_spread_every_invoice() {
        let today: NaiveDate = "2019-06-15".parse().unwrap();
        let plan = Plan::bulk(today, 1000, 100);
        assert_eq!(plan.dates.len(), 1000);
        assert_eq!(plan.dates[0], "2019-03-08".parse::<NaiveDate>().unwrap());
        assert_eq!(plan.dates[999], today);
        assert!(plan.dates.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(plan.refunds + plan.partial, 66);
    }
}
