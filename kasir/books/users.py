"""User accounts: argon2id passwords, a password policy, sign-in with throttling, roles.

There is no default account: the first admin is created with the co-op file. Wrong passwords
slow the next attempt (2, 4, 8 … up to 30 seconds after the third failure) but never lock an
account, so nobody can shut the treasurer out by typing wrong passwords on purpose.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kasir.books import audit
from kasir.books.context import ROLES, Context, User, local_now
from kasir.db.connection import Connection, transaction
from kasir.errors import AuthError, InvalidInput, NotAllowed, NotFound
from kasir.i18n import N_
from kasir.paths import resources_dir

MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """What an unknown user name is checked against, so it costs as much as a real one. Made
    at the first sign-in, not at import: hashing costs 0.1-0.5 s that every command would
    pay, the reading ones too (issue 9 E: a reading command <= 1 s)."""
    return _hasher.hash("kasir-timing-equaliser")


@cache
def _blocklist() -> frozenset[str]:
    path = resources_dir() / "seed" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.lower() for line in lines if not line.startswith("#") for w in line.split())


def check_password_policy(password: str, username: str = "", *, practice: bool = False) -> None:
    """Refuse short, common or username-like passwords, with a message that says why.

    A practice file (demo, latihan) asks only for the length, so scripts can pick any password.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(N_("The password must have at least {n} characters."),
                           n=MIN_PASSWORD_LENGTH)
    if practice:
        return
    lowered = password.lower()
    if lowered in _blocklist() or (username and username.lower() in lowered):
        raise InvalidInput(N_("This password is too easy to guess. Choose a longer phrase that "
                              "is not a common password and does not contain the user name."))


def throttle_delay(failed: int) -> int:
    """Seconds to wait after ``failed`` consecutive wrong passwords."""
    if failed < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed - FREE_ATTEMPTS + 1), MAX_DELAY_S)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(N_("Unknown role {role}. Choose one of: {roles}."), role=role,
                           roles=", ".join(ROLES))


def _insert(conn: Connection, username: str, password: str, role: str, full_name: str,
            now: str, practice: bool = False) -> int:
    username = username.strip()
    if not 2 <= len(username) <= 40 or any(c.isspace() for c in username):
        raise InvalidInput(N_("A user name has 2 to 40 characters and no spaces."))
    _check_role(role)
    check_password_policy(password, username, practice=practice)
    if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
        raise InvalidInput(N_("The user name {username} is already taken."), username=username)
    cur = conn.execute("INSERT INTO users (username, full_name, role, password_hash, created_at)"
                       " VALUES (?,?,?,?,?)",
                       (username, full_name, role, _hasher.hash(password), now))
    return cur.lastrowid


def create_first_admin(conn: Connection, username: str, password: str, full_name: str = "",
                       clock=local_now, practice: bool = False) -> User:
    """Create the first administrator of a new file; refused once any user exists."""
    now = clock().astimezone(dt.UTC).isoformat(timespec="seconds")
    with transaction(conn):
        if conn.execute("SELECT count(*) FROM users").fetchone()[0]:
            raise NotAllowed(N_("This co-op file already has users; sign in as an administrator "
                                "to add more."))
        uid = _insert(conn, username, password, "admin", full_name, now, practice)
        audit.append(conn, at=now, user_id=uid, username=username, action="user.create",
                     subject=f"user:{uid}", detail={"role": "admin", "first": True})
    return User(uid, username, "admin", full_name)


def create_user(ctx: Context, username: str, password: str, role: str, full_name: str = "") -> User:
    with ctx.write("users.manage") as conn:
        practice = conn.execute("SELECT 1 FROM meta WHERE key = 'practice'").fetchone() is not None
        uid = _insert(conn, username, password, role, full_name, ctx.now(), practice)
        audit.log(ctx, "user.create", f"user:{uid}", detail={"username": username, "role": role})
    return User(uid, username, role, full_name)


def _row(conn: Connection, username: str):
    return conn.execute("SELECT id, username, role, full_name, password_hash, active,"
                        " failed_logins, last_failed_at FROM users WHERE username = ?",
                        (username.strip(),)).fetchone()


