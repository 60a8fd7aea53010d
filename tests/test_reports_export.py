"""Reports leaving kasir: XLSX with real numbers, CSV read back, the ``kasir report``
command; and the bad input: an empty period, a ledger that does not balance."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
import reports_support
from cli_support import kasir

from kasir.db import open_coop, sqlite3
from kasir.errors import Unbalanced
from kasir.reports import export, registry
from kasir.reports.statement import parse_period

JUNE = parse_period("2025-06")
scenario, rconn = reports_support.scenario, reports_support.rconn  # the shared fixtures
EN = {"KASIR_LANG": "en"}


def _sheet_rows(path):
    wb = openpyxl.load_workbook(path)
    return wb, wb.worksheets[0]


def test_xlsx_stores_amounts_as_numbers_with_a_thousands_format(rconn, tmp_path):
    st = registry.build(rconn, "posisi-keuangan", JUNE)
    path = export.to_xlsx(st, tmp_path / "posisi.xlsx", coop_name="Koperasi Uji")
    wb, ws = _sheet_rows(path)
    assert ws["A1"].value == "Koperasi Uji"
    cells = {row[0].value: row for row in ws.iter_rows() if row[0].value}
    kas = cells["1-1100 Kas"]
    assert (kas[1].value, kas[2].value) == (235_500, 290_000)
    assert isinstance(kas[1].value, int) and kas[1].data_type == "n"
    assert "#,##0" in kas[1].number_format
    totals = [r for r in ws.iter_rows() if isinstance(r[1].value, int) and r[0].font.bold]
    assert any(r[1].value == 5_410_833 for r in totals)
    figures = dict(wb["Figures"].iter_rows(min_row=2, values_only=True)) if "Figures" in \
        wb.sheetnames else dict(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert figures["total_liabilities_equity"] == 5_410_833
    assert any("DRAFT" in str(r[0].value) or "DRAF" in str(r[0].value) for r in ws.iter_rows())


def test_xlsx_keeps_dates_as_dates(rconn, tmp_path):
    st = registry.build(rconn, "kas-harian", JUNE)
    _wb, ws = _sheet_rows(export.to_xlsx(st, tmp_path / "kas.xlsx"))
    values = [r for r in ws.iter_rows(values_only=True) if r[0] is not None and r[1] == 414_000]
    assert values and values[0][0].date().isoformat() == "2025-06-03"
    assert values[0][2:] == (116_500, 0, 530_500)


def test_csv_reads_back(rconn, tmp_path):
    st = registry.build(rconn, "rekap-penjualan", JUNE)
    path = export.to_csv(st, tmp_path / "penjualan.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [c.title for c in st.columns]
    assert len(rows) == len(st.rows) + 1
    gula = next(r for r in rows if r[0] == "Gula pasir 1 kg (pak 1 kg)")
    assert [int(v) for v in gula[1:]] == [5, 34_000, 54_000, 88_000]
    assert [int(v) for v in rows[-1][2:]] == [220_000, 116_500, 336_500]


def test_empty_period_gives_a_clear_empty_statement(conn, english):
    """A new co-op: every report for June is made, with zero totals and a note, no crash."""
    for name, spec in registry.REPORTS.items():
        st = spec.build(conn, JUNE)
        assert st.rows, name
        assert all(v == 0 for v in st.figures.values()), (name, st.figures)
        assert st.notes, name
        assert st.draft
    position = registry.build(conn, "posisi-keuangan", JUNE)
    assert position.figures["total_assets"] == position.figures["total_liabilities_equity"] == 0
    assert "There are no transactions in this period." in position.notes


def test_period_before_the_first_entry_is_empty(rconn):
    st = registry.build(rconn, "hasil-usaha", parse_period("2024"))
    assert st.figures["shu"] == 0 and st.notes
    assert registry.build(rconn, "kas-harian", parse_period("2025-04")).figures["days"] == 0


def _break_ledger(path) -> None:
    """Post a one-sided line the way only a damaged or hand-edited file could: the posting
    trigger is dropped in this copy, so the month totals take an unbalanced entry."""
    raw = sqlite3.connect(str(path), isolation_level=None)
    try:
        raw.execute("DROP TRIGGER journal_entries_guard")
        entry = raw.execute("INSERT INTO journal_entries (date, memo, origin_type, created_by,"
                            " created_at) VALUES ('2025-06-20', 'rusak', 'manual', 1, 'x')"
                            ).lastrowid
        raw.execute("INSERT INTO journal_lines (entry_id, account_id, debit) VALUES (?,"
                    " (SELECT id FROM accounts WHERE code = '1-1100'), 1000)", (entry,))
        raw.execute("UPDATE journal_entries SET posted = 1 WHERE id = ?", (entry,))
    finally:
        raw.close()


def test_a_ledger_that_does_not_balance_is_refused(scenario, tmp_path, english):
    path = reports_support.copy_of(scenario, tmp_path)
    _break_ledger(path)
    conn = open_coop(path)
    try:
        for name in registry.REPORTS:
            with pytest.raises(Unbalanced) as caught:
                registry.build(conn, name, JUNE)
            assert "kasir check" in str(caught.value)
        # May ends before the broken entry: its reports are still made
        may = registry.build(conn, "posisi-keuangan", parse_period("2025-05"))
        assert may.figures["total_assets"] == 5_990_000
    finally:
        conn.close()
    done = kasir("report", "neraca-saldo", "--period", "2025-06", "--db", str(path),
                 password=None, env=EN)
    assert done.returncode == 1 and "kasir check" in done.stderr


def test_cli_lists_and_writes_reports(scenario, tmp_path):
    listed = kasir("report", "--list", "--json", password=None, env=EN)
    assert listed.returncode == 0, listed.stderr
    names = {r["name"]: r["title"] for r in json.loads(listed.stdout)}
    assert set(names) == set(registry.REPORTS) and names["arus-kas"]
    text = kasir("report", "--list", password=None, env=EN)
    assert "posisi-keuangan" in text.stdout and "Statement of financial position" in text.stdout

    db = str(scenario.path)
    out = tmp_path / "simpanan.xlsx"
    done = kasir("report", "rekap-simpanan", "--period", "2025-06", "--db", db, "--out", str(out),
                 password=None, env=EN)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert any(r[-1] == 350_000 for r in ws.iter_rows(values_only=True))
    out = tmp_path / "utang.csv"
    done = kasir("report", "utang-supplier", "--period", "2025-06", "--db", db, "--out", str(out),
                 password=None, env=EN)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1] == ["Bulog Cabang", "700000", "0", "400000", "300000"]
    shown = kasir("report", "buku-besar", "--period", "2025-06", "--account", "1-1100", "--db", db,
                  "--json", password=None, env=EN)
    assert json.loads(shown.stdout)["figures"]["closing"] == 235_500
    bad = kasir("report", "neraca-saldo", "--period", "2025-06", "--db", db, "--out",
                str(tmp_path / "x.docx"), password=None, env=EN)
    assert bad.returncode == 2 and not (tmp_path / "x.docx").exists()


def test_cli_writes_a_pdf_with_the_builders_figures(scenario, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    out = tmp_path / "posisi.pdf"
    done = kasir("report", "posisi-keuangan", "--period", "2025-06", "--db", str(scenario.path),
                 "--out", str(out), password=None, env=EN)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "5.410.833" in text and "5.990.000" in text
