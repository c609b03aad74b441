-- The mock's own settings: its secrets (WebService token, portal and admin tokens), the seed
-- the data came from, and other single values.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
