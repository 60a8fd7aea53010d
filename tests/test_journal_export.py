"""The ledger export read by hledger and ledger-cli: their balance sheet and income statement
equal kasir's own statements, on a demo file whose first book year is closed.

The demo runs 14 months to March 2025 (book year 2024 closed into 3-1600 SHU belum dibagi,
2025 open), so the tools see a closing entry, a closed year's SHU and a running result.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import pytest
from cli_support import kasir

from kasir.db import open_coop
from kasir.reports import registry
from kasir.reports.statement import parse_period

PASSWORD = "kasir-demo"
AS_OF = "2025-04-01"          # hledger and ledger end dates are exclusive: to 31 March 2025


def _need(tool: str) -> None:
    if not shutil.which(tool):
        if os.environ.get("CI"):
            pytest.fail(f"{tool} must be installed in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(the demo file, its ledger export)."""
    folder = tmp_path_factory.mktemp("export")
    db = folder / "demo.sqlite"
    made = kasir("demo", "--db", str(db), "--members", "15", "--months", "14", "--seed", "9",
                 "--end", "2025-03", password=None)
    assert made.returncode == 0, made.stderr
    closed = kasir("shu", "close", "--year", "2024", "--db", str(db), "--user", "bendahara",
                   password=PASSWORD)
    assert closed.returncode == 0, closed.stderr
    out = folder / "demo.journal"
    done = kasir("export", "--db", str(db), "--format", "ledger", "--out", str(out),
                 password=None)
    assert done.returncode == 0, done.stderr
    return db, out


@pytest.fixture(scope="module")
def statements(demo):
    conn = open_coop(demo[0])
    try:
        return {
            "position": registry.build(conn, "posisi-keuangan", parse_period("2025-03")),
            "results 2024": registry.build(conn, "hasil-usaha", parse_period("2024")),
            "results 2025": registry.build(conn, "hasil-usaha", parse_period("2025"))}
    finally:
        conn.close()


def _idr(text: str) -> int:
    return int(text.replace("IDR", "").replace(",", "").strip() or 0)


def hledger(journal, *args: str) -> dict[str, dict[str, int]]:
    """A hledger report as {section: {account or "total": amount}}, with "Net:" on its own."""
    shown = subprocess.run(["hledger", "-f", str(journal), *args, "-O", "csv", "--flat"],
                           capture_output=True, text=True, check=True).stdout
    sections: dict[str, dict[str, int]] = {}
    current = None
    for name, *value in list(csv.reader(io.StringIO(shown)))[2:]:
        value = value[0] if value else "0"           # a zero total comes without a column
        if name == "Net:":
            sections["Net"] = {"total": _idr(value)}
        elif not value:
            current = sections.setdefault(name, {})
        else:
            current[name] = _idr(value)
    return sections


def ledger_cli(journal, *args: str) -> dict[str, int]:
    """``ledger balance`` as {account: amount} (debit-positive, as ledger-cli counts)."""
    shown = subprocess.run(["ledger", "-f", str(journal), "--pedantic", "balance", "--no-total",
                            "--balance-format", "%(account)\t%(quantity(display_total))\n",
                            *args], capture_output=True, text=True, check=True).stdout
    return {a: _idr(v) for a, v in (ln.split("\t") for ln in shown.splitlines() if ln.strip())}


def test_every_account_is_declared_with_its_type(demo):
    _need("hledger")
    types = subprocess.run(["hledger", "-f", str(demo[1]), "accounts", "--types"],
                           capture_output=True, text=True, check=True).stdout
    declared = dict(line.rsplit("; type: ", 1) for line in types.splitlines())
    declared = {name.strip(): kind for name, kind in declared.items()}
    assert declared["Aset:1-1100 Kas"] == "C" and declared["Aset:1-1400 Persediaan barang dagang"] == "A"
    assert declared["Liabilitas:2-1200 Simpanan sukarela"] == "L"
    assert declared["Ekuitas:3-1600 SHU belum dibagi"] == "E"
    assert declared["Pendapatan:4-1100 Penjualan kepada anggota"] == "R"
    assert declared["Beban:Pokok penjualan:5-1100 Harga pokok penjualan"] == "X"
    subprocess.run(["hledger", "-f", str(demo[1]), "check", "--strict"], check=True,
                   capture_output=True)


def test_hledger_balance_sheet_equals_kasirs(demo, statements):
    _need("hledger")
    position = statements["position"].figures
    shown = hledger(demo[1], "bse", "-e", AS_OF)
    assert shown["Assets"]["total"] == position["total_assets"] > 0
    assert shown["Liabilities"]["total"] == position["total_liabilities"] > 0
    # the open year's result is still in the result accounts: hledger's Net, kasir's equity line
    assert shown["Net"]["total"] == position["shu_current_year"] + position["shu_earlier_years"]
    assert shown["Equity"]["total"] + shown["Net"]["total"] == position["total_equity"]
    assert shown["Equity"]["Ekuitas:3-1600 SHU belum dibagi"] == statements["results 2024"].figures["shu"]
    kasir_rows = {str(r.cells[0]).split()[0]: r.cells[1] for r in statements["position"].rows
                  if r.style == "normal" and str(r.cells[0])[:1].isdigit()}
    tool_rows = {name.split(":")[-1].split()[0]: amount
                 for section in ("Assets", "Liabilities", "Equity")
                 for name, amount in shown[section].items() if name != "total"}
    assert tool_rows == kasir_rows


def test_hledger_income_statement_equals_kasirs(demo, statements):
    _need("hledger")
    for year, begin, end in (("2024", "2024-01-01", "2025-01-01"), ("2025", "2025-01-01", AS_OF)):
        results = statements[f"results {year}"].figures
        shown = hledger(demo[1], "is", "-b", begin, "-e", end, "not:tag:origin=year_close")
        assert shown["Revenues"]["total"] == results["revenue_sales"] + results["other_income"]
        assert shown["Expenses"]["total"] == results["cost_of_sales"] + results["expenses"]
        assert shown["Net"]["total"] == results["shu"] != 0
    # without the filter, the closed year's closing entry brings its result to zero
    assert hledger(demo[1], "is", "-b", "2024-01-01", "-e", "2025-01-01")["Net"]["total"] == 0


def test_ledger_cli_balance_sheet_and_results_equal_kasirs(demo, statements):
    _need("ledger")
    position, results = statements["position"].figures, statements["results 2024"].figures
    tops = ledger_cli(demo[1], "--depth", "1", "-e", AS_OF)
    unclosed = -(tops.get("Pendapatan", 0) + tops.get("Beban", 0))
    assert tops["Aset"] == position["total_assets"]
    assert -tops["Liabilitas"] == position["total_liabilities"]
    assert -tops["Ekuitas"] + unclosed == position["total_equity"]
    year = ledger_cli(demo[1], "--depth", "1", "-b", "2024-01-01", "-e", "2025-01-01",
                      "(", "^Pendapatan", "or", "^Beban", ")", "and", "not", "%origin=year_close")
    assert -year["Pendapatan"] == results["revenue_sales"] + results["other_income"]
    assert year["Beban"] == results["cost_of_sales"] + results["expenses"]
