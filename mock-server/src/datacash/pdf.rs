//! The PDF of a commercial document, laid out like an Italian till receipt: an 80 mm strip in
//! a monospaced built-in font (Courier, WinAnsi encoding), nothing embedded or downloaded.
//!
//! A sale prints the seller, "DOCUMENTO COMMERCIALE di vendita o prestazione", the lines, the
//! totals, the payments, the VAT summary, date, number and lottery code; a void or a return
//! prints "emesso per ANNULLAMENTO" / "emesso per RESO MERCE" and the document it refers to.
//! The gift copy (*regalo*) keeps descriptions and quantities and drops every price.

use super::money::{from_cents, to_cents};
use super::records::{Seller, StoredDocument, StoredLine};
use dckit_contracts::model::datacash::{OperationType, PaymentType, VatCode};
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;

/// Characters per row.
const COLUMNS: usize = 42;
/// Page width: 80 mm.
const WIDTH: f32 = 226.8;
/// Font size and row height, in points.
const FONT_SIZE: f32 = 8.0;
const LEADING: f32 = 10.5;
const MARGIN: f32 = 14.0;

/// One printed row.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    bold: bool,
    text: String,
}

/// Builds the rows of a receipt.
#[derive(Default)]
struct Rows(Vec<Row>);

impl Rows {
    fn left(&mut self, text: &str) {
        self.push(false, text.to_owned());
    }

    fn bold_center(&mut self, text: &str) {
        for part in wrap(text, COLUMNS) {
            self.push(true, center(&part));
        }
    }

    fn center(&mut self, text: &str) {
        for part in wrap(text, COLUMNS) {
            self.push(false, center(&part));
        }
    }

    fn pair(&mut self, bold: bool, label: &str, value: &str) {
        let width = COLUMNS.saturating_sub(value.chars().count() + 1);
        let label: String = label.chars().take(width).collect();
        let pad = COLUMNS.saturating_sub(label.chars().count() + value.chars().count());
        self.push(bold, format!("{label}{}{value}", " ".repeat(pad)));
    }

    fn rule(&mut self) {
        self.push(false, "-".repeat(COLUMNS));
    }

    fn blank(&mut self) {
        self.push(false, String::new());
    }

    fn push(&mut self, bold: bool, text: String) {
        self.0.push(Row { bold, text });
    }
}

fn center(text: &str) -> String {
    let len = text.chars().count();
    format!("{}{text}", " ".repeat(COLUMNS.saturating_sub(len) / 2))
}

/// Splits `text` into rows of at most `width` characters, at spaces when possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                rows.push(std::mem::take(&mut current));
            }
            rows.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if needed > width && !current.is_empty() {
            rows.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() || rows.is_empty() {
        rows.push(current);
    }
    rows
}

/// `1.234,50`: euros the Italian way.
pub(crate) fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let units = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", abs % 100)
}

/// A quantity the Italian way: `2`, `0,755`.
fn quantity(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

fn vat_label(code: VatCode) -> String {
    if code.is_nature() {
        code.as_str().to_owned()
    } else {
        format!("{}%", code.as_str())
    }
}

fn payment_label(tipo: PaymentType) -> &'static str {
    match tipo {
        PaymentType::Cash => "Pagamento contante",
        PaymentType::Electronic => "Pagamento elettronico",
        PaymentType::TicketRestaurant => "Ticket restaurant",
        PaymentType::NotCollectedInvoice => "Non riscosso, segue fattura",
        PaymentType::NotCollectedServices => "Non riscosso, prestazioni",
        PaymentType::NotCollectedHealth => "Non riscosso, SSN",
    }
}

fn nature_label(code: VatCode) -> &'static str {
    match code {
        VatCode::N1 => "N1 escluse art.15",
        VatCode::N2 => "N2 non soggette",
        VatCode::N3 => "N3 non imponibili",
        VatCode::N4 => "N4 esenti",
        VatCode::N5 => "N5 regime del margine",
        VatCode::N6 => "N6 inversione contabile",
        _ => "",
    }
}

/// A line's description, quantity and (unless `gift_copy`) price rows.
fn line_rows(rows: &mut Rows, line: &StoredLine, gift_copy: bool) {
    let desc_width = COLUMNS - 16;
    let described = wrap(&line.description, desc_width);
    // A gift line shows its value; the amount paid for it is zero.
    let value_cents =
        to_cents(from_cents(line.unit_price_cents) * line.quantity()) - line.discount_cents;
    for (i, part) in described.iter().enumerate() {
        if i == 0 && !gift_copy {
            // The price before the line's discount, which follows on its own row.
            let price = if line.gift {
                "OMAGGIO".to_owned()
            } else {
                euro(line.gross_cents + line.discount_cents)
            };
            let left = format!("{part:<width$}", width = desc_width);
            rows.left(&format!(
                "{left}{:>5} {price:>10}",
                vat_label(line.vat_code)
            ));
        } else {
            rows.left(part);
        }
    }
    let qty = line.quantity();
    if gift_copy {
        rows.left(&format!("  Quantità {}", quantity(qty)));
        return;
    }
    if qty != Decimal::ONE {
        rows.left(&format!(
            "  {} x {}",
            quantity(qty),
            euro(line.unit_price_cents)
        ));
    }
    if line.discount_cents > 0 {
        rows.pair(
            false,
            "  Sconto",
            &format!("-{}", euro(line.discount_cents)),
        );
    }
    if line.gift && value_cents > 0 {
        rows.pair(false, "  Valore omaggio", &euro(value_cents));
    }
}

