//! The response envelope every DataCash call answers with, and the `infoUser` answer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::errors::CatalogueError;
use crate::model::wire_enum;

/// `{esito, idtrx, progressivo, errori}`: the answer of `sendDocument`, `voidDocument`,
/// `returnDocument`, `resetPassword`, and of every refused call.
///
/// * success with a new document: `esito: true`, `idtrx` and `progressivo` set, `errori: []`;
/// * success without a document (`resetPassword`): `esito: true`, both `null`;
/// * deferred fiscalisation (tax agency down, `sendDocument` only): `esito: true`, both `null`,
///   plus `idTemporaneo` and `stato: "in_attesa"`;
/// * failure: `esito: false`, both `null`, `errori` not empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// Whether the call succeeded.
    pub esito: bool,
    /// The new document's transaction id, a numeric string (`"1001234567"`).
    pub idtrx: Option<String>,
    /// The new document's number, e.g. `"DCW2026/5111-2188"`.
    pub progressivo: Option<String>,
    /// Why the call failed; empty on success.
    #[serde(default)]
    pub errori: Vec<DcError>,
    /// The temporary id of a sale accepted while the tax agency is down; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_temporaneo: Option<String>,
    /// `"in_attesa"` for a sale accepted while the tax agency is down; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stato: Option<DeferredState>,
}

impl Envelope {
    /// Success that created the document `idtrx` numbered `progressivo`.
    pub fn document(idtrx: impl Into<String>, progressivo: impl Into<String>) -> Self {
        Envelope {
            idtrx: Some(idtrx.into()),
            progressivo: Some(progressivo.into()),
            ..Envelope::ok()
        }
    }

    /// Success without a document (e.g. `resetPassword`).
    pub fn ok() -> Self {
        Envelope {
            esito: true,
            idtrx: None,
            progressivo: None,
            errori: Vec::new(),
            id_temporaneo: None,
            stato: None,
        }
    }

    /// A sale accepted while the tax agency is down, to be fiscalised later.
    pub fn deferred(id_temporaneo: impl Into<String>) -> Self {
        Envelope {
            id_temporaneo: Some(id_temporaneo.into()),
            stato: Some(DeferredState::Pending),
            ..Envelope::ok()
        }
    }

    /// Failure with the given errors.
    pub fn failure(errori: impl IntoIterator<Item = DcError>) -> Self {
        Envelope {
            esito: false,
            errori: errori.into_iter().collect(),
            ..Envelope::ok()
        }
    }

    /// Failure with one catalogue error.
    pub fn from_catalogue(error: &CatalogueError) -> Self {
        Envelope::failure([DcError::from_catalogue(error)])
    }
}

/// One entry of `errori`: the catalogue's wire code and Italian message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DcError {
    /// The code, e.g. `"01"` (credentials refused), `"03"` (password expired).
    pub codice: String,
    /// The Italian message.
    pub descrizione: String,
}

impl DcError {
    /// The entry for a catalogue error: its wire code and rendered message.
    pub fn from_catalogue(error: &CatalogueError) -> Self {
        DcError {
            codice: error.code.code().to_owned(),
            descrizione: error.message.clone(),
        }
    }
}

impl From<&CatalogueError> for DcError {
    fn from(error: &CatalogueError) -> Self {
        DcError::from_catalogue(error)
    }
}

wire_enum! {
    /// `stato` of a sale accepted while the tax agency is down.
    pub enum DeferredState {
        /// Waiting for the tax agency; a webhook reports the outcome.
        Pending = "in_attesa",
    }
}

wire_enum! {
    /// `statoLicenza` in `infoUser`.
    pub enum DcLicenceState {
        /// The licence is valid: the key works.
        Active = "attiva",
        /// The licence has expired: the key is inactive until renewed.
        Expired = "scaduta",
    }
}

