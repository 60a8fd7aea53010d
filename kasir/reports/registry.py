"""Every report kasir makes, by the name the command line, the desktop page and the report
packs use: ``REPORTS[name].build(conn, period, **options) -> Statement``.

Names are Indonesian kebab-case (``posisi-keuangan``); titles are message ids translated
where shown (``spec.title``). ``options`` names the keyword options a builder takes
(``account`` for a ledger, ``kind`` for one savings kind). Building reads one consistent
state of the file, refuses a ledger that does not balance, and marks a statement DRAFT while
its book year is open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kasir.books import shu
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotFound
from kasir.i18n import N_, _
from kasir.reports import (
    cash_flow,
    financial,
    ledger_reports,
    sales_reports,
    savings_reports,
    shop_reports,
    shu_reports,
)
from kasir.reports.common import snapshot
from kasir.reports.statement import Period, Statement


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title_id: str                     # English message id; ``title`` is the translated text
    builder: Callable[..., Statement]
    options: tuple[str, ...] = ()
    group: str = "books"              # "books", "savings", "shop" or "shu": for menus and packs

    @property
    def title(self) -> str:
        return _(self.title_id)

    def build(self, conn: Connection, period: Period, **options) -> Statement:
        unknown = sorted(k for k, v in options.items() if v is not None and k not in self.options)
        if unknown:
            raise InvalidInput(N_("The report {name} takes no option {option}."), name=self.name,
                               option=", ".join(unknown))
        with snapshot(conn):
            return self.builder(conn, book_year_of(conn, period),
                                **{k: v for k, v in options.items() if v is not None})


_SPECS = (
    ReportSpec("posisi-keuangan", financial.TITLE_POSITION, financial.financial_position),
    ReportSpec("hasil-usaha", financial.TITLE_RESULTS, financial.results),
    ReportSpec("perubahan-ekuitas", financial.TITLE_EQUITY, financial.changes_in_equity),
    ReportSpec("arus-kas", cash_flow.TITLE, cash_flow.cash_flows),
    ReportSpec("neraca-saldo", ledger_reports.TITLE_TRIAL, ledger_reports.trial_balance),
    ReportSpec("buku-besar", ledger_reports.TITLE_LEDGER, ledger_reports.general_ledger,
               ("account",)),
    ReportSpec("kas-harian", ledger_reports.TITLE_CASH_BOOK, ledger_reports.cash_book,
               ("account",)),
    ReportSpec("rekap-simpanan", savings_reports.TITLE_SUMMARY, savings_reports.savings_summary,
               ("kind",), "savings"),
    ReportSpec("tunggakan-wajib", savings_reports.TITLE_ARREARS, savings_reports.wajib_arrears,
               group="savings"),
    ReportSpec("rekap-persediaan", shop_reports.TITLE_STOCK, shop_reports.stock_summary,
               group="shop"),
    ReportSpec("rekap-penjualan", sales_reports.TITLE_SALES, sales_reports.sales_summary,
               group="shop"),
    ReportSpec("penjualan-sphp", sales_reports.TITLE_SPHP, sales_reports.sphp_sales, group="shop"),
    ReportSpec("piutang-anggota", shop_reports.TITLE_CREDIT, shop_reports.member_credit,
               group="shop"),
    ReportSpec("utang-supplier", shop_reports.TITLE_PAYABLES, shop_reports.supplier_payables,
               group="shop"),
    ReportSpec("perhitungan-shu", shu_reports.TITLE_CALCULATION, shu_reports.shu_calculation,
               group="shu"),
    ReportSpec("shu-anggota", shu_reports.TITLE_MEMBERS, shu_reports.shu_members, group="shu"),
)

REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in _SPECS}


def book_year_of(conn: Connection, period: Period) -> Period:
    """A period given as a year (``2025``) is that book year, which the AD/ART may start in any
    month; months and ranges stay as they are."""
    if not period.label.isdigit():
        return period
    year = shu.book_year(conn, int(period.label))
    return Period(year.start, year.end, period.label)


def get(name: str) -> ReportSpec:
    spec = REPORTS.get(str(name).strip().lower())
    if spec is None:
        raise NotFound(N_("There is no report {name}. Reports: {names}."), name=name,
                       names=", ".join(REPORTS))
    return spec


def build(conn: Connection, name: str, period: Period, **options) -> Statement:
    """Build the report ``name`` for ``period``."""
    return get(name).build(conn, period, **options)