/// The rows of `doc` issued by `seller`.
fn rows(seller: &Seller, doc: &StoredDocument, gift_copy: bool) -> Vec<Row> {
    let mut r = Rows::default();
    r.bold_center(&seller.name.to_uppercase());
    if !seller.address.is_empty() {
        r.center(&seller.address);
    }
    r.center(&format!("P.IVA {}", seller.partita_iva));
    r.blank();
    r.bold_center("DOCUMENTO COMMERCIALE");
    match doc.kind {
        OperationType::Sale => r.center("di vendita o prestazione"),
        OperationType::Void => r.center("emesso per ANNULLAMENTO"),
        OperationType::Return => r.center("emesso per RESO MERCE"),
    }
    if gift_copy {
        r.bold_center("COPIA REGALO");
    }
    if let Some((_, number, at)) = &doc.linked
        && doc.kind != OperationType::Sale
    {
        r.center(&format!(
            "Documento di riferimento N. {number} del {}",
            at.format("%d-%m-%Y")
        ));
    }
    r.blank();
    if gift_copy {
        r.left("DESCRIZIONE");
    } else {
        r.left(&format!(
            "{:<26}{:>5} {:>10}",
            "DESCRIZIONE", "IVA", "Prezzo(€)"
        ));
    }
    for line in &doc.lines {
        line_rows(&mut r, line, gift_copy);
    }
    r.rule();
    if !gift_copy {
        let gross: i64 = doc.lines.iter().map(|l| l.gross_cents).sum();
        let vat: i64 = doc.lines.iter().map(|l| l.vat_cents).sum();
        if doc.discount_cents > 0 && doc.kind == OperationType::Sale {
            r.pair(false, "SUBTOTALE", &euro(gross));
            r.pair(
                false,
                "Sconto a pagare",
                &format!("-{}", euro(doc.discount_cents)),
            );
        }
        r.pair(true, "TOTALE COMPLESSIVO", &euro(doc.total_cents));
        r.pair(false, "di cui IVA", &euro(vat));
        if doc.gift {
            r.left("DOCUMENTO OMAGGIO");
        }
        for (tipo, cents) in &doc.payments {
            r.pair(false, payment_label(*tipo), &euro(*cents));
        }
        let paid: i64 = doc
            .payments
            .iter()
            .filter(|(t, _)| t.is_collected())
            .map(|(_, c)| c)
            .sum();
        let label = if doc.kind == OperationType::Sale {
            "Importo pagato"
        } else {
            "Importo restituito"
        };
        r.pair(false, label, &euro(paid));
        r.rule();
        r.left(&format!(
            "{:<20}{:>11}{:>11}",
            "Riepilogo IVA", "Imponibile", "Imposta"
        ));
        let mut by_code: Vec<(VatCode, i64, i64)> = Vec::new();
        for l in doc.lines.iter().filter(|l| l.gross_cents != 0) {
            match by_code.iter_mut().find(|(c, _, _)| *c == l.vat_code) {
                Some((_, net, vat)) => {
                    *net += l.net_cents;
                    *vat += l.vat_cents;
                }
                None => by_code.push((l.vat_code, l.net_cents, l.vat_cents)),
            }
        }
        by_code.sort_by_key(|(c, _, _)| (c.is_nature(), std::cmp::Reverse(c.rate()), c.as_str()));
        for (code, net, vat) in by_code {
            let label = if code.is_nature() {
                nature_label(code).to_owned()
            } else {
                format!("IVA {}%", code.as_str())
            };
            r.left(&format!("{label:<20}{:>11}{:>11}", euro(net), euro(vat)));
        }
        r.rule();
    }
    r.left(&doc.issued_at.format("%d-%m-%Y %H:%M").to_string());
    r.left(&format!("DOCUMENTO N. {}", doc.progressivo));
    if let Some(code) = &doc.lottery
        && !gift_copy
    {
        r.left(&format!("Codice lotteria: {code}"));
    }
    r.left(&format!("Dispositivo: {}", doc.device));
    r.left(&format!("Id transazione: {}", doc.idtrx));
    r.blank();
    r.center("Documento emesso tramite DataCash");
    r.0
}

