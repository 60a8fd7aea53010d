"""No posting may change a closed month's balances (issue 9, item B).

Closing a month closes every earlier month since the first entry, but an entry dated before
the first entry's month (2020 in books that start in 2024) slipped under them: it was in no
closed month, yet it changed every balance after it. Now any date in or before the LAST closed
month is refused, by the books with a message naming that month and by the database's
posting trigger; dates before 2000 are refused as typos. The one exception stays exact: the
year's closing entry that its ``shu_years`` row names.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

import cli_support
import pytest
from conftest import counts
from shop_support import CLI_PASSWORD, cli_shop, refused, snapshot

from kasir.books import ledger, shu, stock
from kasir.books.ledger import Line
from kasir.db import sqlite3
from kasir.errors import InvalidInput, NotAllowed

EN = {"KASIR_LANG": "en"}
kasir = functools.partial(cli_support.kasir, password=CLI_PASSWORD)


def income(amount: int) -> list[Line]:
    return [Line(ledger.KAS, debit=amount), Line("4-1300", credit=amount)]


def balances(conn, day: str) -> list:
    return ledger.trial_balance(conn, day)


@pytest.fixture
def closed_to_march(bendahara, conn):
    """Books from January 2025, closed up to March 2025 (the conftest clock is 2025-06-15)."""
    ledger.post(bendahara, "2025-01-10", "Hibah desa", income(5_000_000))
    assert ledger.close_month(bendahara, "2025-03") == ["2025-01", "2025-02", "2025-03"]
    return conn


@pytest.mark.parametrize("day", ["2024-12-31", "2020-01-15", "2025-02-10", "2025-03-31"])
def test_posting_in_or_before_the_last_closed_month_is_refused(bendahara, closed_to_march, day):
    conn = closed_to_march
    before, march = counts(conn), balances(conn, "2025-03-31")
    with pytest.raises(NotAllowed) as err:
        ledger.post(bendahara, day, "Koreksi", income(1_000))
    assert err.value.params == {"month": "2025-03", "date": day}
    assert "2025-03" in str(err.value)
    assert counts(conn) == before and balances(conn, "2025-03-31") == march
    ledger.post(bendahara, "2025-04-01", "Koreksi", income(1_000))  # the open month takes it


def test_dates_before_2000_are_refused(bendahara, conn):
    """A typo of the century (1900 for 2000) is refused even with no month closed."""
    before = counts(conn)
    with pytest.raises(InvalidInput) as err:
        ledger.post(bendahara, "1999-12-31", "Hibah", income(1_000))
    assert err.value.params["first"] == "2000-01-01"
    assert counts(conn) == before
    ledger.post(bendahara, "2000-01-01", "Hibah", income(1_000))


def test_stock_events_without_an_entry_are_refused_in_a_closed_month(bendahara, closed_to_march,
                                                                    shop):
    """A count that finds nothing different posts no entry, and a stock move may have none;
    they are dated like entries all the same. A write-off is refused before it looks at stock."""
    conn = closed_to_march
    refused(conn, NotAllowed, stock.count, bendahara, {shop.gula.id: 7000}, date="2025-02-28")
    refused(conn, NotAllowed, stock.write_off, bendahara, shop.gula.id, 1000, reason="basah",
            date="2025-03-31")
    before = snapshot(conn)
    with pytest.raises(sqlite3.IntegrityError, match="period is closed"):
        conn.execute("INSERT INTO stock_moves (item_id, date, kind, quantity, value, qty_after,"
                     " value_after, doc_id) VALUES (?, '2025-03-01', 'count', 1, 0, 1, 0, 1)",
                     (shop.gula.id,))
    assert snapshot(conn) == before


def _draft(conn, day: str, origin: str = "manual") -> int:
    """A balanced draft entry written with plain SQL (the books' checks bypassed)."""
    kas, other = (ledger.account(conn, c).id for c in (ledger.KAS, "4-1300"))
    entry = conn.execute("INSERT INTO journal_entries (date, memo, origin_type, created_by,"
                         " created_at) VALUES (?, 'x', ?, 1, 'now')", (day, origin)).lastrowid
    conn.executemany("INSERT INTO journal_lines (entry_id, account_id, debit, credit)"
                     " VALUES (?,?,?,?)", [(entry, kas, 500, 0), (entry, other, 0, 500)])
    return entry


@pytest.mark.parametrize(("day", "reason"), [("2020-01-15", "period is closed"),
                                             ("2025-02-01", "period is closed"),
                                             ("1900-01-01", "outside the years"),
                                             ("2200-01-01", "outside the years")])
def test_the_database_refuses_the_same_posting(closed_to_march, raw, day, reason):
    """Even past the books, SQLite refuses to post such an entry."""
    entry = _draft(raw, day)
    with pytest.raises(sqlite3.IntegrityError, match=reason):
        raw.execute("UPDATE journal_entries SET posted = 1 WHERE id = ?", (entry,))


def test_a_year_close_posts_into_its_closed_december_and_nothing_else_does(bendahara, conn, raw):
    """Months closed to March 2025; closing 2024 posts on 2024-12-31 (the one exception).
    Another entry of origin 'year_close' not named by a shu_years row is still refused."""
    ledger.post(bendahara, "2024-06-10", "Jasa sewa", income(2_000_000))
    ledger.close_month(bendahara, "2025-03")
    done = shu.close_year(bendahara, 2024)
    assert ledger.entry(conn, done.entry_id).date == dt.date(2024, 12, 31)
    entry = _draft(raw, "2024-12-31", origin="year_close")
    with pytest.raises(sqlite3.IntegrityError, match="period is closed"):
        raw.execute("UPDATE journal_entries SET posted = 1 WHERE id = ?", (entry,))


def test_a_reversal_of_an_entry_under_the_closed_months_goes_into_today(bendahara, closed_to_march):
    """The reversal is dated on the original's day only while that is after the last closed
    month; otherwise today."""
    conn = closed_to_march
    original = ledger.post(bendahara, "2025-04-02", "Salah catat", income(7_000))
    ledger.close_month(bendahara, "2025-04")
    reversal = ledger.reverse(bendahara, original)
    assert ledger.entry(conn, reversal).date == dt.date(2025, 6, 15)


# ---- the reproductions, through the real command line --------------------------------------

@pytest.fixture
def closed_file(tmp_path):
    """Rice received on the 5th of the month before last; books closed to last month."""
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    received = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=25)
    path = tmp_path / "toko.sqlite"
    cli_shop(path, received=received)
    done = kasir("close-month", last_month, "--db", str(path), "--user", "bendahara", env=EN)
    assert done.returncode == 0, done.stderr
    return str(path), last_month, received


