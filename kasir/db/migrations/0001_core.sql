-- kasir schema 1: profile, users, audit, ledger, members, savings.
-- Money and quantities are INTEGER (typeof checked); dates are 'YYYY-MM-DD' TEXT checked by date().
-- Posted rows are permanent: triggers abort UPDATE and DELETE. Corrections are reversals.

PRAGMA application_id = 1262572370;  -- 'KASR'

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE profile (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    legal_number          TEXT NOT NULL DEFAULT '',
    nib                   TEXT NOT NULL DEFAULT '',
    address               TEXT NOT NULL DEFAULT '',
    village               TEXT NOT NULL DEFAULT '',
    district              TEXT NOT NULL DEFAULT '',
    province              TEXT NOT NULL DEFAULT '',
    het_zone              INTEGER NOT NULL DEFAULT 1 CHECK (het_zone IN (1, 2, 3)),
    book_year_start_month INTEGER NOT NULL DEFAULT 1 CHECK (book_year_start_month BETWEEN 1 AND 12),
    pokok_amount          INTEGER NOT NULL CHECK (typeof(pokok_amount) = 'integer' AND pokok_amount > 0),
    wajib_amount          INTEGER NOT NULL CHECK (typeof(wajib_amount) = 'integer' AND wajib_amount > 0),
    wajib_frequency       TEXT NOT NULL DEFAULT 'monthly'
                          CHECK (wajib_frequency IN ('monthly', 'quarterly', 'yearly'))
);

-- SHU allocation percentages in basis points (40% = 4000); they must total 10000 (checked on save).
CREATE TABLE shu_allocation (
    key          TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    basis_points INTEGER NOT NULL CHECK (typeof(basis_points) = 'integer'
                                        AND basis_points BETWEEN 0 AND 10000)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 40),
    full_name      TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL CHECK (role IN ('admin', 'ketua', 'bendahara', 'kasir', 'pengawas')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    created_at     TEXT NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256 over prev_hash and the record's fields.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    username  TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    entry_id  INTEGER,
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_entry ON audit_log(entry_id) WHERE entry_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit records are permanent'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit records are permanent'); END;

CREATE TABLE accounts (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE CHECK (code GLOB '[0-9]-[0-9][0-9][0-9][0-9]'),
    name    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind    TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'revenue', 'cost', 'expense')),
    -- set when a sub-ledger (savings, stock, credit) owns the balance: manual entries may not touch it
    managed TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
BEGIN SELECT RAISE(ABORT, 'accounts are never deleted; deactivate instead'); END;
CREATE TRIGGER accounts_keep_identity BEFORE UPDATE OF code, kind ON accounts
WHEN EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'an account with postings keeps its code and kind'); END;

CREATE TABLE closed_periods (
    month     TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    closed_at TEXT NOT NULL,
    closed_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE TRIGGER closed_periods_no_update BEFORE UPDATE ON closed_periods
BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;
CREATE TRIGGER closed_periods_no_delete BEFORE DELETE ON closed_periods
BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;

-- An entry is inserted as a draft (posted = 0), its lines are added, then it is posted;
-- the posting trigger refuses unbalanced, one-sided and closed-period entries.
CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date = date(date)),
    memo        TEXT NOT NULL DEFAULT '',
    origin_type TEXT NOT NULL,
    origin_id   INTEGER,
    reverses_id INTEGER UNIQUE REFERENCES journal_entries(id),
    posted      INTEGER NOT NULL DEFAULT 0 CHECK (posted IN (0, 1)),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX journal_entries_date ON journal_entries(date);
CREATE INDEX journal_entries_origin ON journal_entries(origin_type, origin_id);

CREATE TABLE journal_lines (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES journal_entries(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    debit      INTEGER NOT NULL DEFAULT 0 CHECK (typeof(debit) = 'integer' AND debit >= 0),
    credit     INTEGER NOT NULL DEFAULT 0 CHECK (typeof(credit) = 'integer' AND credit >= 0),
    member_id  INTEGER REFERENCES members(id),
    memo       TEXT NOT NULL DEFAULT '',
    CHECK ((debit > 0) + (credit > 0) = 1)
);
CREATE INDEX journal_lines_entry ON journal_lines(entry_id);
CREATE INDEX journal_lines_account ON journal_lines(account_id, entry_id);
CREATE INDEX journal_lines_member ON journal_lines(member_id, account_id) WHERE member_id IS NOT NULL;

-- Per account and month totals of posted lines, kept by trigger, so that a balance as of any
-- date reads at most one month of lines. `kasir check` proves it equals the lines.
CREATE TABLE account_month (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    month      TEXT NOT NULL,
    debit      INTEGER NOT NULL DEFAULT 0,
    credit     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, month)
) WITHOUT ROWID;

