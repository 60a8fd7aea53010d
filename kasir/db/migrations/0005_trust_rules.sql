-- kasir schema 5: rules the books keep even against a raw SQL edit (issue 9, item B).
-- Every posted document is permanent, like the entries it posts.

-- Documents that were guarded on one side only, or not at all.
CREATE TRIGGER stock_counts_kept BEFORE DELETE ON stock_counts
BEGIN SELECT RAISE(ABORT, 'stock counts are permanent'); END;
CREATE TRIGGER stock_count_lines_permanent BEFORE UPDATE ON stock_count_lines
BEGIN SELECT RAISE(ABORT, 'stock counts are permanent'); END;
CREATE TRIGGER stock_count_lines_kept BEFORE DELETE ON stock_count_lines
BEGIN SELECT RAISE(ABORT, 'stock counts are permanent'); END;
CREATE TRIGGER stock_writeoffs_kept BEFORE DELETE ON stock_writeoffs
BEGIN SELECT RAISE(ABORT, 'write-offs are permanent'); END;
CREATE TRIGGER sale_return_lines_permanent BEFORE UPDATE ON sale_return_lines
BEGIN SELECT RAISE(ABORT, 'returns are permanent'); END;
CREATE TRIGGER sale_return_lines_kept BEFORE DELETE ON sale_return_lines
BEGIN SELECT RAISE(ABORT, 'returns are permanent'); END;

-- A shift is opened once and closed once: closing fills in the closing columns, nothing else
-- changes, and a shift is never deleted (its sales point at it).
CREATE TRIGGER shifts_kept BEFORE DELETE ON shifts
BEGIN SELECT RAISE(ABORT, 'shifts are permanent'); END;
CREATE TRIGGER shifts_close_only BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an open shift changes only by being closed')
     WHERE NEW.id IS NOT OLD.id OR NEW.till IS NOT OLD.till OR NEW.date IS NOT OLD.date
        OR NEW.float IS NOT OLD.float OR NEW.opened_by IS NOT OLD.opened_by
        OR NEW.opened_at IS NOT OLD.opened_at
        OR NEW.closed_at IS NULL OR NEW.closed_by IS NULL
        OR NEW.expected IS NULL OR NEW.counted IS NULL OR NEW.counts IS NULL;
END;

-- The monthly totals only grow, as entries are posted (posted lines never change), and are
-- never removed: lowering one would hide postings from every balance read through it.
CREATE TRIGGER account_month_kept BEFORE DELETE ON account_month
BEGIN SELECT RAISE(ABORT, 'monthly totals are kept by posting'); END;
CREATE TRIGGER account_month_only_grows BEFORE UPDATE ON account_month
WHEN NEW.account_id IS NOT OLD.account_id OR NEW.month IS NOT OLD.month
  OR NEW.debit < OLD.debit OR NEW.credit < OLD.credit
BEGIN SELECT RAISE(ABORT, 'monthly totals are kept by posting'); END;

-- Receipt numbers are gap-free and never reused: a till's counter for a day only counts up
-- by one, and is never removed.
CREATE TRIGGER receipt_counters_kept BEFORE DELETE ON receipt_counters
BEGIN SELECT RAISE(ABORT, 'receipt numbers are never reused'); END;
CREATE TRIGGER receipt_counters_count_up BEFORE UPDATE ON receipt_counters
WHEN NEW.till IS NOT OLD.till OR NEW.day IS NOT OLD.day OR NEW.last IS NOT OLD.last + 1
BEGIN SELECT RAISE(ABORT, 'receipt numbers are never reused'); END;

-- No posting may change a closed month's balances: a date in or before the LAST closed month
-- is refused, not only a date in a closed month (a 2020 entry under books closed from 2024
-- would change every balance since). The one exception stays exactly as migration 3 made it:
-- the closing entry of a book year, named by its shu_years row. Postings are dated 2000-01-01
-- to 2199-12-31, which bounds the months a balance adds up (docs/decisions.md, "Ceilings on
-- amounts"). sum(), not total(): exact integers, where a float could call unequal sums equal.
DROP TRIGGER journal_entries_guard;
CREATE TRIGGER journal_entries_guard BEFORE UPDATE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'posted journal entries are permanent') WHERE OLD.posted = 1;
    SELECT CASE WHEN d <> c THEN RAISE(ABORT, 'journal entry is unbalanced')
                WHEN max_d = 0 OR max_c = 0 THEN RAISE(ABORT, 'journal entry needs a debit and a credit')
           END
      FROM (SELECT coalesce(sum(debit), 0) AS d, coalesce(sum(credit), 0) AS c,
                   coalesce(max(debit), 0) AS max_d, coalesce(max(credit), 0) AS max_c
              FROM journal_lines WHERE entry_id = NEW.id)
     WHERE NEW.posted = 1;
    SELECT RAISE(ABORT, 'the date is outside the years kasir keeps (2000 to 2199)')
     WHERE NEW.posted = 1 AND (NEW.date < '2000-01-01' OR NEW.date > '2199-12-31');
    SELECT RAISE(ABORT, 'the period is closed')
     WHERE NEW.posted = 1 AND
           substr(NEW.date, 1, 7) <= (SELECT max(month) FROM closed_periods) AND
           NOT (NEW.origin_type = 'year_close' AND
                EXISTS (SELECT 1 FROM shu_years WHERE close_entry_id = NEW.id));
