"""Plumbing shared by the commands: options, opening the file, signing in, printing.

The scripting contract: data goes to stdout (``--json`` for machine-readable output),
messages and refusals to stderr; exit code 1 for refused input, 2 for wrong usage.
A command that acts as a user takes ``--user NAME``; the password comes from
``KASIR_PASSWORD`` or, when a person is at the keyboard, a prompt.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import getpass
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Collection, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

from kasir.books import members, users
from kasir.books.context import Context
from kasir.db import open_coop
from kasir.errors import AuthError, InvalidInput, os_reason
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


def sign_in_password(args: argparse.Namespace) -> str:
    """The password of ``--user``: ``KASIR_PASSWORD``, or asked at a keyboard."""
    return password_for(_("Password for {user}: ").format(user=args.user))


@contextmanager
def signed_in(args: argparse.Namespace, password: str | None = None):
    """Open the file and sign in as ``--user``; the session is logged in the audit trail."""
    with opened(args) as conn:
        ctx = users.login(conn, args.user, sign_in_password(args) if password is None else password)
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


def own_command() -> str:
    """How to run this same kasir again, for the commands a hint prints: ``kasir`` when the
    PATH finds this very program, else its full path (packaging/start-demo.sh installs into
    a .venv that is not on the PATH), or ``PYTHON -m kasir`` when started that way."""
    me = Path(sys.argv[0]).absolute()
    if me.stem != "kasir":  # python -m kasir
        return f"{shell_quote(sys.executable)} -m kasir"
    found = shutil.which("kasir")
    if found and Path(found).resolve() == me.resolve():
        return "kasir"
    return shell_quote(me)


def shell_quote(word: object) -> str:
    """``word`` as one argument of a printed command line, for this system's shell."""
    return subprocess.list2cmdline([str(word)]) if os.name == "nt" else shlex.quote(str(word))


# What Excel and Notepad write: UTF-8 (with or without the BOM of "CSV UTF-8") or, for a
# plain "CSV" on an Indonesian or English Windows, cp1252. Anything else is refused rather
# than guessed, because a wrong guess puts wrong letters into names for good.
INPUT_ENCODINGS = ("utf-8-sig", "cp1252")


def require_file(path: Path | str, what: str) -> str:
    """The one reader of input files (CSV and JSON; ``-`` is standard input): the text in one
    of :data:`INPUT_ENCODINGS`, or a refusal that says how to save the file."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(N_("Cannot read {what} {path}: {reason}."), what=what, path=path,
                           reason=os_reason(exc)) from exc
    # UTF-16 ("Unicode text") and binary files (an .xlsx is a zip) hold NUL bytes; cp1252
    # would turn them into text silently
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\0" in raw:
        raise InvalidInput(N_("{what} {path} is not a plain text file (it looks like UTF-16 or a "
                              "spreadsheet). In Excel choose Save As, \"CSV UTF-8\", and use that "
                              "file."), what=capital(what), path=path)
    for encoding in INPUT_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(N_("{what} {path} is in a text encoding kasir cannot read (it reads UTF-8 "
                          "and Windows-1252). In Excel choose Save As, \"CSV UTF-8\", and use "
                          "that file."), what=capital(what), path=path)


def capital(text: str) -> str:
    """``the cart file`` → ``The cart file``, for a message that starts with it."""
    return text[:1].upper() + text[1:]


def load_json(text: str, what: str) -> dict:
    """One JSON object from ``text``; a parse error is told as line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(N_("{what} is not valid JSON: line {line}, column {column}."),
                           what=capital(what), line=exc.lineno, column=exc.colno) from exc
    if not isinstance(data, dict):
        raise InvalidInput(N_("{what} must hold one JSON object, {{…}}."), what=capital(what))
    return data


def refuse_unknown(given: Collection[str], known: Sequence[str], where: str) -> None:
    """A field kasir would ignore (a "price" on a cart line, a "diskon") is refused, not
    dropped: whoever wrote it meant something by it."""
    unknown = [str(k) for k in given if k not in known]
    if unknown:
        raise InvalidInput(N_("Unknown fields in {where}: {fields}. Nothing was recorded; the "
                              "fields kasir reads there are: {known}."),
                           where=where, fields=", ".join(unknown), known=", ".join(known))


def json_lines(data: dict, what: str, known: Sequence[str]) -> list[dict]:
    """The ``"lines"`` of a JSON file, each an object with only ``known`` fields."""
    lines = data.get("lines")
    if not isinstance(lines, list) or not lines:
        raise InvalidInput(N_("{what} needs \"lines\": a list of one or more lines."),
                           what=capital(what))
    for n, line in enumerate(lines, start=1):
        where = _("line {n} of \"lines\" in {what}").format(n=n, what=what)
        if not isinstance(line, dict):
            raise InvalidInput(N_("Each line is a JSON object, {{…}}; {where} is not."), where=where)
        refuse_unknown(line, known, where)
    return lines


def whole(value: object) -> int:
    """A quantity as written in a file: 2 or "2"; 1.5, "1.5" or true are refused, not cut
    (a negative or zero one is left to the event, which says why it is refused)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().removeprefix("-").isdigit():
        return int(value)
    raise InvalidInput(N_("The quantity must be a whole number above zero (got {value})."),
                       value=value)


def csv_rows(text: str, what: str, known: Sequence[str]) -> list[dict]:
    """The rows of a CSV file whose header names only ``known`` columns."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    refuse_unknown([c for c in reader.fieldnames or [] if c is not None], known, what)
    return list(reader)


def report_import(args, report, imported: str) -> int:
    """Print an all-or-nothing import's outcome; ``imported`` is the success message."""
    if args.json:
        emit_json({"imported": report.imported,
                   "errors": [{"line": n, "message": m} for n, m in report.errors]})
    elif report.ok:
        say(imported)
    else:  # a refusal: to stderr like every other one, so stdout stays data
        for line, message in report.errors:
            sys.stderr.write(_("line {line}: {message}").format(line=line, message=message) + "\n")
        sys.stderr.write(_("Nothing was imported: correct the {n} lines above and import the "
                           "whole file again.").format(n=len(report.errors)) + "\n")
    return 0 if report.ok else 1
