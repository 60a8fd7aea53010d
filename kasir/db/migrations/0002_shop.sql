-- kasir schema 2: the sembako shop — items, regulated goods, suppliers, purchases, stock,
-- sales with receipts, returns and voids, cashier shifts, member credit payments.
-- Quantities are INTEGER in the item's base unit (g, ml, pcs); money INTEGER rupiah.

INSERT INTO accounts (code, name, kind) VALUES ('6-1800', 'Beban barang rusak dan kedaluwarsa', 'expense');

-- Regulated goods and their rules, as data with validity dates (decrees change them).
CREATE TABLE products (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    base_unit    TEXT NOT NULL CHECK (base_unit IN ('g', 'ml', 'pcs'))
);
-- rule 'het': at most `amount` rupiah per `per_quantity` base units (zone-specific or all);
-- rule 'cap': at most `amount` base units per buyer per day; rule 'nik': buyer's NIK required.
CREATE TABLE regulations (
    id           INTEGER PRIMARY KEY,
    product      TEXT NOT NULL REFERENCES products(code),
    rule         TEXT NOT NULL CHECK (rule IN ('het', 'cap', 'nik')),
    zone         INTEGER CHECK (zone IS NULL OR zone IN (1, 2, 3)),
    amount       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(amount) = 'integer' AND amount >= 0),
    per_quantity INTEGER NOT NULL DEFAULT 1 CHECK (typeof(per_quantity) = 'integer' AND per_quantity > 0),
    valid_from   TEXT NOT NULL CHECK (valid_from = date(valid_from)),
    valid_to     TEXT CHECK (valid_to IS NULL OR valid_to = date(valid_to)),
    source       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX regulations_product ON regulations(product, rule, valid_from);

CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category        TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL,            -- the unit of sale, as printed: "pak 5 kg", "karung 50 kg"
    base_unit       TEXT NOT NULL CHECK (base_unit IN ('g', 'ml', 'pcs')),
    unit_size       INTEGER NOT NULL CHECK (typeof(unit_size) = 'integer' AND unit_size > 0),
    member_price    INTEGER NOT NULL CHECK (typeof(member_price) = 'integer' AND member_price > 0),
    nonmember_price INTEGER NOT NULL CHECK (typeof(nonmember_price) = 'integer' AND nonmember_price > 0),
    product         TEXT REFERENCES products(code),
    low_stock       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(low_stock) = 'integer' AND low_stock >= 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- the current stock and its value at moving-average cost, kept with every stock move
    qty_on_hand     INTEGER NOT NULL DEFAULT 0 CHECK (qty_on_hand >= 0),
    value_on_hand   INTEGER NOT NULL DEFAULT 0 CHECK (value_on_hand >= 0),
    last_cost       INTEGER NOT NULL DEFAULT 0,  -- rupiah per unit of sale, of the last purchase
    CHECK (qty_on_hand > 0 OR value_on_hand = 0)
);
CREATE INDEX items_name ON items(name COLLATE NOCASE);
CREATE TRIGGER items_no_delete BEFORE DELETE ON items
BEGIN SELECT RAISE(ABORT, 'items are never deleted; deactivate instead'); END;

CREATE TABLE barcodes (
    code    TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id)
) WITHOUT ROWID;
CREATE INDEX barcodes_item ON barcodes(item_id);

-- Every change of stock, in posting order, with the running quantity and value after it.
CREATE TABLE stock_moves (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    date        TEXT NOT NULL CHECK (date = date(date)),
    kind        TEXT NOT NULL CHECK (kind IN ('purchase', 'sale', 'return', 'void', 'count', 'writeoff')),
    quantity    INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity <> 0),
    value       INTEGER NOT NULL CHECK (typeof(value) = 'integer'),
    qty_after   INTEGER NOT NULL CHECK (qty_after >= 0),
    value_after INTEGER NOT NULL CHECK (value_after >= 0),
    doc_id      INTEGER NOT NULL,
    entry_id    INTEGER REFERENCES journal_entries(id)  -- NULL only for goods of zero value
);
-- covering, by item and date: a stock card for any period reads only that period's moves,
-- without touching the table
CREATE INDEX stock_moves_item ON stock_moves(item_id, date, id, kind, quantity, value, qty_after,
                                             value_after, doc_id);
CREATE INDEX stock_moves_date ON stock_moves(date);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are permanent'); END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are permanent'); END;

