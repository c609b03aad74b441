//! The partita IVA: 11 digits, a provincial office code and a check digit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{FiscalError, Identifier, Part};

/// A valid Italian partita IVA: 11 ASCII digits, of which
///
/// * 1–7 are the taxpayer's number (the *matricola*), never `0000000`;
/// * 8–10 are the code of the provincial office that issued it: `001`–`100`, `120`, `121`,
///   `888` or `999`;
/// * 11 is the check digit (Luhn): the digits in odd places summed as they are, those in even
///   places doubled less 9 when over 9, and the check digit brings the total to a multiple
///   of 10.
///
/// *Rationale* for checking the office code: the Agenzia delle Entrate's own checking
/// program (Sogei's `UCheckNum`, published with the codice fiscale tools) accepts exactly these
/// codes for partite IVA and companies' codici fiscali, and python-stdnum's `it.iva` applies
/// the same set. A number outside it cannot have been issued, even with a right check digit.
///
/// Parsing trims surrounding whitespace; any other character but a digit is an error, as is
/// the `IT` prefix of intra-EU VAT numbers. Serde reads and writes it as a plain string and
/// validates it when reading.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartitaIva(String);

impl PartitaIva {
    /// The partita IVA written in `text`, or what is wrong with it.
    pub fn parse(text: &str) -> Result<PartitaIva, FiscalError> {
        let value = text.trim();
        if value.is_empty() {
            return Err(FiscalError::Empty {
                identifier: Identifier::PartitaIva,
            });
        }
        if let Some(rest) = value.get(..2).filter(|p| p.eq_ignore_ascii_case("IT")) {
            let without_prefix = value[rest.len()..].trim_start();
            if without_prefix.len() == 11 && without_prefix.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FiscalError::CountryPrefix {
                    value: value.to_owned(),
                    without_prefix: without_prefix.to_owned(),
                });
            }
        }
        validate_digits(Identifier::PartitaIva, value)?;
        Ok(PartitaIva(value.to_owned()))
    }

    /// The check digit that completes the 10 digits `first10`, or `None` unless `first10` is
    /// exactly 10 ASCII digits.
    pub fn check_digit(first10: &str) -> Option<char> {
        // Ten ASCII digits (no allocation: this runs on every DataCash request).
        let bytes = first10.as_bytes();
        if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let sum: u32 = bytes
            .iter()
            .map(|b| u32::from(b - b'0'))
            .enumerate()
            .map(|(i, d)| match i % 2 {
                0 => d,
                _ if d * 2 > 9 => d * 2 - 9,
                _ => d * 2,
            })
            .sum();
        char::from_digit((10 - sum % 10) % 10, 10)
    }

    /// The partita IVA made of `first10` and its check digit — how test data builds valid
    /// numbers — or what is wrong with `first10` (a zero taxpayer number, an office code not in
    /// use, or not 10 digits).
    pub fn with_check_digit(first10: &str) -> Result<PartitaIva, FiscalError> {
        match PartitaIva::check_digit(first10) {
            Some(check) => PartitaIva::parse(&format!("{first10}{check}")),
            None => PartitaIva::parse(first10),
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits 8–10: the code of the provincial office that issued the number.
    pub fn office_code(&self) -> &str {
        &self.0[7..10]
    }
}

/// Checks that `value` (trimmed, not empty) is a valid 11-digit identifier: a partita IVA or a
/// company's codice fiscale.
pub(super) fn validate_digits(identifier: Identifier, value: &str) -> Result<(), FiscalError> {
    if let Some((i, found)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(FiscalError::Character {
            identifier,
            value: value.to_owned(),
            position: i + 1,
            found,
            part: Part::Digits,
        });
    }
    // Only ASCII digits from here on, so byte slices are character slices.
    if value.len() != 11 {
        return Err(FiscalError::Length {
            identifier,
            value: value.to_owned(),
            length: value.len(),
        });
    }
    if value[..7].bytes().all(|b| b == b'0') {
        return Err(FiscalError::ZeroNumber {
            identifier,
            value: value.to_owned(),
        });
    }
    let expected = PartitaIva::check_digit(&value[..10]).unwrap_or('0');
    if !value[10..].starts_with(expected) {
        return Err(FiscalError::CheckCharacter {
            identifier,
            value: value.to_owned(),
            expected,
        });
    }
    let office = &value[7..10];
    if !matches!(office.parse::<u16>(), Ok(1..=100 | 120 | 121 | 888 | 999)) {
        return Err(FiscalError::Office {
            identifier,
            value: value.to_owned(),
            office: office.to_owned(),
        });
    }
    Ok(())
}

impl fmt::Display for PartitaIva {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PartitaIva {
    type Err = FiscalError;

    fn from_str(text: &str) -> Result<PartitaIva, FiscalError> {
        PartitaIva::parse(text)
    }
}

impl AsRef<str> for PartitaIva {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PartitaIva {
    type Error = FiscalError;

    fn try_from(text: String) -> Result<PartitaIva, FiscalError> {
        PartitaIva::parse(&text)
    }
}

impl From<PartitaIva> for String {
    fn from(partita_iva: PartitaIva) -> String {
        partita_iva.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The office codes in use.
    const OFFICES: [&str; 6] = ["001", "100", "120", "121", "888", "999"];

    #[test]
    fn real_numbers_are_valid() {
        // Partite IVA and numeric codici fiscali as published by large Italian companies and
        // public bodies; each check digit was computed independently of this code.
        let numbers = [
            "00743110157",
            "00905811006",
            "00488410010",
            "00811720580",
            "15844561009",
            "00484960588",
            "06363391001",
            "02438750586",
            "13669721006",
            "97147110155",
            "00159560366",
            "08526440154",
            "01114601006",
            "00799960158",
            "04705810150",
        ];
        for number in numbers {
            let parsed = PartitaIva::parse(number).unwrap_or_else(|e| panic!("{number}: {e}"));
            assert_eq!(parsed.as_str(), number);
            assert_eq!(parsed.to_string(), number);
            assert_eq!(parsed.office_code(), &number[7..10]);
        }
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        for text in [" 00743110157", "00743110157\n", "\t00743110157  "] {
            assert_eq!(
                PartitaIva::parse(text).map(String::from),
                Ok("00743110157".to_owned()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn invalid_numbers_and_their_messages() {
        let cases = [
            ("", "La partita IVA è vuota: servono 11 cifre."),
            (" \t ", "La partita IVA è vuota: servono 11 cifre."),
            (
                "12345",
                "La partita IVA \"12345\" deve essere di 11 cifre, ne ha 5.",
            ),
            (
                " 007431101570 ",
                "La partita IVA \"007431101570\" deve essere di 11 cifre, ne ha 12.",
            ),
            (
                "0074311015A",
                "La partita IVA \"0074311015A\" contiene il carattere \"A\" in posizione 11: \
                 sono ammesse solo cifre.",
            ),
            (
                "00743 110157",
                "La partita IVA \"00743 110157\" contiene uno spazio in posizione 6: sono \
                 ammesse solo cifre.",
            ),
            (
                "0074311015\u{7}",
                "La partita IVA \"0074311015\u{7}\" contiene il carattere invisibile U+0007 in \
                 posizione 11: sono ammesse solo cifre.",
            ),
            (
                "００７４３１１０１５７",
                "La partita IVA \"００７４３１１０１５７\" contiene il carattere \"０\" in posizione \
                 1: sono ammesse solo cifre.",
            ),
            (
                "IT00743110157",
                "La partita IVA \"IT00743110157\" va scritta senza il prefisso del paese IT: \
                 00743110157.",
            ),
            (
                "it 00743110157",
                "La partita IVA \"it 00743110157\" va scritta senza il prefisso del paese IT: \
                 00743110157.",
            ),
            (
                "IT0074311015",
                "La partita IVA \"IT0074311015\" contiene il carattere \"I\" in posizione 1: \
                 sono ammesse solo cifre.",
            ),
            (
                "01234567890",
                "Il carattere di controllo della partita IVA 01234567890 è errato: atteso 7.",
            ),
            (
                "00743110158",
                "Il carattere di controllo della partita IVA 00743110158 è errato: atteso 7.",
            ),
            (
                "00000000000",
                "La partita IVA 00000000000 non ha un numero di matricola: le prime 7 cifre sono \
                 tutte zero.",
            ),
            (
                "00000000018",
                "La partita IVA 00000000018 non ha un numero di matricola: le prime 7 cifre sono \
                 tutte zero.",
            ),
            (
                "01234567897",
                "La partita IVA 01234567897 ha un codice ufficio non valido (789): le cifre \
                 dall'ottava alla decima devono essere tra 001 e 100, oppure 120, 121, 888 o 999.",
            ),
        ];
        for (text, message) in cases {
            let error = PartitaIva::parse(text).expect_err(text);
            assert_eq!(error.to_string(), message, "{text:?}");
        }
    }

    #[test]
    fn office_codes_in_use() {
        // Each number has a right check digit: only the office code decides.
        let cases = [
            ("12345670009", false),
            ("12345670017", true),
            ("12345671007", true),
            ("12345671015", false),
            ("12345671197", false),
            ("12345671205", true),
            ("12345671213", true),
            ("12345671221", false),
            ("12345678879", false),
            ("12345678887", true),
            ("12345679984", false),
            ("12345679992", true),
        ];
        for (number, valid) in cases {
            let result = PartitaIva::parse(number);
            assert_eq!(result.is_ok(), valid, "{number}: {result:?}");
            if let Err(error) = result {
                assert!(
                    matches!(error, FiscalError::Office { ref office, .. } if office == &number[7..10]),
                    "{number}: {error:?}"
                );
            }
        }
    }

    #[test]
    fn check_digit_needs_ten_digits() {
        let cases = [
            ("0074311015", Some('7')),
            ("0123456789", Some('7')),
            ("1234567001", Some('7')),
            ("0000000000", Some('0')),
            ("", None),
            ("123", None),
            ("012345678a", None),
            ("01234567890", None),
            ("０１２３４５６７８９", None),
        ];
        for (first10, expected) in cases {
            assert_eq!(PartitaIva::check_digit(first10), expected, "{first10:?}");
        }
    }

    #[test]
    fn with_check_digit_completes_valid_numbers_only() {
        let cases = [
            ("0074311015", Ok("00743110157")),
            ("1234567120", Ok("12345671205")),
            ("1234567500", Err("office")),
            ("0000000001", Err("zero")),
            ("123456700", Err("length")),
            ("12345670a1", Err("character")),
        ];
        for (first10, expected) in cases {
            let result = PartitaIva::with_check_digit(first10);
            match (expected, &result) {
                (Ok(number), Ok(parsed)) => assert_eq!(parsed.as_str(), number),
                (Err("office"), Err(FiscalError::Office { .. }))
                | (Err("zero"), Err(FiscalError::ZeroNumber { .. }))
                | (Err("length"), Err(FiscalError::Length { .. }))
                | (Err("character"), Err(FiscalError::Character { .. })) => {}
                _ => panic!("{first10}: expected {expected:?}, got {result:?}"),
            }
        }
    }

    #[test]
    fn serde_is_a_validated_string() {
        let parsed: PartitaIva = serde_json::from_str("\" 00743110157 \"").unwrap();
        assert_eq!(parsed.as_str(), "00743110157");
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"00743110157\"");

        let error = serde_json::from_str::<PartitaIva>("\"00743110158\"").unwrap_err();
        assert!(
            error.to_string().contains("atteso 7"),
            "serde error: {error}"
        );
        assert!(serde_json::from_str::<PartitaIva>("743110157").is_err());
    }

    /// 10 digits: a non-zero taxpayer number and an office code in use.
    fn valid_first10() -> impl Strategy<Value = String> {
        (1u32..=9_999_999, proptest::sample::select(OFFICES.to_vec()))
            .prop_map(|(number, office)| format!("{number:07}{office}"))
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = PartitaIva::parse(&text);
        }

        #[test]
        fn the_check_digit_makes_a_valid_number_and_only_it(
            first10 in valid_first10(),
            shift in 1u32..=9,
        ) {
            let check = PartitaIva::check_digit(&first10).unwrap();
            let number = format!("{first10}{check}");
            prop_assert_eq!(PartitaIva::parse(&number).map(String::from), Ok(number.clone()));

            let wrong = char::from_digit((check.to_digit(10).unwrap() + shift) % 10, 10).unwrap();
            let error = PartitaIva::parse(&format!("{first10}{wrong}")).unwrap_err();
            prop_assert_eq!(
                error,
                FiscalError::CheckCharacter {
                    identifier: Identifier::PartitaIva,
                    value: format!("{first10}{wrong}"),
                    expected: check,
                }
            );
        }

        #[test]
        fn any_ten_digits_are_valid_when_number_and_office_are(first10 in "[0-9]{10}") {
            let check = PartitaIva::check_digit(&first10).unwrap();
            let office: u16 = first10[7..].parse().unwrap();
            let expected = &first10[..7] != "0000000"
                && matches!(office, 1..=100 | 120 | 121 | 888 | 999);
            prop_assert_eq!(PartitaIva::parse(&format!("{first10}{check}")).is_ok(), expected);
        }
    }
}
