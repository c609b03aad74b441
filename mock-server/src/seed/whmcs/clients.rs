//! The clients of the demo WHMCS: Italian individuals and companies, and the foreign clients
//! of [`FOREIGN`], each with the domains, services and add-ons their invoices bill.

use super::data::{
    ADDONS, ADDRESS2, CITIES, COMPANY_PATTERNS, FOREIGN, Foreign, GATEWAYS, Kind, MEN, PRODUCTS,
    STREETS, SURNAMES, TLD_PRICES, WOMEN,
};
use super::identity::{codice_fiscale, fold, partita_iva, slug};
use chrono::NaiveDate;
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

/// The share of Italian clients that are companies, as 1 in N.
const COMPANY_ONE_IN: usize = 3;

/// A client as stored in `whmcs_clients`, with its custom fields and what it buys.
pub(super) struct Client {
    pub(super) id: i64,
    pub(super) firstname: String,
    pub(super) lastname: String,
    pub(super) companyname: String,
    pub(super) email: String,
    pub(super) address1: String,
    pub(super) address2: String,
    pub(super) city: String,
    pub(super) state: String,
    pub(super) postcode: String,
    pub(super) country: String,
    pub(super) phonenumber: String,
    pub(super) currency: i64,
    /// Level 1 and 2 tax rates in hundredths of a percent; (0, 0) is tax exempt.
    pub(super) taxes: (i64, i64),
    pub(super) member_state: &'static str,
    pub(super) region: &'static str,
    pub(super) monetary_union: bool,
    pub(super) vies: bool,
    pub(super) moss: bool,
    /// Values of the custom fields 1 to 4 (VAT Number, Codice Fiscale, Codice Destinatario,
    /// PEC).
    pub(super) fields: [String; 4],
    /// The gateway the client pays with.
    pub(super) gateway: &'static str,
    /// How often the client is billed, relative to others.
    pub(super) weight: u32,
    pub(super) domains: Vec<Domain>,
    pub(super) services: Vec<Service>,
}

impl Client {
    /// Whether the client pays no tax (reverse charge, outside the EU VAT area…).
    pub(super) fn tax_exempt(&self) -> bool {
        self.taxes == (0, 0)
    }
}

/// A domain the client holds (`tbldomains`).
pub(super) struct Domain {
    pub(super) id: i64,
    pub(super) name: String,
    /// Yearly price in cents.
    pub(super) price: i64,
}

/// A hosting service (`tblhosting`), with at most one add-on (`tblhostingaddons`).
pub(super) struct Service {
    pub(super) id: i64,
    /// Index in [`PRODUCTS`].
    pub(super) product: usize,
    /// Index in the client's domains.
    pub(super) domain: usize,
    pub(super) monthly: bool,
    /// The add-on's id and its index in [`ADDONS`].
    pub(super) addon: Option<(i64, usize)>,
}

/// The next free id of each related table.
#[derive(Default)]
pub(super) struct RelIds {
    domain: i64,
    service: i64,
    addon: i64,
}

impl RelIds {
    fn next(counter: &mut i64) -> i64 {
        *counter += 1;
        *counter
    }
}

/// `count` clients (at least every foreign one), in a random order, with ids from 1.
pub(super) fn clients(rng: &mut ChaCha8Rng, count: usize) -> Vec<Client> {
    let mut kinds: Vec<Kind> = FOREIGN.iter().map(Kind::Foreign).collect();
    let italians = count.saturating_sub(kinds.len());
    kinds.extend((0..italians).map(|i| {
        if i % COMPANY_ONE_IN == 0 {
            Kind::ItCompany
        } else {
            Kind::ItPerson
        }
    }));
    kinds.shuffle(rng);
    let mut ids = RelIds::default();
    kinds
        .into_iter()
        .zip(1..)
        .map(|(kind, id)| client(rng, id, kind, &mut ids))
        .collect()
}

