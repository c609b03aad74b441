//! Fixed tables the WHMCS demo data draws from: names, places, products, prices and the
//! foreign clients of an Italian hosting company.

/// An Italian city: name, province (WHMCS's `State`), postcode, the cadastral code used in
/// a codice fiscale, and the provincial office code of a partita IVA.
pub(super) struct City {
    pub(super) name: &'static str,
    pub(super) province: &'static str,
    pub(super) postcode: &'static str,
    pub(super) cadastral: &'static str,
    pub(super) office: &'static str,
    pub(super) phone_prefix: &'static str,
}

macro_rules! cities {
    ($(($name:literal, $province:literal, $postcode:literal, $cadastral:literal, $office:literal, $phone:literal)),* $(,)?) => {
        &[$(City { name: $name, province: $province, postcode: $postcode, cadastral: $cadastral, office: $office, phone_prefix: $phone }),*]
    };
}

/// Italian cities, from the largest down.
pub(super) const CITIES: &[City] = cities![
    ("Roma", "Roma", "00185", "H501", "096", "06"),
    ("Milano", "Milano", "20121", "F205", "015", "02"),
    ("Napoli", "Napoli", "80133", "F839", "063", "081"),
    ("Torino", "Torino", "10121", "L219", "001", "011"),
    ("Palermo", "Palermo", "90133", "G273", "082", "091"),
    ("Genova", "Genova", "16121", "D969", "010", "010"),
    ("Bologna", "Bologna", "40121", "A944", "037", "051"),
    ("Firenze", "Firenze", "50122", "D612", "048", "055"),
    ("Bari", "Bari", "70121", "A662", "072", "080"),
    ("Catania", "Catania", "95121", "C351", "087", "095"),
    ("Venezia", "Venezia", "30121", "L736", "027", "041"),
    ("Verona", "Verona", "37121", "L781", "023", "045"),
    ("Padova", "Padova", "35122", "G224", "028", "049"),
    ("Trieste", "Trieste", "34121", "L424", "032", "040"),
    ("Brescia", "Brescia", "25121", "B157", "017", "030"),
    ("Pescara", "Pescara", "65122", "G482", "068", "085"),
    ("Perugia", "Perugia", "06121", "G478", "054", "075"),
    ("Cagliari", "Cagliari", "09124", "B354", "092", "070"),
    ("Ancona", "Ancona", "60121", "A271", "042", "071"),
    ("Trento", "Trento", "38122", "L378", "022", "0461"),
    ("Lecce", "Lecce", "73100", "E506", "075", "0832"),
    ("Parma", "Parma", "43121", "G337", "034", "0521"),
    ("Bergamo", "Bergamo", "24121", "A794", "016", "035"),
    ("Salerno", "Salerno", "84121", "H703", "065", "089"),
    ("L'Aquila", "L'Aquila", "67100", "A345", "066", "0862"),
];

/// Men's first names.
pub(super) const MEN: &[&str] = &[
    "Marco",
    "Luca",
    "Giuseppe",
    "Francesco",
    "Alessandro",
    "Andrea",
    "Matteo",
    "Lorenzo",
    "Davide",
    "Stefano",
    "Roberto",
    "Paolo",
    "Giovanni",
    "Antonio",
    "Fabio",
    "Simone",
    "Riccardo",
    "Nicola",
    "Emanuele",
    "Massimo",
];

/// Women's first names.
pub(super) const WOMEN: &[&str] = &[
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Elena",
    "Valentina",
    "Alessandra",
    "Federica",
    "Silvia",
    "Laura",
    "Paola",
    "Anna",
    "Maria",
    "Roberta",
    "Elisa",
    "Claudia",
    "Beatrice",
    "Ilaria",
    "Serena",
];

/// Surnames.
pub(super) const SURNAMES: &[&str] = &[
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
    "Ferrara", "Galli", "Martini", "Leone", "D'Angelo", "Longo",
];

/// Streets (a house number is added).
pub(super) const STREETS: &[&str] = &[
    "Via Roma",
    "Via Giuseppe Garibaldi",
    "Corso Vittorio Emanuele II",
    "Via Giuseppe Mazzini",
    "Piazza della Repubblica",
    "Viale Europa",
    "Via Dante Alighieri",
    "Via Cavour",
    "Via XX Settembre",
    "Via Giuseppe Verdi",
    "Via Nazionale",
    "Via dei Mille",
    "Corso Italia",
    "Via Guglielmo Marconi",
    "Via della Libertà",
    "Via Aldo Moro",
];

