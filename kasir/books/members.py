"""Members: registration with a checked NIK, member numbers, search, edits and CSV import.

A NIK is 16 digits: province (2), regency (2), district (2), birth date DDMMYY (women add 40
to the day), serial (4, from 0001). A NIK whose date part is impossible is refused, and the
gender given must match the one the NIK encodes.

CSV import is all-or-nothing (:mod:`kasir.books.csv_import`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import audit, ledger
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.books.csv_import import ImportReport, all_or_nothing
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, InvalidNik, NotAllowed, NotFound
from kasir.i18n import N_

# Province codes of Indonesia (Kemendagri), including the Papua provinces formed in 2022.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
    "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "92", "93", "94", "95", "96",
})
GENDERS = ("L", "P")
STATUS_LABELS = {"active": N_("active"), "exited": N_("left")}


@dataclass(frozen=True)
class NikInfo:
    province: str
    regency: str
    district: str
    birth_date: dt.date
    gender: str
    serial: str


def parse_nik(nik: str, today: dt.date | None = None) -> NikInfo:
    """Check a NIK's shape and birth date; return what it encodes or raise :class:`InvalidNik`."""
    nik = str(nik).strip().replace(" ", "").replace(".", "")
    if len(nik) != 16 or not nik.isdigit():
        raise InvalidNik(N_("A NIK has exactly 16 digits; {nik} has {count}."), nik=nik,
                         count=sum(c.isdigit() for c in nik))
    if nik[:2] not in PROVINCES:
        raise InvalidNik(N_("NIK {nik} starts with {code}, which is not a province code."),
                         nik=nik, code=nik[:2])
    if nik[2:4] == "00" or nik[4:6] == "00" or nik[12:] == "0000":
        raise InvalidNik(N_("NIK {nik} has a zero regency, district or serial number."), nik=nik)
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "P" if day > 40 else "L"
    day = day - 40 if day > 40 else day
    birth = _birth_date(day, month, year2, today or dt.date.today())
    if birth is None:
        raise InvalidNik(N_("NIK {nik} holds an impossible birth date ({date}). Check the 7th "
                            "to 12th digits."), nik=nik, date=nik[6:12])
    return NikInfo(nik[:2], nik[2:4], nik[4:6], birth, gender, nik[12:])


def _birth_date(day: int, month: int, year2: int, today: dt.date) -> dt.date | None:
    candidates = []
    for century in (2000, 1900):
        try:
            candidates.append(dt.date(century + year2, month, day))
        except ValueError:
            continue
    past = [d for d in candidates if d <= today]
    return max(past) if past else None


@dataclass(frozen=True)
class Member:
    id: int
    number: str
    nik: str
    name: str
    address: str
    gender: str
    phone: str
    join_date: dt.date
    status: str
    exit_date: dt.date | None


_COLS = "id, number, nik, name, address, gender, phone, join_date, status, exit_date"


def _member(row) -> Member:
    return Member(*row[:7], dt.date.fromisoformat(row[7]), row[8],
                  dt.date.fromisoformat(row[9]) if row[9] else None)


