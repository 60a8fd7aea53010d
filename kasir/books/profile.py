"""The co-op's profile and its AD/ART settings (savings amounts, SHU allocation).

SHU percentages are stored as basis points (40% = 4000) so that "must total exactly 100%"
is an integer comparison, never a float one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from kasir.books import audit
from kasir.books.context import Context
from kasir.db.connection import Connection
from kasir.errors import InvalidInput
from kasir.i18n import N_

FREQUENCIES = ("monthly", "quarterly", "yearly")
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}

# The common split (DOMAIN.md): reserve 40%, members' share 40% (jasa usaha 20 + jasa modal 20),
# board, staff, education and social funds 5% each. The RAT may change it in the AD/ART.
DEFAULT_SHU = (("cadangan", 4000), ("jasa_usaha", 2000), ("jasa_modal", 2000),
               ("pengurus", 500), ("karyawan", 500), ("pendidikan", 500), ("sosial", 500))
SHU_LABELS = {
    "cadangan": N_("Reserve (cadangan)"),
    "jasa_usaha": N_("Members' purchases share (jasa usaha)"),
    "jasa_modal": N_("Members' savings share (jasa modal)"),
    "pengurus": N_("Board (pengurus)"),
    "karyawan": N_("Staff (karyawan)"),
    "pendidikan": N_("Education fund (pendidikan)"),
    "sosial": N_("Social fund (sosial)"),
}
REQUIRED_SHU = ("cadangan", "jasa_usaha", "jasa_modal")


@dataclass(frozen=True)
class Profile:
    name: str
    legal_number: str = ""
    nib: str = ""
    address: str = ""
    village: str = ""
    district: str = ""
    province: str = ""
    het_zone: int = 1
    book_year_start_month: int = 1
    pokok_amount: int = 50_000
    wajib_amount: int = 20_000
    wajib_frequency: str = "monthly"


_COLUMNS = tuple(f.name for f in fields(Profile))


def get(conn: Connection) -> Profile:
    row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM profile WHERE id = 1").fetchone()
    return Profile(*row)


def validate(profile: Profile) -> Profile:
    if not profile.name.strip():
        raise InvalidInput(N_("The co-op needs a name."))
    if profile.het_zone not in (1, 2, 3):
        raise InvalidInput(N_("The HET zone is 1, 2 or 3."))
    if profile.wajib_frequency not in FREQUENCIES:
        raise InvalidInput(N_("Wajib is paid monthly, quarterly or yearly."))
    for amount in (profile.pokok_amount, profile.wajib_amount):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InvalidInput(N_("Savings amounts must be whole rupiah above zero."))
    if not 1 <= profile.book_year_start_month <= 12:
        raise InvalidInput(N_("The book year starts in a month from 1 to 12."))
    return profile


def insert(conn: Connection, profile: Profile) -> None:
    """Write the profile of a new co-op file (inside its creating transaction)."""
    validate(profile)
    conn.execute(f"INSERT INTO profile (id, {', '.join(_COLUMNS)}) VALUES "
                 f"(1, {', '.join('?' * len(_COLUMNS))})", astuple(profile))
    conn.executemany("INSERT INTO shu_allocation (key, position, basis_points) VALUES (?,?,?)",
                     [(k, i, bp) for i, (k, bp) in enumerate(DEFAULT_SHU)])


def astuple(profile: Profile) -> tuple:
    return tuple(asdict(profile)[c] for c in _COLUMNS)


def update(ctx: Context, **changes: object) -> Profile:
    """Change profile fields (name, amounts, zone …); audited with the old and new values."""
    unknown = set(changes) - set(_COLUMNS)
    if unknown:
        raise InvalidInput(N_("Unknown profile fields: {fields}."), fields=", ".join(sorted(unknown)))
    with ctx.write("settings.edit") as conn:
        old = get(conn)
        new = validate(Profile(**{**asdict(old), **changes}))
        conn.execute(f"UPDATE profile SET {', '.join(c + ' = ?' for c in _COLUMNS)} WHERE id = 1",
                     astuple(new))
        diff = {k: [getattr(old, k), v] for k, v in changes.items() if getattr(old, k) != v}
        audit.log(ctx, "profile.update", "profile", detail=diff)
    return new


def parse_percent(text: str | int) -> int:
    """``'40'``, ``'12,5'`` or ``'12.5'`` percent → basis points (1250)."""
    raw = str(text).strip().rstrip("%").replace(",", ".")
    match = re.fullmatch(r"(\d{1,3})(?:\.(\d{1,2}))?", raw)
    if not match:
        raise InvalidInput(N_("{value} is not a percentage; write e.g. 40 or 12,5."), value=text)
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def format_percent(basis_points: int) -> str:
    whole, part = divmod(basis_points, 100)
    return f"{whole}" if not part else f"{whole},{part:02d}".rstrip("0")


def shu_allocation(conn: Connection) -> dict[str, int]:
    """The SHU allocation in basis points, in AD/ART order."""
    rows = conn.execute("SELECT key, basis_points FROM shu_allocation ORDER BY position, key")
    return dict(rows.fetchall())


def set_shu_allocation(ctx: Context, allocation: dict[str, int]) -> None:
    """Replace the allocation; refused unless it totals exactly 100% (the sum is shown)."""
    missing = [k for k in REQUIRED_SHU if k not in allocation]
    if missing:
        raise InvalidInput(N_("The SHU allocation must include: {keys}."), keys=", ".join(missing))
    total = sum(allocation.values())
    if any(bp < 0 for bp in allocation.values()) or total != 10_000:
        raise InvalidInput(N_("The SHU percentages add up to {total}%, not 100%. Correct them "
                              "so that they total exactly 100%."), total=format_percent(total))
    with ctx.write("settings.edit") as conn:
        conn.execute("DELETE FROM shu_allocation")
        conn.executemany("INSERT INTO shu_allocation (key, position, basis_points) VALUES (?,?,?)",
                         [(k, i, bp) for i, (k, bp) in enumerate(allocation.items())])
        audit.log(ctx, "profile.shu_allocation", "profile", detail=allocation)


def get_setting(conn: Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_setting(ctx: Context, key: str, value: str) -> None:
    with ctx.write("settings.edit") as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key)"
                     " DO UPDATE SET value = excluded.value", (key, value))
        audit.log(ctx, "settings.update", f"setting:{key}", detail={"value": value})
