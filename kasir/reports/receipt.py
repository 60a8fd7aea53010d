"""The till receipt (struk): its content, its layout on 58 or 80 mm paper, and its printing.

:func:`build` reads one sale into a :class:`Receipt` (plain data). :func:`rows` lays it out
as rows of (style, left, right), shared by both renderers: :func:`text_lines` pads them to
the paper's characters per line (32 on 58 mm, 48 on 80 mm) for an ESC/POS printer reached
through python-escpos (USB, serial, network or a file), and :func:`write_pdf` draws them
with the bundled DejaVu Sans on a page as wide as the paper.

Where the receipt goes is the co-op's printer setting (:class:`PrinterSettings`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from kasir.books import members, sales
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, KasirError
from kasir.i18n import N_, _, date, number, rupiah
from kasir.paths import data_dir, resources_dir

TARGETS = ("usb", "serial", "network", "file", "pdf")
TARGET_LABELS = {"usb": N_("USB printer"), "serial": N_("Serial printer"),
                 "network": N_("Network printer"), "file": N_("File or device"),
                 "pdf": N_("PDF file")}
ADDRESS_HINTS = {"usb": N_("vendor:product in hex, e.g. 04b8:0202"),
                 "serial": N_("device, e.g. /dev/ttyUSB0 or COM3"),
                 "network": N_("host or host:port, e.g. 192.168.1.50:9100"),
                 "file": N_("file path, e.g. /dev/usb/lp0"),
                 "pdf": N_("folder for the PDF receipts (empty: the data folder)")}
WIDTHS = {58: 32, 80: 48}  # paper width in mm -> characters per line (font A)
PAYMENT_LABELS = {"cash": N_("Cash"), "credit": N_("Member credit"), "noncash": N_("Non-cash")}


class PrinterError(KasirError):
    """The receipt could not reach the printer (the sale itself is saved)."""


# ---- settings -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PrinterSettings:
    """Where receipts go: ``target`` (usb|serial|network|file|pdf), its ``address`` and the
    paper ``width`` in mm (58 or 80). Stored as the settings printer.target/address/width."""

    target: str = "pdf"
    address: str = ""
    width: int = 80

    @classmethod
    def load(cls, conn: Connection) -> PrinterSettings:
        get = profile_mod.get_setting
        width = get(conn, "printer.width", "80")
        return cls(get(conn, "printer.target", "pdf"), get(conn, "printer.address", ""),
                   int(width) if width.isdigit() else 80)

    @staticmethod
    def save(ctx: Context, settings: PrinterSettings) -> PrinterSettings:
        """Check and store the settings (one event, permission settings.edit)."""
        settings = settings.checked()
        with ctx.write("settings.edit"):
            profile_mod.set_setting(ctx, "printer.target", settings.target)
            profile_mod.set_setting(ctx, "printer.address", settings.address)
            profile_mod.set_setting(ctx, "printer.width", str(settings.width))
        return settings

    def checked(self) -> PrinterSettings:
        """These settings with the address trimmed, or a refusal saying what is wrong."""
        if self.target not in TARGETS:
            raise InvalidInput(N_("The printer is usb, serial, network, file or pdf (got {value})."),
                               value=self.target)
        if self.width not in WIDTHS:
            raise InvalidInput(N_("The paper is 58 or 80 mm wide (got {value})."), value=self.width)
        address = self.address.strip()
        if self.target != "pdf" and not address:
            raise InvalidInput(N_("Give the printer's address: {hint}."),
                               hint=_(ADDRESS_HINTS[self.target]))
        if self.target == "usb":
            _usb_ids(address)
        if self.target == "network":
            _host_port(address)
        return PrinterSettings(self.target, address, self.width)

    @property
    def chars(self) -> int:
        return WIDTHS.get(self.width, 48)


load = PrinterSettings.load
save = PrinterSettings.save


def _usb_ids(address: str) -> tuple[int, int]:
    try:
        vendor, product = address.split(":")
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise InvalidInput(N_("A USB printer is given as vendor:product in hex, e.g. 04b8:0202 "
                              "(got {value})."), value=address) from None


def _host_port(address: str) -> tuple[str, int]:
    host, _sep, port = address.partition(":")
    if not host or (port and not port.isdigit()):
        raise InvalidInput(N_("A network printer is given as host or host:port, e.g. "
                              "192.168.1.50:9100 (got {value})."), value=address)
    return host, int(port) if port else 9100


# ---- content ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Receipt:
    coop: str
    address: str
    till: str
    number: str
    when: dt.datetime       # local time of the sale
    cashier: str
    buyer: str              # "00012 Siti Aminah" or "" for a non-member
    lines: tuple[tuple[str, int, int, int], ...]  # (name, quantity, price, amount)
    total: int
    payment: str
    tendered: int | None
    change: int
    reference: str
    voided: bool = False


def build(conn: Connection, sale_id: int) -> Receipt:
    """The receipt of sale ``sale_id``."""
    sale = sales.get(conn, sale_id)
    profile = profile_mod.get(conn)
    created_at, cashier = conn.execute(
        "SELECT s.created_at, coalesce(nullif(u.full_name, ''), u.username) FROM sales s"
        " JOIN users u ON u.id = s.created_by WHERE s.id = ?", (sale_id,)).fetchone()
    buyer = ""
    if sale.member_id is not None:
        member = members.get(conn, sale.member_id)
        buyer = f"{member.number} {member.name}"
    place = ", ".join(p for p in (profile.address, profile.village, profile.district) if p)
    return Receipt(profile.name, place, sale.till, sale.receipt,
                   dt.datetime.fromisoformat(created_at).astimezone(), cashier, buyer,
                   tuple((ln.name, ln.quantity, ln.price, ln.amount) for ln in sale.lines),
                   sale.total, sale.payment, sale.tendered, sale.change, sale.reference,
                   sale.voided)


def rows(r: Receipt, *, copy: bool = False) -> list[tuple[str, str, str]]:
    """The receipt as (style, left, right) rows; style is title, center, pair, strong or rule."""
    out = [("title", r.coop, "")]
    if r.address:
        out.append(("center", r.address, ""))
    if copy:
        out.append(("center", _("*** COPY ***"), ""))
    if r.voided:
        out.append(("center", _("*** VOIDED ***"), ""))
    out += [("rule", "", ""),
            ("pair", _("Receipt"), r.number),
            ("pair", date(r.when.date()), f"{r.when:%H:%M}"),
            ("pair", _("Cashier"), _("{cashier} / till {till}").format(cashier=r.cashier, till=r.till)),
            ("pair", _("Buyer"), r.buyer or _("Non-member")),
            ("rule", "", "")]
    for name, qty, price, amount in r.lines:
        out.append(("left", name, ""))
        out.append(("pair", f"  {number(qty)} x {rupiah(price, symbol=False)}",
                    rupiah(amount, symbol=False)))
    out += [("rule", "", ""), ("strong", _("TOTAL"), rupiah(r.total))]
    if r.payment == "cash":
        out += [("pair", _("Cash"), rupiah(r.tendered or r.total)),
                ("pair", _("Change"), rupiah(r.change))]
    else:
        out.append(("pair", _(PAYMENT_LABELS[r.payment]), r.reference))
    out += [("rule", "", ""), ("center", _("Thank you for shopping at your co-op"), "")]
    return out


def laid_out(r: Receipt, width: int = 80, *, copy: bool = False) -> list[tuple[str, str, str]]:
    """:func:`rows` broken into printed lines of the paper's characters: long names wrap, and
    an amount that does not fit beside its label goes on a line of its own."""
    chars = WIDTHS[width]
    out: list[tuple[str, str, str]] = []
    for style, left, right in rows(r, copy=copy):
        if style == "rule":
            out.append((style, "", ""))
            continue
        parts = textwrap.wrap(left, chars, break_long_words=True) or [""]
        if right and len(parts[-1]) + 1 + len(right) > chars:
            out += [(style, part, "") for part in parts]
            out += [(style, "", part) for part in textwrap.wrap(right, chars, break_long_words=True)]
        else:
            out += [(style, part, "") for part in parts[:-1]] + [(style, parts[-1], right)]
    return out


def text_lines(r: Receipt, width: int = 80, *, copy: bool = False) -> list[str]:
    """The receipt as lines of exactly the paper's characters (32 on 58 mm, 48 on 80 mm)."""
    chars = WIDTHS[width]
    out = []
    for style, left, right in laid_out(r, width, copy=copy):
        if style == "rule":
            out.append("-" * chars)
        elif style in ("title", "center"):
            out.append(left.center(chars))
        else:
            out.append(left + right.rjust(chars - len(left)))
    return out


