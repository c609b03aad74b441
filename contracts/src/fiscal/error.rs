//! What can be wrong with a partita IVA or a codice fiscale, said in Italian.

use std::fmt;

/// The identifier an error is about, which fixes the words of its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Identifier {
    /// A partita IVA.
    PartitaIva,
    /// A codice fiscale, of a person (16 characters) or of a company or body (11 digits).
    CodiceFiscale,
}

impl Identifier {
    /// `"La partita IVA"`, `"Il codice fiscale"`: the subject of a sentence.
    fn subject(self) -> &'static str {
        match self {
            Identifier::PartitaIva => "La partita IVA",
            Identifier::CodiceFiscale => "Il codice fiscale",
        }
    }

    /// `"della partita IVA"`, `"del codice fiscale"`.
    fn of(self) -> &'static str {
        match self {
            Identifier::PartitaIva => "della partita IVA",
            Identifier::CodiceFiscale => "del codice fiscale",
        }
    }

    /// The sentence saying the identifier is empty.
    fn empty(self) -> &'static str {
        match self {
            Identifier::PartitaIva => "La partita IVA è vuota: servono 11 cifre.",
            Identifier::CodiceFiscale => {
                "Il codice fiscale è vuoto: servono 16 caratteri per una persona fisica o 11 cifre per società ed enti."
            }
        }
    }

    /// The length an identifier must have, as the end of a sentence.
    fn length(self) -> &'static str {
        match self {
            Identifier::PartitaIva => "deve essere di 11 cifre",
            Identifier::CodiceFiscale => {
                "deve essere di 16 caratteri (persona fisica) o di 11 cifre (società ed enti)"
            }
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Identifier::PartitaIva => "partita IVA",
            Identifier::CodiceFiscale => "codice fiscale",
        })
    }
}

/// The characters that replace digits in an omocodic codice fiscale, as the end of a sentence.
macro_rules! digits_or_omocodia {
    () => {
        "cifre o, nei codici omocodici, le lettere L, M, N, P, Q, R, S, T, U, V"
    };
}

/// The part of an identifier a wrong character was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// An identifier made of digits only: a partita IVA or a company's codice fiscale.
    Digits,
    /// Positions 1–6 of a personal codice fiscale (from the surname and the name): letters.
    Letters,
    /// Positions 7–8 of a personal codice fiscale (year of birth): digits or omocodia letters.
    Year,
    /// Positions 10–11 of a personal codice fiscale (day of birth and sex): digits or omocodia
    /// letters.
    Day,
    /// Position 12 of a personal codice fiscale (the letter of the place of birth).
    PlaceLetter,
    /// Positions 13–15 of a personal codice fiscale (the number of the place of birth): digits
    /// or omocodia letters.
    PlaceNumber,
}

impl Part {
    /// What the part must hold, as the end of a sentence.
    fn expectation(self, identifier: Identifier) -> &'static str {
        match (self, identifier) {
            (Part::Digits, Identifier::PartitaIva) => "sono ammesse solo cifre",
            (Part::Digits, Identifier::CodiceFiscale) => {
                "un codice fiscale di 11 caratteri (società ed enti) è fatto di sole cifre"
            }
            (Part::Letters, _) => "le posizioni da 1 a 6 (cognome e nome) devono contenere lettere",
            (Part::Year, _) => concat!(
                "le posizioni 7 e 8 (anno di nascita) devono contenere ",
                digits_or_omocodia!()
            ),
            (Part::Day, _) => concat!(
                "le posizioni 10 e 11 (giorno di nascita e sesso) devono contenere ",
                digits_or_omocodia!()
            ),
            (Part::PlaceLetter, _) => {
                "la posizione 12 (comune o Stato estero di nascita) deve contenere una delle lettere A, B, C, D, E, F, G, H, I, L, M (comuni italiani) o Z (Stati esteri)"
            }
            (Part::PlaceNumber, _) => concat!(
                "le posizioni da 13 a 15 (comune o Stato estero di nascita) devono contenere ",
                digits_or_omocodia!()
            ),
        }
    }
}

