"""Plumbing shared by the commands: options, opening the file, signing in, printing.

The scripting contract: data goes to stdout (``--json`` for machine-readable output),
messages and refusals to stderr; exit code 1 for refused input, 2 for wrong usage.
A command that acts as a user takes ``--user NAME``; the password comes from
``KASIR_PASSWORD`` or, when a person is at the keyboard, a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

from kasir.books import members, users
from kasir.books.context import Context
from kasir.db import open_coop
from kasir.errors import AuthError, InvalidInput
from kasir.i18n import N_, _
from kasir.paths import default_db_path


class UsageError(Exception):
    """Wrong use of the command line (exit code 2)."""


def db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", type=Path, default=None,
                        help=_("co-op file (default: %(default)s in the data folder)")
                        .replace("%(default)s", str(default_db_path().name)))
    return parent


def user_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--user", required=True,
                        help=_("sign in as this user (password from KASIR_PASSWORD or a prompt)"))
    return parent


def json_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    return parent


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db else default_db_path()


def password_for(prompt: str) -> str:
    secret = os.environ.get("KASIR_PASSWORD")
    if secret:
        return secret
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise AuthError(N_("No password: set KASIR_PASSWORD or run the command at a keyboard."))


@contextmanager
def opened(args: argparse.Namespace):
    conn = open_coop(db_path(args))
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def signed_in(args: argparse.Namespace):
    """Open the file and sign in as ``--user``; the session is logged in the audit trail."""
    with opened(args) as conn:
        ctx = users.login(conn, args.user, password_for(_("Password for {user}: ")
                                                         .format(user=args.user)))
        try:
            yield ctx
        finally:
            users.logout(ctx)


def member_ref(ctx_or_conn, ref: str) -> members.Member:
    """A member by number (``42`` and ``00042`` are the same member)."""
    conn = ctx_or_conn.conn if isinstance(ctx_or_conn, Context) else ctx_or_conn
    ref = str(ref).strip()
    if ref.isdigit() and len(ref) < 5:
        ref = ref.zfill(5)
    return members.by_number(conn, ref)


def emit_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]],
          right: Sequence[int] = ()) -> None:
    """Print a plain text table; columns listed in ``right`` are right-aligned (amounts)."""
    rows = [[str(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def fmt(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(fmt(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(fmt(r))


def say(message: str) -> None:
    """A confirmation for the person at the terminal (stdout, after the data)."""
    print(message)


def require_file(path: Path, what: str) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(N_("Cannot read {what} {path}: {reason}."), what=what, path=path,
                           reason=exc.strerror) from exc


def report_import(args, report, imported: str) -> int:
    """Print an all-or-nothing import's outcome; ``imported`` is the success message."""
    if args.json:
        emit_json({"imported": report.imported,
                   "errors": [{"line": n, "message": m} for n, m in report.errors]})
    else:
        for line, message in report.errors:
            print(_("line {line}: {message}").format(line=line, message=message))
        say(imported if report.ok else
            _("Nothing was imported: correct the {n} lines above and import the whole file "
              "again.").format(n=len(report.errors)))
    return 0 if report.ok else 1