/// Text in the WinAnsi encoding of the built-in fonts; unknown characters become `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '\u{a0}'..='\u{ff}' => u32::from(c) as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// The PDF of `doc` issued by `seller`; `gift_copy` gives the copy without prices.
pub(crate) fn render(seller: &Seller, doc: &StoredDocument, gift_copy: bool) -> Vec<u8> {
    let rows = rows(seller, doc, gift_copy);
    let height = MARGIN * 2.0 + LEADING * rows.len() as f32;
    let (catalog, tree, page, regular, bold, content_id, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, WIDTH, height))
            .parent(tree)
            .contents(content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
    }
    for (id, name) in [(regular, &b"Courier"[..]), (bold, &b"Courier-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let title = format!("Documento commerciale {}", doc.progressivo);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr("dckit-mock"));
    let mut content = Content::new();
    content.begin_text();
    let mut y = height - MARGIN - FONT_SIZE;
    for row in &rows {
        let font = if row.bold { Name(b"F2") } else { Name(b"F1") };
        content.set_font(font, FONT_SIZE);
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, MARGIN - 2.0, y]);
        content.show(Str(&win_ansi(&row.text)));
        y -= LEADING;
    }
    content.end_text();
    pdf.stream(content_id, &content.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datacash::records::Returns;
    use chrono::NaiveDate;

    fn doc(kind: OperationType) -> StoredDocument {
        let line = |desc: &str, vat, qty, price, gross, net, vat_c, gift| StoredLine {
            sale_line: None,
            description: desc.into(),
            vat_code: vat,
            quantity_milli: qty,
            unit_price_cents: price,
            discount_cents: 0,
            gift,
            gross_cents: gross,
            net_cents: net,
            vat_cents: vat_c,
        };
        let at = NaiveDate::from_ymd_opt(2026, 2, 15)
            .unwrap()
            .and_hms_opt(10, 31, 7)
            .unwrap();
        StoredDocument {
            idtrx: 1_000_000_042,
            kind,
            progressivo: "DCW2026/5111-0042".into(),
            issued_at: at,
            lines: vec![
                line(
                    "Caffè espresso",
                    VatCode::Vat10,
                    2000,
                    120,
                    240,
                    218,
                    22,
                    false,
                ),
                line(
                    "Cornetto alla crema con una descrizione molto lunga che va a capo",
                    VatCode::Vat10,
                    1000,
                    150,
                    0,
                    0,
                    0,
                    true,
                ),
                line(
                    "Marca da bollo",
                    VatCode::N1,
                    1000,
                    1600,
                    1600,
                    1600,
                    0,
                    false,
                ),
            ],
            payments: vec![(PaymentType::Cash, 1000), (PaymentType::Electronic, 840)],
            discount_cents: 0,
            total_cents: 1840,
            gift: false,
            lottery: Some("ABCD1234".into()),
            linked: (kind != OperationType::Sale)
                .then(|| (1_000_000_041, "DCW2026/5111-0041".into(), at)),
            voided: false,
            returns: Returns::default(),
            device: "Cassa 1".into(),
        }
    }

    fn seller() -> Seller {
        Seller {
            name: "Bar Aurora S.r.l.".into(),
            address: "Via Garibaldi 12, Torino".into(),
            partita_iva: "01234567897".into(),
        }
    }

    #[test]
    fn receipts_say_what_they_are() {
        let cases: &[(OperationType, bool, &[&str], &[&str])] = &[
            (
                OperationType::Sale,
                false,
                &[
                    "DOCUMENTO COMMERCIALE",
                    "di vendita o prestazione",
                    "TOTALE COMPLESSIVO",
                    "18,40",
                    "DCW2026/5111-0042",
                    "Codice lotteria: ABCD1234",
                    "OMAGGIO",
                    "Riepilogo IVA",
                    "N1 escluse",
                ],
                &["COPIA REGALO"],
            ),
            (
                OperationType::Sale,
                true,
                &["COPIA REGALO", "DCW2026/5111-0042"],
                &["TOTALE", "18,40", "2,40", "Codice lotteria"],
            ),
            (
                OperationType::Void,
                false,
                &["emesso per ANNULLAMENTO", "DCW2026/5111-0041"],
                &[],
            ),
            (
                OperationType::Return,
                false,
                &["emesso per RESO MERCE", "Importo restituito"],
                &[],
            ),
        ];
        for (kind, gift, present, absent) in cases {
            let text: String = rows(&seller(), &doc(*kind), *gift)
                .iter()
                .map(|r| format!("{}\n", r.text))
                .collect();
            for needle in *present {
                assert!(
                    text.contains(needle),
                    "{kind:?} {gift}: no {needle:?} in\n{text}"
                );
            }
            for needle in *absent {
                assert!(
                    !text.contains(needle),
                    "{kind:?} {gift}: {needle:?} in\n{text}"
                );
            }
            assert!(text.lines().all(|l| l.chars().count() <= COLUMNS), "{text}");
        }
    }

    #[test]
    fn a_pdf_is_a_pdf() {
        let bytes = render(&seller(), &doc(OperationType::Sale), false);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("DOCUMENTO COMMERCIALE) Tj"), "{text}");
        assert!(text.contains("/WinAnsiEncoding"));
    }

    #[test]
    fn euros_and_wrapping() {
        assert_eq!(euro(123456), "1.234,56");
        assert_eq!(euro(5), "0,05");
        assert_eq!(euro(-1250), "-12,50");
        assert_eq!(euro(100_000_000), "1.000.000,00");
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(win_ansi("è €"), vec![0xe8, b' ', 0x80]);
    }
}
