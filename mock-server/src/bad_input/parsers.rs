//! The parsers on their own: every body is accepted or refused with a catalogue error of the
//! parser's API, and what they accept keeps their promises.

use super::check_catalogue;
use super::strategies::{bytes, json, json_object, near, near_form, number, string};
use crate::datacash::fields;
use crate::fuzzing::{self, DataCashBody, PortalBody};
use dckit_contracts::errors::Api;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The body of a valid sale, as the real client sends it.
pub(super) fn valid_sale(credentials: &str) -> Value {
    json!({
        "ade_credentials_encrypted": credentials,
        "document": {
            "elementiContabili": [
                {"aliquotaIVA": "22", "percentualeIVA": 22, "descrizioneProdotto": "Caffè",
                 "prezzoLordo": 1.2, "quantita": 3, "scontoLordo": 0.1, "omaggioElemento": false},
                {"aliquotaIVA": "N4", "percentualeIVA": 0, "descrizioneProdotto": "Visita",
                 "prezzoLordo": "12.50", "quantita": 1}
            ],
            "totaleScontiAPagare": 0.5,
            "omaggio": false,
            "codiceLotteria": "ABCD1234",
            "pagamento": "",
            "pagamenti": [{"tipo": "PC", "importo": 10}, {"tipo": "PE", "importo": 5.5}],
            "ticketRestaurant": [{"quantita": 1, "importo": 4}],
            "documentoCommercialeCollegato": "",
            "multisede": {"sede": "2"}
        }
    })
}

pub(super) fn valid_return(credentials: &str) -> Value {
    json!({"ade_credentials_encrypted": credentials,
           "elementi": [{"numeroElemento": 1, "quantita": 1}, {"numeroElemento": 2, "quantita": 0.5}]})
}

pub(super) fn valid_find(credentials: &str) -> Value {
    json!({"ade_credentials_encrypted": credentials, "start": "2019-06-01", "end": "2019-06-15"})
}

/// A valid body of each account-area route.
pub(super) fn valid_portal(which: PortalBody) -> Value {
    match which {
        PortalBody::CreateKey => json!({"partitaIva": "01234560017", "label": "Cassa 9"}),
        PortalBody::Label => json!({"label": "Cassa 9"}),
        PortalBody::Renew => json!({"months": 12}),
        PortalBody::BuyAddon => json!({"type": "api-key-light", "quantity": 1}),
        PortalBody::MoveDevice => json!({"storeId": "store-1"}),
    }
}

/// The WebService fields of a valid request, but the token.
pub(super) fn valid_form(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("token", token.to_owned()),
        ("ws", "einvoice".to_owned()),
        ("action", "Get".to_owned()),
        ("start", "2019-06-01".to_owned()),
        ("end", "2019-06-15".to_owned()),
        ("doctype", "Invoices".to_owned()),
        ("invoicenum", String::new()),
        ("invoiceid", String::new()),
    ]
}

fn datacash(which: DataCashBody, body: &[u8]) -> Result<(), TestCaseError> {
    match fuzzing::datacash_body(which, body) {
        Ok(()) => Ok(()),
        Err(e) => check_catalogue(Api::DataCash, &e).map_err(TestCaseError::fail),
    }
}

fn portal(which: PortalBody, body: &[u8]) -> Result<(), TestCaseError> {
    match fuzzing::portal_body(which, body) {
        Ok(()) => Ok(()),
        Err(e) => check_catalogue(Api::Portal, &e).map_err(TestCaseError::fail),
    }
}

fn webservice(content_type: Option<&[u8]>, body: &[u8]) -> Result<(), TestCaseError> {
    match fuzzing::webservice_form(content_type, body) {
        Ok(()) => Ok(()),
        Err(e) => check_catalogue(Api::WebService, &e).map_err(TestCaseError::fail),
    }
}

#[test]
fn the_valid_documents_are_valid() {
    for (which, body) in [
        (DataCashBody::SendDocument, valid_sale("x")),
        (DataCashBody::ReturnDocument, valid_return("x")),
        (DataCashBody::FindDocuments, valid_find("x")),
    ] {
        let bytes = body.to_string().into_bytes();
        assert_eq!(fuzzing::datacash_body(which, &bytes), Ok(()), "{which:?}");
    }
    for which in PortalBody::ALL {
        let bytes = valid_portal(which).to_string().into_bytes();
        assert_eq!(fuzzing::portal_body(which, &bytes), Ok(()), "{which:?}");
    }
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(valid_form(fuzzing::WEBSERVICE_TOKEN))
        .finish();
    assert_eq!(fuzzing::webservice_form(None, form.as_bytes()), Ok(()));
}

