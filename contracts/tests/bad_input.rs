//! Property tests: the date keyword resolver and the fiscal validators, given anything, never
//! panic, and every rejection is a catalogue message with its placeholders filled.

use dckit_contracts::errors::{Api, ErrorCode, recognise};
use dckit_contracts::fiscal::{CodiceFiscale, FiscalError, PartitaIva};
use dckit_contracts::keywords::{Keyword, Selection, resolve};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

use chrono::{Datelike, NaiveDate};

/// A `start` or `end`: anything, or text near what the resolver reads.
fn parameter() -> impl Strategy<Value = Option<String>> {
    let keyword =
        proptest::sample::select(Keyword::ALL.to_vec()).prop_map(|k| k.label().to_owned());
    proptest::option::of(prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[-+]?[0-9]{0,20}[-/.,]?[0-9]{0,3}[-/.]?[0-9]{0,3}[ \t]{0,2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        keyword.clone(),
        // A keyword with one character changed, or in odd case and spacing.
        (keyword, any::<prop::sample::Index>(), any::<char>()).prop_map(|(k, i, c)| {
            let mut chars: Vec<char> = k.chars().collect();
            let at = i.index(chars.len());
            chars[at] = c;
            chars.into_iter().collect()
        }),
        Just("{value}x".to_owned()),
    ])
}

/// Any day chrono knows.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_keyword_rejection_is_a_webservice_catalogue_message(
        start in parameter(),
        end in parameter(),
        today in any_day(),
    ) {
        match resolve(start.as_deref(), end.as_deref(), today) {
            Ok(Selection::Range(range)) => prop_assert!(range.start <= range.end, "{range:?}"),
            Ok(Selection::All) => {}
            Err(error) => {
                let catalogue = error.catalogue();
                prop_assert_eq!(catalogue.code.api(), Api::WebService);
                prop_assert_eq!(catalogue.code, error.code());
                prop_assert_eq!(&catalogue.message, &error.to_string());
                let found = recognise(Api::WebService, &catalogue.message);
                prop_assert_eq!(found.map(|r| r.code), Some(error.code()), "{}", catalogue.message);
            }
        }
    }
}

/// What a bad partita IVA or codice fiscale is answered with: one sentence, which the catalogue
/// entries quoting it carry whole.
fn check_fiscal_message(error: &FiscalError, text: &str) -> Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(message.ends_with('.'), "{message:?}");
    // A literal `{}` can only come from the input quoted in the message.
    prop_assert!(
        text.contains(['{', '}']) || !message.contains("{}"),
        "{message:?}"
    );
    prop_assert!(
        message.starts_with("La partita IVA")
            || message.starts_with("Il codice fiscale")
            || message.starts_with("Il carattere di controllo"),
        "{message:?}"
    );
    // As the account area answers a new key's partita IVA, and DataCash refused credentials.
    let portal = ErrorCode::PortalPartitaIvaInvalid.with(&[("value", text), ("reason", &message)]);
    let values = portal.code.values_in(&portal.message);
    prop_assert!(values.is_some(), "{}", portal.message);
    let refused = ErrorCode::DcCredentialsRefused.with(&[("reason", &message)]);
    prop_assert_eq!(
        recognise(Api::DataCash, &refused.message).map(|r| r.code),
        Some(ErrorCode::DcCredentialsRefused)
    );
    Ok(())
}

/// A valid partita IVA (a company's codice fiscale too).
fn valid_partita_iva() -> impl Strategy<Value = String> {
    (
        1u32..=9_999_999,
        prop_oneof![1u32..=100, Just(120), Just(121), Just(888), Just(999)],
    )
        .prop_map(|(number, office)| {
            let first10 = format!("{number:07}{office:03}");
            format!("{first10}{}", PartitaIva::check_digit(&first10).unwrap())
        })
}

/// A valid personal codice fiscale.
fn valid_codice_fiscale() -> impl Strategy<Value = String> {
    (
        "[A-Z]{6}[0-9]{2}[ABCDEHLMPRST]",
        1u32..=28,
        any::<bool>(),
        "[A-IL-MZ][0-9]{2}[1-9]",
    )
        .prop_map(|(head, day, woman, place)| {
            let day = if woman { day + 40 } else { day };
            let first15 = format!("{head}{day:02}{place}");
            format!(
                "{first15}{}",
                CodiceFiscale::check_letter(&first15).unwrap()
            )
        })
}

/// `valid` with one character replaced, removed or added, or padded, prefixed, lower-cased.
fn near(valid: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (valid, any::<prop::sample::Index>(), any::<char>(), 0u8..7).prop_map(|(v, i, c, how)| {
        let mut chars: Vec<char> = v.chars().collect();
        let at = i.index(chars.len());
        match how {
            0 => chars[at] = c,
            1 => {
                chars.remove(at);
            }
            2 => chars.insert(at, c),
            3 => return format!(" {v}\t"),
            4 => return format!("IT{v}"),
            5 => return v.to_lowercase(),
            _ => chars[at] = char::from_digit((c as u32) % 10, 10).unwrap_or('0'),
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn partita_iva_rejections_are_sentences(
        text in prop_oneof![any::<String>(), near(valid_partita_iva()), "[0-9 ]{9,13}"],
    ) {
        match PartitaIva::parse(&text) {
            Ok(piva) => {
                prop_assert_eq!(piva.as_str(), text.trim());
                prop_assert_eq!(PartitaIva::parse(piva.as_str()), Ok(piva.clone()));
            }
            Err(error) => check_fiscal_message(&error, &text)?,
        }
    }

    #[test]
    fn codice_fiscale_rejections_are_sentences(
        text in prop_oneof![
            any::<String>(),
            near(valid_codice_fiscale()),
            near(valid_partita_iva()),
            "[A-Za-z0-9]{16}",
        ],
    ) {
        match CodiceFiscale::parse(&text) {
            Ok(cf) => {
                prop_assert_eq!(cf.as_str(), text.trim().to_ascii_uppercase());
                prop_assert_eq!(CodiceFiscale::parse(cf.as_str()), Ok(cf.clone()));
            }
            Err(error) => check_fiscal_message(&error, &text)?,
        }
    }
}

#[test]
fn the_generators_make_valid_identifiers() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..64 {
        let piva = valid_partita_iva().new_tree(&mut runner).unwrap().current();
        assert!(PartitaIva::parse(&piva).is_ok(), "{piva}");
        let cf = valid_codice_fiscale()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        assert!(CodiceFiscale::parse(&cf).is_ok(), "{cf}");
    }
}
