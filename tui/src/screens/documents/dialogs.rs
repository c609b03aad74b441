//! The documents' dialogs: the range form, a document's detail, the test-sale form and the
//! return form.

use super::{Job, Msg, date, kind, receipt_export, split, total, void_confirm};
use crate::app::{App, Field};
use crate::dialogs::{Dialog as AnyDialog, Reply};
use crate::format::{euro, truncate};
use crate::screens;
use crate::screens::statistics::{payment_label, vat_label};
use crate::ui::field;
use crate::ui::popup;
use crate::ui::wrap::wrap;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dckit_contracts::model::datacash::{
    Document, DocumentLine, FoundDocument, OperationType, PaymentType, ReturnLine, VatCode,
};
use dckit_contracts::model::money::Amount;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use rust_decimal::Decimal;

/// A dialog of the documents screen.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// Which days.
    Range(RangeForm),
    /// One document.
    Detail(Box<Detail>),
    /// A test sale.
    Send(SendForm),
    /// Lines of a sale coming back.
    Return(ReturnForm),
}

impl Dialog {
    /// Answers a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Reply {
        match self {
            Dialog::Range(d) => d.on_key(key),
            Dialog::Detail(d) => d.on_key(key),
            Dialog::Send(d) => d.on_key(key),
            Dialog::Return(d) => d.on_key(key),
        }
    }

    /// Takes pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        match self {
            Dialog::Range(d) => {
                let focus = d.focus;
                d.fields_mut()[focus].paste(text);
            }
            Dialog::Send(d) if d.focus < 4 => {
                let focus = d.focus;
                d.fields_mut()[focus].paste(text);
            }
            Dialog::Return(d) => {
                let focus = d.focus;
                d.fields_mut()[focus].paste(text);
            }
            Dialog::Send(_) | Dialog::Detail(_) => {}
        }
    }

    /// Draws the dialog over `area`.
    pub fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        match self {
            Dialog::Range(d) => d.view(app, frame, area),
            Dialog::Detail(d) => d.view(app, frame, area),
            Dialog::Send(d) => d.view(app, frame, area),
            Dialog::Return(d) => d.view(app, frame, area),
        }
    }
}

/// A decimal typed the Italian or the English way (`1,60` or `1.60`).
pub(super) fn decimal(text: &str) -> Option<Decimal> {
    text.trim().replace(',', ".").parse().ok()
}

/// Lines of error text, wrapped to `width`.
fn wrapped(errors: &[String], width: usize) -> Vec<String> {
    errors.iter().flat_map(|e| wrap(e, width)).collect()
}

fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.code == KeyCode::Char(c) && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// The days to search: from and to, `YYYY-MM-DD`, any length.
#[derive(Clone, Debug)]
pub struct RangeForm {
    from: Field,
    to: Field,
    focus: usize,
    /// What is wrong with the days typed.
    pub error: Option<String>,
}

impl RangeForm {
    /// The form on `from`–`to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> RangeForm {
        RangeForm {
            from: Field::new(&from.to_string(), 10),
            to: Field::new(&to.to_string(), 10),
            focus: 0,
            error: None,
        }
    }

    fn fields_mut(&mut self) -> [&mut Field; 2] {
        [&mut self.from, &mut self.to]
    }

    /// The days typed, checked: dates, and `to` not before `from`.
    pub fn range(&self) -> Result<(NaiveDate, NaiveDate), String> {
        let day = |name: &str, text: &str| -> Result<NaiveDate, String> {
            let text = text.trim();
            let shaped = text.len() == 10
                && text.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            text.parse::<NaiveDate>()
                .ok()
                .filter(|_| shaped)
                .ok_or_else(|| format!("Invalid {name} \"{text}\": use a date as YYYY-MM-DD."))
        };
        let (from, to) = (day("from", self.from.text())?, day("to", self.to.text())?);
        split(from, to)?;
        Ok((from, to))
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                return match self.range() {
                    Ok((from, to)) => Reply::Msg(screens::Msg::Documents(Msg::Range(from, to))),
                    Err(message) => {
                        self.error = Some(message);
                        Reply::Stay
                    }
                };
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = 1 - self.focus;
            }
            _ => {
                let focus = self.focus;
                if self.fields_mut()[focus].input(key) {
                    self.error = None;
                }
            }
        }
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 60.min(area.width.saturating_sub(2));
        let error = self
            .error
            .as_ref()
            .map(|e| wrap(e, usize::from(width.saturating_sub(4))))
            .unwrap_or_default();
        let extra = if error.is_empty() {
            0
        } else {
            error.len() as u16 + 1
        };
        let outer = popup::centered(area, width, 6 + extra);
        let inner = popup::frame(
            frame,
            outer,
            "Documents range",
            &[("Tab", "field"), ("Enter", "find"), ("Esc", "cancel")],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        field::render(&self.from, "From ", 5, self.focus == 0, theme, row(0), buf);
        field::render(&self.to, "To   ", 5, self.focus == 1, theme, row(1), buf);
        Line::styled("YYYY-MM-DD, both included; any length.", theme.dim()).render(row(3), buf);
        for (i, line) in error.iter().enumerate() {
            Line::styled(line.as_str(), theme.error()).render(row(5 + i as u16), buf);
        }
    }
}

