"""``kasir profile show|set``: the co-op's profile, its AD/ART amounts, the SHU allocation and
the SHU settings — what the app's Administration → Co-op profile page edits.

``profile set`` runs the same events as that page (``profile.update`` for the profile,
``profile.set_shu_allocation`` for the percentages, ``profile.set_setting`` for the jasa
modal basis) inside one transaction: everything given is saved, or nothing is.
"""

from __future__ import annotations

from dataclasses import asdict

from kasir.books import credit, savings, shu
from kasir.books import profile as profile_mod
from kasir.cli import common
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, rupiah
from kasir.money import parse_amount

# profile field -> (option, label); the amounts are read as rupiah
FIELDS = (
    ("name", "--name", N_("Name")),
    ("legal_number", "--legal-number", N_("Legal number (badan hukum)")),
    ("nib", "--nib", N_("NIB")),
    ("address", "--address", N_("Address")),
    ("village", "--village", N_("Village (desa)")),
    ("district", "--district", N_("District (kabupaten)")),
    ("province", "--province", N_("Province")),
    ("het_zone", "--het-zone", N_("HET zone")),
    ("book_year_start_month", "--book-year-start-month", N_("Book year starts in month")),
    ("pokok_amount", "--pokok", N_("Simpanan pokok")),
    ("wajib_amount", "--wajib", N_("Simpanan wajib")),
    ("wajib_frequency", "--wajib-frequency", N_("Wajib is paid")),
)
AMOUNTS = ("pokok_amount", "wajib_amount")


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("profile",
                           help=_("the co-op's profile, AD/ART amounts and SHU allocation"))
    cmds = group.add_subparsers(dest="profile_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("show", parents=[db, js],
                        help=_("the profile, the SHU percentages and the SHU settings"))
    p.set_defaults(handler=cmd_show)

    p = cmds.add_parser("set", parents=[db, user, js],
                        help=_("change the profile, the SHU percentages or the jasa modal basis "
                               "(chair or administrator)"))
    for key, option, label in FIELDS:
        if key == "het_zone":
            p.add_argument(option, dest=key, type=int, choices=(1, 2, 3), help=_(label))
        elif key == "book_year_start_month":
            p.add_argument(option, dest=key, type=int, help=_(label))
        elif key == "wajib_frequency":
            p.add_argument(option, dest=key, choices=profile_mod.FREQUENCIES, help=_(label))
        else:
            p.add_argument(option, dest=key, help=_(label))
    p.add_argument("--shu", action="append", default=[], metavar=_("SHARE=PERCENT"),
                   help=_("an SHU share's percentage, e.g. cadangan=35 or sosial=7,5 (repeat; "
                          "shares not named keep theirs; the total must be exactly 100%%)"))
    p.add_argument("--jasa-modal-basis", choices=shu.BASES,
                   help=_("jasa modal from each member's daily average savings over the year, "
                          "or from the year-end balance"))
    p.add_argument("--jasa-modal-kinds",
                   help=_("the savings that count for jasa modal, e.g. pokok,wajib"))
    p.set_defaults(handler=cmd_set)


def _settings(conn) -> dict:
    basis = profile_mod.get_setting(conn, shu.BASIS_SETTING, "average")
    kinds = profile_mod.get_setting(conn, shu.KINDS_SETTING, "pokok,wajib")
    return {"jasa_modal_basis": basis, "jasa_modal_kinds": kinds, "credit_limit": credit.limit(conn)}


def _shown(conn) -> dict:
    return {"profile": asdict(profile_mod.get(conn)), "shu": profile_mod.shu_allocation(conn),
            "settings": _settings(conn)}


def cmd_show(args) -> int:
    with common.opened(args) as conn:
        shown = _shown(conn)
    if args.json:
        common.emit_json(shown)
        return 0
    _print(shown)
    return 0


def _print(shown: dict) -> None:
    prof = shown["profile"]
    for key, _option, label in FIELDS:
        value = rupiah(prof[key]) if key in AMOUNTS else prof[key]
        print(f"{_(label):<28}{value}")
    print()
    common.table([_("SHU share"), _("Key"), _("Percent")],
                 [*((_(profile_mod.SHU_LABELS.get(k, k)), k, profile_mod.format_percent(bp) + "%")
                    for k, bp in shown["shu"].items()),
                  (_("Total"), "", profile_mod.format_percent(sum(shown["shu"].values())) + "%")],
                 right=(2,))
    print()
    settings = shown["settings"]
    for label, value in ((_("Jasa modal basis"), settings["jasa_modal_basis"]),
                         (_("Savings counted for jasa modal"), settings["jasa_modal_kinds"]),
                         (_("Credit limit per member"), rupiah(settings["credit_limit"]))):
        print(f"{label:<32}{value}")


def _profile_changes(args) -> dict:
    changes = {}
    for key, _option, _label in FIELDS:
        value = getattr(args, key)
        if value is None:
            continue
        changes[key] = parse_amount(value) if key in AMOUNTS else value
    return changes


def _shu_changes(args, current: dict[str, int]) -> dict[str, int] | None:
    if not args.shu:
        return None
    allocation = dict(current)
    known = list(dict.fromkeys([*current, *profile_mod.SHU_LABELS]))
    for spec in args.shu:
        key, sep, percent = spec.partition("=")
        key = key.strip()
        if not sep or not key:
            raise common.UsageError(_("--shu takes SHARE=PERCENT, e.g. cadangan=35"))
        if key not in known:
            raise InvalidInput(N_("There is no SHU share {key}. The shares are: {keys}."),
                               key=key, keys=", ".join(known))
        allocation[key] = profile_mod.parse_percent(percent)
    return allocation


def _kinds(text: str | None) -> str | None:
    if text is None:
        return None
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    if not kinds or any(k not in savings.KINDS for k in kinds):
        raise InvalidInput(N_("--jasa-modal-kinds lists savings kinds from {kinds}, separated by "
                              "commas (got {value})."), kinds=", ".join(savings.KINDS), value=text)
    return ",".join(dict.fromkeys(kinds))


def cmd_set(args) -> int:
    changes = _profile_changes(args)
    kinds = _kinds(args.jasa_modal_kinds)
    with common.signed_in(args) as ctx:
        allocation = _shu_changes(args, profile_mod.shu_allocation(ctx.conn))
        settings = {k: v for k, v in ((shu.BASIS_SETTING, args.jasa_modal_basis),
                                      (shu.KINDS_SETTING, kinds)) if v is not None}
        if not (changes or allocation is not None or settings):
            raise common.UsageError(_("say what to change, e.g. --wajib 25000 or --shu cadangan=35"))
        # the page's events, nested in one transaction: all of them are saved, or none
        with ctx.write("settings.edit"):
            if changes:
                profile_mod.update(ctx, **changes)
            if allocation is not None:
                profile_mod.set_shu_allocation(ctx, allocation)
            for key, value in settings.items():
                profile_mod.set_setting(ctx, key, value)
        shown = _shown(ctx.conn)
    if args.json:
        common.emit_json(shown)
    else:
        _print(shown)
        common.say(_("The profile was saved."))
    return 0
