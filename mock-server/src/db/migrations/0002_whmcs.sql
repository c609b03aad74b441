-- WHMCS data behind the WebService: clients, invoices, credit notes, items.
--
-- Modelled on WHMCS's own tables (tblclients, tblcustomfields, tblcustomfieldsvalues,
-- tblinvoices, tblinvoiceitems) plus the European data Billing Extension adds to each client.
-- Amounts are integer cents and tax rates integer hundredths of a percent, so rendering
-- them with 2 decimals is exact. Text is stored as entered (it may carry stray spaces: the
-- WebService trims it when answering).

CREATE TABLE whmcs_clients (
    id             INTEGER PRIMARY KEY,
    firstname      TEXT NOT NULL,
    lastname       TEXT NOT NULL,
    companyname    TEXT NOT NULL,
    email          TEXT NOT NULL,
    address1       TEXT NOT NULL,
    address2       TEXT NOT NULL,
    city           TEXT NOT NULL,
    state          TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    -- Two-letter ISO code of the country (RE for Réunion, not FR).
    country        TEXT NOT NULL,
    phonenumber    TEXT NOT NULL,
    -- tblcurrencies.id: 1 EUR, 2 USD.
    currency       INTEGER NOT NULL,
    taxexempt      INTEGER NOT NULL CHECK (taxexempt IN (0, 1)),
    -- Billing Extension's Europe node: '' for a client outside the European Union.
    member_state   TEXT NOT NULL,
    region         TEXT NOT NULL,
    monetary_union INTEGER NOT NULL CHECK (monetary_union IN (0, 1)),
    vies           INTEGER NOT NULL CHECK (vies IN (0, 1)),
    moss           INTEGER NOT NULL CHECK (moss IN (0, 1))
) STRICT;

CREATE TABLE whmcs_customfields (
    id        INTEGER PRIMARY KEY,
    fieldname TEXT NOT NULL
) STRICT;

CREATE TABLE whmcs_customfieldsvalues (
    client_id INTEGER NOT NULL REFERENCES whmcs_clients (id) ON DELETE CASCADE,
    field_id  INTEGER NOT NULL REFERENCES whmcs_customfields (id) ON DELETE CASCADE,
    value     TEXT NOT NULL,
    PRIMARY KEY (client_id, field_id)
) STRICT, WITHOUT ROWID;

-- Invoices and credit notes share one table and one sequence of IDs, as in tblinvoices.
CREATE TABLE whmcs_invoices (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES whmcs_clients (id),
    type           TEXT NOT NULL CHECK (type IN ('Invoice', 'CreditNote')),
    -- The document number ('2019/133', 'NC2019/12'); '' while a proforma has none.
    num            TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('Draft', 'Unpaid', 'Paid', 'Cancelled',
                                                   'Refunded', 'Collections', 'Payment Pending')),
    -- YYYY-MM-DD.
    date           TEXT NOT NULL,
    duedate        TEXT NOT NULL,
    -- YYYY-MM-DD hh:mm:ss, or WHMCS's 0000-00-00 00:00:00 when not paid.
    datepaid       TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL,
    credit_cents   INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    tax2_cents     INTEGER NOT NULL,
    -- Hundredths of a percent: 2200 is 22.00%.
    taxrate_bp     INTEGER NOT NULL,
    taxrate2_bp    INTEGER NOT NULL,
    paymentmethod  TEXT NOT NULL,
    -- For a credit note, the invoice it credits.
    ref_invoice_id INTEGER REFERENCES whmcs_invoices (id)
) STRICT;

-- Date ranges (every keyword), optionally narrowed by type; id and client_id make it covering
-- for the scans that collect the matching documents' IDs and clients.
CREATE INDEX whmcs_invoices_by_date ON whmcs_invoices (date, type, id, client_id);
-- invoicenum look-ups.
CREATE INDEX whmcs_invoices_by_num ON whmcs_invoices (num) WHERE num <> '';
-- The foreign keys' look-ups when clients or invoices are deleted (without them, wiping a
-- large store is quadratic).
CREATE INDEX whmcs_invoices_by_client ON whmcs_invoices (client_id);
CREATE INDEX whmcs_invoices_by_reference ON whmcs_invoices (ref_invoice_id);

CREATE TABLE whmcs_invoiceitems (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES whmcs_invoices (id) ON DELETE CASCADE,
    -- Hosting, Setup, Domain, Addon, Upgrade, Item, PromoHosting, DomainGraceFee, LateFee,
    -- Invoice (a credit note's line, RelID the invoice), or '' for "Credit Applied".
    type         TEXT NOT NULL,
    relid        INTEGER NOT NULL,
    description  TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    taxed        INTEGER NOT NULL CHECK (taxed IN (0, 1))
) STRICT;

CREATE INDEX whmcs_invoiceitems_by_invoice ON whmcs_invoiceitems (invoice_id, id);