/// One document: what the search says of it, what voided or returned it (or what it voids or
/// returns), its lines when this session sent it; the receipt, void and return from here.
#[derive(Clone, Debug)]
pub struct Detail {
    /// The document.
    pub document: FoundDocument,
    /// The documents found that void or return it, or the sale it voids or returns.
    pub related: Vec<FoundDocument>,
    /// Its lines, when this session sent it.
    pub lines: Option<Vec<DocumentLine>>,
    /// Whether changes are refused.
    pub read_only: bool,
}

impl Detail {
    /// The detail of `document`, with what the search found around it.
    pub fn new(app: &App, document: &FoundDocument) -> Detail {
        let found: &[FoundDocument] = app.documents.found.value().map_or(&[], Vec::as_slice);
        let related = found
            .iter()
            .filter(|other| match document.tipo_operazione {
                OperationType::Sale => {
                    (other.tipo_operazione == OperationType::Void
                        && other.annulli == document.numero_progressivo)
                        || (other.tipo_operazione == OperationType::Return
                            && other.resi == document.numero_progressivo)
                }
                OperationType::Void => {
                    other.tipo_operazione == OperationType::Sale
                        && other.numero_progressivo == document.annulli
                }
                OperationType::Return => {
                    other.tipo_operazione == OperationType::Sale
                        && other.numero_progressivo == document.resi
                }
            })
            .cloned()
            .collect();
        Detail {
            document: document.clone(),
            related,
            lines: app.documents.sent.get(&document.idtrx).cloned(),
            read_only: app.read_only(),
        }
    }

    fn is_sale(&self) -> bool {
        self.document.tipo_operazione == OperationType::Sale
    }

