"""Statements to PDF (reportlab platypus): cover, contents, tables, signatures, page numbers.

One pass builds the whole document. The canvas keeps every page until the end and only then
draws what needs the page count: "Page X of Y" on every page, the DRAFT mark, and the
contents listing (whose page numbers the statements' anchors recorded as they were drawn).
So a long pack is laid out once, not twice as with reportlab's ``multiBuild``.

The bundled DejaVu fonts (resources/fonts) are registered and embedded: the PDF prints the
same on any PC, with rupiah and Indonesian letters intact. Renderers never query the books;
callers pass the profile and the signers' names in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from kasir.books.profile import Profile
from kasir.errors import InvalidInput
from kasir.i18n import N_, _
from kasir.i18n import date as fmt_date
from kasir.paths import resources_dir
from kasir.reports.files import written_whole
from kasir.reports.pdf_table import (  # noqa: F401 (money_text, cell_text: for callers)
    FONT,
    FONT_BOLD,
    SIZE,
    StatementTable,
    cell_text,
    column_widths,
    money_text,
)
from kasir.reports.statement import Period, Statement

PAPERS = {"A4": A4, "F4": (215 * mm, 330 * mm)}  # F4 / folio, the Indonesian office paper
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 16 * mm, 18 * mm
CONTENTS_PER_PAGE = 38
SIGNERS = (("ketua", N_("Chair")), ("bendahara", N_("Treasurer")), ("pengawas", N_("Supervisor")))


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) once; reportlab embeds the subset it uses."""
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def page_size(paper: str) -> tuple[float, float]:
    """A4 or F4 (folio, 215 × 330 mm); anything else is refused."""
    size = PAPERS.get(str(paper).upper())
    if size is None:
        raise InvalidInput(N_("Unknown paper {paper}; choose A4 or F4."), paper=paper)
    return size


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=13, leading=16,
                                alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, alignment=TA_CENTER, spaceAfter=2),
        "note": ParagraphStyle("note", base, fontSize=8, leading=10, spaceBefore=2),
        "cover_name": ParagraphStyle("cover_name", base, fontName=FONT_BOLD, fontSize=20,
                                     leading=25, alignment=TA_CENTER, spaceAfter=6),
        "cover": ParagraphStyle("cover", base, fontSize=11, leading=15, alignment=TA_CENTER),
        "cover_title": ParagraphStyle("cover_title", base, fontName=FONT_BOLD, fontSize=16,
                                      leading=21, alignment=TA_CENTER, spaceBefore=30,
                                      spaceAfter=6),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=12, leading=15,
                                  spaceAfter=8),
        "sign": ParagraphStyle("sign", base, alignment=TA_CENTER),
    }


def esc(text: object) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def period_text(period: Period) -> str:
    if period.start == period.end:
        return fmt_date(period.start, "long")
    return _("{start} to {end}").format(start=fmt_date(period.start, "long"),
                                        end=fmt_date(period.end, "long"))


# ---- one statement as flowables ----------------------------------------------------------------

def statement_flowables(statement: Statement, width: float) -> list[Flowable]:
    """Title, subtitle, period, the table (header repeated on each page) and the notes."""
    st = styles()
    out: list[Flowable] = [Paragraph(esc(statement.title), st["title"])]
    if statement.subtitle:
        out.append(Paragraph(esc(statement.subtitle), st["subtitle"]))
    out.append(Paragraph(esc(_("Period: {period}").format(period=period_text(statement.period))),
                         st["subtitle"]))
    out.append(Spacer(1, 4 * mm))
    if not statement.rows:
        out.append(Paragraph(esc(_("No data for this period.")), st["body"]))
    else:
        widths = column_widths(statement.columns, width, statement.rows)
        out.append(StatementTable(statement.columns, widths, statement.rows))
    for note in statement.notes:
        out.append(Paragraph(esc(note), st["note"]))
    return out


# ---- the document ------------------------------------------------------------------------------

@dataclass
class _Marks:
    """What the canvas draws once the page count is known."""

    draft: bool = False
    footer: str = ""
    contents_pages: list[int] = field(default_factory=list)   # page numbers of the contents
    contents: list[tuple[str, str]] = field(default_factory=list)  # (key, title) in order
    starts: dict[str, int] = field(default_factory=dict)      # key → first page