fn client(rng: &mut ChaCha8Rng, id: i64, kind: Kind, ids: &mut RelIds) -> Client {
    let gateway = pick_weighted(rng, GATEWAYS);
    let mut c = match kind {
        Kind::ItPerson => italian_person(rng, id),
        Kind::ItCompany => italian_company(rng, id),
        Kind::Foreign(f) => foreign(rng, id, f),
    };
    c.gateway = gateway;
    portfolio(rng, &mut c, kind, ids);
    c
}

/// A client with the Italian defaults, to be filled in.
fn blank(id: i64) -> Client {
    Client {
        id,
        firstname: String::new(),
        lastname: String::new(),
        companyname: String::new(),
        email: String::new(),
        address1: String::new(),
        address2: String::new(),
        city: String::new(),
        state: String::new(),
        postcode: String::new(),
        country: "IT".to_owned(),
        phonenumber: String::new(),
        currency: 1,
        taxes: (2200, 0),
        member_state: "IT",
        region: "Europe",
        monetary_union: true,
        vies: false,
        moss: true,
        fields: Default::default(),
        gateway: "banktransfer",
        weight: 2,
        domains: Vec::new(),
        services: Vec::new(),
    }
}

/// A person's name: (first name, surname, woman).
fn person(rng: &mut ChaCha8Rng) -> (&'static str, &'static str, bool) {
    let woman = rng.random_bool(0.5);
    let names = if woman { WOMEN } else { MEN };
    let first = names.choose(rng).copied().unwrap_or("Mario");
    let last = SURNAMES.choose(rng).copied().unwrap_or("Rossi");
    (first, last, woman)
}

/// Fills the Italian address, phone and e-mail of `c`; returns the city.
fn italian_address(rng: &mut ChaCha8Rng, c: &mut Client, mailbox: &str, domain: &str) -> usize {
    let city = rng.random_range(0..CITIES.len());
    let place = &CITIES[city];
    let street = STREETS.choose(rng).copied().unwrap_or("Via Roma");
    c.address1 = format!("{street}, {}", rng.random_range(1..=180));
    if rng.random_bool(0.15) {
        c.address2 = ADDRESS2.choose(rng).copied().unwrap_or_default().to_owned();
    }
    c.city = place.name.to_owned();
    c.state = place.province.to_owned();
    c.postcode = place.postcode.to_owned();
    let digits = 10usize.saturating_sub(place.phone_prefix.len());
    let number: String = (0..digits)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    c.phonenumber = format!("+39.{}{number}", place.phone_prefix);
    c.email = format!("{mailbox}@{domain}");
    // Some clients typed stray spaces: the WebService trims them.
    if rng.random_bool(0.08) {
        c.address1.push(' ');
    }
    if rng.random_bool(0.05) {
        c.city.insert(0, ' ');
    }
    city
}

fn italian_person(rng: &mut ChaCha8Rng, id: i64) -> Client {
    let (first, last, woman) = person(rng);
    let mut c = blank(id);
    c.firstname = first.to_owned();
    c.lastname = last.to_owned();
    let mailbox = format!("{}.{}", slug(first), slug(last).replace('-', ""));
    let city = italian_address(rng, &mut c, &mailbox, "example.com");
    let born = NaiveDate::from_yo_opt(rng.random_range(1950..=2000), rng.random_range(1..=365))
        .unwrap_or_default();
    c.fields = [
        String::new(),
        codice_fiscale(last, first, born, woman, CITIES[city].cadastral),
        "0000000".to_owned(),
        String::new(),
    ];
    c.weight = 2;
    c
}

fn italian_company(rng: &mut ChaCha8Rng, id: i64) -> Client {
    let (first, last, _) = person(rng);
    let pattern = COMPANY_PATTERNS
        .choose(rng)
        .copied()
        .unwrap_or("{S} S.r.l.");
    let company = pattern.replace("{S}", last).replace("{N}", first);
    let mut c = blank(id);
    c.firstname = first.to_owned();
    c.lastname = last.to_owned();
    c.companyname = company.clone();
    let company_slug = slug(&company);
    let city = italian_address(rng, &mut c, "amministrazione", "example.org");
    c.email = format!("{company_slug}@example.org");
    if rng.random_bool(0.1) {
        c.companyname.push(' ');
    }
    let piva = partita_iva(rng.random_range(1_000_000..10_000_000), CITIES[city].office);
    let recipient: String = (0..7)
        .map(|_| {
            let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
            char::from(alphabet[rng.random_range(0..alphabet.len())])
        })
        .collect();
    c.fields = [
        piva.clone(),
        piva,
        recipient,
        format!("{company_slug}@pec.example.it"),
    ];
    c.weight = 4;
    c
}