/// `infoUser` on success: the envelope (`esito: true`, no document) plus what the key is
/// bound to. A refused `infoUser` is a plain [`Envelope`]: read that first, then this when
/// `esito` is `true`.
///
/// Serialised by hand (the fields of the envelope, then its own, as the derived code with
/// `flatten` would write them): the derived code goes through a map, and this is the answer
/// the mock gives most often.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfoUser {
    /// `esito`, `idtrx` (null), `progressivo` (null), `errori` (empty).
    #[serde(flatten)]
    pub envelope: Envelope,
    /// The partita IVA the key is bound to.
    pub partita_iva: String,
    /// Whether the licence is valid.
    pub stato_licenza: DcLicenceState,
    /// The licence's last valid day, `YYYY-MM-DD`.
    pub scadenza_licenza: NaiveDate,
    /// Documents issued with this key on this instance (`dco`), ever.
    pub documenti_emessi: u64,
    /// Documents issued with this key on this instance today (Europe/Rome).
    pub documenti_oggi: u64,
}

impl Serialize for InfoUser {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let envelope = &self.envelope;
        let mut out = serializer.serialize_struct("InfoUser", 11)?;
        out.serialize_field("esito", &envelope.esito)?;
        out.serialize_field("idtrx", &envelope.idtrx)?;
        out.serialize_field("progressivo", &envelope.progressivo)?;
        out.serialize_field("errori", &envelope.errori)?;
        match &envelope.id_temporaneo {
            Some(id) => out.serialize_field("idTemporaneo", id)?,
            None => out.skip_field("idTemporaneo")?,
        }
        match &envelope.stato {
            Some(stato) => out.serialize_field("stato", stato)?,
            None => out.skip_field("stato")?,
        }
        out.serialize_field("partitaIva", &self.partita_iva)?;
        out.serialize_field("statoLicenza", &self.stato_licenza)?;
        out.serialize_field("scadenzaLicenza", &IsoDate(self.scadenza_licenza))?;
        out.serialize_field("documentiEmessi", &self.documenti_emessi)?;
        out.serialize_field("documentiOggi", &self.documenti_oggi)?;
        out.end()
    }
}

