"""The ``kasir`` command: the same business events and reports as the app, scriptable.

Each command group lives in its own module and registers its sub-commands here.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys

from kasir import __version__
from kasir.cli import (
    common,
    credit_cmds,
    ledger_cmds,
    member_cmds,
    profile_cmds,
    purchase_cmds,
    report_cmds,
    savings_cmds,
    shu_cmds,
    stock_cmds,
    store_cmds,
    till_cmds,
    user_cmds,
)
from kasir.db.connection import friendly
from kasir.errors import KasirError, os_reason
from kasir.i18n import N_, _, language, set_language

GROUPS = (store_cmds, user_cmds, profile_cmds, member_cmds, savings_cmds, ledger_cmds, stock_cmds,
          till_cmds, purchase_cmds, credit_cmds, shu_cmds, report_cmds)


class _Translated:
    """argparse's own words ("usage:") in the user's language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Formatter(_Translated, argparse.HelpFormatter):
    pass


class _RawFormatter(_Translated, argparse.RawDescriptionHelpFormatter):
    pass


# argparse's refusals, re-worded in the user's language. argparse words them in English
# through gettext's 'argparse' domain, for which no Indonesian catalog exists; matching its
# texts here keeps every message in one catalog (kasir.po). Others pass as they are.
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"),
     N_("these are required: {args}")),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), N_("unknown options: {args}")),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     N_("{arg}: {value} is not one of {choices}")),
    (re.compile(r"argument (?P<arg>\S+): invalid int value: (?P<value>.+)"),
     N_("{arg}: {value} is not a whole number")),
    (re.compile(r"argument (?P<arg>\S+): invalid \S+ value: (?P<value>.+)"),
     N_("{arg}: {value} is not a valid value")),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"),
     N_("{arg} needs a value after it")),
    (re.compile(r"argument (?P<arg>\S+): expected at least one argument"),
     N_("{arg} needs at least one value after it")),
    (re.compile(r"argument (?P<arg>\S+): ignored explicit argument (?P<value>.+)"),
     N_("{arg} takes no value (got {value})")),
    (re.compile(r"argument (?P<arg>\S+): not allowed with argument (?P<other>.+)"),
     N_("{arg} cannot be used together with {other}")),
    (re.compile(r"ambiguous option: (?P<arg>\S+) could match (?P<matches>.+)"),
     N_("{arg} is short for more than one option: {matches}")),
    (re.compile(r"one of the arguments (?P<args>.+) is required"),
     N_("one of these is required: {args}")),
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        raw = issubclass(kwargs.get("formatter_class", argparse.HelpFormatter),
                         argparse.RawDescriptionHelpFormatter)
        kwargs["formatter_class"] = _RawFormatter if raw else _Formatter
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _("show this help message and exit")

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if isinstance(action, argparse._VersionAction):
            action.help = _("show the version and exit")
        return action

    def error(self, message: str):  # usage errors: exit code 2, message in the user's language
        for pattern, text in _ARGPARSE_ERRORS:
            found = pattern.fullmatch(message)
            if found:
                message = _(text).format(**found.groupdict())
                break
        self.print_usage(sys.stderr)
        sys.stderr.write(_("kasir: wrong usage: {detail}").format(detail=message) + "\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kasir", description=_("Bookkeeping for village co-operatives."))
    parser.add_argument("--version", action="version", version=f"kasir {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), help=_("language (default: id)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for group in GROUPS:
        group.register(sub)
    return parser


def _take_language(argv: list[str]) -> list[str]:
    """Apply ``--lang`` wherever it stands (before the parser is built, so its help is
    translated too) and return the arguments without it."""
    rest, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang" and i + 1 < len(argv):
            set_language(argv[i + 1])
            i += 2
            continue
        if arg.startswith("--lang="):
            set_language(arg.split("=", 1)[1])
        else:
            rest.append(arg)
        i += 1
    return rest


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # the reader left (`kasir … --json | head -1`): stop quietly, as Unix tools do
        _silence_stdout()
        return 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _run(argv: list[str] | None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    argv = till_cmds.main_sale_args(_take_language(given))
    if not argv and store_cmds.screen_present():  # plain `kasir` on a desktop: the app
        return store_cmds.launch_app(None, language() if given else None)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code = args.handler(args) or 0
        sys.stdout.flush()  # here, so a closed pipe is met inside this try and not at exit
        return code
    except BrokenPipeError:
        raise
    except common.UsageError as exc:
        sys.stderr.write(_("kasir: wrong usage: {detail}").format(detail=exc) + "\n")
        return 2
    except KasirError as exc:
        sys.stderr.write(f"kasir: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(_("kasir: stopped; nothing half-written was kept.") + "\n")
        return 130
    except OSError as exc:  # a file or folder the OS refused: say which and why, in words
        # a rename names the destination second: that is the name the user gave
        where = next((f for f in (exc.filename2, exc.filename) if f is not None),
                     getattr(args, "db", "") or "")
        sys.stderr.write(_("kasir: cannot use {path}: {reason}.").format(
            path=where, reason=os_reason(exc)) + "\n")
        return 1
    except Exception as exc:
        nice = friendly(exc, getattr(args, "db", "") or "")
        if nice is not None:
            sys.stderr.write(f"kasir: {nice}\n")
            return 1
        logging.getLogger("kasir").exception("unexpected error")
        sys.stderr.write(_("kasir: unexpected error ({kind}). Nothing half-written was kept. "
                           "Please report it with the text above.").format(kind=type(exc).__name__)
                         + "\n")
        return 3