CREATE TABLE suppliers (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind      TEXT NOT NULL DEFAULT 'other'
              CHECK (kind IN ('bulog', 'pertamina', 'pupuk', 'idfood', 'farmer', 'other')),
    member_id INTEGER REFERENCES members(id),
    phone     TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TABLE supplier_quotas (
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    item_id     INTEGER NOT NULL REFERENCES items(id),
    weekly_qty  INTEGER NOT NULL CHECK (typeof(weekly_qty) = 'integer' AND weekly_qty > 0),
    PRIMARY KEY (supplier_id, item_id)
) WITHOUT ROWID;

CREATE TABLE purchases (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    date        TEXT NOT NULL CHECK (date = date(date)),
    payment     TEXT NOT NULL CHECK (payment IN ('cash', 'bank', 'credit')),
    invoice     TEXT NOT NULL DEFAULT '',
    transport   INTEGER NOT NULL DEFAULT 0 CHECK (typeof(transport) = 'integer' AND transport >= 0),
    total       INTEGER NOT NULL CHECK (typeof(total) = 'integer' AND total > 0),
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX purchases_supplier ON purchases(supplier_id, date);
CREATE TABLE purchase_lines (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id),
    item_id     INTEGER NOT NULL REFERENCES items(id),
    quantity    INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity > 0),  -- units of sale
    base_qty    INTEGER NOT NULL CHECK (typeof(base_qty) = 'integer' AND base_qty > 0),
    cost        INTEGER NOT NULL CHECK (typeof(cost) = 'integer' AND cost >= 0)  -- incl. its share of transport
);
CREATE INDEX purchase_lines_purchase ON purchase_lines(purchase_id);
CREATE TABLE supplier_payments (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    date        TEXT NOT NULL CHECK (date = date(date)),
    amount      INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
    via         TEXT NOT NULL CHECK (via IN ('cash', 'bank')),
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);

CREATE TABLE shifts (
    id          INTEGER PRIMARY KEY,
    till        TEXT NOT NULL,
    date        TEXT NOT NULL CHECK (date = date(date)),
    float       INTEGER NOT NULL CHECK (typeof(float) = 'integer' AND float >= 0),
    opened_by   INTEGER NOT NULL REFERENCES users(id),
    opened_at   TEXT NOT NULL,
    closed_by   INTEGER REFERENCES users(id),
    closed_at   TEXT,
    expected    INTEGER,
    counted     INTEGER,
    counts      TEXT,        -- JSON: denomination -> number of notes/coins
    entry_id    INTEGER REFERENCES journal_entries(id)
);
-- at most one open shift per till
CREATE UNIQUE INDEX shifts_open_till ON shifts(till) WHERE closed_at IS NULL;
CREATE TRIGGER shifts_closed_is_final BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed shift is final'); END;

-- Gap-free receipt numbers: the counter moves in the same transaction as the sale.
CREATE TABLE receipt_counters (
    till TEXT NOT NULL,
    day  TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (till, day)
) WITHOUT ROWID;

CREATE TABLE sales (
    id         INTEGER PRIMARY KEY,
    receipt    TEXT NOT NULL UNIQUE,
    till       TEXT NOT NULL,
    shift_id   INTEGER NOT NULL REFERENCES shifts(id),
    date       TEXT NOT NULL CHECK (date = date(date)),
    member_id  INTEGER REFERENCES members(id),
    buyer_nik  TEXT CHECK (buyer_nik IS NULL OR (length(buyer_nik) = 16 AND buyer_nik NOT GLOB '*[^0-9]*')),
    payment    TEXT NOT NULL CHECK (payment IN ('cash', 'credit', 'noncash')),
    total      INTEGER NOT NULL CHECK (typeof(total) = 'integer' AND total > 0),
    cost       INTEGER NOT NULL CHECK (typeof(cost) = 'integer' AND cost >= 0),
    tendered   INTEGER,
    reference  TEXT NOT NULL DEFAULT '',
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK (payment <> 'credit' OR member_id IS NOT NULL)
);
CREATE INDEX sales_date ON sales(date);
CREATE INDEX sales_member ON sales(member_id, date) WHERE member_id IS NOT NULL;
CREATE INDEX sales_nik ON sales(buyer_nik, date) WHERE buyer_nik IS NOT NULL;
CREATE INDEX sales_shift ON sales(shift_id);
CREATE TABLE sale_lines (
    id        INTEGER PRIMARY KEY,
    sale_id   INTEGER NOT NULL REFERENCES sales(id),
    item_id   INTEGER NOT NULL REFERENCES items(id),
    quantity  INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity > 0),
    base_qty  INTEGER NOT NULL CHECK (typeof(base_qty) = 'integer' AND base_qty > 0),
    price     INTEGER NOT NULL CHECK (typeof(price) = 'integer' AND price > 0),
    amount    INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
    cost      INTEGER NOT NULL CHECK (typeof(cost) = 'integer' AND cost >= 0)
);
CREATE INDEX sale_lines_sale ON sale_lines(sale_id);
CREATE INDEX sale_lines_item ON sale_lines(item_id);