/// A date as `YYYY-MM-DD`, written without the formatting machinery chrono's `Serialize`
/// goes through; the same text.
struct IsoDate(NaiveDate);

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use chrono::Datelike;
        let date = self.0;
        let Ok(year) = u16::try_from(date.year()) else {
            return date.serialize(serializer);
        };
        if year > 9999 {
            return date.serialize(serializer);
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (year, month, day) = (u32::from(year), date.month(), date.day());
        let text = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        // Digits and dashes only.
        serializer.serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the derived `Serialize` wrote before [`InfoUser`]'s was written by hand.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct DerivedInfoUser<'a> {
        #[serde(flatten)]
        envelope: &'a Envelope,
        partita_iva: &'a str,
        stato_licenza: DcLicenceState,
        scadenza_licenza: NaiveDate,
        documenti_emessi: u64,
        documenti_oggi: u64,
    }

    #[test]
    fn info_user_is_written_as_the_derived_code_wrote_it() {
        let dates = [
            "0001-01-01",
            "0999-12-31",
            "2026-02-28",
            "2028-02-29",
            "9999-12-31",
        ];
        let envelopes = [
            Envelope::ok(),
            Envelope::deferred("TMP-1"),
            Envelope::document("1001234567", "DCW2026/5111-2188"),
            Envelope::failure([DcError {
                codice: "01".into(),
                descrizione: "Credenziali \"errate\"".into(),
            }]),
        ];
        let far = [
            NaiveDate::from_ymd_opt(-5, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(12345, 6, 7).unwrap(),
        ];
        let all_dates = dates
            .iter()
            .map(|d| d.parse::<NaiveDate>().unwrap())
            .chain(far);
        for (i, date) in all_dates.enumerate() {
            let envelope = envelopes[i % envelopes.len()].clone();
            let info = InfoUser {
                envelope,
                partita_iva: "01234567897".into(),
                stato_licenza: if i % 2 == 0 {
                    DcLicenceState::Active
                } else {
                    DcLicenceState::Expired
                },
                scadenza_licenza: date,
                documenti_emessi: 1534 + i as u64,
                documenti_oggi: i as u64,
            };
            let derived = DerivedInfoUser {
                envelope: &info.envelope,
                partita_iva: &info.partita_iva,
                stato_licenza: info.stato_licenza,
                scadenza_licenza: info.scadenza_licenza,
                documenti_emessi: info.documenti_emessi,
                documenti_oggi: info.documenti_oggi,
            };
            let by_hand = serde_json::to_string(&info).unwrap();
            assert_eq!(by_hand, serde_json::to_string(&derived).unwrap());
            let back: InfoUser = serde_json::from_str(&by_hand).unwrap();
            assert_eq!(back, info, "{by_hand}");
        }
    }
    use crate::errors::ErrorCode;
    use crate::model::testing::{assert_refused, assert_round_trip};
    use serde_json::json;

    #[test]
    fn envelopes_round_trip() {
        let cases = [
            (
                "sale",
                json!({"esito": true, "idtrx": "1001234567", "progressivo": "DCW2026/5111-2188", "errori": []}),
            ),
            (
                "no document",
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": []}),
            ),
            (
                "deferred",
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": [],
                "idTemporaneo": "T20260215-000001", "stato": "in_attesa"}),
            ),
            (
                "failure",
                json!({"esito": false, "idtrx": null, "progressivo": null,
                "errori": [{"codice": "03", "descrizione": "La password Fisconline è scaduta."}]}),
            ),
        ];
        for (name, json) in &cases {
            assert_round_trip::<Envelope>(name, json);
        }
        assert_refused::<Envelope>(
            "deferred state",
            &json!({"esito": true, "idtrx": null, "progressivo": null, "stato": "done"}),
        );
    }

    #[test]
    fn constructors_write_the_documented_shapes() {
        let refused = ErrorCode::DcAlreadyVoided.with(&[("idtrx", "42")]);
        let cases = [
            (
                Envelope::document("42", "DCW2026/5111-1"),
                json!({"esito": true, "idtrx": "42", "progressivo": "DCW2026/5111-1", "errori": []}),
            ),
            (
                Envelope::ok(),
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": []}),
            ),
            (
                Envelope::deferred("T1"),
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": [], "idTemporaneo": "T1", "stato": "in_attesa"}),
            ),
            (
                Envelope::from_catalogue(&refused),
                json!({"esito": false, "idtrx": null, "progressivo": null,
                "errori": [{"codice": "42", "descrizione": "Il documento 42 è già stato annullato."}]}),
            ),
        ];
        for (envelope, expected) in cases {
            assert_eq!(serde_json::to_value(&envelope).unwrap(), expected);
        }
    }

    #[test]
    fn info_user_round_trips() {
        let cases = [
            (
                "active",
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": [],
                "partitaIva": "01234567897", "statoLicenza": "attiva", "scadenzaLicenza": "2026-12-31",
                "documentiEmessi": 1534, "documentiOggi": 12}),
            ),
            (
                "expired",
                json!({"esito": true, "idtrx": null, "progressivo": null, "errori": [],
                "partitaIva": "01234567897", "statoLicenza": "scaduta", "scadenzaLicenza": "2019-06-14",
                "documentiEmessi": 0, "documentiOggi": 0}),
            ),
        ];
        for (name, json) in &cases {
            assert_round_trip::<InfoUser>(name, json);
        }
        assert_refused::<InfoUser>(
            "a failure is not an InfoUser",
            &json!({"esito": false, "idtrx": null, "progressivo": null, "errori": [{"codice": "11", "descrizione": "x"}]}),
        );
        assert_refused::<InfoUser>(
            "bad date",
            &json!({"esito": true, "idtrx": null, "progressivo": null, "errori": [],
            "partitaIva": "1", "statoLicenza": "attiva", "scadenzaLicenza": "31/12/2026", "documentiEmessi": 0, "documentiOggi": 0}),
        );
    }
}
