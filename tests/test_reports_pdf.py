"""PDF rendering read back with pdfplumber: figures, page numbers, DRAFT, fonts, paper; the
monthly pack, the passbook, the kwitansi and their commands."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from shop_support import stocked_shop

from kasir.books import profile, sales, savings, shifts
from kasir.cli import main
from kasir.errors import InvalidInput
from kasir.i18n import _
from kasir.reports import kwitansi, pack, passbook, pdf
from kasir.reports.statement import Column, Row, Statement, parse_period

MM = 72 / 25.4


def read(path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def page_sizes_mm(path) -> set[tuple[int, int]]:
    with pdfplumber.open(path) as doc:
        return {(round(p.width / MM), round(p.height / MM)) for p in doc.pages}


def fonts(path) -> set[str]:
    with pdfplumber.open(path) as doc:
        return {c["fontname"].split("+")[-1] for p in doc.pages for c in p.chars}


def page_label(page: int, total: int) -> str:
    return _("Page {page} of {total}").format(page=page, total=total)


def sample(draft: bool = False, rows: int = 0) -> Statement:
    """A statement with every row style, an indented line, a negative and a long list."""
    st = Statement(key="contoh", title="Laporan contoh", period=parse_period("2025-05"),
                   columns=[Column("Keterangan"), Column("Jumlah", "money"),
                            Column("Tanggal", "date")], draft=draft)
    st.rows = [Row(("Pendapatan", None, None), "heading"),
               Row(("Penjualan", 1_234_567, dt.date(2025, 5, 31)), level=1),
               Row(("Retur", -250_000, None), level=1),
               Row(("Jumlah pendapatan", 984_567, None), "subtotal")]
    st.rows += [Row((f"Baris {i}", i * 1000, None)) for i in range(1, rows + 1)]
    st.rows.append(Row(("SHU", 984_567 + sum(i * 1000 for i in range(1, rows + 1)), None), "total"))
    st.figures = {"total": st.rows[-1].cells[1]}
    return st


def test_amounts_styles_page_numbers_and_embedded_font(tmp_path, conn):
    out = pdf.render_statements([sample(rows=150)], tmp_path / "a.pdf",
                                coop_profile=profile.get(conn), title="Paket contoh")
    pages = read(out)
    text = "\n".join(pages)
    assert "1.234.567" in text and "(250.000)" in text and "31/05/2025" in text
    assert pdf.money_text(sample(rows=150).figures["total"]) in text
    assert len(pages) >= 4  # cover, contents, the long table over two pages at least
    for number, page in enumerate(pages, start=1):
        assert page_label(number, len(pages)) in page
    assert profile.get(conn).name in pages[0] and "Paket contoh" in pages[0]
    assert "Laporan contoh" in pages[1] and "3" in pages[1].split("Laporan contoh")[1]
    assert all("Keterangan" in p for p in pages[2:-1])  # the header repeats on every page
    assert _("Acknowledged by,") in pages[-1]  # signatures kept together on the last page
    assert _("DRAFT") not in text
    assert fonts(out) >= {"DejaVuSans", "DejaVuSans-Bold"}
    assert b"/FontFile2" in out.read_bytes()  # the TrueType font program is in the file
    assert page_sizes_mm(out) == {(210, 297)}


def test_draft_on_every_page_and_f4_paper(tmp_path):
    out = pdf.render_statements([sample(), sample(draft=True, rows=120)], tmp_path / "d.pdf",
                                paper="F4", signatures={"ketua": "Siti Aminah"})
    pages = read(out)
    assert all(_("DRAFT — the book year is not closed") in p for p in pages)
    assert page_sizes_mm(out) == {(215, 330)}
    assert "Siti Aminah" in pages[-1] and _("Acknowledged by,") in pages[-1]


def test_unknown_paper_and_an_empty_statement(tmp_path):
    with pytest.raises(InvalidInput):
        pdf.render_statements([sample()], tmp_path / "x.pdf", paper="Letter")
    assert not (tmp_path / "x.pdf").exists()
    empty = Statement("kosong", "Kosong", parse_period("2025-05"), [Column("A")])
    pages = read(pdf.render_statements([empty], tmp_path / "e.pdf", cover=False, contents=False))
    assert _("No data for this period.") in pages[0]


@pytest.fixture
def may2025(bendahara, cashier, new_member):
    """May 2025: two members, savings, and member and non-member sales."""
    shop = stocked_shop(bendahara, day="2025-05-02")
    ani, budi = new_member(name="Ani", join_date="2025-05-02"), new_member(name="Budi",
                                                                           join_date="2025-05-03")
    savings.deposit(bendahara, ani.id, "wajib", 20_000, date="2025-05-02")
    savings.deposit(bendahara, ani.id, "sukarela", 175_000, date="2025-05-20")
    shifts.open_shift(cashier, "1", 0, date="2025-05-10")
    sales.checkout(cashier, [sales.CartLine(item_id=shop.gula.id, quantity=2)], member_id=ani.id,
                   date="2025-05-10")
    sales.checkout(cashier, [sales.CartLine(item_id=shop.gula.id, quantity=1)], date="2025-05-10")
    return ani, budi


def test_monthly_pack_prints_the_builders_figures(conn, may2025, tmp_path):
    statements = pack.monthly_statements(conn, "2025-05")
    assert [s.key for s in statements] == list(pack.MONTHLY)
    out = pdf.render_statements(statements, tmp_path / "m.pdf", coop_profile=profile.get(conn))
    pages = read(out)
    text = "\n".join(pages)
    position = statements[0].figures
    assert position["total_assets"] == position["total_liabilities_equity"]
    assert pdf.money_text(position["total_assets"]) in text
    results = statements[1].figures
    assert results["revenue_members"] == 2 * 17_000 and results["revenue_nonmembers"] == 18_000
    for key in ("revenue_members", "revenue_nonmembers", "shu"):
        assert pdf.money_text(results[key]) in text
    for st in statements:  # every subtotal and total printed as built
        for row in st.rows:
            if row.style in ("subtotal", "total"):
                for value, col in zip(row.cells, st.columns, strict=False):
                    if col.kind == "money" and isinstance(value, int):
                        assert pdf.money_text(value) in text, (st.key, row)
    assert all(_("DRAFT — the book year is not closed") in p for p in pages)  # 2025 is open


def test_monthly_pack_file_and_progress(conn, may2025, tmp_path):
    seen = []
    out = pack.monthly_pack(conn, "2025-05", tmp_path / "pack.pdf", paper="F4",
                            progress=lambda done, total: seen.append((done, total)),
                            signed_on=dt.date(2025, 6, 2))
    assert seen[-1][0] == seen[-1][1] == len(pack.MONTHLY) + 1
    pages = read(out)
    assert page_label(1, len(pages)) in pages[0]
    assert "Bendahara" in pages[-1] and "Pengawas" in pages[-1]  # the signers' names
    assert page_sizes_mm(out) == {(215, 330)}


def test_passbook_lists_the_members_deposits(conn, may2025, tmp_path):
    ani, _budi = may2025
    out = passbook.passbook_pdf(conn, ani.id, tmp_path / "pb.pdf")
    text = "\n".join(read(out))
    assert ani.name in text and ani.number in text
    for amount in ("50.000", "20.000", "175.000"):
        assert amount in text
    assert "02/05/2025" in text and "20/05/2025" in text
    assert pdf.money_text(245_000) in text  # the closing total
    st = passbook.passbook_statement(conn, ani.id, start="2025-05-15")
    assert st.figures["opening"] == 70_000 and st.figures["deposits"] == 175_000
    assert st.figures["closing_sukarela"] == 175_000


def test_kwitansi_shows_the_amount_in_words(conn, tmp_path):
    receipt = kwitansi.Kwitansi("KW-001", dt.date(2025, 5, 20), "Ani", 1_250_000,
                                "Setoran simpanan sukarela", "Bendahara")
    text = "\n".join(read(kwitansi.kwitansi_pdf(receipt, tmp_path / "k.pdf",
                                                coop_profile=profile.get(conn))))
    assert "Satu juta dua ratus lima puluh ribu rupiah" in " ".join(text.split())
    assert "Rp1.250.000" in text.replace("\xa0", "") and "KW-001" in text
    with pytest.raises(InvalidInput):
        kwitansi.kwitansi_pdf(kwitansi.Kwitansi("KW-2", dt.date(2025, 5, 1), "X", 0, "-"),
                              tmp_path / "z.pdf")


def test_commands_write_the_pdfs(coop_path, conn, may2025, tmp_path, capsys):
    ani, _budi = may2025
    db = ["--db", str(coop_path)]
    assert main(["passbook", "--member", ani.number, "--out", str(tmp_path / "p.pdf"), *db]) == 0
    assert "175.000" in "\n".join(read(tmp_path / "p.pdf"))
    tx = savings.passbook(conn, ani.id, "sukarela")[-1].id
    assert main(["kwitansi", "--savings-tx", str(tx), "--out", str(tmp_path / "k.pdf"), *db]) == 0
    assert "Seratus tujuh puluh lima ribu rupiah" in " ".join("\n".join(read(tmp_path / "k.pdf")).split())
    assert main(["monthly-pack", "--period", "2025-05", "--paper", "f4", "--out",
                 str(tmp_path / "m.pdf"), *db]) == 0
    assert page_sizes_mm(tmp_path / "m.pdf") == {(215, 330)}
    assert main(["passbook", "--member", "999", "--out", str(tmp_path / "n.pdf"), *db]) == 1
    assert not (tmp_path / "n.pdf").exists()
    capsys.readouterr()
