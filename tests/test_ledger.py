"""The general ledger: the seeded chart, manual entries and every reason to refuse one,
reversals, closing months, the database's own refusals, and balances as of any date."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import counts, db_totals

from kasir import i18n
from kasir.books import journal, ledger, savings
from kasir.books.ledger import Line
from kasir.db import sqlite3
from kasir.errors import InvalidInput, NotAllowed, NotFound, PermissionDenied, Unbalanced

DOMAIN_CHART = {
    "1-1100": "asset", "1-1200": "asset", "1-1300": "asset", "1-1400": "asset", "1-1500": "asset",
    "1-2100": "asset", "1-2190": "asset",
    "2-1100": "liability", "2-1200": "liability", "2-1300": "liability", "2-1400": "liability",
    "3-1100": "equity", "3-1200": "equity", "3-1300": "equity", "3-1400": "equity",
    "3-1500": "equity", "3-1600": "equity",
    "4-1100": "revenue", "4-1200": "revenue", "4-1300": "revenue",
    "5-1100": "cost",
}


def cash_in(amount: int, source: str = "3-1400") -> list[Line]:
    return [Line("1-1100", debit=amount), Line(source, credit=amount)]


def expense(amount: int, account: str = "6-1200") -> list[Line]:
    return [Line(account, debit=amount), Line("1-1100", credit=amount)]


# ---- chart of accounts -------------------------------------------------------------------

def test_seed_chart_has_the_domain_codes_and_kinds(conn):
    chart = {a.code: a for a in ledger.accounts(conn)}
    assert {code: chart[code].kind for code in DOMAIN_CHART} == DOMAIN_CHART
    expenses = [a for a in chart.values() if a.code.startswith("6-")]
    assert expenses and all(a.kind == "expense" for a in expenses)
    assert all(a.active for a in chart.values())


def test_subledger_accounts_are_marked_managed(conn):
    managed = {a.code: a.managed for a in ledger.accounts(conn) if a.managed}
    assert managed["2-1200"] == managed["3-1100"] == managed["3-1200"] == "savings"
    assert {"1-1300", "1-1400", "2-1100"} <= set(managed)
    assert "1-1100" not in managed and "6-1200" not in managed


def test_add_account_adds_and_audits(bendahara, conn):
    acc = ledger.add_account(bendahara, " 6-1950 ", "Beban pelatihan", "expense")
    assert (acc.code, acc.kind, acc.active, acc.managed) == ("6-1950", "expense", True, "")
    assert conn.execute("SELECT action, subject FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() \
        == ("account.add", "account:6-1950")


def test_add_account_refuses_a_duplicate_code(bendahara, conn):
    before = counts(conn)
    with pytest.raises(InvalidInput) as err:
        ledger.add_account(bendahara, "1-1100", "Kas kedua", "asset")
    assert err.value.params["code"] == "1-1100"
    assert counts(conn) == before


@pytest.mark.parametrize("code, kind", [("6-1950", "beban"), ("6-1950", ""), ("61800", "expense"),
                                        ("6-18a0", "expense")])
def test_add_account_refuses_bad_kind_or_code(bendahara, conn, code, kind):
    with pytest.raises(InvalidInput):
        ledger.add_account(bendahara, code, "Beban", kind)
    assert conn.execute("SELECT count(*) FROM accounts WHERE code = ?", (code,)).fetchone() == (0,)


# ---- posting -----------------------------------------------------------------------------

def test_manual_entry_is_posted_balanced(bendahara, conn):
    entry_id = ledger.post(bendahara, "2025-06-01", "Hibah dari desa", cash_in(2_500_000))
    entry = ledger.entry(conn, entry_id)
    assert (entry.date, entry.origin_type, entry.created_by) == (dt.date(2025, 6, 1), "manual", "bendahara")
    assert entry.lines == (Line("1-1100", 2_500_000, 0), Line("3-1400", 0, 2_500_000))
    assert conn.execute("SELECT posted FROM journal_entries WHERE id = ?", (entry_id,)).fetchone() == (1,)


REFUSALS = {
    "no-lines": ([], Unbalanced),
    "one-line": ([Line("1-1100", debit=1000)], Unbalanced),
    "zero": ([Line("1-1100", debit=0), Line("3-1400", credit=0)], InvalidInput),
    "negative": ([Line("1-1100", debit=-500), Line("3-1400", credit=-500)], InvalidInput),
    "float": ([Line("1-1100", debit=1000.0), Line("3-1400", credit=1000.0)], InvalidInput),
    "both-sides": ([Line("1-1100", debit=1000, credit=1000), Line("3-1400", credit=1000)], InvalidInput),
    "unknown-account": (cash_in(1000, "3-9999"), NotFound),
    "managed-sukarela": (cash_in(1000, "2-1200"), NotAllowed),
    "managed-piutang": ([Line("1-1300", debit=1000), Line("4-1100", credit=1000)], NotAllowed),
    "two-debits": ([Line("1-1100", debit=1000), Line("1-1200", debit=1000)], Unbalanced),
}


@pytest.mark.parametrize("lines, error", REFUSALS.values(), ids=REFUSALS.keys())
def test_post_refuses_bad_lines_and_writes_nothing(bendahara, conn, lines, error):
    before = counts(conn)
    with pytest.raises(error):
        ledger.post(bendahara, "2025-06-10", "Salah", lines)
    assert counts(conn) == before


@pytest.mark.parametrize("account, area", [("1-1400", "Stok"), ("2-1200", "Simpanan"),
                                           ("1-1300", "Kredit anggota"), ("2-1100", "Pemasok")])
def test_a_managed_account_refusal_names_its_area_in_indonesian_words(bendahara, account, area):
    before = i18n.language()
    i18n.set_language("id")
    try:
        with pytest.raises(NotAllowed) as err:
            ledger.post(bendahara, "2025-06-10", "Koreksi", cash_in(1000, account))
        said = str(err.value)
    finally:
        i18n.set_language(before)
    assert f"'{area}'" in said and account in said, said
    assert not any(f"'{key}'" in said for key in ("stock", "savings", "credit", "suppliers"))


def test_unbalanced_entry_message_shows_the_difference(bendahara, conn, english):
    lines = [Line("1-1100", debit=100_000), Line("3-1400", credit=99_750)]
    with pytest.raises(Unbalanced) as err:
        ledger.post(bendahara, "2025-06-10", "Selisih", lines)
    assert err.value.params["diff"] == i18n.rupiah(250)
    assert i18n.rupiah(250) in str(err.value) and "difference" in str(err.value)


def test_post_refuses_an_inactive_account(bendahara, conn):
    ledger.set_account_active(bendahara, "6-1900", False)
    with pytest.raises(NotAllowed) as err:
        ledger.post(bendahara, "2025-06-10", "Lain-lain", expense(5000, "6-1900"))
    assert err.value.params["code"] == "6-1900"
    with pytest.raises(NotAllowed):  # kasir's own accounts cannot be switched off
        ledger.set_account_active(bendahara, "2-1200", False)


def test_post_refuses_a_future_date_and_an_empty_memo(bendahara, conn):
    with pytest.raises(InvalidInput) as err:
        ledger.post(bendahara, "2025-06-16", "Besok", cash_in(1000))
    assert err.value.params["date"] == "2025-06-16"
    with pytest.raises(InvalidInput):
        ledger.post(bendahara, "2025-06-10", "   ", cash_in(1000))
    assert counts(conn)["journal_entries"] == 0


def test_post_refuses_a_closed_month(bendahara, conn):
    ledger.post(bendahara, "2025-05-02", "Hibah", cash_in(1000))
    ledger.close_month(bendahara, "2025-05")
    with pytest.raises(NotAllowed) as err:
        ledger.post(bendahara, "2025-05-31", "Terlambat", expense(500))
    assert err.value.params["month"] == "2025-05"
    ledger.post(bendahara, "2025-06-01", "Bulan berikutnya", expense(500))  # June is open


def test_other_roles_may_not_post(ketua, pengawas, cashier, conn):
    for ctx in (ketua, pengawas, cashier):
        with pytest.raises(PermissionDenied):
            ledger.post(ctx, "2025-06-10", "Coba", cash_in(1000))
    assert counts(conn)["journal_entries"] == 0


# ---- reversals ---------------------------------------------------------------------------

def test_reverse_posts_a_negated_copy_pointing_at_the_original(bendahara, conn):
    original = ledger.post(bendahara, "2025-06-03", "Listrik", expense(150_000))
    reversal = ledger.reverse(bendahara, original)
    rev = ledger.entry(conn, reversal)
    assert rev.reverses_id == original and ledger.entry(conn, original).reversed_by == reversal
    assert rev.date == dt.date(2025, 6, 3)
    assert rev.lines == (Line("6-1200", 0, 150_000), Line("1-1100", 150_000, 0))
    assert ledger.balance(conn, "1-1100", "2025-06-15") == 0
    assert ledger.balance(conn, "6-1200", "2025-06-15") == 0


def test_reversing_twice_or_reversing_a_reversal_is_refused(bendahara, conn):
    original = ledger.post(bendahara, "2025-06-03", "Listrik", expense(150_000))
    reversal = ledger.reverse(bendahara, original)
    before = counts(conn)
    with pytest.raises(NotAllowed) as err:
        ledger.reverse(bendahara, original)
    assert err.value.params["by"] == reversal
    with pytest.raises(NotAllowed):
        ledger.reverse(bendahara, reversal)
    assert counts(conn) == before


def test_reverse_of_a_closed_month_entry_is_dated_today(bendahara, conn):
    original = ledger.post(bendahara, "2025-05-20", "Transport", expense(40_000, "6-1300"))
    ledger.close_month(bendahara, "2025-05")
    reversal = ledger.entry(conn, ledger.reverse(bendahara, original))
    assert reversal.date == dt.date(2025, 6, 15)


def test_ledger_reverse_refuses_a_savings_entry(bendahara, conn, new_member):
    member = new_member()
    tx = savings.deposit(bendahara, member.id, "sukarela", 25_000)
    entry_id = conn.execute("SELECT entry_id FROM savings_tx WHERE id = ?", (tx,)).fetchone()[0]
    with pytest.raises(NotAllowed) as err:
        ledger.reverse(bendahara, entry_id)
    assert err.value.params["origin"] == "savings"
    with pytest.raises(NotFound):
        ledger.reverse(bendahara, 9999)


# ---- closing months ----------------------------------------------------------------------

def test_close_month_also_closes_earlier_open_months(bendahara, conn):
    ledger.post(bendahara, "2025-03-05", "Hibah", cash_in(1000))
    ledger.post(bendahara, "2025-05-05", "Listrik", expense(500))
    assert ledger.close_month(bendahara, "2025-05") == ["2025-03", "2025-04", "2025-05"]
    assert ledger.closed_months(conn) == ["2025-03", "2025-04", "2025-05"]
    assert ledger.is_closed(conn, dt.date(2025, 4, 30)) and not ledger.is_closed(conn, dt.date(2025, 6, 1))


def test_close_month_refuses_a_month_not_yet_ended_and_closing_twice(bendahara, conn, clock):
    with pytest.raises(NotAllowed):
        ledger.close_month(bendahara, "2025-06")
    ledger.close_month(bendahara, "2025-05")
    with pytest.raises(NotAllowed):
        ledger.close_month(bendahara, "2025-05")
    with pytest.raises(InvalidInput):
        ledger.close_month(bendahara, "2025-13")
    clock.advance(days=16)  # 2025-07-01: June has ended
    assert ledger.close_month(bendahara, "2025-06") == ["2025-06"]


# ---- the database's own refusals ---------------------------------------------------------

@pytest.fixture
def posted(bendahara, new_member, conn):
    """A manual entry and a savings deposit, both posted."""
    ledger.post(bendahara, "2025-06-01", "Hibah", cash_in(1_000_000))
    savings.deposit(bendahara, new_member().id, "sukarela", 30_000)


@pytest.mark.parametrize("sql", [
    "UPDATE journal_lines SET debit = debit + 1 WHERE debit > 0",
    "UPDATE journal_lines SET memo = 'diubah'",
    "DELETE FROM journal_lines",
    "UPDATE journal_entries SET memo = 'diubah'",
    "UPDATE journal_entries SET date = '2025-06-02'",
    "DELETE FROM journal_entries",
    "UPDATE savings_tx SET amount = 1",
    "DELETE FROM savings_tx",
    "UPDATE audit_log SET detail = '{}'",
    "DELETE FROM audit_log",
])
def test_database_blocks_changes_to_permanent_rows(posted, raw, conn, sql):
    before = counts(conn)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql)
    assert counts(conn) == before
    assert db_totals(conn)[0] == db_totals(conn)[1] == 1_080_000


def _draft(raw, day: str = "2025-06-10") -> int:
    return raw.execute("INSERT INTO journal_entries (date, origin_type, created_by, created_at)"
                       " VALUES (?, 'manual', 1, '2025-06-10T03:00:00+00:00')", (day,)).lastrowid


def _line(raw, entry_id: int, code: str, debit: int = 0, credit: int = 0) -> None:
    raw.execute("INSERT INTO journal_lines (entry_id, account_id, debit, credit)"
                " VALUES (?, (SELECT id FROM accounts WHERE code = ?), ?, ?)",
                (entry_id, code, debit, credit))


def test_database_refuses_to_post_an_unbalanced_entry(raw, conn):
    raw.execute("BEGIN")
    entry_id = _draft(raw)
    _line(raw, entry_id, "1-1100", debit=1000)
    with pytest.raises(sqlite3.IntegrityError, match="unbalanced"):
        raw.execute("UPDATE journal_entries SET posted = 1 WHERE id = ?", (entry_id,))
    raw.execute("ROLLBACK")
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("INSERT INTO journal_entries (date, origin_type, posted, created_by, created_at)"
                    " VALUES ('2025-06-10', 'manual', 1, 1, 'x')")
    assert counts(conn)["journal_entries"] == 0


@pytest.mark.parametrize("debit, credit", [(0, 0), (500, 500), (-5, 0), (1.5, 0), (0, 0.5)])
def test_database_refuses_bad_line_amounts(raw, debit, credit):
    raw.execute("BEGIN")
    entry_id = _draft(raw)
    with pytest.raises(sqlite3.IntegrityError):
        _line(raw, entry_id, "1-1100", debit=debit, credit=credit)
    raw.execute("ROLLBACK")


def test_database_refuses_posting_into_a_closed_month_and_adding_lines_to_a_posted_entry(
        bendahara, raw, conn):
    entry_id = ledger.post(bendahara, "2025-06-01", "Hibah", cash_in(1000))
    with pytest.raises(sqlite3.IntegrityError):
        _line(raw, entry_id, "1-1100", debit=1)
    ledger.close_month(bendahara, "2025-05")
    raw.execute("BEGIN")
    draft = _draft(raw, "2025-05-10")
    _line(raw, draft, "1-1100", debit=1000)
    _line(raw, draft, "3-1400", credit=1000)
    with pytest.raises(sqlite3.IntegrityError, match="closed"):
        raw.execute("UPDATE journal_entries SET posted = 1 WHERE id = ?", (draft,))
    raw.execute("ROLLBACK")


# ---- balances ----------------------------------------------------------------------------

@pytest.fixture
def history(bendahara):
    ledger.post(bendahara, "2025-04-10", "Hibah pemerintah desa", cash_in(1_000_000))
    ledger.post(bendahara, "2025-05-05", "Listrik Mei", expense(150_000))
    ledger.post(bendahara, "2025-05-20", "Transport Bulog", expense(75_000, "6-1300"))
    ledger.post(bendahara, "2025-06-02", "Setor ke bank", [Line("1-1200", debit=500_000),
                                                           Line("1-1100", credit=500_000)])


@pytest.mark.parametrize("as_of, kas", [("2025-03-31", 0), ("2025-04-10", 1_000_000),
                                        ("2025-04-30", 1_000_000), ("2025-05-10", 850_000),
                                        ("2025-05-31", 775_000), ("2025-06-01", 775_000),
                                        ("2025-06-15", 275_000)])
def test_balance_as_of_any_date(history, conn, as_of, kas):
    assert ledger.balance(conn, "1-1100", as_of) == kas


def test_balance_uses_month_totals_plus_the_partial_month(history, conn):
    month_rows = conn.execute("SELECT month, debit, credit FROM account_month WHERE account_id ="
                              " (SELECT id FROM accounts WHERE code = '1-1100') ORDER BY month").fetchall()
    assert month_rows == [("2025-04", 1_000_000, 0), ("2025-05", 0, 225_000), ("2025-06", 0, 500_000)]
    assert ledger.balance(conn, "3-1400", "2025-05-19") == -1_000_000  # credit-normal: negative
    assert ledger.normal("equity", ledger.balance(conn, "3-1400", "2025-05-19")) == 1_000_000


@pytest.mark.parametrize("as_of", ["2025-04-09", "2025-04-30", "2025-05-10", "2025-05-31", "2025-06-15"])
def test_trial_balance_debits_equal_credits(history, conn, as_of):
    rows = ledger.trial_balance(conn, as_of)
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


def test_trial_balance_mid_month_rows(history, conn):
    rows = {r.code: (r.debit, r.credit) for r in ledger.trial_balance(conn, "2025-05-10")}
    assert rows == {"1-1100": (850_000, 0), "3-1400": (0, 1_000_000), "6-1200": (150_000, 0)}


def test_general_ledger_has_opening_and_running_balance(history, conn):
    opening, rows = journal.general_ledger(conn, "1-1100", "2025-05-01", "2025-06-15")
    assert opening == 1_000_000
    assert [(r.date.isoformat(), r.debit, r.credit, r.balance) for r in rows] == [
        ("2025-05-05", 0, 150_000, 850_000),
        ("2025-05-20", 0, 75_000, 775_000),
        ("2025-06-02", 0, 500_000, 275_000),
    ]
    assert rows[0].memo == "Listrik Mei"
    assert rows[-1].balance == ledger.balance(conn, "1-1100", "2025-06-15")
