"""Percentages as percentages and stock in units of sale, in every output: PDF (read back), XLSX
(openpyxl), CSV, the command line's table and JSON.

Percentages: test_shu's scripted 2024 with the awkward AD/ART split 33,33 / 25 / 16,67 / 5 /
5 / 10 / 5. Stock: the June 2025 co-op of reports_support (SPHP in 5 kg packs, gula in 1 kg
packs, both kept in grams).
"""

from __future__ import annotations

import csv
import json
import re

import openpyxl
import pdfplumber
import reports_support
import test_shu
from cli_support import kasir

from kasir.i18n import stock_quantity
from kasir.reports import export, pack, pdf, registry
from kasir.reports.statement import Quantity, parse_period

JUNE = parse_period("2025-06")
scenario, rconn = reports_support.scenario, reports_support.rconn  # the shared fixtures
year2024 = test_shu.year2024
# the AD/ART rows of the SHU calculation, then "Total allocated"
PERCENT_TEXT = ["33,33%", "25%", "16,67%", "5%", "5%", "10%", "5%", "100%"]
PERCENT_PLAIN = ["33.33", "25", "16.67", "5", "5", "10", "5", "100"]


def pdf_text(path) -> str:
    with pdfplumber.open(path) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def shows(number: str, text: str) -> bool:
    """Whether ``number`` (e.g. 50.000) stands on its own in ``text``, not inside 550.000."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.,])", text) is not None


def csv_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


# ---- percentages --------------------------------------------------------------------------

def test_the_shu_calculation_csv_writes_percentages_not_basis_points(coop_path, year2024,
                                                                    tmp_path):
    out = tmp_path / "shu.csv"
    done = kasir("report", "perhitungan-shu", "--period", "2024", "--db", str(coop_path),
                 "--out", str(out), password=None)
    assert done.returncode == 0, done.stderr
    rows = csv_rows(out)
    assert rows[0][1] == "Persen"
    assert [r[1] for r in rows[1:] if r[1]] == PERCENT_PLAIN
    assert "3333" not in out.read_text(encoding="utf-8-sig")


def test_the_shu_calculation_xlsx_holds_real_percentages(conn, year2024, tmp_path):
    st = registry.build(conn, "perhitungan-shu", parse_period("2024"))
    ws = openpyxl.load_workbook(export.to_xlsx(st, tmp_path / "shu.xlsx")).worksheets[0]
    cells = [row[1] for row in ws.iter_rows() if isinstance(row[1].value, float | int)
             and row[1].number_format.endswith("%")]
    assert [round(c.value, 6) for c in cells] == [0.3333, 0.25, 0.1667, 0.05, 0.05, 0.1, 0.05, 1]
    assert all(c.data_type == "n" for c in cells)
    assert [c.number_format for c in cells] == ["0.00%", "0%", "0.00%", "0%", "0%", "0%", "0%",
                                                "0%"]


def test_the_shu_calculation_pdf_and_terminal_print_percentages(coop_path, conn, year2024,
                                                                tmp_path):
    st = registry.build(conn, "perhitungan-shu", parse_period("2024"))
    text = pdf_text(pdf.render_statements([st], tmp_path / "shu.pdf"))
    assert all(p in text for p in PERCENT_TEXT) and "3333" not in text
    db = ["--period", "2024", "--db", str(coop_path)]
    shown = kasir("report", "perhitungan-shu", *db, password=None)
    assert shown.returncode == 0 and all(p in shown.stdout for p in PERCENT_TEXT)
    assert "3333" not in shown.stdout
    data = json.loads(kasir("report", "perhitungan-shu", *db, "--json", password=None).stdout)
    assert [r[1] for r in data["rows"] if r[1] is not None] == \
        [33.33, 25, 16.67, 5, 5, 10, 5, 100]


# ---- stock in units of sale ---------------------------------------------------------------

def test_one_helper_writes_every_stock_quantity():
    assert stock_quantity(60_000, 5000, "g", "pak 5 kg") == "12 pak 5 kg (60 kg)"
    assert stock_quantity(62_500, 5000, "g", "pak 5 kg") == "12 pak 5 kg + 2,5 kg (62,5 kg)"
    assert stock_quantity(-10_000, 5000, "g") == "-2 (-10 kg)"
    assert stock_quantity(2_500, 5000, "g", "pak 5 kg") == "2,5 kg"
    assert stock_quantity(24_000, 1000, "ml", "botol 1 L") == "24 botol 1 L (24 L)"
    assert stock_quantity(750, 250, "g", "bungkus") == "3 bungkus (750 g)"
    assert stock_quantity(12, 1, "pcs", "tabung") == "12 tabung"      # nothing to add
    assert stock_quantity(12_000, 1000, "g", "kg") == "12 kg"          # says it already
    assert Quantity(62_500, 5000, "g").units == 12.5 and Quantity(-5000, 5000, "g").units == -1


def _stock_rows(rows: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r[1:] for r in rows if r[0].startswith(("Beras", "Gula"))}


def test_stock_summary_in_units_of_sale_in_every_output(rconn, tmp_path):
    st = registry.build(rconn, "rekap-persediaan", JUNE)
    # CSV: units of sale as plain numbers, the unit named beside them
    rows = _stock_rows(csv_rows(export.to_csv(st, tmp_path / "stok.csv")))
    assert rows["Gula pasir 1 kg"] == ["pak 1 kg", "10", "12", "7", "-1", "14", "219333", "-15667"]
    assert rows["Beras SPHP 5 kg"] == ["pak 5 kg", "10", "0", "4", "0", "6", "330000", "0"]
    # XLSX: real numbers in units of sale
    ws = openpyxl.load_workbook(export.to_xlsx(st, tmp_path / "stok.xlsx")).worksheets[0]
    beras = next(r for r in ws.iter_rows() if r[0].value == "Beras SPHP 5 kg")
    assert [c.value for c in beras[2:7]] == [10, 0, 4, 0, 6]
    assert beras[2].data_type == "n" and beras[2].number_format == export.QUANTITY_FORMAT
    # PDF: packs with their weight, never bare grams
    text = pdf_text(pdf.render_statements([st], tmp_path / "stok.pdf"))
    line = next(ln for ln in text.splitlines() if ln.startswith("Beras SPHP"))
    assert "10 (50 kg)" in line and "4 (20 kg)" in line and "6 (30 kg)" in line
    assert not shows("50.000", line) and not shows("30.000", line)


def test_sphp_report_and_the_monthly_pack_show_packs_and_kilograms(rconn, tmp_path):
    sphp = registry.build(rconn, "penjualan-sphp", JUNE)
    rows = csv_rows(export.to_csv(sphp, tmp_path / "sphp.csv"))
    assert rows[2][1:] == ["20", "0", "3", "1", "4", "16"]            # 2-8 June, in packs
    text = pdf_text(pack.monthly_pack(rconn, JUNE, tmp_path / "pack.pdf"))
    assert "20 (100 kg)" in text and "pak 5 kg" in text               # SPHP per week
    assert "6 (30 kg)" in text                                        # the stock summary
    assert "Beras SPHP: terjual 4 pak 5 kg (20 kg) dari kuota 120 pak 5 kg (600 kg)" in text


def test_stock_card_command_prints_units_of_sale(scenario):
    db = ["--db", str(scenario.path)]
    card = kasir("stock", "card", f"#{scenario.sphp}", *db, password=None)
    assert card.returncode == 0, card.stderr
    lines = card.stdout.splitlines()
    assert lines[0] == "Beras SPHP 5 kg (pak 5 kg)"
    assert any("10 (50 kg)" in ln for ln in lines)                     # the May delivery
    assert any("-2 (-10 kg)" in ln and "8 (40 kg)" in ln for ln in lines)   # S1 on 2 June
    assert not shows("50.000", card.stdout) and not shows("40.000", card.stdout)
    daily = kasir("stock", "card", f"#{scenario.gula}", "--daily", *db, password=None)
    assert daily.returncode == 0 and "14 (14 kg)" in daily.stdout     # after the count
    data = json.loads(kasir("stock", "card", f"#{scenario.sphp}", *db, "--json",
                            password=None).stdout)
    assert data["rows"][0]["qty_after"] == 50_000                      # JSON keeps base units


def test_report_command_json_gives_units_of_sale(scenario):
    def rows(name):
        shown = kasir("report", name, "--period", "2025-06", "--db", str(scenario.path),
                      "--json", password=None)
        assert shown.returncode == 0, shown.stderr
        return json.loads(shown.stdout)["rows"]

    beras = next(r for r in rows("rekap-persediaan") if r[0] == "Beras SPHP 5 kg")
    assert beras[1:7] == ["pak 5 kg", 10, 0, 4, 0, 6]
    assert rows("penjualan-sphp")[1][1:] == [20, 0, 3, 1, 4, 16]


def test_item_list_shows_stock_on_hand_in_units_of_sale(scenario):
    shown = kasir("item", "list", "--db", str(scenario.path), password=None)
    assert shown.returncode == 0, shown.stderr
    beras = next(ln for ln in shown.stdout.splitlines() if "Beras SPHP" in ln)
    gula = next(ln for ln in shown.stdout.splitlines() if "Gula pasir" in ln)
    assert "6 (30 kg)" in beras and "14 (14 kg)" in gula