/// Why a text is not a valid partita IVA or codice fiscale.
///
/// Each message is one Italian sentence ending with a full stop, naming the value (trimmed;
/// a codice fiscale also in upper case) and what is expected instead. Positions count
/// characters from 1.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiscalError {
    /// Nothing but whitespace.
    #[error("{}", identifier.empty())]
    Empty {
        /// What was expected.
        identifier: Identifier,
    },
    /// A partita IVA written with the `IT` country prefix of VAT numbers.
    #[error(
        "La partita IVA \"{value}\" va scritta senza il prefisso del paese IT: {without_prefix}."
    )]
    CountryPrefix {
        /// The text given.
        value: String,
        /// The same text without the prefix.
        without_prefix: String,
    },
    /// Neither 11 (nor, for a codice fiscale, 16) characters.
    #[error("{} \"{value}\" {}, ne ha {length}.", identifier.subject(), identifier.length())]
    Length {
        /// What was expected.
        identifier: Identifier,
        /// The text given.
        value: String,
        /// How many characters it has.
        length: usize,
    },
    /// A character that cannot stand where it is.
    #[error(
        "{} \"{value}\" contiene {} in posizione {position}: {}.",
        identifier.subject(),
        describe(*found),
        part.expectation(*identifier)
    )]
    Character {
        /// What was expected.
        identifier: Identifier,
        /// The text given.
        value: String,
        /// Where the character is, from 1.
        position: usize,
        /// The character.
        found: char,
        /// The part of the identifier it is in.
        part: Part,
    },
    /// A numeric identifier whose first 7 digits (the taxpayer's number) are all zero.
    #[error(
        "{} {value} non ha un numero di matricola: le prime 7 cifre sono tutte zero.",
        identifier.subject()
    )]
    ZeroNumber {
        /// What was expected.
        identifier: Identifier,
        /// The text given.
        value: String,
    },
    /// A numeric identifier whose digits 8–10 are not the code of a provincial office.
    #[error(
        "{} {value} ha un codice ufficio non valido ({office}): le cifre dall'ottava alla decima devono essere tra 001 e 100, oppure 120, 121, 888 o 999.",
        identifier.subject()
    )]
    Office {
        /// What was expected.
        identifier: Identifier,
        /// The text given.
        value: String,
        /// Digits 8–10.
        office: String,
    },
    /// The last character is not the one the others call for.
    #[error(
        "Il carattere di controllo {} {value} è errato: atteso {expected}.",
        identifier.of()
    )]
    CheckCharacter {
        /// What was expected.
        identifier: Identifier,
        /// The text given.
        value: String,
        /// The right last character.
        expected: char,
    },
    /// A personal codice fiscale whose 9th character is not a month letter.
    #[error(
        "Il codice fiscale \"{value}\" ha un mese non valido ({found}): valori ammessi A, B, C, D, E, H, L, M, P, R, S, T."
    )]
    Month {
        /// The codice fiscale given.
        value: String,
        /// Its 9th character.
        found: char,
    },
    /// A personal codice fiscale whose day of birth (positions 10–11) is no day.
    #[error("Il codice fiscale \"{value}\" ha un giorno di nascita non valido ({day}): {detail}.")]
    Day {
        /// The codice fiscale given.
        value: String,
        /// Positions 10–11 as written.
        day: String,
        /// Why, as the end of a sentence.
        detail: String,
    },
    /// A personal codice fiscale whose place of birth has the number 000.
    #[error(
        "Il codice fiscale \"{value}\" ha un codice del comune o Stato estero di nascita non valido ({place}): il numero dopo la lettera non può essere 000."
    )]
    Place {
        /// The codice fiscale given.
        value: String,
        /// Positions 12–15 as written.
        place: String,
    },
}

/// A character named for a sentence: `il carattere "x"`, `uno spazio`.
fn describe(c: char) -> String {
    match c {
        ' ' => "uno spazio".to_owned(),
        '\t' => "una tabulazione".to_owned(),
        c if c.is_whitespace() || c.is_control() => {
            format!("il carattere invisibile U+{:04X}", u32::from(c))
        }
        c => format!("il carattere \"{c}\""),
    }
}