/// Second address lines.
pub(super) const ADDRESS2: &[&str] = &[
    "Scala B",
    "Interno 4",
    "Piano 2",
    "c/o Centro Direzionale",
    "Palazzina C",
];

/// Patterns of Italian company names: `{S}` is a surname, `{N}` a first name.
pub(super) const COMPANY_PATTERNS: &[&str] = &[
    "{S} Impianti S.r.l.",
    "Studio {S} & Associati",
    "Officina {S} S.n.c.",
    "{S} Costruzioni S.p.A.",
    "Ferramenta {S} S.a.s.",
    "Farmacia {S}",
    "Pizzeria Da {N}",
    "{S} Web Agency S.r.l.s.",
    "Hotel Bellavista S.r.l.",
    "Agriturismo Il Poggio S.r.l.",
    "Cantina {S} S.r.l.",
    "Studio Legale {S}",
    "{S} Informatica S.r.l.",
    "Autofficina {S} & Figli S.n.c.",
];

/// How a client stands towards taxes and the EU.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// An Italian individual: 22% VAT, a personal codice fiscale.
    ItPerson,
    /// An Italian company: 22% VAT, a partita IVA and a Codice Destinatario.
    ItCompany,
    /// A client abroad, described in [`FOREIGN`].
    Foreign(&'static Foreign),
}

/// A foreign client, written out in full.
pub(super) struct Foreign {
    pub(super) firstname: &'static str,
    pub(super) lastname: &'static str,
    pub(super) company: &'static str,
    pub(super) address1: &'static str,
    pub(super) city: &'static str,
    pub(super) state: &'static str,
    pub(super) postcode: &'static str,
    pub(super) country: &'static str,
    pub(super) phone: &'static str,
    /// The tld of the client's domains.
    pub(super) tld: &'static str,
    /// The VAT number (with its country prefix), or "".
    pub(super) vat: &'static str,
    /// `tblcurrencies.id`.
    pub(super) currency: i64,
    /// Level 1 and level 2 tax rates in hundredths of a percent; (0, 0) means tax exempt.
    pub(super) taxes: (i64, i64),
    /// Billing Extension's Europe node: member state ("" outside the EU), region, euro,
    /// VIES, MOSS.
    pub(super) europe: (&'static str, &'static str, bool, bool, bool),
}

macro_rules! foreign {
    ($first:literal $last:literal $company:literal, $addr:literal, $city:literal, $state:literal,
     $post:literal, $country:literal, $phone:literal, $tld:literal, $vat:literal, $cur:literal,
     $taxes:expr, $europe:expr) => {
        Foreign {
            firstname: $first,
            lastname: $last,
            company: $company,
            address1: $addr,
            city: $city,
            state: $state,
            postcode: $post,
            country: $country,
            phone: $phone,
            tld: $tld,
            vat: $vat,
            currency: $cur,
            taxes: $taxes,
            europe: $europe,
        }
    };
}