def get(conn: Connection, member_id: int) -> Member:
    row = conn.execute(f"SELECT {_COLS} FROM members WHERE id = ?", (member_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no member with id {id}."), id=member_id)
    return _member(row)


def by_number(conn: Connection, number: str) -> Member:
    row = conn.execute(f"SELECT {_COLS} FROM members WHERE number = ?",
                       (str(number).strip(),)).fetchone()
    if row is None:
        raise NotFound(N_("There is no member number {number}."), number=number)
    return _member(row)


def next_number(conn: Connection) -> str:
    last = conn.execute("SELECT max(CAST(number AS INTEGER)) FROM members").fetchone()[0]
    return f"{(last or 0) + 1:05d}"


def _clean(value: str | None) -> str:
    return " ".join(str(value or "").split())


def _validate(conn: Connection, nik: str, name: str, gender: str, join_date: dt.date,
              today: dt.date) -> NikInfo:
    info = parse_nik(nik, today)
    if not name:
        raise InvalidInput(N_("The member needs a name."))
    if gender not in GENDERS:
        raise InvalidInput(N_("Gender is L (male) or P (female)."))
    if gender != info.gender:
        raise InvalidNik(N_("NIK {nik} belongs to a {nik_gender} person, but the gender given "
                            "is {gender}. Check the NIK or the gender."),
                         nik=nik, nik_gender=info.gender, gender=gender)
    if join_date > today:
        raise InvalidInput(N_("The join date {date} is in the future."), date=join_date.isoformat())
    if join_date < info.birth_date:
        raise InvalidInput(N_("The join date is before the birth date in the NIK."))
    row = conn.execute("SELECT number, name FROM members WHERE nik = ?", (nik,)).fetchone()
    if row:
        raise InvalidNik(N_("NIK {nik} is already registered to member {number} ({name})."),
                         nik=nik, number=row[0], name=row[1])
    return info


def register(ctx: Context, *, nik: str, name: str, gender: str, join_date: dt.date | str | None = None,
             address: str = "", phone: str = "", pay_pokok: bool = True, via: str = "cash") -> Member:
    """Register a member and, by default, take their simpanan pokok in the same event."""
    nik = str(nik).strip().replace(" ", "").replace(".", "")  # as parse_nik reads it
    name, gender = _clean(name), _clean(gender).upper()[:1]
    day = parse_date(join_date) if join_date else ctx.today()
    with ctx.write("member.write") as conn:
        _validate(conn, nik, name, gender, day, ctx.today())
        number = next_number(conn)
        member_id = conn.execute(
            "INSERT INTO members (number, nik, name, address, gender, phone, join_date,"
            " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (number, nik, name, _clean(address), gender, _clean(phone), day.isoformat(),
             ctx.user.id, ctx.now())).lastrowid
        audit.log(ctx, "member.register", f"member:{member_id}", detail={"number": number})
        if pay_pokok:
            from kasir.books import savings  # savings builds on members; late import avoids a cycle

            amount = profile_mod.get(conn).pokok_amount
            savings.record(ctx, member_id, "pokok", amount, date=day, via=via,
                           memo="Simpanan pokok", action="savings.deposit")
    return get(ctx.conn, member_id)


def update(ctx: Context, member_id: int, *, name: str | None = None, address: str | None = None,
           phone: str | None = None) -> Member:
    """Correct a member's name, address or phone (NIK, number and gender stay)."""
    changes = {k: _clean(v) for k, v in (("name", name), ("address", address), ("phone", phone))
               if v is not None}
    if "name" in changes and not changes["name"]:
        raise InvalidInput(N_("The member needs a name."))
    with ctx.write("member.write") as conn:
        old = get(conn, member_id)
        if changes:
            conn.execute(f"UPDATE members SET {', '.join(k + ' = ?' for k in changes)} WHERE id = ?",
                         (*changes.values(), member_id))
        audit.log(ctx, "member.update", f"member:{member_id}",
                  detail={k: [getattr(old, k), v] for k, v in changes.items()})
    return get(ctx.conn, member_id)


def mark_exited(ctx: Context, member_id: int, day: dt.date) -> None:
    """Close the membership; called by the exit settlement inside its transaction."""
    member = get(ctx.conn, member_id)
    if member.status != "active":
        raise NotAllowed(N_("Member {number} has already left the co-op."), number=member.number)
    ctx.conn.execute("UPDATE members SET status = 'exited', exit_date = ? WHERE id = ?",
                     (day.isoformat(), member_id))


def require_active(conn: Connection, member_id: int, day: dt.date | None = None) -> Member:
    member = get(conn, member_id)
    if member.status != "active":
        raise NotAllowed(N_("Member {number} ({name}) has left the co-op."), number=member.number,
                         name=member.name)
    if day is not None and day < member.join_date:
        raise InvalidInput(N_("The date {date} is before member {number} joined ({joined})."),
                           date=day.isoformat(), number=member.number,
                           joined=member.join_date.isoformat())
    return member


def search(conn: Connection, text: str = "", *, limit: int = 50, offset: int = 0,
           include_exited: bool = True, after: Member | None = None) -> list[Member]:
    """Members whose name contains ``text``, or whose number or NIK starts with it.

    ``after`` continues the list after that member (keyset paging: a page deep in a long
    list is read as fast as the first one, which ``offset`` is not).
    """
    conditions, params = _matching(text, include_exited)
    if after is not None:
        # the first term lets SQLite start inside the name index instead of scanning to it
        conditions.append("name COLLATE NOCASE >= ? AND (name COLLATE NOCASE > ? OR number > ?)")
        params += [after.name, after.name, after.number]
    sql = (f"SELECT {_COLS} FROM members{_where(conditions)}"
           " ORDER BY name COLLATE NOCASE, number LIMIT ? OFFSET ?")
    return [_member(r) for r in conn.execute(sql, (*params, limit, offset))]


def _matching(text: str, include_exited: bool) -> tuple[list[str], list[str]]:
    """The conditions and parameters of :func:`search` and :func:`search_count`."""
    text = text.strip()
    conditions, params = [], []
    if text:
        conditions.append("(name LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\' OR nik LIKE ? ESCAPE '\\')")
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [f"%{escaped}%", f"{escaped}%", f"{escaped}%"]
    if not include_exited:
        conditions.append("status = 'active'")
    return conditions, params


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def search_count(conn: Connection, text: str = "", *, include_exited: bool = True) -> int:
    """How many members :func:`search` finds for ``text`` (for "N found" beside a lazy list)."""
    conditions, params = _matching(text, include_exited)
    return conn.execute(f"SELECT count(*) FROM members{_where(conditions)}", params).fetchone()[0]


def find_by_nik(conn: Connection, nik: str) -> Member | None:
    """The member registered with ``nik``, or None (to warn while a NIK is being typed)."""
    nik = str(nik).strip().replace(" ", "").replace(".", "")
    row = conn.execute(f"SELECT {_COLS} FROM members WHERE nik = ?", (nik,)).fetchone()
    return _member(row) if row else None


def count(conn: Connection, active_only: bool = False) -> int:
    sql = "SELECT count(*) FROM members" + (" WHERE status = 'active'" if active_only else "")
    return conn.execute(sql).fetchone()[0]


def owed(conn: Connection, member_id: int) -> int:
    """What the member owes the co-op (their open shop credit, Piutang anggota)."""
    acc = ledger.account(conn, ledger.PIUTANG)
    row = conn.execute("SELECT coalesce(sum(debit), 0) - coalesce(sum(credit), 0) FROM journal_lines"
                       " WHERE member_id = ? AND account_id = ?", (member_id, acc.id)).fetchone()
    return int(row[0])


# ---- CSV import -----------------------------------------------------------------------------

CSV_COLUMNS = ("nik", "name", "gender", "address", "phone", "join_date")


def import_csv(ctx: Context, text: str, *, pay_pokok: bool = True) -> ImportReport:
    """Import members from CSV text (header: nik,name,gender[,address,phone,join_date])."""

    def add_row(row: dict[str, str]) -> None:
        register(ctx, nik=row["nik"], name=row["name"], gender=row["gender"],
                 join_date=row.get("join_date") or None, address=row.get("address", ""),
                 phone=row.get("phone", ""), pay_pokok=pay_pokok)

    return all_or_nothing(ctx, "member.write", text, required=CSV_COLUMNS[:3], columns=CSV_COLUMNS,
                          add_row=add_row)
