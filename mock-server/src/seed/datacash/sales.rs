//! What the bar sells and how a random sale of it is drawn: lines, discounts, gifts,
//! payments and lottery codes.

use crate::datacash::sale::{Sale, SaleLine};
use dckit_contracts::model::datacash::{PaymentType, VatCode};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

/// A product: description, price in cents, VAT code, sold by weight (kg) or by the piece,
/// and how often it sells.
pub(super) type Product = (&'static str, i64, VatCode, bool, u32);

/// What the bar sells, one product a line.
#[rustfmt::skip]
pub(super) const BAR: &[Product] = &[
    ("Caffè espresso", 120, VatCode::Vat10, false, 40),
    ("Caffè macchiato", 130, VatCode::Vat10, false, 12),
    ("Cappuccino", 160, VatCode::Vat10, false, 25),
    ("Caffè d'orzo in tazza grande", 140, VatCode::Vat10, false, 4),
    ("Cioccolata calda con panna", 300, VatCode::Vat10, false, 4),
    ("Tè caldo", 200, VatCode::Vat10, false, 3),
    ("Spremuta d'arancia", 350, VatCode::Vat10, false, 5),
    ("Cornetto alla crema", 150, VatCode::Vat10, false, 22),
    ("Cornetto integrale al miele", 150, VatCode::Vat10, false, 8),
    ("Bombolone alla crema", 180, VatCode::Vat10, false, 5),
    ("Tramezzino tonno e pomodoro", 300, VatCode::Vat10, false, 7),
    ("Panino crudo e mozzarella", 450, VatCode::Vat10, false, 6),
    ("Toast prosciutto e formaggio", 380, VatCode::Vat10, false, 6),
    ("Focaccia genovese", 250, VatCode::Vat10, false, 5),
    ("Acqua minerale naturale 0,5 L", 100, VatCode::Vat10, false, 10),
    ("Succo di frutta alla pesca", 250, VatCode::Vat10, false, 4),
    ("Aranciata San Pellegrino", 280, VatCode::Vat10, false, 3),
    ("Spritz Aperol", 550, VatCode::Vat10, false, 5),
    ("Bicerin", 450, VatCode::Vat10, false, 3),
    ("Bignè al cioccolato", 120, VatCode::Vat10, false, 6),
    ("Torta della nonna (fetta)", 350, VatCode::Vat10, false, 4),
    ("Pasticcini mignon (kg)", 3200, VatCode::Vat10, true, 5),
    ("Gianduiotti sfusi (kg)", 4500, VatCode::Vat22, true, 2),
    ("Gianduiotti Caffarel 250 g", 950, VatCode::Vat22, false, 2),
    ("Caramelle Rossana (busta)", 280, VatCode::Vat22, false, 2),
    ("Gomme da masticare", 150, VatCode::Vat22, false, 3),
    ("Caffè in grani 1 kg", 2490, VatCode::Vat22, false, 1),
    ("Barbera d'Asti DOCG 0,75 L", 1400, VatCode::Vat22, false, 1),
    ("Ombrello pieghevole", 990, VatCode::Vat22, false, 1),
    ("Assorbenti igienici (confezione)", 390, VatCode::Vat5, false, 1),
    ("Basilico in vaso", 250, VatCode::Vat5, false, 1),
    ("Pane comune (kg)", 380, VatCode::Vat4, true, 4),
    ("Grissini torinesi stirati 250 g", 290, VatCode::Vat4, false, 3),
    ("Latte fresco intero 1 L", 179, VatCode::Vat4, false, 2),
    ("Marca da bollo 16,00 euro", 1600, VatCode::N1, false, 1),
    ("Quotidiano La Stampa", 190, VatCode::N2, false, 4),
    ("Ricarica telefonica 10 euro", 1000, VatCode::N2, false, 1),
    ("Biglietto GTT corsa singola", 190, VatCode::N2, false, 2),
    ("Gratta e Vinci 5 euro", 500, VatCode::N4, false, 1),
    ("Francobollo posta ordinaria", 125, VatCode::N4, false, 1),
];

/// A lottery code: 8 upper-case letters and digits.
fn lottery_code(rng: &mut ChaCha8Rng) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..8)
        .map(|_| char::from(*ALNUM.choose(rng).unwrap_or(&b'A')))
        .collect()
}

/// A product drawn by `weights` (summing to `total`).
fn pick<'a>(rng: &mut ChaCha8Rng, weights: &[u32], total: u32) -> &'a Product {
    let mut roll = rng.random_range(0..total.max(1));
    for (product, w) in BAR.iter().zip(weights) {
        if roll < *w {
            return product;
        }
        roll -= w;
    }
    &BAR[0]
}

/// A sale of 1–8 lines of products drawn by `weights` (summing to `total`), paid as a bar's
/// customers pay.
pub(super) fn random_sale(rng: &mut ChaCha8Rng, weights: &[u32], total: u32) -> Sale {
    let count = *[1usize, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8]
        .choose(rng)
        .unwrap_or(&1);
    let whole_gift = rng.random_range(0..1000) < 3;
    let lines: Vec<SaleLine> = (0..count)
        .map(|_| {
            let (description, price, vat, by_weight, _) = *pick(rng, weights, total);
            let quantity = if by_weight {
                Decimal::new(rng.random_range(30..=240) * 5, 3)
            } else {
                Decimal::from(
                    *[1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 6]
                        .choose(rng)
                        .unwrap_or(&1),
                )
            };
            let unit_price = Decimal::new(price, 2);
            let value = crate::datacash::money::cents(unit_price * quantity);
            let discount = if rng.random_range(0..100) < 4 && value > Decimal::ONE {
                Decimal::new(rng.random_range(1..=10) * 10, 2).min(value)
            } else {
                Decimal::ZERO
            };
            SaleLine {
                vat,
                description: description.to_owned(),
                unit_price,
                quantity,
                discount,
                gift: whole_gift || (price <= 200 && rng.random_range(0..100) < 2),
            }
        })
        .collect();
    let mut sale = Sale {
        lines,
        discount: Decimal::ZERO,
        gift: whole_gift,
        lottery: None,
        payments: Vec::new(),
        linked: None,
        multisede: None,
    };
    let gross = sale.gross();
    if !whole_gift && gross > Decimal::from(10) && rng.random_range(0..100) < 3 {
        sale.discount = Decimal::new(rng.random_range(1..=4) * 50, 2);
    }
    let to_pay = sale.amount_to_pay();
    if to_pay.is_zero() {
        return sale;
    }
    let roll = rng.random_range(0..100);
    sale.payments = if roll < 45 {
        vec![(PaymentType::Cash, to_pay)]
    } else if roll < 90 {
        vec![(PaymentType::Electronic, to_pay)]
    } else if roll < 94 && to_pay >= Decimal::from(4) {
        vec![(PaymentType::TicketRestaurant, to_pay)]
    } else if to_pay > Decimal::from(8) {
        let first = if rng.random_bool(0.5) {
            PaymentType::TicketRestaurant
        } else {
            PaymentType::Cash
        };
        let part = Decimal::from(rng.random_range(1..=4) * 2).min(to_pay - Decimal::ONE);
        vec![(first, part), (PaymentType::Electronic, to_pay - part)]
    } else {
        vec![(PaymentType::Cash, to_pay)]
    };
    if sale
        .payments
        .iter()
        .any(|(t, _)| *t == PaymentType::Electronic)
        && rng.random_range(0..100) < 25
    {
        sale.lottery = Some(lottery_code(rng));
    }
    sale
}
