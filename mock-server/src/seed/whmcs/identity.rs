//! Identifiers and names of generated clients: valid codici fiscali and partite IVA, slugs
//! for domains and e-mail addresses.

use chrono::{Datelike, NaiveDate};
use dckit_contracts::fiscal::{CodiceFiscale, PartitaIva};

/// The letters of the months in a codice fiscale, January to December.
const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";

/// `text` in upper case ASCII letters only, accents folded (`Müller` → `MULLER`).
fn letters(text: &str) -> Vec<u8> {
    fold(text)
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_uppercase())
        .collect()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'A' | b'E' | b'I' | b'O' | b'U')
}

/// The three letters of a surname: its consonants, then its vowels, then `X`.
fn surname_code(surname: &str) -> String {
    let l = letters(surname);
    let consonants = l.iter().copied().filter(|b| !is_vowel(*b));
    let vowels = l.iter().copied().filter(|b| is_vowel(*b));
    consonants
        .chain(vowels)
        .chain(std::iter::repeat(b'X'))
        .take(3)
        .map(char::from)
        .collect()
}

/// The three letters of a first name: the 1st, 3rd and 4th consonant when it has four or
/// more, else as for a surname.
fn name_code(name: &str) -> String {
    let l = letters(name);
    let consonants: Vec<u8> = l.iter().copied().filter(|b| !is_vowel(*b)).collect();
    if consonants.len() >= 4 {
        [consonants[0], consonants[2], consonants[3]]
            .iter()
            .map(|b| char::from(*b))
            .collect()
    } else {
        surname_code(name)
    }
}

/// The codice fiscale of a person, computed as the Agenzia delle Entrate does (without
/// omocodia): surname, name, birth date and sex, place of birth, check letter.
pub(super) fn codice_fiscale(
    surname: &str,
    name: &str,
    born: NaiveDate,
    woman: bool,
    cadastral: &str,
) -> String {
    let month = MONTHS[born.month0() as usize];
    let day = born.day() + if woman { 40 } else { 0 };
    let first15 = format!(
        "{}{}{:02}{}{:02}{}",
        surname_code(surname),
        name_code(name),
        born.year().rem_euclid(100),
        char::from(month),
        day,
        cadastral
    );
    match CodiceFiscale::check_letter(&first15) {
        Some(check) => format!("{first15}{check}"),
        None => first15,
    }
}

/// The partita IVA with taxpayer number `matricola` (7 digits) issued by provincial office
/// `office`, with its check digit.
pub(super) fn partita_iva(matricola: u32, office: &str) -> String {
    let first10 = format!("{:07}{office}", matricola % 10_000_000);
    match PartitaIva::with_check_digit(&first10) {
        Ok(piva) => piva.as_str().to_owned(),
        Err(_) => format!("{first10}0"),
    }
}

/// `text` with accented Latin letters replaced by their base letters.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'È' | 'É' | 'Ê' | 'Ë' => "E",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' => "I",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ñ' => "n",
            'Ñ' => "N",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
    }
    out
}

/// Words of a company name that are legal forms, not names.
const LEGAL_FORMS: &[&str] = &[
    "srl",
    "srls",
    "spa",
    "snc",
    "sas",
    "gmbh",
    "sarl",
    "sl",
    "bv",
    "ltd",
    "lda",
    "aps",
    "llc",
    "inc",
    "associati",
    "figli",
];

/// A lower-case ASCII slug of `text` for domains and mailboxes: `Rossi Impianti S.r.l.`
/// gives `rossi-impianti`, `D'Angelo` gives `dangelo`.
pub(super) fn slug(text: &str) -> String {
    let folded = fold(text).to_ascii_lowercase();
    let words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(&w.as_str()))
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codici_fiscali_are_computed_and_valid() {
        let cases = [
            // The Agenzia's own example: Mario Rossi, born in Rome on 1980-01-01.
            (
                "Rossi",
                "Mario",
                "1980-01-01",
                false,
                "H501",
                "RSSMRA80A01H501U",
            ),
            (
                "De Luca",
                "Giulia",
                "1992-07-23",
                true,
                "F205",
                "DLCGLI92L63F205",
            ),
            (
                "Ferrari",
                "Francesco",
                "1975-12-31",
                false,
                "L219",
                "FRRFNC75T31L219",
            ),
        ];
        for (surname, name, born, woman, place, prefix) in cases {
            let cf = codice_fiscale(surname, name, born.parse().unwrap(), woman, place);
            assert!(cf.starts_with(prefix), "{cf} vs {prefix}");
            assert_eq!(cf.len(), 16);
            assert!(CodiceFiscale::parse(&cf).is_ok(), "{cf}");
        }
    }

    #[test]
    fn partite_iva_are_valid() {
        for (matricola, office) in [(1234567, "096"), (7654321, "015"), (1, "001")] {
            let piva = partita_iva(matricola, office);
            assert!(PartitaIva::parse(&piva).is_ok(), "{piva}");
        }
    }

    #[test]
    fn slugs() {
        let cases = [
            ("Rossi Impianti S.r.l.", "rossi-impianti"),
            ("Studio D'Angelo & Associati", "studio-dangelo"),
            ("Müller Webdesign GmbH", "muller-webdesign"),
            ("Jean-Baptiste", "jean-baptiste"),
        ];
        for (text, expected) in cases {
            assert_eq!(slug(text), expected, "{text}");
        }
    }
}
