"""The monthly report pack: the month's statements from the registry in one signed PDF.

The board gets it after each month's close: the financial statements first, then savings,
then the shop. Reports that need an option (the ledger of one account) or that list every
transaction (the daily cash book) are printed on their own, not in the pack. The signature
page carries the head of the audit chain, so the signed paper holds a copy of it that
``kasir check --head`` compares with the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from kasir.books import audit, users
from kasir.books import profile as profile_mod
from kasir.db.connection import Connection
from kasir.i18n import _
from kasir.reports import pdf, registry
from kasir.reports.statement import Period, Statement, parse_period

MONTHLY = ("posisi-keuangan", "hasil-usaha", "perubahan-ekuitas", "arus-kas", "neraca-saldo",
           "rekap-simpanan", "tunggakan-wajib", "rekap-persediaan", "rekap-penjualan",
           "penjualan-sphp", "piutang-anggota", "utang-supplier")

Progress = Callable[[int, int], None]


def monthly_statements(conn: Connection, period: Period | str, names: Iterable[str] = MONTHLY,
                       progress: Progress | None = None) -> list[Statement]:
    """Build the pack's statements for ``period`` (names the registry does not know are
    refused with the list of those it does)."""
    period = parse_period(period) if isinstance(period, str) else period
    specs = [registry.get(name) for name in names]
    out = []
    for i, spec in enumerate(specs):
        out.append(spec.build(conn, period))
        if progress:
            progress(i + 1, len(specs) + 1)
    return out


def monthly_pack(conn: Connection, period: Period | str, out_path: Path | str, *,
                 paper: str = "A4", names: Iterable[str] = MONTHLY,
                 progress: Progress | None = None, signed_on: dt.date | None = None) -> Path:
    """Write the monthly pack for ``period`` (``YYYY-MM``) to ``out_path``."""
    period = parse_period(period) if isinstance(period, str) else period
    statements = monthly_statements(conn, period, names, progress)
    path = pdf.render_statements(
        statements, out_path, coop_profile=profile_mod.get(conn), paper=paper,
        title=_("Monthly report"), period=period,
        signatures=pdf.signer_names(users.list_users(conn)),
        signed_on=signed_on or dt.date.today(), chain_head=audit.short_head(conn))
    if progress:
        progress(len(statements) + 1, len(statements) + 1)
    return path