fn foreign(rng: &mut ChaCha8Rng, id: i64, f: &'static Foreign) -> Client {
    let mut c = blank(id);
    c.firstname = f.firstname.to_owned();
    c.lastname = f.lastname.to_owned();
    c.companyname = f.company.to_owned();
    let mailbox = format!(
        "{}.{}",
        slug(f.firstname).replace('-', ""),
        slug(f.lastname).replace('-', "")
    );
    c.email = format!("{mailbox}@example.net");
    c.address1 = f.address1.to_owned();
    c.city = f.city.to_owned();
    c.state = f.state.to_owned();
    c.postcode = f.postcode.to_owned();
    c.country = f.country.to_owned();
    c.phonenumber = f.phone.to_owned();
    c.currency = f.currency;
    c.taxes = f.taxes;
    let (member_state, region, monetary_union, vies, moss) = f.europe;
    c.member_state = member_state;
    c.region = region;
    c.monetary_union = monetary_union;
    c.vies = vies;
    c.moss = moss;
    // Foreign clients receive e-invoices through the SdI's code for abroad.
    c.fields = [
        f.vat.to_owned(),
        String::new(),
        "XXXXXXX".to_owned(),
        String::new(),
    ];
    c.weight = if vies {
        3
    } else {
        1 + u32::from(rng.random_bool(0.5))
    };
    c
}

/// Domains, services and add-ons of a client.
fn portfolio(rng: &mut ChaCha8Rng, c: &mut Client, kind: Kind, ids: &mut RelIds) {
    let (base, tlds, max_domains, max_services): (String, Vec<&str>, usize, usize) = match kind {
        Kind::ItPerson => (
            format!(
                "{}{}",
                slug(&c.firstname),
                slug(&c.lastname).replace('-', "")
            ),
            vec!["it", "com", "eu"],
            2,
            1,
        ),
        Kind::ItCompany => (
            slug(&c.companyname),
            vec!["it", "com", "shop", "cloud"],
            3,
            2,
        ),
        Kind::Foreign(f) => {
            let name = if f.company.is_empty() {
                format!("{} {}", f.firstname, f.lastname)
            } else {
                f.company.to_owned()
            };
            (slug(&name), vec![f.tld, "com", "eu"], 2, 2)
        }
    };
    let base = fold(&base);
    let domains = rng.random_range(1..=max_domains);
    for tld in tlds.iter().take(domains) {
        let name = format!("{base}.{tld}");
        let price = TLD_PRICES
            .iter()
            .find(|(t, _)| t == tld)
            .map_or(1290, |(_, p)| *p);
        c.domains.push(Domain {
            id: RelIds::next(&mut ids.domain),
            name,
            price,
        });
    }
    let services = rng.random_range(1..=max_services);
    for _ in 0..services {
        let product = match kind {
            Kind::ItPerson => rng.random_range(0..3),
            _ => rng.random_range(0..PRODUCTS.len()),
        };
        let addon = rng.random_bool(0.35).then(|| {
            (
                RelIds::next(&mut ids.addon),
                rng.random_range(0..ADDONS.len()),
            )
        });
        c.services.push(Service {
            id: RelIds::next(&mut ids.service),
            product,
            domain: rng.random_range(0..c.domains.len()),
            monthly: rng.random_bool(0.4),
            addon,
        });
    }
}

/// One of `table`'s values, chosen with the weights beside them.
pub(super) fn pick_weighted<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| *w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (value, weight) in table {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    table[table.len() - 1].0
}
