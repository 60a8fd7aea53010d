"""The till receipt: its lines on 58 and 80 mm paper, ESC/POS bytes through a python-escpos
File target, a PDF read back with pdfplumber, the printer settings, and the cashier's early
checks of a cart (sales.check_cart / needs_nik) that the cashier screen relies on."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from conftest import COOP_NAME, make_nik
from shop_support import GULA_MEMBER, GULA_OTHER, SPHP_MEMBER, refused

from kasir.books import regulated, returns, sales
from kasir.books.sales import CartLine
from kasir.errors import InvalidInput, NotAllowed, PermissionDenied
from kasir.i18n import rupiah
from kasir.reports import receipt
from kasir.reports.receipt import PrinterError, PrinterSettings

CUT = b"\x1dV"  # GS V: the ESC/POS paper cut


@pytest.fixture
def member(new_member):
    return new_member(name="Siti Aminah binti Abdul Rahman Hakim", gender="P")


@pytest.fixture
def sale(cashier, shop, shift):
    """A non-member cash sale: 2 gula, paid with 50.000."""
    return sales.checkout(cashier, [CartLine(2, item_id=shop.gula.id)], tendered=50_000)


@pytest.mark.parametrize("width,chars", [(58, 32), (80, 48)])
def test_every_line_fills_the_paper_and_carries_the_sale(conn, cashier, shop, shift, member, width,
                                                         chars, english):
    sold = sales.checkout(cashier, [CartLine(2, item_id=shop.sphp.id), CartLine(1, barcode="GULA1")],
                          member_id=member.id, tendered=200_000)
    lines = receipt.text_lines(receipt.build(conn, sold.id), width)
    assert {len(line) for line in lines} == {chars}
    text = "\n".join(lines)
    assert sold.receipt in text and "Kasir" in text and "till 1" in text
    assert COOP_NAME.split()[0] in lines[0]
    total = 2 * SPHP_MEMBER + GULA_MEMBER
    total_line = next(line for line in lines if line.startswith("TOTAL"))
    assert total_line.endswith(rupiah(total))
    assert next(line for line in lines if line.startswith("Change")).endswith(rupiah(200_000 - total))
    assert next(line for line in lines if line.startswith("  2 x ")).endswith(
        rupiah(2 * SPHP_MEMBER, symbol=False))
    # the member's long name wraps or moves aside but is never cut off
    assert member.number in text and "Hakim" in text
    assert "15 Jun 2025" in text and "10:00" in text


def test_a_non_member_and_a_non_cash_sale(conn, cashier, shop, shift, english):
    sold = sales.checkout(cashier, [CartLine(1, item_id=shop.gula.id)], payment="noncash",
                          reference="QRIS 8812")
    text = "\n".join(receipt.text_lines(receipt.build(conn, sold.id), 58))
    assert "Non-member" in text and "QRIS 8812" in text and "Change" not in text
    assert rupiah(GULA_OTHER) in text


def test_escpos_to_a_file_target_has_the_receipt_and_the_cut(conn, sale, tmp_path):
    target = tmp_path / "printer.bin"
    settings = PrinterSettings("file", str(target), 58)
    assert receipt.print_receipt(conn, sale.id, settings) == str(target)
    data = target.read_bytes()
    assert sale.receipt.encode() in data and rupiah(2 * GULA_OTHER).encode() in data
    assert rupiah(50_000 - 2 * GULA_OTHER).encode() in data
    assert data.rstrip().endswith(CUT + b"\x00") and data.count(CUT) == 1
    assert b"\x1b!\x10" in data  # the co-op's name printed double height
    assert receipt.escpos_bytes(receipt.build(conn, sale.id), 58) == data


def test_a_copy_and_a_voided_sale_are_marked(conn, sale, bendahara, english):
    assert "*** COPY ***" in "\n".join(receipt.text_lines(receipt.build(conn, sale.id), copy=True))
    returns.void(bendahara, sale.id, reason="salah input")
    assert "*** VOIDED ***" in "\n".join(receipt.text_lines(receipt.build(conn, sale.id)))


def test_pdf_receipt_reads_back(conn, sale, tmp_path):
    where = receipt.print_receipt(conn, sale.id, PrinterSettings("pdf", str(tmp_path / "struk"), 58))
    assert where.endswith(f"{sale.receipt}.pdf")
    with pdfplumber.open(where) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert round(page.width / 72 * 25.4) == 58
        text = page.extract_text()
    assert sale.receipt in text and rupiah(2 * GULA_OTHER) in text
    assert rupiah(50_000 - 2 * GULA_OTHER) in text and "Gula pasir 1 kg" in text


def test_an_unreachable_printer_is_a_refusal_not_a_crash(conn, sale, tmp_path):
    with pytest.raises(PrinterError):
        receipt.print_receipt(conn, sale.id, PrinterSettings("file", str(tmp_path / "no" / "lp0")))
    with pytest.raises(PrinterError):  # no pyusb on this PC, or no such printer
        receipt.print_receipt(conn, sale.id, PrinterSettings("usb", "04b8:0202"))


def test_printer_settings_round_trip_and_refusals(conn, admin, cashier):
    assert PrinterSettings.load(conn) == PrinterSettings("pdf", "", 80)
    PrinterSettings.save(admin, PrinterSettings("network", " 192.168.1.50:9100 ", 58))
    assert receipt.load(conn) == PrinterSettings("network", "192.168.1.50:9100", 58)
    for bad in (PrinterSettings("bluetooth", "x"), PrinterSettings("file", "/dev/lp0", 70),
                PrinterSettings("usb", "epson"), PrinterSettings("network", "host:port"),
                PrinterSettings("serial", "  ")):
        refused(conn, InvalidInput, PrinterSettings.save, admin, bad)
    refused(conn, PermissionDenied, receipt.save, cashier, PrinterSettings("file", "/dev/lp0"))


# ---- the cashier's early checks ------------------------------------------------------------

def test_check_cart_refuses_what_the_checkout_would_and_writes_nothing(conn, bendahara, shop, shift,
                                                                       member):
    day = dt.date(2025, 6, 15)
    assert sales.needs_nik(conn, shop.lpg, day)
    assert sales.needs_nik(conn, shop.sphp, day)  # capped goods keep the buyer's NIK too
    assert not sales.needs_nik(conn, shop.gula, day)
    sales.check_cart(conn, [CartLine(2, item_id=shop.sphp.id)], member_id=member.id, date=day)
    refused(conn, InvalidInput, sales.check_cart, conn, [CartLine(1, item_id=shop.lpg.id)], date=day)
    refused(conn, NotAllowed, sales.check_cart, conn, [CartLine(3, item_id=shop.sphp.id)],
            buyer_nik=make_nik(), date=day)
    regulated.add_rule(bendahara, product="sphp", rule="het", zone=1, amount=12_000,
                       per_quantity=1000, valid_from="2025-06-01", source="test decree")
    err = refused(conn, NotAllowed, sales.check_cart, conn, [CartLine(1, barcode="SPHP5")],
                  member_id=member.id, date=day)
    assert "60.000" in str(err.params["ceiling"])