fn content_type() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        3 => Just(None),
        3 => Just(Some(b"application/x-www-form-urlencoded".to_vec())),
        1 => Just(Some(b"application/x-www-form-urlencoded; charset=UTF-8".to_vec())),
        1 => Just(Some(b"application/json".to_vec())),
        1 => Just(Some(b"multipart/form-data; boundary=x".to_vec())),
        1 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn datacash_bodies_from_bytes(body in bytes(), which in proptest::sample::select(DataCashBody::ALL.to_vec())) {
        datacash(which, &body)?;
    }

    #[test]
    fn datacash_bodies_from_any_json(body in prop_oneof![json(), json_object()], which in proptest::sample::select(DataCashBody::ALL.to_vec())) {
        datacash(which, body.to_string().as_bytes())?;
    }

    #[test]
    fn near_valid_sales(body in near(valid_sale("x"))) {
        let bytes = body.to_string().into_bytes();
        datacash(DataCashBody::SendDocument, &bytes)?;
        // What is accepted adds up: payments are the amount to pay, to the cent.
        let map = body.as_object().cloned().unwrap_or_default();
        if let Ok(sale) = crate::datacash::sale::parse(&map) {
            let to_pay = sale.amount_to_pay();
            prop_assert!(to_pay >= Decimal::ZERO, "{to_pay}");
            let paid: Decimal = sale.payments.iter().map(|p| p.1).sum();
            prop_assert!(sale.payments.is_empty() && to_pay.is_zero() || paid == to_pay, "{paid} != {to_pay}");
        }
    }

    #[test]
    fn near_valid_returns_and_searches(
        ret in near(valid_return("x")),
        find in near(valid_find("x")),
    ) {
        datacash(DataCashBody::ReturnDocument, ret.to_string().as_bytes())?;
        datacash(DataCashBody::FindDocuments, find.to_string().as_bytes())?;
    }

    #[test]
    fn amounts_and_quantities_keep_their_promises(value in prop_oneof![number(), string().prop_map(Value::String), json()]) {
        match fields::amount(&value, "x.importo") {
            Ok(amount) => {
                prop_assert!(amount >= Decimal::ZERO && amount <= fields::MAX_AMOUNT, "{amount}");
                prop_assert!(amount.normalize().scale() <= 2, "{amount}");
            }
            Err(e) => check_catalogue(Api::DataCash, &e).map_err(TestCaseError::fail)?,
        }
        match fields::quantity(&value, "x.quantita", 1) {
            Ok(quantity) => {
                prop_assert!(quantity > Decimal::ZERO && quantity <= fields::MAX_QUANTITY, "{quantity}");
                prop_assert!(quantity.normalize().scale() <= 3, "{quantity}");
            }
            Err(e) => check_catalogue(Api::DataCash, &e).map_err(TestCaseError::fail)?,
        }
    }

    #[test]
    fn credentials_plaintexts(plain in prop_oneof![bytes(), json_object().prop_map(|v| v.to_string().into_bytes())]) {
        if let Err(e) = fuzzing::datacash_credentials(&plain) {
            check_catalogue(Api::DataCash, &e).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn webservice_forms_from_bytes(body in bytes(), content_type in content_type()) {
        webservice(content_type.as_deref(), &body)?;
    }

    #[test]
    fn near_valid_webservice_forms(body in near_form(valid_form(fuzzing::WEBSERVICE_TOKEN)), content_type in content_type()) {
        webservice(content_type.as_deref(), &body)?;
    }

    #[test]
    fn portal_bodies_from_bytes(body in bytes(), which in proptest::sample::select(PortalBody::ALL.to_vec())) {
        portal(which, &body)?;
    }

    #[test]
    fn portal_bodies_from_any_json(body in prop_oneof![json(), json_object()], which in proptest::sample::select(PortalBody::ALL.to_vec())) {
        portal(which, body.to_string().as_bytes())?;
    }

    #[test]
    fn near_valid_portal_bodies((which, body) in proptest::sample::select(PortalBody::ALL.to_vec())
        .prop_flat_map(|which| near(valid_portal(which)).prop_map(move |body| (which, body))))
    {
        portal(which, body.to_string().as_bytes())?;
    }

    #[test]
    fn stats_queries(pairs in proptest::collection::vec(
        (proptest::sample::select(vec!["device", "store", "from", "to", "x", ""]), string()),
        0..5,
    )) {
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        if let Err(e) = fuzzing::portal_stats_query(&query) {
            check_catalogue(Api::Portal, &e).map_err(TestCaseError::fail)?;
        }
    }
}
