-- The account area (/portal/v1): an index for the counter exports, and running totals for the
-- statistics, kept by triggers in the transaction that stores each document.
--
-- The statistics tables hold, per store, day and device, what the documents of that day add
-- up to, signed: a sale (V) adds, a void (A) or a return (R) takes away. The store and the
-- device are the document's own (dc_documents.store_id is the device's store when the document
-- was issued), so moving a device later does not move its past takings. Nothing but the
-- triggers below writes them, and seed::wipe empties them with the documents.

-- The documents behind a counter in id order: the exports read them in chunks by id.
CREATE INDEX dc_documents_key_instance ON dc_documents (key_id, instance);

-- Takings per day: sales, voids and returns (positive amounts, in cents).
CREATE TABLE dc_stat_days (
    store_id      INTEGER NOT NULL,
    day           TEXT NOT NULL,
    device_id     INTEGER NOT NULL,
    sales_cents   INTEGER NOT NULL,
    voids_cents   INTEGER NOT NULL,
    returns_cents INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, device_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX dc_stat_days_device ON dc_stat_days (device_id, day);

-- Net takings per day and payment type (sales minus what voids and returns gave back).
CREATE TABLE dc_stat_payments (
    store_id     INTEGER NOT NULL,
    day          TEXT NOT NULL,
    device_id    INTEGER NOT NULL,
    type         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, device_id, type)
) STRICT, WITHOUT ROWID;

CREATE INDEX dc_stat_payments_device ON dc_stat_payments (device_id, day);

-- Net quantity (thousandths) and amounts (cents: gross = net + vat) per day, item description
-- and VAT code.
CREATE TABLE dc_stat_lines (
    store_id       INTEGER NOT NULL,
    day            TEXT NOT NULL,
    device_id      INTEGER NOT NULL,
    description    TEXT NOT NULL,
    vat_code       TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL,
    gross_cents    INTEGER NOT NULL,
    net_cents      INTEGER NOT NULL,
    vat_cents      INTEGER NOT NULL,
    PRIMARY KEY (store_id, day, device_id, description, vat_code)
) STRICT, WITHOUT ROWID;

CREATE INDEX dc_stat_lines_device ON dc_stat_lines (device_id, day);

CREATE TRIGGER dc_stat_documents_insert AFTER INSERT ON dc_documents
BEGIN
    INSERT INTO dc_stat_days (store_id, day, device_id, sales_cents, voids_cents, returns_cents)
    VALUES (NEW.store_id, NEW.day, NEW.device_id,
            CASE NEW.kind WHEN 'V' THEN NEW.total_cents ELSE 0 END,
            CASE NEW.kind WHEN 'A' THEN NEW.total_cents ELSE 0 END,
            CASE NEW.kind WHEN 'R' THEN NEW.total_cents ELSE 0 END)
    ON CONFLICT (store_id, day, device_id) DO UPDATE SET
        sales_cents = sales_cents + excluded.sales_cents,
        voids_cents = voids_cents + excluded.voids_cents,
        returns_cents = returns_cents + excluded.returns_cents;
END;

CREATE TRIGGER dc_stat_payments_insert AFTER INSERT ON dc_document_payments
BEGIN
    INSERT INTO dc_stat_payments (store_id, day, device_id, type, amount_cents)
    SELECT d.store_id, d.day, d.device_id, NEW.type,
           CASE d.kind WHEN 'V' THEN NEW.amount_cents ELSE -NEW.amount_cents END
    FROM dc_documents d WHERE d.id = NEW.document_id
    ON CONFLICT (store_id, day, device_id, type) DO UPDATE SET
        amount_cents = amount_cents + excluded.amount_cents;
END;

CREATE TRIGGER dc_stat_lines_insert AFTER INSERT ON dc_document_lines
BEGIN
    INSERT INTO dc_stat_lines (store_id, day, device_id, description, vat_code, quantity_milli,
                               gross_cents, net_cents, vat_cents)
    SELECT d.store_id, d.day, d.device_id, NEW.description, NEW.vat_code,
           CASE d.kind WHEN 'V' THEN NEW.quantity_milli ELSE -NEW.quantity_milli END,
           CASE d.kind WHEN 'V' THEN NEW.gross_cents ELSE -NEW.gross_cents END,
           CASE d.kind WHEN 'V' THEN NEW.net_cents ELSE -NEW.net_cents END,
           CASE d.kind WHEN 'V' THEN NEW.vat_cents ELSE -NEW.vat_cents END
    FROM dc_documents d WHERE d.id = NEW.document_id
    ON CONFLICT (store_id, day, device_id, description, vat_code) DO UPDATE SET
        quantity_milli = quantity_milli + excluded.quantity_milli,
        gross_cents = gross_cents + excluded.gross_cents,
        net_cents = net_cents + excluded.net_cents,
        vat_cents = vat_cents + excluded.vat_cents;
END;

-- The running totals of the documents stored before this migration.
INSERT INTO dc_stat_days (store_id, day, device_id, sales_cents, voids_cents, returns_cents)
SELECT store_id, day, device_id,
       SUM(CASE kind WHEN 'V' THEN total_cents ELSE 0 END),
       SUM(CASE kind WHEN 'A' THEN total_cents ELSE 0 END),
       SUM(CASE kind WHEN 'R' THEN total_cents ELSE 0 END)
FROM dc_documents GROUP BY store_id, day, device_id;

INSERT INTO dc_stat_payments (store_id, day, device_id, type, amount_cents)
SELECT d.store_id, d.day, d.device_id, p.type,
       SUM(CASE d.kind WHEN 'V' THEN p.amount_cents ELSE -p.amount_cents END)
FROM dc_documents d JOIN dc_document_payments p ON p.document_id = d.id
GROUP BY d.store_id, d.day, d.device_id, p.type;

INSERT INTO dc_stat_lines (store_id, day, device_id, description, vat_code, quantity_milli,
                           gross_cents, net_cents, vat_cents)
SELECT d.store_id, d.day, d.device_id, l.description, l.vat_code,
       SUM(CASE d.kind WHEN 'V' THEN 1 ELSE -1 END * l.quantity_milli),
       SUM(CASE d.kind WHEN 'V' THEN 1 ELSE -1 END * l.gross_cents),
       SUM(CASE d.kind WHEN 'V' THEN 1 ELSE -1 END * l.net_cents),
       SUM(CASE d.kind WHEN 'V' THEN 1 ELSE -1 END * l.vat_cents)
FROM dc_documents d JOIN dc_document_lines l ON l.document_id = d.id
GROUP BY d.store_id, d.day, d.device_id, l.description, l.vat_code;