CREATE TRIGGER journal_entries_insert_draft BEFORE INSERT ON journal_entries
WHEN NEW.posted <> 0
BEGIN SELECT RAISE(ABORT, 'a journal entry is posted only after its lines'); END;

CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'posted journal entries are permanent'); END;

-- A draft may be completed (its origin set) inside the transaction that creates it; once
-- posted = 1 the entry is permanent, and posting itself is checked here.
CREATE TRIGGER journal_entries_guard BEFORE UPDATE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'posted journal entries are permanent') WHERE OLD.posted = 1;
    -- one pass over the entry's lines: balanced, and at least one debit and one credit
    SELECT CASE WHEN d <> c THEN RAISE(ABORT, 'journal entry is unbalanced')
                WHEN max_d = 0 OR max_c = 0 THEN RAISE(ABORT, 'journal entry needs a debit and a credit')
           END
      FROM (SELECT total(debit) AS d, total(credit) AS c, coalesce(max(debit), 0) AS max_d,
                   coalesce(max(credit), 0) AS max_c
              FROM journal_lines WHERE entry_id = NEW.id)
     WHERE NEW.posted = 1;
    SELECT RAISE(ABORT, 'the period is closed')
     WHERE NEW.posted = 1 AND
           EXISTS (SELECT 1 FROM closed_periods WHERE month = substr(NEW.date, 1, 7));
END;

CREATE TRIGGER journal_entries_totals AFTER UPDATE OF posted ON journal_entries
WHEN OLD.posted = 0 AND NEW.posted = 1
BEGIN
    INSERT INTO account_month (account_id, month, debit, credit)
    SELECT account_id, substr(NEW.date, 1, 7), sum(debit), sum(credit)
      FROM journal_lines WHERE entry_id = NEW.id GROUP BY account_id
    ON CONFLICT (account_id, month) DO UPDATE
       SET debit = debit + excluded.debit, credit = credit + excluded.credit;
END;

CREATE TRIGGER journal_lines_insert_guard BEFORE INSERT ON journal_lines
BEGIN
    SELECT RAISE(ABORT, 'posted journal entries are permanent')
     WHERE (SELECT posted FROM journal_entries WHERE id = NEW.entry_id) = 1;
    SELECT RAISE(ABORT, 'the account is inactive')
     WHERE (SELECT active FROM accounts WHERE id = NEW.account_id) = 0;
END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'posted journal lines are permanent'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'posted journal lines are permanent'); END;

CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    nik        TEXT NOT NULL UNIQUE CHECK (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*'),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    address    TEXT NOT NULL DEFAULT '',
    gender     TEXT NOT NULL CHECK (gender IN ('L', 'P')),
    phone      TEXT NOT NULL DEFAULT '',
    join_date  TEXT NOT NULL CHECK (join_date = date(join_date)),
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'exited')),
    exit_date  TEXT CHECK (exit_date IS NULL OR exit_date = date(exit_date)),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX members_name ON members(name COLLATE NOCASE);
CREATE TRIGGER members_no_delete BEFORE DELETE ON members
BEGIN SELECT RAISE(ABORT, 'members are never deleted; record an exit instead'); END;
CREATE TRIGGER members_keep_nik BEFORE UPDATE OF nik, number ON members
BEGIN SELECT RAISE(ABORT, 'a member keeps their NIK and number'); END;

-- Savings movements: amount > 0 adds to the member's savings, < 0 takes from it.
CREATE TABLE savings_tx (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    kind        TEXT NOT NULL CHECK (kind IN ('pokok', 'wajib', 'sukarela')),
    type        TEXT NOT NULL CHECK (type IN ('deposit', 'withdrawal', 'exit', 'reversal', 'shu')),
    amount      INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount <> 0),
    date        TEXT NOT NULL CHECK (date = date(date)),
    entry_id    INTEGER NOT NULL REFERENCES journal_entries(id),
    reverses_id INTEGER UNIQUE REFERENCES savings_tx(id),
    memo        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX savings_tx_member ON savings_tx(member_id, kind, date, id);
CREATE INDEX savings_tx_entry ON savings_tx(entry_id);
CREATE TRIGGER savings_tx_no_update BEFORE UPDATE ON savings_tx
BEGIN SELECT RAISE(ABORT, 'savings transactions are permanent'); END;
CREATE TRIGGER savings_tx_no_delete BEFORE DELETE ON savings_tx
BEGIN SELECT RAISE(ABORT, 'savings transactions are permanent'); END;
