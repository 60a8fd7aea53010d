"""Shared fixtures: a pre-built co-op file copied per test, a fixed clock, signed-in roles.

Password hashing (argon2id) costs ~0.1 s per user, so one "template" file with all five roles
is built once per session and copied into each test's ``tmp_path``. Every context runs on a
fixed, advanceable clock (2025-06-15 10:00 local time) so dates are deterministic.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from kasir import i18n
from kasir.books import coop, ledger, members, users
from kasir.books.profile import Profile
from kasir.db import open_coop, sqlite3

pytest_plugins = ("shop_support", "ui_support")  # shop, shift and desktop-app fixtures

START = dt.datetime(2025, 6, 15, 10, 0)
TODAY = dt.date(2025, 6, 15)
COOP_NAME = "Koperasi Desa Merah Putih Sukamaju"
PASSWORDS = {
    "admin": "Padi menguning di sawah",
    "ketua": "Musyawarah untuk mufakat",
    "bendahara": "Buku kas harus seimbang",
    "kasir": "Beras lima kilo dua",
    "pengawas": "Mengawasi dengan teliti",
}
ROLES = ("ketua", "bendahara", "kasir", "pengawas")


class Clock:
    """A settable clock for ``Context.clock`` / ``login(clock=...)``: local time, tz-aware."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.current = start.astimezone()

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += dt.timedelta(**delta)


_serials = itertools.count(1)


def make_nik(birth: dt.date = dt.date(1980, 5, 17), gender: str = "L", serial: int | None = None,
             region: str = "320101") -> str:
    """A valid NIK (West Java by default) for ``birth`` and ``gender``; women add 40 to the day."""
    day = birth.day + (40 if gender == "P" else 0)
    serial = next(_serials) if serial is None else serial
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def db_totals(conn) -> tuple[int, int]:
    """(sum of debits, sum of credits) over every posted journal line."""
    return conn.execute("SELECT total(l.debit), total(l.credit) FROM journal_lines l"
                        " JOIN journal_entries e ON e.id = l.entry_id WHERE e.posted = 1").fetchone()


def counts(conn) -> dict[str, int]:
    """Row counts of the tables business events write to (to prove 'nothing was written')."""
    tables = ("journal_entries", "journal_lines", "savings_tx", "audit_log", "members",
              "closed_periods", "accounts")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def post_shop_credit(ctx, member_id: int, amount: int, day: dt.date | str = TODAY) -> int:
    """Simulate a credit sale to a member (1-1300 is managed, so not through ``ledger.post``)."""
    with ctx.write("ledger.post"):
        return ledger.write_entry(ctx, date=day, memo="Kredit toko", origin_type="sale",
                                  origin_id=None, lines=[
                                      ledger.Line(ledger.PIUTANG, debit=amount, member_id=member_id),
                                      ledger.Line("4-1100", credit=amount)])


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A co-op file with the admin and one user per role, checkpointed and closed."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    clock = Clock()
    conn = coop.create(path, profile=Profile(name=COOP_NAME), admin="admin",
                       password=PASSWORDS["admin"], clock=clock)
    try:
        admin = users.login(conn, "admin", PASSWORDS["admin"], clock=clock)
        for role in ROLES:
            users.create_user(admin, role, PASSWORDS[role], role, full_name=role.title())
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def coop_path(template, tmp_path) -> Path:
    """A private copy of the template co-op file for this test."""
    path = tmp_path / "koperasi.sqlite"
    shutil.copy(template, path)
    return path


@pytest.fixture
def conn(coop_path):
    connection = open_coop(coop_path)
    yield connection
    connection.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _login(conn, username: str, clock: Clock):
    return users.login(conn, username, PASSWORDS[username], clock=clock)


@pytest.fixture
def admin(conn, clock):
    return _login(conn, "admin", clock)


@pytest.fixture
def ketua(conn, clock):
    return _login(conn, "ketua", clock)


@pytest.fixture
def bendahara(conn, clock):
    return _login(conn, "bendahara", clock)


@pytest.fixture
def cashier(conn, clock):
    return _login(conn, "kasir", clock)


@pytest.fixture
def pengawas(conn, clock):
    return _login(conn, "pengawas", clock)


@pytest.fixture
def new_member(bendahara):
    """Register a member (valid NIK, pokok paid unless ``pay_pokok=False``); returns the Member."""
    names = (f"Anggota {i}" for i in itertools.count(1))

    def register(*, name: str | None = None, gender: str = "L", join_date="2025-01-10",
                 pay_pokok: bool = True, birth: dt.date = dt.date(1980, 5, 17), ctx=None):
        return members.register(ctx or bendahara, nik=make_nik(birth, gender), name=name or next(names),
                                gender=gender, join_date=join_date, pay_pokok=pay_pokok)

    return register


@pytest.fixture
def english():
    """Show messages in English for the test, then restore the language that was active."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def raw(coop_path):
    """A plain sqlite3 connection (no kasir checks) on the test's co-op file."""
    connection = sqlite3.connect(str(coop_path), isolation_level=None)
    yield connection
    connection.close()