    /// Whether it can still be voided or returned from here: a sale not voided, and changes
    /// allowed.
    fn open_to_change(&self) -> bool {
        self.is_sale() && self.document.annulli != "A" && !self.read_only
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => Reply::Close,
            KeyCode::Char('d') => Reply::Export(Box::new(receipt_export(&self.document, false))),
            KeyCode::Char('D') => Reply::Export(Box::new(receipt_export(&self.document, true))),
            KeyCode::Char('v') if self.open_to_change() => {
                Reply::Push(AnyDialog::Confirm(void_confirm(&self.document)))
            }
            KeyCode::Char('t') if self.open_to_change() => {
                Reply::Push(AnyDialog::Screen(crate::dialogs::ScreenDialog::Documents(
                    Dialog::Return(ReturnForm::new(&self.document, self.lines.clone())),
                )))
            }
            _ => Reply::Stay,
        }
    }

    /// The detail's text lines (label, value), for a width of `width` columns.
    pub fn text(&self, width: usize) -> Vec<(String, String)> {
        let d = &self.document;
        let mut rows = vec![
            ("Type".to_owned(), kind(d.tipo_operazione).to_owned()),
            ("Progressive".to_owned(), d.numero_progressivo.clone()),
            ("idtrx".to_owned(), d.idtrx.clone()),
            (
                "Date".to_owned(),
                d.data.format("%d/%m/%Y %H:%M:%S").to_string(),
            ),
            ("Amount".to_owned(), euro(d.ammontare_complessivo.0)),
        ];
        let describe = |o: &FoundDocument| {
            format!(
                "{} (idtrx {}, {}, {})",
                o.numero_progressivo,
                o.idtrx,
                date(o),
                euro(o.ammontare_complessivo.0)
            )
        };
        match d.tipo_operazione {
            OperationType::Sale => {
                let voided = self
                    .related
                    .iter()
                    .filter(|o| o.tipo_operazione == OperationType::Void);
                let returned = self
                    .related
                    .iter()
                    .filter(|o| o.tipo_operazione == OperationType::Return);
                let mut any = false;
                for o in voided {
                    rows.push(("Voided by".to_owned(), describe(o)));
                    any = true;
                }
                for o in returned {
                    rows.push(("Returned by".to_owned(), describe(o)));
                    any = true;
                }
                if !any {
                    let state = match (d.annulli.as_str(), d.resi.as_str()) {
                        ("A", "R") => "returned, then voided (outside the range searched)",
                        ("A", _) => "voided (the void is outside the range searched)",
                        (_, "R") => "returned (the return is outside the range searched)",
                        _ => "neither voided nor returned",
                    };
                    rows.push(("State".to_owned(), state.to_owned()));
                }
            }
            OperationType::Void | OperationType::Return => {
                let (label, of) = if d.tipo_operazione == OperationType::Void {
                    ("Voids", &d.annulli)
                } else {
                    ("Returns", &d.resi)
                };
                let text = match self.related.first() {
                    Some(o) => describe(o),
                    None if of.is_empty() => "– (DataCash did not say)".to_owned(),
                    None => format!("{of} (outside the range searched)"),
                };
                rows.push((label.to_owned(), text));
            }
        }
        let _ = width;
        rows
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 76.min(area.width.saturating_sub(2));
        let text_width = usize::from(width.saturating_sub(4));
        let value_width = text_width.saturating_sub(13);
        let mut lines: Vec<Line> = vec![];
        for (label, value) in self.text(text_width) {
            let style = if label.starts_with("Voided") || label == "Voids" {
                theme.error()
            } else if label.starts_with("Returned") || label == "Returns" {
                theme.warning()
            } else {
                theme.text()
            };
            for (i, part) in wrap(&value, value_width).into_iter().enumerate() {
                let head = if i == 0 { label.as_str() } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{head:<12} "), theme.dim()),
                    Span::styled(part, style),
                ]));
            }
        }
        lines.push(Line::raw(""));
        match &self.lines {
            Some(sold) => {
                lines.push(Line::styled("Lines (sent in this session)", theme.accent()));
                for (i, l) in sold.iter().enumerate() {
                    let text = format!(
                        "{:>2}. {} · {} · {} × {}",
                        i + 1,
                        l.descrizione_prodotto,
                        vat_label(l.aliquota_iva),
                        quantity(l.quantita),
                        euro(l.prezzo_lordo.0)
                    );
                    lines.push(Line::raw(truncate(&text, text_width)));
                }
            }
            None => {
                for part in wrap(
                    "DataCash returns no lines for a document: press d for its receipt (PDF), D for the gift copy.",
                    text_width,
                ) {
                    lines.push(Line::styled(part, theme.dim()));
                }
            }
        }
        let mut hint = vec![("d", "receipt"), ("D", "gift")];
        if self.open_to_change() {
            hint.extend([("v", "void"), ("t", "return")]);
        }
        hint.push(("Esc", "close"));
        let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let outer = popup::centered(area, width, height);
        let title = format!(
            "{} {}",
            capitalised(kind(self.document.tipo_operazione)),
            self.document.numero_progressivo
        );
        let inner = popup::frame(frame, outer, &title, &hint, theme);
        let buf = frame.buffer_mut();
        for (i, line) in lines.into_iter().enumerate() {
            line.render(popup::row(inner, i as u16), buf);
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A quantity the Italian way: `1`, `0,5`.
fn quantity(q: Decimal) -> String {
    q.normalize().to_string().replace('.', ",")
}

/// The payment types a test sale offers.
const PAYMENTS: [PaymentType; 3] = [
    PaymentType::Cash,
    PaymentType::Electronic,
    PaymentType::TicketRestaurant,
];

/// A test sale: lines (description, VAT code, gross price, quantity) and a payment type.
#[derive(Clone, Debug)]
pub struct SendForm {
    description: Field,
    vat: Field,
    price: Field,
    quantity: Field,
    payment: usize,
    /// 0–3: the line's fields, 4: the payment.
    focus: usize,
    /// The lines added so far (Ctrl-N).
    pub lines: Vec<DocumentLine>,
    /// What is wrong, or the server's `errori` as written.
    pub errors: Vec<String>,
    /// Whether the sale is on its way.
    pub sending: bool,
}

impl Default for SendForm {
    fn default() -> Self {
        SendForm::new()
    }
}

impl SendForm {
    /// An empty form (quantity 1, VAT 22, cash).
    pub fn new() -> SendForm {
        SendForm {
            description: Field::new("", 60),
            vat: Field::new("22", 3),
            price: Field::new("", 12),
            quantity: Field::new("1", 10),
            payment: 0,
            focus: 0,
            lines: vec![],
            errors: vec![],
            sending: false,
        }
    }

    fn fields_mut(&mut self) -> [&mut Field; 4] {
        [
            &mut self.description,
            &mut self.vat,
            &mut self.price,
            &mut self.quantity,
        ]
    }

    /// The server refused: its words, as written.
    pub fn refused(&mut self, errori: Vec<String>) {
        self.errors = errori;
        self.sending = false;
    }

    /// The line being typed, checked; `None` when nothing is typed in it.
    fn line(&self) -> Result<Option<DocumentLine>, String> {
        let description = self.description.text().trim();
        if description.is_empty() && self.price.text().trim().is_empty() {
            return Ok(None);
        }
        let vat_text = self.vat.text().trim().to_uppercase();
        let vat = VatCode::parse(&vat_text).ok_or_else(|| {
            format!(
                "VAT code \"{vat_text}\": use one of {}.",
                VatCode::WIRE.join(", ")
            )
        })?;
        let price = decimal(self.price.text()).ok_or_else(|| {
            format!(
                "Price \"{}\": type a number such as 1,60.",
                self.price.text()
            )
        })?;
        let quantity = decimal(self.quantity.text()).ok_or_else(|| {
            format!(
                "Quantity \"{}\": type a number such as 1 or 0,5.",
                self.quantity.text()
            )
        })?;
        Ok(Some(DocumentLine {
            aliquota_iva: vat,
            percentuale_iva: vat.rate(),
            descrizione_prodotto: description.to_owned(),
            prezzo_lordo: Amount(price),
            quantita: quantity,
            sconto_lordo: Amount::default(),
            omaggio_elemento: false,
        }))
    }

    /// Adds the line typed to the sale and clears it for the next.
    fn add_line(&mut self) {
        match self.line() {
            Ok(Some(line)) => {
                self.lines.push(line);
                self.description.set("");
                self.price.set("");
                self.quantity.set("1");
                self.focus = 0;
                self.errors.clear();
            }
            Ok(None) => self.errors = vec!["Type a description and a price first.".to_owned()],
            Err(message) => self.errors = vec![message],
        }
    }

    /// The sale to send: the lines added and the one typed.
    pub fn document(&self) -> Result<Document, String> {
        let mut lines = self.lines.clone();
        if let Some(line) = self.line()? {
            lines.push(line);
        }
        if lines.is_empty() {
            return Err("Add at least one line: a description and a price.".to_owned());
        }
        Ok(Document {
            elementi_contabili: lines,
            pagamento: Some(PAYMENTS[self.payment]),
            ..Document::default()
        })
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        if self.sending {
            return match key.code {
                KeyCode::Esc => Reply::Close,
                _ => Reply::Stay,
            };
        }
        if is_ctrl(&key, 'n') {
            self.add_line();
            return Reply::Stay;
        }
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                return match self.document() {
                    Ok(document) => {
                        self.errors.clear();
                        self.sending = true;
                        Reply::Run(screens::Job::Documents(Job::Send(document)))
                    }
                    Err(message) => {
                        self.errors = vec![message];
                        Reply::Stay
                    }
                };
            }
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % 5,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + 4) % 5,
            KeyCode::Left | KeyCode::Char('h') if self.focus == 4 => {
                self.payment = (self.payment + PAYMENTS.len() - 1) % PAYMENTS.len();
            }
            KeyCode::Right | KeyCode::Char('l' | ' ') if self.focus == 4 => {
                self.payment = (self.payment + 1) % PAYMENTS.len();
            }
            _ if self.focus < 4 => {
                let focus = self.focus;
                self.fields_mut()[focus].input(key);
            }
            _ => {}
        }
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 70.min(area.width.saturating_sub(2));
        let text_width = usize::from(width.saturating_sub(4));
        let errors = wrapped(&self.errors, text_width);
        let shown_lines = self.lines.len().min(4);
        let height =
            11 + shown_lines as u16 + u16::from(!self.lines.is_empty()) + errors.len() as u16;
        let outer = popup::centered(area, width, height.min(area.height.saturating_sub(2)));
        let inner = popup::frame(
            frame,
            outer,
            "Send a test sale",
            &[
                ("Tab", "field"),
                ("^N", "add line"),
                ("Enter", "send"),
                ("Esc", "close"),
            ],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        let mut y = 0;
        if !self.lines.is_empty() {
            Line::styled(
                format!(
                    "{} line(s) added · {}",
                    self.lines.len(),
                    euro(total(&self.lines))
                ),
                theme.accent(),
            )
            .render(row(y), buf);
            y += 1;
            let skip = self.lines.len() - shown_lines;
            for (i, l) in self.lines.iter().enumerate().skip(skip) {
                let text = format!(
                    "{:>2}. {} · {} · {} × {}",
                    i + 1,
                    l.descrizione_prodotto,
                    vat_label(l.aliquota_iva),
                    quantity(l.quantita),
                    euro(l.prezzo_lordo.0)
                );
                Line::raw(truncate(&text, text_width)).render(row(y), buf);
                y += 1;
            }
        }
        let labels = [
            "Description ",
            "VAT code    ",
            "Price €     ",
            "Quantity    ",
        ];
        let fields = [&self.description, &self.vat, &self.price, &self.quantity];
        for (i, (label, f)) in labels.iter().zip(fields).enumerate() {
            field::render(f, label, 12, self.focus == i, theme, row(y), buf);
            y += 1;
        }
        let payment_style = if self.focus == 4 {
            theme.selection()
        } else {
            theme.text()
        };
        let label_style = if self.focus == 4 {
            theme.accent()
        } else {
            theme.text()
        };
        let method = PAYMENTS[self.payment];
        Line::from(vec![
            Span::styled("Payment     ", label_style),
            Span::styled(
                format!("‹ {} {} ›", method.as_str(), payment_label(method)),
                payment_style,
            ),
        ])
        .render(row(y), buf);
        y += 2;
        Line::styled(
            "VAT: 22 10 5 4 or N1–N6 · gross prices, VAT included",
            theme.dim(),
        )
        .render(row(y), buf);
        y += 1;
        if self.sending {
            Line::styled("Sending…", theme.accent()).render(row(y + 1), buf);
        }
        y += 1;
        if !errors.is_empty() {
            Line::styled("Refused:", theme.error()).render(row(y), buf);
            y += 1;
            for line in &errors {
                Line::styled(line.as_str(), theme.error()).render(row(y), buf);
                y += 1;
            }
        }
    }
}