# ---- ESC/POS ------------------------------------------------------------------------------

def write_escpos(printer, r: Receipt, width: int = 80, *, copy: bool = False) -> None:
    """Send the receipt to a python-escpos printer: the co-op's name large, then the text,
    then feed and cut."""
    lines = text_lines(r, width, copy=copy)
    title = sum(style == "title" for style, _left, _right in laid_out(r, width, copy=copy))
    printer.set(align="center", bold=True, double_height=True)
    printer.text("\n".join(line.strip() for line in lines[:title]) + "\n")
    printer.set_with_default()
    printer.text("\n".join(lines[title:]) + "\n")
    printer.cut()


def escpos_bytes(r: Receipt, width: int = 80, *, copy: bool = False) -> bytes:
    """The ESC/POS bytes of the receipt (what a printer would be sent)."""
    from escpos.printer import Dummy

    printer = Dummy()
    write_escpos(printer, r, width, copy=copy)
    return printer.output


def _printer(settings: PrinterSettings):
    from escpos import printer as p

    kinds = {"usb": p.Usb, "serial": p.Serial, "network": p.Network, "file": p.File}
    kind = kinds[settings.target]
    if not kind.is_usable():
        raise PrinterError(N_("This PC cannot reach a {target}: a driver package is missing "
                              "(pyusb for USB, pyserial for serial)."),
                           target=_(TARGET_LABELS[settings.target]))
    if settings.target == "usb":
        vendor, product = _usb_ids(settings.address)
        return kind(vendor, product)
    if settings.target == "network":
        host, port = _host_port(settings.address)
        return kind(host, port, timeout=5)  # never hang the till for long
    return kind(settings.address)


