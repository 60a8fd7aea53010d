"""A receipt (kwitansi) as a PDF, with the amount in Indonesian words (terbilang).

A kwitansi says who paid, how much (in figures and in words, so the figure cannot be
altered), what for, where and when, and is signed by whoever received the money. It is
printed on A5 landscape, half an A4 sheet, as the paper receipt books are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kasir.books import members, savings
from kasir.books.profile import Profile
from kasir.db.connection import Connection
from kasir.errors import InvalidAmount, NotFound
from kasir.i18n import N_, _, rupiah, terbilang
from kasir.i18n import date as fmt_date
from kasir.reports import pdf
from kasir.reports.files import written_whole


@dataclass(frozen=True)
class Kwitansi:
    number: str
    date: dt.date
    received_from: str
    amount: int
    purpose: str
    receiver: str = ""   # the name under the signature line


def words(amount: int) -> str:
    """``Seratus lima puluh ribu rupiah``: the terbilang line, capitalised."""
    text = terbilang(amount)
    return text[:1].upper() + text[1:]


def kwitansi_pdf(receipt: Kwitansi, out_path: Path | str, *,
                 coop_profile: Profile | None = None) -> Path:
    """Write one kwitansi to ``out_path`` (written to a temporary name, then renamed)."""
    if isinstance(receipt.amount, bool) or not isinstance(receipt.amount, int) or receipt.amount <= 0:
        raise InvalidAmount(N_("The amount must be more than zero (got {value})."),
                            value=str(receipt.amount))
    st = pdf.styles()
    size = landscape(A5)
    width = size[0] - 30 * mm
    head = [Paragraph(pdf.esc(coop_profile.name), st["heading"])] if coop_profile else []
    rows = [[_("Number"), receipt.number],
            [_("Received from"), Paragraph(pdf.esc(receipt.received_from), st["body"])],
            [_("The sum of"), Paragraph(f"<b><i>{pdf.esc(words(receipt.amount))}</i></b>",
                                        st["body"])],
            [_("For"), Paragraph(pdf.esc(receipt.purpose), st["body"])]]
    body = Table(rows, colWidths=[38 * mm, width - 38 * mm])
    body.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), pdf.FONT, 10),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (1, 2), (1, 2), colors.HexColor("#EEF2F6")),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    place = coop_profile.village if coop_profile else ""
    dated = ", ".join(p for p in (place, fmt_date(receipt.date, "long")) if p)
    foot = Table([[Paragraph(f"<b>{pdf.esc(rupiah(receipt.amount))}</b>", st["cover_title"]),
                   [Paragraph(pdf.esc(dated), st["sign"]),
                    Paragraph(pdf.esc(_("Received by,")), st["sign"]), Spacer(1, 16 * mm),
                    Paragraph(pdf.esc(receipt.receiver or "(" + "." * 30 + ")"), st["sign"])]]],
                 colWidths=[width / 2, width / 2])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOX", (0, 0), (0, 0), 1, colors.black)]))
    title = Paragraph(pdf.esc(_("RECEIPT (KWITANSI)")), st["title"])
    story = [*head, title, Spacer(1, 4 * mm), body, Spacer(1, 6 * mm), foot]
    out_path = Path(out_path)
    with written_whole(out_path) as tmp:
        SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm,
                          topMargin=12 * mm, bottomMargin=12 * mm,
                          title=_("Receipt {number}").format(number=receipt.number),
                          creator="kasir").build(story)
    return out_path


def savings_kwitansi(conn: Connection, tx_id: int, receiver: str = "") -> Kwitansi:
    """The kwitansi of a savings deposit (setoran) the co-op received from a member."""
    row = conn.execute("SELECT member_id, kind, amount, date, memo FROM savings_tx WHERE id = ?",
                       (tx_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no savings transaction {id}."), id=tx_id)
    member_id, kind, amount, day, memo = row
    if amount <= 0:
        raise NotFound(N_("Savings transaction {id} is not a deposit; a kwitansi is for money "
                          "received."), id=tx_id)
    member = members.get(conn, member_id)
    purpose = memo or _(savings.KIND_LABELS[kind])
    return Kwitansi(f"SP-{tx_id:06d}", dt.date.fromisoformat(day),
                    _("{name} (member {number})").format(name=member.name, number=member.number),
                    amount, purpose, receiver)