def login(conn: Connection, username: str, password: str, clock=local_now) -> Context:
    """Verify the password and return a signed-in context; every attempt is audited."""
    now_dt = clock().astimezone(dt.UTC)
    now = now_dt.isoformat(timespec="seconds")
    dummy = _dummy_hash()  # made (once) whether or not the name exists: equal cost either way
    row = _row(conn, username)
    if row is None or not row[5]:
        _verify(dummy, password)  # same cost as a real check: do not reveal which names exist
        with transaction(conn):
            audit.append(conn, at=now, user_id=None, username=username.strip()[:40],
                         action="login.failed", detail={"reason": "unknown or inactive"})
        raise AuthError(N_("Wrong user name or password."))
    uid, name, role, full_name, pw_hash, _active, failed, last_failed = row
    wait = _seconds_left(failed, last_failed, now_dt)
    if wait > 0:
        with transaction(conn):
            audit.append(conn, at=now, user_id=uid, username=name, action="login.throttled")
        raise AuthError(N_("Too many wrong passwords. Wait {seconds} seconds and try again."),
                        seconds=wait)
    if not _verify(pw_hash, password):
        with transaction(conn):
            conn.execute("UPDATE users SET failed_logins = failed_logins + 1, last_failed_at = ?"
                         " WHERE id = ?", (now, uid))
            audit.append(conn, at=now, user_id=uid, username=name, action="login.failed")
        raise AuthError(N_("Wrong user name or password."))
    with transaction(conn):
        conn.execute("UPDATE users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?",
                     (uid,))
        if _hasher.check_needs_rehash(pw_hash):
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                         (_hasher.hash(password), uid))
        audit.append(conn, at=now, user_id=uid, username=name, action="login")
    return Context(conn, User(uid, name, role, full_name), clock)


def _seconds_left(failed: int, last_failed: str | None, now: dt.datetime) -> int:
    delay = throttle_delay(failed)
    if not delay or not last_failed:
        return 0
    ready = dt.datetime.fromisoformat(last_failed) + dt.timedelta(seconds=delay)
    return max(0, int((ready - now).total_seconds() + 0.999))


def _verify(pw_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(pw_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def logout(ctx: Context) -> None:
    with transaction(ctx.conn):
        audit.log(ctx, "logout")


def change_password(ctx: Context, old_password: str, new_password: str) -> None:
    """A user changes their own password (the old one is asked again)."""
    row = _row(ctx.conn, ctx.user.username)
    if row is None or not _verify(row[4], old_password):
        raise AuthError(N_("The current password is wrong."))
    check_password_policy(new_password, ctx.user.username)
    with ctx.write("read"):
        ctx.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                         (_hasher.hash(new_password), ctx.user.id))
        audit.log(ctx, "user.password", f"user:{ctx.user.id}")


def reset_password(ctx: Context, username: str, new_password: str) -> None:
    """An administrator sets a new password for someone who forgot theirs."""
    with ctx.write("users.manage") as conn:
        uid = _user_id(conn, username)
        check_password_policy(new_password, username)
        conn.execute("UPDATE users SET password_hash = ?, failed_logins = 0,"
                     " last_failed_at = NULL WHERE id = ?", (_hasher.hash(new_password), uid))
        audit.log(ctx, "user.password_reset", f"user:{uid}")


def set_role(ctx: Context, username: str, role: str) -> None:
    _check_role(role)
    with ctx.write("users.manage") as conn:
        uid = _user_id(conn, username)
        _keep_an_admin(conn, uid, role != "admin")
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, uid))
        audit.log(ctx, "user.role", f"user:{uid}", detail={"role": role})


def set_active(ctx: Context, username: str, active: bool) -> None:
    with ctx.write("users.manage") as conn:
        uid = _user_id(conn, username)
        _keep_an_admin(conn, uid, not active)
        conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), uid))
        audit.log(ctx, "user.active", f"user:{uid}", detail={"active": active})


def _user_id(conn: Connection, username: str) -> int:
    row = conn.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no user {username}."), username=username)
    return row[0]


def _keep_an_admin(conn: Connection, uid: int, removing: bool) -> None:
    if not removing:
        return
    others = conn.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
                          " AND id <> ?", (uid,)).fetchone()[0]
    is_admin = conn.execute("SELECT role = 'admin' FROM users WHERE id = ?", (uid,)).fetchone()[0]
    if is_admin and others == 0:
        raise NotAllowed(N_("This is the last active administrator; make another user "
                            "administrator first."))


def list_users(conn: Connection) -> list[dict]:
    rows = conn.execute("SELECT username, full_name, role, active FROM users ORDER BY username")
    return [{"username": u, "full_name": f, "role": r, "active": bool(a)} for u, f, r, a in rows]


def has_users(conn: Connection) -> bool:
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
