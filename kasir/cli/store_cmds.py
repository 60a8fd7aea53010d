"""Commands about the co-op file itself: init, backup, restore, check, demo, and the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kasir.books import audit, backups, checks, coop
from kasir.books.profile import FREQUENCIES, Profile
from kasir.cli import common
from kasir.db import backup as backup_mod
from kasir.db.connection import sqlite_version
from kasir.errors import InvalidInput
from kasir.i18n import N_, _
from kasir.money import parse_amount
from kasir.paths import backups_dir_for, data_dir


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()

    p = sub.add_parser("init", parents=[db], help=_("create a new co-op file and its first admin"))
    p.add_argument("--name", required=True, help=_("the co-op's name"))
    p.add_argument("--admin", required=True, help=_("user name of the first administrator"))
    p.add_argument("--admin-name", default="", help=_("the administrator's full name"))
    p.add_argument("--legal-number", default="", help=_("legal entity number (badan hukum)"))
    p.add_argument("--nib", default="", help=_("business id (NIB)"))
    p.add_argument("--address", default="")
    p.add_argument("--village", default="")
    p.add_argument("--district", default="")
    p.add_argument("--province", default="")
    p.add_argument("--het-zone", type=int, choices=(1, 2, 3), default=1,
                   help=_("HET price zone (1 Java/Bali/Sulawesi …, 2 Sumatra/Kalimantan/NTT, "
                          "3 Maluku/Papua)"))
    p.add_argument("--pokok", default="50000", help=_("simpanan pokok amount"))
    p.add_argument("--wajib", default="20000", help=_("simpanan wajib amount per period"))
    p.add_argument("--wajib-frequency", choices=FREQUENCIES, default="monthly")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("backup", parents=[db, user, js], help=_("make a verified backup copy"))
    p.add_argument("--to", type=Path, help=_("folder for the backup (default: backups/ beside the file)"))
    p.add_argument("--keep", type=int, default=backup_mod.DEFAULT_KEEP,
                   help=_("how many backups to keep in that folder"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[db, user],
                       help=_("replace the co-op file with a backup (administrator)"))
    p.add_argument("backup", type=Path, help=_("the backup file"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", parents=[db, js], help=_("check the file and prove the books balance"))
    p.add_argument("--head", action="append", default=[], metavar="SEQ:HASH",
                   help=_("a head of the audit chain kept outside the file, as printed on the "
                          "monthly pack (may be given more than once)"))
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("demo", parents=[db],
                       help=_("create a realistic demo co-op (default file: demo.sqlite in the data "
                              "folder)"))
    p.add_argument("--members", type=int, default=200)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--end", help=_("last month of the demo, YYYY-MM (default: this month)"))
    p.add_argument("--password", default=DEMO_PASSWORD,
                   help=_("password of the demo users admin, bendahara, kasir, pengawas, ketua"))
    p.add_argument("--open", action="store_true",
                   help=_("use the demo file if it already exists, then show it"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("app", parents=[db],
                       help=_("start the desktop app (what 'kasir' alone does on a desktop)"))
    p.set_defaults(handler=lambda args: launch_app(args.db))


DEMO_PASSWORD = "kasir-demo"


def cmd_init(args) -> int:
    path = common.db_path(args)
    password = common.password_for(_("Password for {user}: ").format(user=args.admin))
    if sys.stdin is not None and sys.stdin.isatty() and "KASIR_PASSWORD" not in os.environ:
        again = common.password_for(_("Type the password again: "))
        if again != password:
            raise InvalidInput(N_("The two passwords differ; nothing was created."))
    profile = Profile(name=args.name.strip(), legal_number=args.legal_number, nib=args.nib,
                      address=args.address, village=args.village, district=args.district,
                      province=args.province, het_zone=args.het_zone,
                      pokok_amount=parse_amount(args.pokok), wajib_amount=parse_amount(args.wajib),
                      wajib_frequency=args.wajib_frequency)
    conn = coop.create(path, profile=profile, admin=args.admin, password=password,
                       admin_name=args.admin_name)
    conn.close()
    common.say(_("Created the co-op file {path} with administrator {user}.").format(
        path=path, user=args.admin))
    return 0


def cmd_backup(args) -> int:
    path = common.db_path(args)
    folder = args.to or backups_dir_for(path)
    with common.signed_in(args) as ctx:
        made = backups.back_up(ctx, folder, keep=args.keep, stem=path.stem)
    if args.json:
        common.emit_json({"backup": str(made), "head": str(backup_mod.head_path(made))})
    else:
        common.say(_("Backup written and verified: {path}").format(path=made))
    return 0


def cmd_restore(args) -> int:
    path = common.db_path(args)
    if not args.yes:
        if not (sys.stdin is not None and sys.stdin.isatty()):
            raise common.UsageError(_("restore replaces the co-op file; add --yes to confirm"))
        answer = input(_("Replace {path} with {backup}? The current file is kept aside. [y/N] ")
                       .format(path=path, backup=args.backup))
        if answer.strip().lower() not in ("y", "ya", "yes"):
            common.say(_("Nothing was changed."))
            return 1
    password = common.sign_in_password(args)
    aside = backups.restore(args.backup, path, username=args.user, password=password)
    common.say(_("Restored {path} from {backup}.").format(path=path, backup=args.backup))
    if aside:
        common.say(_("The replaced file was kept as {aside}.").format(aside=aside))
    return 0


def cmd_check(args) -> int:
    if not args.json:  # first, so it shows even when the file cannot be opened
        print(_("SQLite {version}").format(version=sqlite_version()))
    heads = [audit.parse_head(text) for text in args.head]  # refused before the file is opened
    with common.opened(args) as conn:
        report = checks.run(conn, heads)
        head = audit.short_head(conn)
    if args.json:
        common.emit_json({"ok": report.ok, "sqlite_version": report.sqlite_version,
                          "checks": [{"title": _(r.title), "findings": r.findings}
                                     for r in report.results], "head": head})
    else:
        for result in report.results:
            mark = "OK " if not result.findings else "!! "
            print(f"{mark} {_(result.title)}")
            for finding in result.findings:
                print(f"     - {finding}")
        print(_("Head of the audit chain: {head}").format(head=head))
        print(_("All checks passed.") if report.ok else _("Problems were found (see above)."))
    return 0 if report.ok else 1


def cmd_demo(args) -> int:
    from kasir import demo  # the generator is only loaded when asked for

    path = common.db_path(args) if args.db else data_dir() / "demo.sqlite"
    if not (args.open and path.exists()):
        summary = demo.generate(path, members=args.members, months=args.months, seed=args.seed,
                                password=args.password, end_month=args.end,
                                progress=_progress_to_stderr)
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        common.say(_("Demo co-op written to {path}: {members} members, {entries} journal entries "
                     "in {seconds:.1f} s.").format(path=path, members=summary.members,
                                                   entries=summary.entries, seconds=summary.seconds))
    common.say(_("Users admin, ketua, bendahara, kasir and pengawas; password: {password}")
               .format(password=args.password))
    if args.open:
        if screen_present() or os.environ.get("QT_QPA_PLATFORM"):
            return launch_app(path)
        from kasir.cli import overview

        overview.show(path)
        common.say(_("No screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
                     "desktop app was not started. On the PC's desktop run: {kasir} app --db "
                     "{path}").format(kasir=common.own_command(), path=common.shell_quote(path)))
    return 0


def screen_present(env: dict | None = None) -> bool:
    """Whether a desktop is there to show the app on (Windows, macOS, an X11 or Wayland screen)."""
    env = os.environ if env is None else env
    if sys.platform in ("win32", "darwin"):
        return True
    return (bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
            and env.get("QT_QPA_PLATFORM", "") in ("", "xcb", "wayland"))


def launch_app(db: Path | None, lang: str | None = None) -> int:
    """Run the desktop app (``python -m kasir.ui.app``) in place of this command.

    A separate program, not an import: the command line and the desktop app share the layers
    below them but never import each other (tests/test_architecture.py).
    """
    argv = [sys.executable, "-m", "kasir.ui.app", *(["--db", str(db)] if db else []),
            *(["--lang", lang] if lang else [])]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(sys.executable, argv)
    return subprocess.call(argv)


def _progress_to_stderr(fraction: float, text: str) -> None:
    if not sys.stderr.isatty():
        return
    sys.stderr.write(f"\r{int(fraction * 100):3d}%  {text[:60]:<60}")
    sys.stderr.flush()
