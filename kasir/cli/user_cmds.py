"""``kasir user add|list|role|deactivate|activate|password``: the co-op's users and roles.

The administrator signs in (``--user``, password from ``KASIR_PASSWORD``) to manage users;
the new password of a user comes from ``KASIR_NEW_PASSWORD`` or, at a keyboard, a prompt
asked twice. Anyone may change their own password with ``kasir user password --user ME``.
"""

from __future__ import annotations

import os
import sys

from kasir.books import users
from kasir.books.context import ROLE_LABELS, ROLES
from kasir.cli import common
from kasir.errors import AuthError, InvalidInput
from kasir.i18n import N_, _

NEW_PASSWORD_ENV = "KASIR_NEW_PASSWORD"


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("user", help=_("users and roles: add, list, role, deactivate, password"))
    cmds = group.add_subparsers(dest="user_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("add", parents=[db, user, js],
                        help=_("add a user (the new password from KASIR_NEW_PASSWORD or a prompt)"))
    p.add_argument("username", help=_("the new user's sign-in name"))
    p.add_argument("--role", required=True, choices=ROLES, help=_("what the user may do"))
    p.add_argument("--full-name", default="", help=_("the user's full name (printed on reports)"))
    p.set_defaults(handler=cmd_add)

    p = cmds.add_parser("list", parents=[db, js], help=_("the users, their roles and whether active"))
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("role", parents=[db, user, js], help=_("give a user another role"))
    p.add_argument("username")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(handler=cmd_role)

    for name, helptext in (("deactivate", _("stop a user from signing in (nothing is deleted)")),
                           ("activate", _("let a deactivated user sign in again"))):
        p = cmds.add_parser(name, parents=[db, user, js], help=helptext)
        p.add_argument("username")
        p.set_defaults(handler=cmd_active, active=name == "activate")

    p = cmds.add_parser("password", parents=[db, user, js],
                        help=_("set a new password: your own, or (administrator) another user's"))
    p.add_argument("username", nargs="?",
                   help=_("whose password (default: your own, the --user signing in)"))
    p.set_defaults(handler=cmd_password)


def new_password(username: str) -> str:
    """The new password: ``KASIR_NEW_PASSWORD``, or typed twice at a keyboard."""
    secret = os.environ.get(NEW_PASSWORD_ENV)
    if secret:
        return secret
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise AuthError(N_("No new password: set KASIR_NEW_PASSWORD or run the command at a "
                           "keyboard."))
    import getpass

    first = getpass.getpass(_("New password for {user}: ").format(user=username))
    if getpass.getpass(_("Type the password again: ")) != first:
        raise InvalidInput(N_("The two passwords differ; nothing was changed."))
    return first


def _user_dict(u: dict) -> dict:
    return {"username": u["username"], "full_name": u["full_name"], "role": u["role"],
            "active": u["active"]}


def _done(args, username: str, text: str) -> int:
    with common.opened(args) as conn:
        found = [u for u in users.list_users(conn) if u["username"] == username]
    if args.json:
        common.emit_json(_user_dict(found[0]) if found else {"username": username})
    else:
        common.say(text)
    return 0


def cmd_add(args) -> int:
    password = new_password(args.username)
    with common.signed_in(args) as ctx:
        made = users.create_user(ctx, args.username, password, args.role, args.full_name)
    return _done(args, made.username, _("Added user {user} as {role}.").format(
        user=made.username, role=_(ROLE_LABELS[made.role])))


def cmd_list(args) -> int:
    with common.opened(args) as conn:
        found = users.list_users(conn)
    if args.json:
        common.emit_json([_user_dict(u) for u in found])
        return 0
    common.table([_("User"), _("Name"), _("Role"), _("Active")],
                 [(u["username"], u["full_name"], _(ROLE_LABELS[u["role"]]),
                   _("yes") if u["active"] else _("no")) for u in found])
    return 0


def cmd_role(args) -> int:
    with common.signed_in(args) as ctx:
        users.set_role(ctx, args.username, args.role)
    return _done(args, args.username, _("{user} is now {role}.").format(
        user=args.username, role=_(ROLE_LABELS[args.role])))


def cmd_active(args) -> int:
    with common.signed_in(args) as ctx:
        users.set_active(ctx, args.username, args.active)
    text = (_("{user} may sign in again.") if args.active else
            _("{user} can no longer sign in; their records stay.")).format(user=args.username)
    return _done(args, args.username, text)


def cmd_password(args) -> int:
    whose = args.username or args.user
    current = common.sign_in_password(args)
    password = new_password(whose)
    with common.signed_in(args, current) as ctx:
        if whose == ctx.user.username:  # one's own: the password just signed in with is the old one
            users.change_password(ctx, current, password)
        else:
            users.reset_password(ctx, whose, password)
    return _done(args, whose, _("The password of {user} was changed.").format(user=whose))