class _Anchor(Flowable):
    """Zero-size mark that records the page it lands on (for the contents)."""

    def __init__(self, marks: _Marks, key: str, contents_page: bool = False) -> None:
        super().__init__()
        self.marks, self.key, self.contents_page = marks, key, contents_page
        self.width = self.height = 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        if self.contents_page:
            self.marks.contents_pages.append(page)
        else:
            self.marks.starts.setdefault(self.key, page)


class _NumberedCanvas(Canvas):
    """Holds the pages back until save(), then stamps page X of Y, DRAFT and the contents."""

    def __init__(self, *args, marks: _Marks, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._marks = marks
        self._pages: list[dict] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._stamp(total)
            super().showPage()
        super().save()

    def _stamp(self, total: int) -> None:
        width, height = self._pagesize
        page = self._pageNumber
        self.setFont(FONT, 8)
        self.setFillColor(colors.black)
        self.drawRightString(width - MARGIN_X, 10 * mm,
                             _("Page {page} of {total}").format(page=page, total=total))
        if self._marks.footer:
            self.drawString(MARGIN_X, 10 * mm, self._marks.footer[:90])
        if self._marks.draft:
            self._draft_mark(width, height)
        if page in self._marks.contents_pages:
            self._draw_contents(page, width, height)

    def _draft_mark(self, width: float, height: float) -> None:
        """A red line of text and a red frame on every page. (A big diagonal watermark would
        be text too, and would mix its letters into the figures that text extraction reads.)"""
        self.setFont(FONT_BOLD, 9)
        self.setFillColor(colors.HexColor("#B00020"))
        self.drawRightString(width - MARGIN_X, height - 9 * mm,
                             _("DRAFT — the book year is not closed"))
        self.saveState()
        self.setStrokeColor(colors.HexColor("#B00020"))
        self.setLineWidth(1.2)
        self.rect(6 * mm, 6 * mm, width - 12 * mm, height - 12 * mm)
        self.restoreState()

    def _draw_contents(self, page: int, width: float, height: float) -> None:
        index = self._marks.contents_pages.index(page)
        chunk = self._marks.contents[index * CONTENTS_PER_PAGE:(index + 1) * CONTENTS_PER_PAGE]
        y = height - MARGIN_TOP - 18 * mm
        self.setFillColor(colors.black)
        for number_in_list, (key, title) in enumerate(chunk, start=index * CONTENTS_PER_PAGE + 1):
            start = self._marks.starts.get(key)
            self.setFont(FONT, 10)
            self.drawString(MARGIN_X, y, f"{number_in_list}.  {title}"[:95])
            if start is not None:
                self.drawRightString(width - MARGIN_X, y, str(start))
            self.setDash(1, 2)
            self.setLineWidth(0.3)
            text_end = MARGIN_X + pdfmetrics.stringWidth(f"{number_in_list}.  {title}"[:95], FONT, 10)
            self.line(text_end + 4, y, width - MARGIN_X - 14 * mm, y)
            self.setDash()
            y -= 6.2 * mm


def cover_flowables(title: str, period: Period | None, profile: Profile | None) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Spacer(1, 45 * mm)]
    if profile is not None:
        out.append(Paragraph(esc(profile.name), st["cover_name"]))
        for label, value in ((_("Legal entity number: {value}"), profile.legal_number),
                             (_("NIB: {value}"), profile.nib)):
            if value:
                out.append(Paragraph(esc(label.format(value=value)), st["cover"]))
        place = ", ".join(p for p in (profile.address, profile.village, profile.district,
                                      profile.province) if p)
        if place:
            out.append(Paragraph(esc(place), st["cover"]))
    out.append(Paragraph(esc(title), st["cover_title"]))
    if period is not None:
        out.append(Paragraph(esc(_("Period: {period}").format(period=period_text(period))),
                             st["cover"]))
    return out


