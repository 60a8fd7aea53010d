"""A one-screen overview of a co-op file: what ``kasir demo --open`` shows a newcomer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kasir.books import ledger, members, overview, profile, savings
from kasir.cli import common
from kasir.db import open_coop
from kasir.i18n import _, rupiah


def show(path: Path) -> None:
    conn = open_coop(path)
    try:
        prof = profile.get(conn)
        as_of = ledger.last_entry_date(conn) or dt.date.today()
        held = savings.totals_by_kind(conn)
        behind = overview.arrears_summary(conn, as_of, top=0)
        cash = ledger.balance(conn, ledger.KAS, as_of)
        bank = ledger.balance(conn, ledger.BANK, as_of)
        closed = ledger.closed_months(conn)
        print()
        print(f"== {prof.name} ==")
        print(f"   {prof.village}, {prof.district}, {prof.province} — {prof.legal_number}")
        print(_("   File: {path}").format(path=path))
        print(_("   Members: {active} active of {all}").format(
            active=members.count(conn, active_only=True), all=members.count(conn)))
        for kind, amount in held.items():
            print(f"   {_(savings.KIND_LABELS[kind]):<22}{rupiah(amount):>20}")
        for label, amount in ((_("Cash (Kas)"), cash), (_("Bank"), bank)):
            print(f"   {label:<22}{rupiah(amount):>20}")
        print(_("   Wajib arrears on {date}: {n} members, {total}").format(
            date=as_of.isoformat(), n=behind.count, total=rupiah(behind.total)))
        if closed:
            print(_("   Books closed through {month}").format(month=closed[-1]))
        print()
        print(_("Try:"))
        kasir = common.own_command()
        db = common.shell_quote(path)
        for line in (f"kasir member list --db {db} --search siti",
                     f"kasir ledger trial-balance --db {db} --date {as_of.isoformat()}",
                     f"kasir savings arrears --db {db} --date {as_of.isoformat()}",
                     f"kasir check --db {db}"):
            print(f"   {kasir}{line[len('kasir'):]}")
    finally:
        conn.close()
