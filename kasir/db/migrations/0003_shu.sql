-- Year close and SHU (Sisa Hasil Usaha): the closed book years, the allocation of each year's
-- surplus by the AD/ART percentages, each member's share, and the payout.

-- Funds the SHU allocation credits (besides Cadangan and Dana SHU belum dibayar).
INSERT OR IGNORE INTO accounts (code, name, kind) VALUES
    ('2-1310', 'Dana pengurus', 'liability'),
    ('2-1320', 'Dana karyawan', 'liability'),
    ('2-1330', 'Dana pendidikan', 'liability'),
    ('2-1340', 'Dana sosial', 'liability');

CREATE TABLE shu_years (
    year            INTEGER PRIMARY KEY,
    start_date      TEXT NOT NULL CHECK (start_date = date(start_date)),
    end_date        TEXT NOT NULL CHECK (end_date = date(end_date)),
    surplus         INTEGER NOT NULL CHECK (typeof(surplus) = 'integer'),
    close_entry_id  INTEGER UNIQUE REFERENCES journal_entries(id),
    closed_by       INTEGER NOT NULL REFERENCES users(id),
    closed_at       TEXT NOT NULL,
    alloc_entry_id  INTEGER UNIQUE REFERENCES journal_entries(id),
    alloc_basis     TEXT,
    payout_entry_id INTEGER UNIQUE REFERENCES journal_entries(id),
    payout_method   TEXT CHECK (payout_method IS NULL OR payout_method IN ('cash', 'bank', 'sukarela'))
);
CREATE TRIGGER shu_years_no_delete BEFORE DELETE ON shu_years
BEGIN SELECT RAISE(ABORT, 'a closed book year stays closed'); END;
-- The close is permanent; the allocation and the payout are each filled in once.
CREATE TRIGGER shu_years_guard BEFORE UPDATE ON shu_years
BEGIN
    SELECT RAISE(ABORT, 'a closed book year stays closed')
     WHERE NEW.year IS NOT OLD.year OR NEW.start_date IS NOT OLD.start_date
        OR NEW.end_date IS NOT OLD.end_date OR NEW.surplus IS NOT OLD.surplus
        OR NEW.close_entry_id IS NOT OLD.close_entry_id;
    SELECT RAISE(ABORT, 'the SHU allocation is posted once')
     WHERE OLD.alloc_entry_id IS NOT NULL
       AND (NEW.alloc_entry_id IS NOT OLD.alloc_entry_id OR NEW.alloc_basis IS NOT OLD.alloc_basis);
    SELECT RAISE(ABORT, 'the SHU payout is posted once')
     WHERE OLD.payout_entry_id IS NOT NULL
       AND (NEW.payout_entry_id IS NOT OLD.payout_entry_id
            OR NEW.payout_method IS NOT OLD.payout_method);
END;

-- The pools as posted: amount = the year's surplus split by basis points (largest remainder).
CREATE TABLE shu_pools (
    year         INTEGER NOT NULL REFERENCES shu_years(year),
    key          TEXT NOT NULL,
    position     INTEGER NOT NULL,
    basis_points INTEGER NOT NULL CHECK (typeof(basis_points) = 'integer'),
    amount       INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (year, key)
) WITHOUT ROWID;

-- Each member's share as posted, and what it was computed from.
CREATE TABLE shu_shares (
    year       INTEGER NOT NULL REFERENCES shu_years(year),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    purchases  INTEGER NOT NULL CHECK (typeof(purchases) = 'integer'),
    savings    INTEGER NOT NULL CHECK (typeof(savings) = 'integer'),
    jasa_usaha INTEGER NOT NULL CHECK (typeof(jasa_usaha) = 'integer' AND jasa_usaha >= 0),
    jasa_modal INTEGER NOT NULL CHECK (typeof(jasa_modal) = 'integer' AND jasa_modal >= 0),
    PRIMARY KEY (year, member_id)
) WITHOUT ROWID;

CREATE TRIGGER shu_pools_no_update BEFORE UPDATE ON shu_pools
BEGIN SELECT RAISE(ABORT, 'a posted SHU allocation is permanent'); END;
CREATE TRIGGER shu_pools_no_delete BEFORE DELETE ON shu_pools
BEGIN SELECT RAISE(ABORT, 'a posted SHU allocation is permanent'); END;
CREATE TRIGGER shu_shares_no_update BEFORE UPDATE ON shu_shares
BEGIN SELECT RAISE(ABORT, 'a posted SHU allocation is permanent'); END;
CREATE TRIGGER shu_shares_no_delete BEFORE DELETE ON shu_shares
BEGIN SELECT RAISE(ABORT, 'a posted SHU allocation is permanent'); END;

-- A closed month takes no postings, with one exception: the closing entry of a book year,
-- posted after all its months are closed (the year's books are final before they are
-- closed into SHU tahun berjalan). It must be the entry its shu_years row names.
DROP TRIGGER journal_entries_guard;
CREATE TRIGGER journal_entries_guard BEFORE UPDATE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'posted journal entries are permanent') WHERE OLD.posted = 1;
    SELECT CASE WHEN d <> c THEN RAISE(ABORT, 'journal entry is unbalanced')
                WHEN max_d = 0 OR max_c = 0 THEN RAISE(ABORT, 'journal entry needs a debit and a credit')
           END
      FROM (SELECT total(debit) AS d, total(credit) AS c, coalesce(max(debit), 0) AS max_d,
                   coalesce(max(credit), 0) AS max_c
              FROM journal_lines WHERE entry_id = NEW.id)
     WHERE NEW.posted = 1;
    SELECT RAISE(ABORT, 'the period is closed')
     WHERE NEW.posted = 1 AND
           EXISTS (SELECT 1 FROM closed_periods WHERE month = substr(NEW.date, 1, 7)) AND
           NOT (NEW.origin_type = 'year_close' AND
                EXISTS (SELECT 1 FROM shu_years WHERE close_entry_id = NEW.id));
END;