def signature_block(names: Mapping[str, str], place: str = "", day: dt.date | None = None,
                    width: float = 170 * mm, chain_head: str = "") -> Flowable:
    """Ketua and Bendahara side by side; Pengawas below them under "Mengetahui" (acknowledged);
    then the head of the audit chain the signed figures stand on, when given."""
    st = styles()
    blank = "(" + "." * 36 + ")"

    def sign(role: str, label: str, above: str = "") -> list:
        name = names.get(role) or blank
        lines = [Paragraph(esc(above), st["sign"])] if above else []
        shown = f"<u>{esc(name)}</u>" if name != blank else name
        return [*lines, Paragraph(esc(_(label)), st["sign"]), Spacer(1, 17 * mm),
                Paragraph(shown, st["sign"])]

    dated = ", ".join(p for p in (place, fmt_date(day, "long") if day else "") if p)
    rows = [["", Paragraph(esc(dated), st["sign"]) if dated else ""],
            [sign("ketua", SIGNERS[0][1]), sign("bendahara", SIGNERS[1][1])],
            [sign("pengawas", SIGNERS[2][1], above=_("Acknowledged by,")), ""]]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("SPAN", (0, 2), (1, 2)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 2), (-1, 2), 8 * mm)]))
    head = ([Spacer(1, 6 * mm), Paragraph(esc(_("Head of the audit chain when printed: {head}")
                                              .format(head=chain_head)), st["note"])]
            if chain_head else [])
    return KeepTogether([Spacer(1, 8 * mm), table, *head])


def signer_names(users: Iterable[Mapping]) -> dict[str, str]:
    """Role → the name to print, from ``kasir.books.users.list_users`` (active users only)."""
    names: dict[str, str] = {}
    for user in users:
        if user.get("active", True) and user["role"] not in names:
            names[user["role"]] = user.get("full_name") or user["username"]
    return {role: names[role] for role, _label in SIGNERS if role in names}


def render_statements(statements: Sequence[Statement], out_path: Path | str, *,
                      coop_profile: Profile | None = None, paper: str = "A4", cover: bool = True,
                      contents: bool = True, signatures: bool | Mapping[str, str] = True,
                      title: str = "", period: Period | None = None,
                      signed_on: dt.date | None = None, front: Sequence[Flowable] = (),
                      chain_head: str = "") -> Path:
    """Render statements into one PDF at ``out_path`` (written to a temporary name, then renamed).

    ``signatures`` is True (blank name lines), False (none) or role → name for Ketua,
    Bendahara and Pengawas. ``front`` are extra flowables printed before the statements
    (a passbook's member details, say). Every page is marked DRAFT when any statement is.
    ``chain_head`` (``SEQ:HASH``) is printed under the signatures: a copy of the audit
    chain's head outside the file, for ``kasir check --head``.
    """
    register_fonts()
    size = page_size(paper)
    out_path = Path(out_path)
    period = period or (statements[0].period if statements else None)
    title = title or (statements[0].title if len(statements) == 1 else _("Reports"))
    marks = _Marks(draft=any(s.draft for s in statements),
                   footer=(coop_profile.name if coop_profile else ""),
                   contents=[(f"s{i}", s.title) for i, s in enumerate(statements)])
    width = size[0] - 2 * MARGIN_X
    story: list[Flowable] = []
    if cover:
        story += [*cover_flowables(title, period, coop_profile), PageBreak()]
    if contents and statements:
        for page in range(-(-len(statements) // CONTENTS_PER_PAGE)):
            story += [_Anchor(marks, "contents", contents_page=True),
                      Paragraph(esc(_("Contents")) if page == 0 else "", styles()["heading"]),
                      PageBreak()]
    story += list(front)
    for i, statement in enumerate(statements):
        if i:
            story.append(PageBreak())
        story.append(_Anchor(marks, f"s{i}"))
        story += statement_flowables(statement, width)
    if signatures:
        names = signatures if isinstance(signatures, Mapping) else {}
        place = coop_profile.village if coop_profile else ""
        story.append(signature_block(names, place, signed_on, width, chain_head))
    return _build(story, out_path, paper, marks, title, coop_profile)


def _build(story: list[Flowable], out_path: Path, paper: str, marks: _Marks, title: str,
           profile: Profile | None) -> Path:
    size = page_size(paper)
    try:
        with written_whole(out_path) as tmp:
            doc = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=MARGIN_X,
                                    rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                                    bottomMargin=MARGIN_BOTTOM, title=title,
                                    author=profile.name if profile else "kasir", creator="kasir")
            doc.build(story, canvasmaker=partial(_NumberedCanvas, marks=marks))
    except LayoutError as exc:
        raise InvalidInput(N_("The report cannot be laid out on {paper} paper: {reason}"),
                           paper=paper, reason=str(exc)[:200]) from exc
    return out_path
