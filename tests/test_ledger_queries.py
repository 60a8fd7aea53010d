"""The journal list's queries: keyset pages that join up exactly, filters by date, account and
origin whichever index leads, the origin types present, and the month-close preview."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import post_shop_credit

from kasir.books import journal as journal_module
from kasir.books import ledger
from kasir.books.ledger import Line
from kasir.errors import NotAllowed, NotFound

DAYS = [dt.date(2025, 3, 1) + dt.timedelta(days=3 * i) for i in range(30)]   # March to mid-June


@pytest.fixture
def journal(bendahara, new_member):
    """30 manual entries (a 2- or 3-line entry every third day) and 10 credit sales."""
    member = new_member(join_date="2025-01-10")
    for i, day in enumerate(DAYS):
        lines = [Line("6-1200", debit=1000 + i), Line("1-1100", credit=1000 + i)]
        if i % 3 == 0:   # a three-line entry: two debits
            lines = [Line("6-1200", debit=600), Line("6-1100", debit=400 + i),
                     Line("1-1100", credit=1000 + i)]
        ledger.post(bendahara, day, f"Biaya {i}", lines)
    for i in range(10):
        post_shop_credit(bendahara, member.id, 5000 + i, DAYS[3 * i])
    return bendahara


def all_lines(conn, **filters) -> list[journal_module.JournalRow]:
    """Every matching line, computed the plain way: by date and entry, lines in order."""
    rows = journal_module.journal_lines(conn, limit=10_000, **filters)
    assert len(rows) < 10_000
    return rows


def paged(conn, size: int, **filters) -> list[journal_module.JournalRow]:
    out, after = [], None
    while True:
        page = journal_module.journal_lines(conn, after=after, limit=size, **filters)
        out += page
        if len(page) < size:
            return out
        after = page[-1]


def test_journal_lines_newest_first_each_entry_in_line_order(journal, conn):
    rows = all_lines(conn)
    dates = [r.date for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert len(rows) == conn.execute("SELECT count(*) FROM journal_lines").fetchone()[0]
    first = ledger.entry(conn, rows[0].entry_id)
    assert [(r.code, r.debit, r.credit) for r in rows[:len(first.lines)]] == [
        (ln.account, ln.debit, ln.credit) for ln in first.lines]
    assert rows[0].memo == first.memo and rows[0].origin_type == first.origin_type


def test_keyset_pages_join_up_exactly_even_inside_an_entry(journal, conn):
    for newest_first in (True, False):
        whole = all_lines(conn, newest_first=newest_first)
        assert (whole[0].date < whole[-1].date) is not newest_first
        for size in (1, 2, 7, 50):
            assert paged(conn, size, newest_first=newest_first) == whole, (size, newest_first)


@pytest.mark.parametrize("pick_limit", [20_000, 3])   # the narrow filter's index leads, or dates
def test_filters_by_date_account_and_origin(journal, conn, monkeypatch, pick_limit):
    monkeypatch.setattr(journal_module, "_PICK_LIMIT", pick_limit)
    monkeypatch.setattr(journal_module, "_journal_plans", {})
    everything, oldest = all_lines(conn), all_lines(conn, newest_first=False)
    cases = [
        ({"start": "2025-04-01", "end": "2025-04-30"},
         lambda r: dt.date(2025, 4, 1) <= r.date <= dt.date(2025, 4, 30)),
        ({"account_code": "6-1100"}, lambda r: r.code == "6-1100"),
        ({"origin_type": "sale"}, lambda r: r.origin_type == "sale"),
        ({"origin_type": "manual", "account_code": "1-1100", "end": "2025-05-15"},
         lambda r: r.origin_type == "manual" and r.code == "1-1100" and r.date <= dt.date(2025, 5, 15)),
    ]
    for filters, keep in cases:
        expected = [r for r in everything if keep(r)]
        assert expected, filters
        assert all_lines(conn, **filters) == expected, filters
        assert paged(conn, 4, **filters) == expected, filters
        assert paged(conn, 3, newest_first=False, **filters) == [r for r in oldest if keep(r)]


def test_oldest_first_is_the_same_lines_entries_reversed(journal, conn):
    newest = all_lines(conn)
    oldest = all_lines(conn, newest_first=False)
    by_entry = lambda rows: [r.entry_id for r in rows]  # noqa: E731 - tiny helper
    assert list(dict.fromkeys(by_entry(oldest))) == list(dict.fromkeys(by_entry(newest)))[::-1]
    assert sorted(oldest) == sorted(newest)


def test_only_posted_lines_and_unknown_account_refused(journal, conn):
    assert all_lines(conn, origin_type="nothing") == []
    with pytest.raises(NotFound):
        journal_module.journal_lines(conn, account_code="9-9999")


def test_line_memo_shown_instead_of_the_entry_memo_when_it_has_one(bendahara, conn):
    entry_id = ledger.post(bendahara, "2025-06-02", "Belanja", [
        Line("6-1200", debit=700, memo="Kertas"), Line("1-1100", credit=700)])
    rows = [r for r in all_lines(conn) if r.entry_id == entry_id]
    assert [r.memo for r in rows] == ["Kertas", "Belanja"]


def test_origin_types_lists_each_type_present_once(journal, conn):
    assert journal_module.origin_types(conn) == ["manual", "sale", "savings"]


def test_months_to_close_previews_close_month_without_closing(journal, conn):
    today = journal.today()
    assert ledger.months_to_close(conn, "2025-04", today) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert ledger.closed_months(conn) == []
    assert ledger.close_month(journal, "2025-04") == ["2025-01", "2025-02", "2025-03", "2025-04"]
    with pytest.raises(NotAllowed) as preview:
        ledger.months_to_close(conn, "2025-04", today)
    with pytest.raises(NotAllowed) as real:
        ledger.close_month(journal, "2025-04")
    assert str(preview.value) == str(real.value)
    assert ledger.months_to_close(conn, "2025-05", today) == ["2025-05"]
    with pytest.raises(NotAllowed, match="2025-06"):
        ledger.months_to_close(conn, "2025-06", today)