END;

-- Stock moves, counts and write-offs of goods with no value post no entry; they keep the same
-- dates as entries.
CREATE TRIGGER stock_moves_open_period BEFORE INSERT ON stock_moves
WHEN NEW.date < '2000-01-01' OR NEW.date > '2199-12-31'
  OR substr(NEW.date, 1, 7) <= (SELECT max(month) FROM closed_periods)
BEGIN SELECT RAISE(ABORT, 'the period is closed'); END;
CREATE TRIGGER stock_counts_open_period BEFORE INSERT ON stock_counts
WHEN NEW.date < '2000-01-01' OR NEW.date > '2199-12-31'
  OR substr(NEW.date, 1, 7) <= (SELECT max(month) FROM closed_periods)
BEGIN SELECT RAISE(ABORT, 'the period is closed'); END;
CREATE TRIGGER stock_writeoffs_open_period BEFORE INSERT ON stock_writeoffs
WHEN NEW.date < '2000-01-01' OR NEW.date > '2199-12-31'
  OR substr(NEW.date, 1, 7) <= (SELECT max(month) FROM closed_periods)
BEGIN SELECT RAISE(ABORT, 'the period is closed'); END;

-- Ceilings (kasir.money): an amount is at most Rp1.000.000.000.000 (10^12), a quantity at
-- most 10^9 base units, and one account's debits, or credits, in one month at most 10^15.
-- With postings dated in 2,400 months at most, no sum over one account can pass
-- 2 × 2,400 × 10^15 = 4.8 × 10^18 < 2^63 (docs/decisions.md, "Ceilings on amounts").
CREATE TRIGGER journal_lines_ceiling BEFORE INSERT ON journal_lines
WHEN NEW.debit > 1000000000000 OR NEW.credit > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER account_month_ceiling BEFORE INSERT ON account_month
WHEN NEW.debit > 1000000000000000 OR NEW.credit > 1000000000000000
BEGIN SELECT RAISE(ABORT, 'an account''s monthly total is above the ceiling of 10^15'); END;
CREATE TRIGGER account_month_ceiling_update BEFORE UPDATE ON account_month
WHEN NEW.debit > 1000000000000000 OR NEW.credit > 1000000000000000
BEGIN SELECT RAISE(ABORT, 'an account''s monthly total is above the ceiling of 10^15'); END;
CREATE TRIGGER savings_tx_ceiling BEFORE INSERT ON savings_tx
WHEN abs(NEW.amount) > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER sales_ceiling BEFORE INSERT ON sales
WHEN NEW.total > 1000000000000 OR NEW.cost > 1000000000000 OR NEW.tendered > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER sale_lines_ceiling BEFORE INSERT ON sale_lines
WHEN NEW.price > 1000000000000 OR NEW.amount > 1000000000000 OR NEW.cost > 1000000000000
  OR NEW.quantity > 1000000000 OR NEW.base_qty > 1000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER sale_returns_ceiling BEFORE INSERT ON sale_returns
WHEN NEW.refund > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER sale_return_lines_ceiling BEFORE INSERT ON sale_return_lines
WHEN NEW.amount > 1000000000000 OR NEW.cost > 1000000000000 OR NEW.quantity > 1000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER purchases_ceiling BEFORE INSERT ON purchases
WHEN NEW.total > 1000000000000 OR NEW.transport > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER purchase_lines_ceiling BEFORE INSERT ON purchase_lines
WHEN NEW.cost > 1000000000000 OR NEW.quantity > 1000000000 OR NEW.base_qty > 1000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER supplier_payments_ceiling BEFORE INSERT ON supplier_payments
WHEN NEW.amount > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER credit_payments_ceiling BEFORE INSERT ON credit_payments
WHEN NEW.amount > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER stock_moves_ceiling BEFORE INSERT ON stock_moves
WHEN abs(NEW.quantity) > 1000000000 OR abs(NEW.value) > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER stock_writeoffs_ceiling BEFORE INSERT ON stock_writeoffs
WHEN NEW.quantity > 1000000000 OR NEW.value > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER stock_count_lines_ceiling BEFORE INSERT ON stock_count_lines
WHEN NEW.counted_qty > 1000000000 OR abs(NEW.diff_value) > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER shifts_ceiling BEFORE INSERT ON shifts
WHEN NEW.float > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER shifts_counted_ceiling BEFORE UPDATE OF counted ON shifts
WHEN NEW.counted > 1000000000000
BEGIN SELECT RAISE(ABORT, 'an amount is above the ceiling of 10^12'); END;
CREATE TRIGGER items_ceiling BEFORE INSERT ON items
WHEN NEW.member_price > 1000000000000 OR NEW.nonmember_price > 1000000000000
  OR NEW.unit_size > 1000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
CREATE TRIGGER items_ceiling_update BEFORE UPDATE OF member_price, nonmember_price, unit_size ON items
WHEN NEW.member_price > 1000000000000 OR NEW.nonmember_price > 1000000000000
  OR NEW.unit_size > 1000000000
BEGIN SELECT RAISE(ABORT, 'an amount or quantity is above its ceiling'); END;