# ---- PDF ----------------------------------------------------------------------------------

FONT = "DejaVuSans"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resources_dir() / "fonts" / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT + "-Bold",
                                       str(resources_dir() / "fonts" / "DejaVuSans-Bold.ttf")))
    return FONT


def write_pdf(r: Receipt, path: Path, width: int = 80, *, copy: bool = False) -> Path:
    """Draw the receipt on one page as wide as the paper and as long as the receipt."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    font, margin = _font(), 3 * mm
    page_w = width * mm
    size = min(8.0, (page_w - 2 * margin) / (WIDTHS[width] * 0.55))
    lead = size * 1.35
    wrapped = laid_out(r, width, copy=copy)
    page_h = 2 * margin + lead * (len(wrapped) + 1)
    pdf = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    pdf.setTitle(r.number)
    y = page_h - margin - lead
    for style, left, right in wrapped:
        face = font + "-Bold" if style in ("title", "strong") else font
        pdf.setFont(face, size * (1.2 if style == "title" else 1))
        if style == "rule":
            pdf.line(margin, y + size / 3, page_w - margin, y + size / 3)
        elif style in ("title", "center"):
            pdf.drawCentredString(page_w / 2, y, left)
        else:
            pdf.drawString(margin, y, left)
            if right:
                pdf.drawRightString(page_w - margin, y, right)
        y -= lead
    pdf.showPage()
    pdf.save()
    return Path(path)


# ---- printing -----------------------------------------------------------------------------

def print_receipt(conn: Connection, sale_id: int, settings: PrinterSettings | None = None, *,
                  copy: bool = False) -> str:
    """Print (or save as PDF) the receipt of ``sale_id`` where the settings say; returns where
    it went (a file path or the printer's address). Refuses with :class:`PrinterError`."""
    settings = (settings or PrinterSettings.load(conn)).checked()
    receipt = build(conn, sale_id)
    if settings.target == "pdf":
        folder = Path(settings.address) if settings.address else data_dir() / "receipts"
        suffix = "-copy" if copy else ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return str(write_pdf(receipt, folder / f"{receipt.number}{suffix}.pdf", settings.width,
                                 copy=copy))
        except OSError as exc:
            raise PrinterError(N_("The PDF receipt could not be saved in {folder}: {reason}"),
                               folder=folder, reason=exc.strerror or exc) from exc
    printer = None
    try:
        printer = _printer(settings)
        write_escpos(printer, receipt, settings.width, copy=copy)
    except PrinterError:
        raise
    except Exception as exc:  # python-escpos raises its own errors, OSError or USB errors
        raise PrinterError(N_("The receipt could not be printed on {address}: {reason}"),
                           address=settings.address, reason=exc) from exc
    finally:
        if printer is not None:
            _close(printer)
    return settings.address


def _close(printer) -> None:
    with contextlib.suppress(Exception):  # closing a printer that failed to open
        printer.close()