/// The clients abroad: EU companies in VIES (reverse charge), EU consumers and small
/// businesses charged their country's VAT (MOSS), Denmark outside the euro, outermost
/// regions outside the EU VAT area, and clients outside the EU.
pub(super) const FOREIGN: &[Foreign] = &[
    // EU companies registered in VIES: reverse charge, no VAT.
    foreign!("Thomas" "Müller" "Müller Webdesign GmbH", "Hauptstraße 12", "Berlin", "Berlin",
        "10115", "DE", "+49.3012345678", "de", "DE299876543", 1, (0, 0), ("DE", "Europe", true, true, true)),
    foreign!("Pierre" "Dupont" "Dupont Informatique SARL", "12 Rue de la République", "Lyon",
        "Auvergne-Rhône-Alpes", "69002", "FR", "+33.478123456", "fr", "FR83512345678", 1, (0, 0),
        ("FR", "Europe", true, true, true)),
    foreign!("Javier" "García" "Soluciones Web García S.L.", "Calle Mayor 45", "Madrid", "Madrid",
        "28013", "ES", "+34.915123456", "es", "ESB87654321", 1, (0, 0), ("ES", "Europe", true, true, true)),
    foreign!("Daan" "de Vries" "De Vries Hosting B.V.", "Damrak 70", "Amsterdam", "Noord-Holland",
        "1012 LM", "NL", "+31.201234567", "nl", "NL859876543B01", 1, (0, 0), ("NL", "Europe", true, true, true)),
    foreign!("Stefan" "Huber" "Huber IT-Services GmbH", "Graben 21", "Wien", "Wien", "1010", "AT",
        "+43.15123456", "at", "ATU68765432", 1, (0, 0), ("AT", "Europe", true, true, true)),
    foreign!("Lotte" "Peeters" "Peeters Digital BV", "Meir 34", "Antwerpen", "Antwerpen", "2000",
        "BE", "+32.32123456", "be", "BE0812345678", 1, (0, 0), ("BE", "Europe", true, true, true)),
    foreign!("Siobhan" "O'Brien" "O'Brien Cloud Ltd", "12 Grafton Street", "Dublin", "Dublin",
        "D02 X285", "IE", "+353.16123456", "ie", "IE3456789QH", 1, (0, 0), ("IE", "Europe", true, true, true)),
    foreign!("João" "Ferreira" "Ferreira & Filhos Lda", "Rua Augusta 100", "Lisboa", "Lisboa",
        "1100-053", "PT", "+351.213123456", "pt", "PT512345678", 1, (0, 0), ("PT", "Europe", true, true, true)),
    // Denmark: in VIES, outside the euro.
    foreign!("Mads" "Jensen" "Jensen Software ApS", "Vesterbrogade 3", "København V",
        "Hovedstaden", "1620", "DK", "+45.33123456", "dk", "DK29876543", 1, (0, 0),
        ("DK", "Europe", false, true, true)),
    // EU clients outside VIES: charged their own country's VAT (MOSS).
    foreign!("Katharina" "Schmidt" "Schmidt Fotografie", "Sendlinger Straße 8", "München", "Bayern",
        "80331", "DE", "+49.8912345678", "de", "", 1, (1900, 0), ("DE", "Europe", true, false, true)),
    foreign!("Lukas" "Becker" "", "Mönckebergstraße 5", "Hamburg", "Hamburg", "20095", "DE",
        "+49.4012345678", "de", "", 1, (1900, 0), ("DE", "Europe", true, false, true)),
    foreign!("Camille" "Laurent" "", "8 Rue Paradis", "Marseille", "Provence-Alpes-Côte d'Azur",
        "13001", "FR", "+33.491123456", "fr", "", 1, (2000, 0), ("FR", "Europe", true, false, true)),
    foreign!("Anna" "Lindqvist" "", "Drottninggatan 20", "Stockholm", "Stockholm", "111 51", "SE",
        "+46.81234567", "se", "", 1, (2500, 0), ("SE", "Europe", false, false, true)),
    // Outermost regions: in the EU but outside its VAT area.
    foreign!("Carlos" "Pérez Rodríguez" "Canarias Digital S.L.", "Calle Triana 50",
        "Las Palmas de Gran Canaria", "Las Palmas", "35002", "ES", "+34.928123456", "es", "",
        1, (0, 0), ("ES", "Africa", true, false, false)),
    foreign!("Marie" "Hoarau" "", "15 Rue de Paris", "Saint-Denis", "La Réunion", "97400", "RE",
        "+262.262123456", "re", "", 1, (0, 0), ("FR", "Africa", true, false, false)),
    foreign!("Jean-Baptiste" "Thérèse" "Guyane Services SARL", "3 Avenue du Général de Gaulle",
        "Cayenne", "Guyane", "97300", "GF", "+594.594123456", "fr", "", 1, (0, 0),
        ("FR", "South-America", true, false, false)),
    // Outside the EU.
    foreign!("John" "Miller" "Miller Media LLC", "500 Congress Avenue", "Austin", "Texas", "78701",
        "US", "+1.5125550147", "com", "", 2, (0, 0), ("", "", false, false, false)),
    foreign!("Emily" "Chen" "Chen Consulting Inc.", "800 Robson Street", "Vancouver",
        "British Columbia", "V6Z 2E7", "CA", "+1.6045550199", "ca", "", 1, (500, 700),
        ("", "", false, false, false)),
];

