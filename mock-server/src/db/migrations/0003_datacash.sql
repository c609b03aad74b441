-- DataCash data: account, contract, licences, add-ons, API keys, stores, devices, documents
-- with their lines and payments, counters, deferred fiscalisation and harness state.
--
-- Money is kept in integer cents (euros × 100), quantities in integer thousandths; dates and
-- times are Europe/Rome local times: days as 'YYYY-MM-DD', instants as 'YYYY-MM-DD HH:MM:SS'
-- (both sort as text).

-- The customer's account; its contract is signed when contract_signed_at is set.
CREATE TABLE dc_accounts (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL,
    partita_iva        TEXT NOT NULL,
    address            TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    contract_signed_at TEXT
) STRICT;

-- A licence: its tier, its validity (expires_on is the last valid day) and how many API keys
-- it allows at once (add-ons add more).
CREATE TABLE dc_licences (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES dc_accounts (id),
    tier         TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    keys_allowed INTEGER NOT NULL CHECK (keys_allowed >= 0)
) STRICT;

-- Add-ons bought by the account; API-key add-ons raise the number of keys allowed by
-- keys_each × quantity once paid.
CREATE TABLE dc_addons (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES dc_accounts (id),
    type             TEXT NOT NULL CHECK (type IN ('api-key-light', 'api-key-standard', 'api-key-premium')),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    keys_each        INTEGER NOT NULL CHECK (keys_each > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    purchased_at     TEXT NOT NULL,
    paid_at          TEXT
) STRICT;

-- API keys: only the SHA-256 of the key is kept (hex), with a masked hint to show. A key is
-- bound to one partita IVA and is active while deactivated_at is NULL.
CREATE TABLE dc_keys (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES dc_accounts (id),
    licence_id     INTEGER NOT NULL REFERENCES dc_licences (id),
    key_hash       TEXT NOT NULL UNIQUE,
    key_hint       TEXT NOT NULL,
    partita_iva    TEXT NOT NULL,
    label          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    deactivated_at TEXT,
    -- The first closure (daily "chiusura") number of the key's document numbers, minus one.
    closure_base   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Stores (negozi) group devices.
CREATE TABLE dc_stores (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES dc_accounts (id),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL
) STRICT;

-- Devices: every API key is a device of kind 'api-key' (one per key, named by key_id), and
-- cash registers are devices of kind 'register' without a key. Every device is in a store.
CREATE TABLE dc_devices (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES dc_accounts (id),
    store_id   INTEGER NOT NULL REFERENCES dc_stores (id),
    kind       TEXT NOT NULL CHECK (kind IN ('api-key', 'register')),
    key_id     INTEGER UNIQUE REFERENCES dc_keys (id),
    name       TEXT NOT NULL,
    model      TEXT NOT NULL,
    serial     TEXT NOT NULL UNIQUE,
    CHECK ((kind = 'api-key') = (key_id IS NOT NULL))
) STRICT;

-- Commercial documents. id is the idtrx. kind: V sale (vendita), A void (annullo), R return
-- (reso). total_cents is ammontareComplessivo: what a sale asks to be paid, what a void or a
-- return gives back. key_id is the API key it was issued with (NULL for a cash register's
-- own documents); store_id is the device's store when the document was issued.
CREATE TABLE dc_documents (
    id             INTEGER PRIMARY KEY,
    key_id         INTEGER REFERENCES dc_keys (id),
    device_id      INTEGER NOT NULL REFERENCES dc_devices (id),
    store_id       INTEGER NOT NULL REFERENCES dc_stores (id),
    instance       TEXT NOT NULL DEFAULT 'dco',
    kind           TEXT NOT NULL CHECK (kind IN ('V', 'A', 'R')),
    progressivo    TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    day            TEXT NOT NULL,
    gross_cents    INTEGER NOT NULL,
    discount_cents INTEGER NOT NULL DEFAULT 0,
    total_cents    INTEGER NOT NULL,
    vat_cents      INTEGER NOT NULL,
    gift           INTEGER NOT NULL DEFAULT 0 CHECK (gift IN (0, 1)),
    lottery_code   TEXT,
    linked_id      INTEGER REFERENCES dc_documents (id),
    temp_id        TEXT,
    multisede      TEXT,
    UNIQUE (key_id, progressivo)
) STRICT;

CREATE INDEX dc_documents_key_day ON dc_documents (key_id, day);
CREATE INDEX dc_documents_device_day ON dc_documents (device_id, day);
CREATE INDEX dc_documents_store_day ON dc_documents (store_id, day);
CREATE INDEX dc_documents_linked ON dc_documents (linked_id) WHERE linked_id IS NOT NULL;

-- The lines of a document, numbered from 1. A void repeats the sale's lines; a return lists
-- what came back, sale_line naming the sale's line. Amounts are the line's: gross is what the
-- customer pays for it (0 for a gift line), net + vat = gross (VAT taken out per line).
CREATE TABLE dc_document_lines (
    document_id      INTEGER NOT NULL REFERENCES dc_documents (id),
    line_no          INTEGER NOT NULL,
    sale_line        INTEGER,
    description      TEXT NOT NULL,
    vat_code         TEXT NOT NULL,
    quantity_milli   INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    discount_cents   INTEGER NOT NULL,
    gift             INTEGER NOT NULL CHECK (gift IN (0, 1)),
    gross_cents      INTEGER NOT NULL,
    net_cents        INTEGER NOT NULL,
    vat_cents        INTEGER NOT NULL,
    PRIMARY KEY (document_id, line_no)
) STRICT, WITHOUT ROWID;

-- How a document was paid (a void or a return: how the money went back).
CREATE TABLE dc_document_payments (
    document_id  INTEGER NOT NULL REFERENCES dc_documents (id),
    seq          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
) STRICT, WITHOUT ROWID;

-- Documents counted per key and instance ('dco' documento commerciale, 'fe' fatturazione
-- elettronica), incremented in the transaction that stores each document.
CREATE TABLE dc_counters (
    key_id   INTEGER NOT NULL REFERENCES dc_keys (id),
    instance TEXT NOT NULL CHECK (instance IN ('dco', 'fe')),
    total    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, instance)
) STRICT, WITHOUT ROWID;

-- The same count per day, with the day's closure number (the first part of a progressivo).
CREATE TABLE dc_counter_days (
    key_id   INTEGER NOT NULL REFERENCES dc_keys (id),
    instance TEXT NOT NULL CHECK (instance IN ('dco', 'fe')),
    day      TEXT NOT NULL,
    closure  INTEGER NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (key_id, instance, day)
) STRICT, WITHOUT ROWID;

-- Sales accepted while the tax agency was down, waiting to be fiscalised in id order.
-- document is the validated sale as JSON (the mock's own form).
CREATE TABLE dc_pending (
    id          INTEGER PRIMARY KEY,
    temp_id     TEXT NOT NULL UNIQUE,
    key_id      INTEGER NOT NULL REFERENCES dc_keys (id),
    received_at TEXT NOT NULL,
    document    TEXT NOT NULL
) STRICT;

-- Webhook deliveries of deferred fiscalisations; state: pending, delivered or failed.
CREATE TABLE dc_webhook_outbox (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    payload    TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    last_error TEXT
) STRICT;

-- Fisconline credentials the harness marked expired (answered with code 03 until
-- resetPassword), by partita IVA.
CREATE TABLE dc_expired_credentials (
    partita_iva TEXT PRIMARY KEY NOT NULL,
    expired_at  TEXT NOT NULL
) STRICT;
