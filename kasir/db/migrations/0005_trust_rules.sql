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

-- Receipt numbers are gap-free and never reused: a till's counter for a day only counts up
-- by one, and is never removed.
CREATE TRIGGER receipt_counters_kept BEFORE DELETE ON receipt_counters
BEGIN SELECT RAISE(ABORT, 'receipt numbers are never reused'); END;
CREATE TRIGGER receipt_counters_count_up BEFORE UPDATE ON receipt_counters
WHEN NEW.till IS NOT OLD.till OR NEW.day IS NOT OLD.day OR NEW.last IS NOT OLD.last + 1
BEGIN SELECT RAISE(ABORT, 'receipt numbers are never reused'); END;