def _trial(db: str, day: str) -> list:
    done = kasir("ledger", "trial-balance", "--db", db, "--date", day, "--json", env=EN)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cli_ledger_post_dated_2020_is_refused(closed_file, tmp_path):
    db, last_month, _received = closed_file
    entry = tmp_path / "entry.json"
    entry.write_text(json.dumps({"date": "2020-01-15", "memo": "Koreksi lama", "lines": [
        {"account": "6-1200", "debit": 150000}, {"account": "1-1100", "credit": 150000}]}))
    before = _trial(db, f"{last_month}-01")
    done = kasir("ledger", "post", str(entry), "--db", db, "--user", "bendahara", env=EN)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert last_month in done.stderr and not done.stdout
    assert _trial(db, f"{last_month}-01") == before


@pytest.mark.parametrize("when", ["1900-01-01", "under"])
def test_cli_purchase_dated_under_the_closed_months_is_refused(closed_file, tmp_path, when):
    """1900 is before kasir's books; the month before the first delivery is in no closed month
    (closing starts at the first entry's month) yet before the last one."""
    db, last_month, received = closed_file
    day = when if when != "under" else (received.replace(day=1) - dt.timedelta(days=1)).isoformat()
    delivery = tmp_path / "delivery.json"
    delivery.write_text(json.dumps({"supplier": "Bulog", "payment": "cash", "lines": [
        {"item": "B5", "quantity": 5, "cost": 275000}]}))
    before = _trial(db, f"{last_month}-01")
    done = kasir("purchase", "record", str(delivery), "--db", db, "--user", "bendahara",
                 "--date", day, env=EN)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert ("2000-01-01" if when != "under" else last_month) in done.stderr
    assert _trial(db, f"{last_month}-01") == before
    check = kasir("check", "--db", db, "--json", env=EN)
    assert check.returncode == 0, check.stdout