/// The client custom fields (`tblcustomfields`): id and name.
pub(super) const CUSTOM_FIELDS: &[(i64, &str)] = &[
    (1, "VAT Number"),
    (2, "Codice Fiscale"),
    (3, "Codice Destinatario"),
    (4, "PEC"),
];

/// Payment gateways by their WHMCS system names, with how often clients choose them.
pub(super) const GATEWAYS: &[(&str, u32)] = &[
    ("banktransfer", 35),
    ("paypal", 30),
    ("stripe", 25),
    ("katamaze_nexi", 10),
];

/// A hosting product: name, monthly and annual price, setup fee (cents).
pub(super) struct Product {
    pub(super) name: &'static str,
    pub(super) monthly: i64,
    pub(super) annually: i64,
    pub(super) setup: i64,
    /// A detail line WHMCS adds under the product in some descriptions.
    pub(super) detail: &'static str,
}

/// The hosting catalogue, cheapest first (an upgrade moves to the next one).
pub(super) const PRODUCTS: &[Product] = &[
    Product {
        name: "Hosting Linux Start",
        monthly: 390,
        annually: 3900,
        setup: 0,
        detail: "Spazio web 5 GB - 5 caselle email",
    },
    Product {
        name: "Hosting Linux Pro",
        monthly: 790,
        annually: 7900,
        setup: 0,
        detail: "Spazio web 20 GB - 20 caselle email",
    },
    Product {
        name: "Hosting WordPress Business",
        monthly: 1490,
        annually: 14900,
        setup: 1500,
        detail: "WordPress gestito - backup giornaliero",
    },
    Product {
        name: "Reseller Hosting 50",
        monthly: 2490,
        annually: 24900,
        setup: 0,
        detail: "50 account cPanel",
    },
    Product {
        name: "VPS Cloud S",
        monthly: 1900,
        annually: 19000,
        setup: 2500,
        detail: "2 vCPU - 4 GB RAM - 80 GB SSD",
    },
    Product {
        name: "VPS Cloud M",
        monthly: 3900,
        annually: 39000,
        setup: 2500,
        detail: "4 vCPU - 8 GB RAM - 160 GB SSD",
    },
    Product {
        name: "Server Dedicato E3",
        monthly: 8900,
        annually: 89000,
        setup: 9900,
        detail: "Intel Xeon E3 - 32 GB RAM - 2x480 GB SSD",
    },
];

/// Product add-ons: name, price per month and per year (cents).
pub(super) const ADDONS: &[(&str, i64, i64)] = &[
    ("Certificato SSL DV", 290, 2900),
    ("Backup Giornaliero", 300, 3000),
    ("IP Dedicato", 200, 2000),
    ("Licenza cPanel", 1500, 15000),
    ("Protezione DDoS Avanzata", 990, 9900),
];

/// Yearly domain prices by tld (cents).
pub(super) const TLD_PRICES: &[(&str, i64)] = &[
    ("it", 990),
    ("com", 1290),
    ("eu", 890),
    ("net", 1490),
    ("org", 1490),
    ("de", 990),
    ("fr", 1190),
    ("es", 1090),
    ("nl", 1090),
    ("at", 1590),
    ("be", 1090),
    ("ie", 2490),
    ("pt", 2290),
    ("dk", 1490),
    ("se", 1690),
    ("re", 2990),
    ("ca", 1890),
    ("shop", 2990),
    ("cloud", 2490),
];

/// Billable items (`tblbillableitems`): description and price (cents); `{d}` is a domain.
pub(super) const BILLABLE: &[(&str, i64)] = &[
    ("Consulenza tecnica: migrazione sito web - {d}", 9000),
    ("Intervento di assistenza straordinaria - {d}", 6000),
    ("Installazione e configurazione WordPress - {d}", 9900),
    ("Ripristino backup su richiesta - {d}", 3500),
    ("Configurazione record DNS e posta - {d}", 2000),
    ("Ottimizzazione prestazioni e cache - {d}", 12000),
];

/// Promotional codes: code and percent off.
pub(super) const PROMOS: &[(&str, i64)] =
    &[("BENVENUTO20", 20), ("ESTATE10", 10), ("BLACKFRIDAY30", 30)];