/// Lines of a sale coming back: line numbers and quantities.
#[derive(Clone, Debug)]
pub struct ReturnForm {
    sale: FoundDocument,
    known: Option<Vec<DocumentLine>>,
    number: Field,
    quantity: Field,
    focus: usize,
    /// The lines added so far (Ctrl-N).
    pub lines: Vec<ReturnLine>,
    /// What is wrong, or the server's `errori` as written.
    pub errors: Vec<String>,
    /// Whether the return is on its way.
    pub sending: bool,
}

impl ReturnForm {
    /// The form for `sale`, whose lines are `known` when this session sent it.
    pub fn new(sale: &FoundDocument, known: Option<Vec<DocumentLine>>) -> ReturnForm {
        ReturnForm {
            sale: sale.clone(),
            known,
            number: Field::new("1", 4),
            quantity: Field::new("1", 10),
            focus: 0,
            lines: vec![],
            errors: vec![],
            sending: false,
        }
    }

    fn fields_mut(&mut self) -> [&mut Field; 2] {
        [&mut self.number, &mut self.quantity]
    }

    /// The server refused: its words, as written.
    pub fn refused(&mut self, errori: Vec<String>) {
        self.errors = errori;
        self.sending = false;
    }

    fn line(&self) -> Result<ReturnLine, String> {
        let number = self
            .number
            .text()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                format!(
                    "Line \"{}\": type a line number from 1.",
                    self.number.text()
                )
            })?;
        let quantity = decimal(self.quantity.text()).ok_or_else(|| {
            format!(
                "Quantity \"{}\": type a number such as 1 or 0,5.",
                self.quantity.text()
            )
        })?;
        Ok(ReturnLine {
            numero_elemento: number,
            quantita: quantity,
        })
    }

    fn on_key(&mut self, key: KeyEvent) -> Reply {
        if self.sending {
            return match key.code {
                KeyCode::Esc => Reply::Close,
                _ => Reply::Stay,
            };
        }
        if is_ctrl(&key, 'n') {
            match self.line() {
                Ok(line) => {
                    self.lines.push(line);
                    self.number.set("");
                    self.quantity.set("1");
                    self.focus = 0;
                    self.errors.clear();
                }
                Err(message) => self.errors = vec![message],
            }
            return Reply::Stay;
        }
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Enter => {
                let mut lines = self.lines.clone();
                let typed = !self.number.text().trim().is_empty();
                if typed || lines.is_empty() {
                    match self.line() {
                        Ok(line) => lines.push(line),
                        Err(message) => {
                            self.errors = vec![message];
                            return Reply::Stay;
                        }
                    }
                }
                self.errors.clear();
                self.sending = true;
                return Reply::Run(screens::Job::Documents(Job::Return {
                    idtrx: self.sale.idtrx.clone(),
                    lines,
                }));
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = 1 - self.focus;
            }
            _ => {
                let focus = self.focus;
                self.fields_mut()[focus].input(key);
            }
        }
        Reply::Stay
    }

    fn view(&self, app: &App, frame: &mut Frame, area: Rect) {
        let theme = app.theme();
        let width = 70.min(area.width.saturating_sub(2));
        let text_width = usize::from(width.saturating_sub(4));
        let errors = wrapped(&self.errors, text_width);
        let known = self.known.as_ref().map_or(0, |k| k.len().min(5));
        let height = 8 + known as u16 + u16::from(!self.lines.is_empty()) + errors.len() as u16;
        let outer = popup::centered(area, width, height.min(area.height.saturating_sub(2)));
        let title = format!("Return lines of {}", self.sale.numero_progressivo);
        let inner = popup::frame(
            frame,
            outer,
            &title,
            &[
                ("Tab", "field"),
                ("^N", "add line"),
                ("Enter", "return"),
                ("Esc", "close"),
            ],
            theme,
        );
        let row = |n: u16| popup::row(inner, n);
        let buf = frame.buffer_mut();
        let mut y = 0;
        match &self.known {
            Some(known) => {
                for (i, l) in known.iter().take(5).enumerate() {
                    let text = format!(
                        "{:>2}. {} · {} × {}",
                        i + 1,
                        l.descrizione_prodotto,
                        quantity(l.quantita),
                        euro(l.prezzo_lordo.0)
                    );
                    Line::styled(truncate(&text, text_width), theme.dim()).render(row(y), buf);
                    y += 1;
                }
            }
            None => {
                Line::styled(
                    truncate(
                        "Line numbers as on the receipt (d downloads it).",
                        text_width,
                    ),
                    theme.dim(),
                )
                .render(row(y), buf);
                y += 1;
            }
        }
        if !self.lines.is_empty() {
            let added: Vec<String> = self
                .lines
                .iter()
                .map(|l| format!("{} × {}", l.numero_elemento, quantity(l.quantita)))
                .collect();
            Line::styled(
                truncate(&format!("Added: line {}", added.join(", ")), text_width),
                theme.accent(),
            )
            .render(row(y), buf);
            y += 1;
        }
        y += 1;
        field::render(
            &self.number,
            "Line     ",
            9,
            self.focus == 0,
            theme,
            row(y),
            buf,
        );
        field::render(
            &self.quantity,
            "Quantity ",
            9,
            self.focus == 1,
            theme,
            row(y + 1),
            buf,
        );
        y += 3;
        if self.sending {
            Line::styled("Sending…", theme.accent()).render(row(y), buf);
        }
        for line in &errors {
            Line::styled(line.as_str(), theme.error()).render(row(y), buf);
            y += 1;
        }
    }
}
