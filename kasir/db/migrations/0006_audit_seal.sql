-- kasir schema 6: the audit chain seals the books' content (issue 9, item C).
-- Each audit record's `content` holds the digests of what its event wrote (see
-- kasir/db/audit_chain.py); its hash covers them. The triggers that note changed rows of
-- users, members, items, accounts, settings … are made from that module's table list and
-- run at the end of this script (migrations.GENERATED_SQL); then the migration's Python step
-- seals every row an existing file already holds.

ALTER TABLE audit_log ADD COLUMN content TEXT NOT NULL DEFAULT '';

-- Per append-only table, the highest rowid the chain has sealed: where the next record's
-- range starts ("journal_entries 467,journal_lines 1532,…" in one row, so an event updates
-- one row). Only a cache: `kasir check` reads the marks from the records themselves.
CREATE TABLE audit_marks (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    marks TEXT NOT NULL
);

-- Rows of the by-row tables changed since the last record; each record seals and empties it.
CREATE TABLE audit_pending (
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