-- A void reverses a whole sale; a return takes back some lines. Both are documents.
CREATE TABLE sale_voids (
    id         INTEGER PRIMARY KEY,
    sale_id    INTEGER NOT NULL UNIQUE REFERENCES sales(id),
    date       TEXT NOT NULL CHECK (date = date(date)),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    shift_id   INTEGER REFERENCES shifts(id),
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE TABLE sale_returns (
    id         INTEGER PRIMARY KEY,
    sale_id    INTEGER NOT NULL REFERENCES sales(id),
    date       TEXT NOT NULL CHECK (date = date(date)),
    reason     TEXT NOT NULL DEFAULT '',
    refund     INTEGER NOT NULL CHECK (typeof(refund) = 'integer' AND refund > 0),
    shift_id   INTEGER REFERENCES shifts(id),
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE TABLE sale_return_lines (
    id           INTEGER PRIMARY KEY,
    return_id    INTEGER NOT NULL REFERENCES sale_returns(id),
    sale_line_id INTEGER NOT NULL REFERENCES sale_lines(id),
    quantity     INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity > 0),
    amount       INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
    cost         INTEGER NOT NULL CHECK (typeof(cost) = 'integer' AND cost >= 0)
);
CREATE INDEX sale_return_lines_line ON sale_return_lines(sale_line_id);

CREATE TABLE credit_payments (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    date       TEXT NOT NULL CHECK (date = date(date)),
    amount     INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
    via        TEXT NOT NULL CHECK (via IN ('cash', 'bank')),
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX credit_payments_member ON credit_payments(member_id, date);

CREATE TABLE stock_counts (
    id         INTEGER PRIMARY KEY,
    date       TEXT NOT NULL CHECK (date = date(date)),
    memo       TEXT NOT NULL DEFAULT '',
    entry_id   INTEGER REFERENCES journal_entries(id),  -- NULL when nothing differed
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE TABLE stock_count_lines (
    count_id    INTEGER NOT NULL REFERENCES stock_counts(id),
    item_id     INTEGER NOT NULL REFERENCES items(id),
    book_qty    INTEGER NOT NULL,
    counted_qty INTEGER NOT NULL CHECK (counted_qty >= 0),
    diff_value  INTEGER NOT NULL,
    PRIMARY KEY (count_id, item_id)
) WITHOUT ROWID;
CREATE TABLE stock_writeoffs (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES items(id),
    date       TEXT NOT NULL CHECK (date = date(date)),
    quantity   INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity > 0),
    value      INTEGER NOT NULL CHECK (value >= 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    entry_id   INTEGER REFERENCES journal_entries(id),  -- NULL when the goods had no value
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- Documents are permanent, like the entries they post.
CREATE TRIGGER purchases_permanent BEFORE UPDATE ON purchases BEGIN SELECT RAISE(ABORT, 'purchases are permanent'); END;
CREATE TRIGGER purchases_kept BEFORE DELETE ON purchases BEGIN SELECT RAISE(ABORT, 'purchases are permanent'); END;
CREATE TRIGGER purchase_lines_permanent BEFORE UPDATE ON purchase_lines BEGIN SELECT RAISE(ABORT, 'purchases are permanent'); END;
CREATE TRIGGER purchase_lines_kept BEFORE DELETE ON purchase_lines BEGIN SELECT RAISE(ABORT, 'purchases are permanent'); END;
CREATE TRIGGER supplier_payments_permanent BEFORE UPDATE ON supplier_payments BEGIN SELECT RAISE(ABORT, 'payments are permanent'); END;
CREATE TRIGGER supplier_payments_kept BEFORE DELETE ON supplier_payments BEGIN SELECT RAISE(ABORT, 'payments are permanent'); END;
CREATE TRIGGER sales_permanent BEFORE UPDATE ON sales BEGIN SELECT RAISE(ABORT, 'sales are permanent'); END;
CREATE TRIGGER sales_kept BEFORE DELETE ON sales BEGIN SELECT RAISE(ABORT, 'sales are permanent'); END;
CREATE TRIGGER sale_lines_permanent BEFORE UPDATE ON sale_lines BEGIN SELECT RAISE(ABORT, 'sales are permanent'); END;
CREATE TRIGGER sale_lines_kept BEFORE DELETE ON sale_lines BEGIN SELECT RAISE(ABORT, 'sales are permanent'); END;
CREATE TRIGGER sale_voids_permanent BEFORE UPDATE ON sale_voids BEGIN SELECT RAISE(ABORT, 'voids are permanent'); END;
CREATE TRIGGER sale_voids_kept BEFORE DELETE ON sale_voids BEGIN SELECT RAISE(ABORT, 'voids are permanent'); END;
CREATE TRIGGER sale_returns_permanent BEFORE UPDATE ON sale_returns BEGIN SELECT RAISE(ABORT, 'returns are permanent'); END;
CREATE TRIGGER sale_returns_kept BEFORE DELETE ON sale_returns BEGIN SELECT RAISE(ABORT, 'returns are permanent'); END;
CREATE TRIGGER credit_payments_permanent BEFORE UPDATE ON credit_payments BEGIN SELECT RAISE(ABORT, 'payments are permanent'); END;
CREATE TRIGGER credit_payments_kept BEFORE DELETE ON credit_payments BEGIN SELECT RAISE(ABORT, 'payments are permanent'); END;
CREATE TRIGGER stock_counts_permanent BEFORE UPDATE ON stock_counts BEGIN SELECT RAISE(ABORT, 'stock counts are permanent'); END;
CREATE TRIGGER stock_writeoffs_permanent BEFORE UPDATE ON stock_writeoffs BEGIN SELECT RAISE(ABORT, 'write-offs are permanent'); END;

-- Seed: regulated goods (DOMAIN.md). Later decrees are added as data: kasir regulation import.
-- SPHP's HET and cap carry 2023-01-01 as a conservative start; the fertiliser HET is from
-- 22 Oct 2025; LPG 3 kg buyers' NIK is recorded from 1 Jan 2024.
INSERT INTO products (code, name, base_unit) VALUES
    ('sphp', 'Beras SPHP (Bulog)', 'g'),
    ('urea', 'Pupuk urea bersubsidi', 'g'),
    ('npk', 'Pupuk NPK bersubsidi', 'g'),
    ('npk_kakao', 'Pupuk NPK kakao bersubsidi', 'g'),
    ('za', 'Pupuk ZA bersubsidi', 'g'),
    ('organik', 'Pupuk organik bersubsidi', 'g'),
    ('lpg3', 'LPG 3 kg', 'pcs');
INSERT INTO regulations (product, rule, zone, amount, per_quantity, valid_from, valid_to, source) VALUES
    ('sphp', 'het', 1, 12500, 1000, '2023-01-01', NULL, 'HET beras SPHP zona 1 (Jawa, Lampung, Sumsel, Bali, NTB, Sulawesi) per kg'),
    ('sphp', 'het', 2, 13100, 1000, '2023-01-01', NULL, 'HET beras SPHP zona 2 (Sumatra lain, NTT, Kalimantan) per kg'),
    ('sphp', 'het', 3, 13500, 1000, '2023-01-01', NULL, 'HET beras SPHP zona 3 (Maluku, Papua) per kg'),
    ('sphp', 'cap', NULL, 10000, 1, '2023-01-01', NULL, 'SPHP: paling banyak 2 pak (10 kg) per pembeli per hari'),
    ('urea', 'het', NULL, 1800, 1000, '2025-10-22', NULL, 'HET pupuk bersubsidi per kg sejak 22 Okt 2025'),
    ('npk', 'het', NULL, 1840, 1000, '2025-10-22', NULL, 'HET pupuk bersubsidi per kg sejak 22 Okt 2025'),
    ('npk_kakao', 'het', NULL, 2640, 1000, '2025-10-22', NULL, 'HET pupuk bersubsidi per kg sejak 22 Okt 2025'),
    ('za', 'het', NULL, 1360, 1000, '2025-10-22', NULL, 'HET pupuk bersubsidi per kg sejak 22 Okt 2025'),
    ('organik', 'het', NULL, 640, 1000, '2025-10-22', NULL, 'HET pupuk bersubsidi per kg sejak 22 Okt 2025'),
    ('lpg3', 'nik', NULL, 0, 1, '2024-01-01', NULL, 'LPG 3 kg: NIK pembeli dicatat');
