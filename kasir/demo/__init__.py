"""A deterministic, realistic demo co-op for practice, screenshots and benchmarks.

The same arguments (including ``end_month``) give the same books: members join over time
(a founding group, then newcomers), pay simpanan pokok on joining and wajib most months
(some fall behind and catch up), some save and withdraw sukarela, a few leave; the co-op
pays its monthly costs and banks its cash. Every movement goes through the real business
events — the demo is also a long test of them. Each month is one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kasir.books import coop, ledger, members, savings, users
from kasir.books.ledger import Line
from kasir.books.profile import Profile
from kasir.dates import add_months, month_end, month_of, month_start, parse_month
from kasir.db.connection import transaction

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

PROFILE = Profile(
    name="Koperasi Desa Merah Putih Sukamaju", legal_number="AHU-0012345.AH.01.29.TAHUN 2025",
    nib="9120001234567", address="Jl. Balai Desa No. 1", village="Sukamaju",
    district="Kabupaten Malang", province="Jawa Timur", het_zone=1,
    pokok_amount=50_000, wajib_amount=20_000, wajib_frequency="monthly")

MEN = ("Budi", "Agus", "Slamet", "Joko", "Bambang", "Hadi", "Eko", "Sugeng", "Wahyu", "Rudi",
       "Supriyadi", "Teguh", "Dedi", "Imam", "Yusuf", "Ahmad", "Sutrisno", "Heru", "Darmaji",
       "Mulyono", "Rahmat", "Arif", "Sigit", "Hendra", "Fajar")
WOMEN = ("Siti", "Sri", "Dewi", "Sulastri", "Wulan", "Endang", "Yuni", "Rini", "Tutik", "Nur",
         "Lestari", "Ani", "Umi", "Suparmi", "Kartini", "Ratna", "Fitri", "Sumiati", "Indah",
         "Mariyam", "Rohmah", "Yanti", "Nining", "Aminah", "Puji")
SECOND = ("Santoso", "Wibowo", "Hartono", "Susanto", "Purnomo", "Setiawan", "Lestari", "Rahayu",
          "Handayani", "Wati", "Suryani", "Hidayat", "Nugroho", "Prasetyo", "Kurniawan",
          "Saputra", "Maulana", "Aminah", "Fatimah", "Utami", "Wahyuni", "Sholeh", "Mahmud")
DUSUN = ("Krajan", "Sumberejo", "Sidomulyo", "Karangrejo", "Ngemplak", "Tegalsari")


@dataclass
class Summary:
    path: Path
    members: int
    entries: int
    seconds: float


@dataclass
class _Person:
    id: int
    reliability: float  # chance of paying wajib in a given month
    saver: bool
    behind: int = 0
    sukarela: int = 0
    joined: str = ""
    left: bool = False


@dataclass
class _Clock:
    now: dt.datetime = field(default_factory=lambda: dt.datetime(2025, 1, 1, 9, tzinfo=WIB))

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: dt.date, minute: int = 0) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=WIB) + dt.timedelta(
            minutes=minute)


def generate(path: Path | str, *, members: int = 200, months: int = 24, seed: int = 1,
             password: str = "kasir-demo", end_month: str | None = None, shop: bool = True,
             progress: Callable[[float, str], None] | None = None) -> Summary:
    """Write a new demo co-op file at ``path`` (refused if a file is there)."""
    started = time.perf_counter()
    members, months = max(1, members), max(1, months)
    end = parse_month(end_month) if end_month else month_of(dt.date.today())
    first = add_months(end, -(months - 1))
    rng = random.Random(seed)
    clock = _Clock()
    clock.set(month_start(first))
    conn = coop.create(path, profile=PROFILE, admin="admin", password=password, clock=clock,
                       practice=True)
    try:
        admin = users.login(conn, "admin", password, clock=clock)
        for name, role in (("ketua", "ketua"), ("bendahara", "bendahara"), ("kasir", "kasir"),
                           ("pengawas", "pengawas")):
            users.create_user(admin, name, password, role, full_name=name.title())
        treasurer = users.login(conn, "bendahara", password, clock=clock)
        sim = _Simulation(rng, clock, treasurer, users.login(conn, "ketua", password, clock=clock),
                          members, months)
        sim.opening_grant(month_start(first))
        if shop:
            from kasir.demo.shop import ShopSimulation

            sim.shop = ShopSimulation(rng, treasurer, users.login(conn, "kasir", password, clock=clock),
                                      members)
        for index in range(months):
            month = add_months(first, index)
            with transaction(conn):
                sim.run_month(month, index)
            if progress:
                progress((index + 1) / months, month)
        sim.close_books(end)
        conn.execute("PRAGMA optimize")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        entries = conn.execute("SELECT count(*) FROM journal_entries").fetchone()[0]
        members_count = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm"):  # a half-made demo is no demo
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    conn.close()
    return Summary(Path(path), members_count, entries, time.perf_counter() - started)


class _Simulation:
    def __init__(self, rng: random.Random, clock: _Clock, treasurer, chair, target: int,
                 months: int) -> None:
        self.rng, self.clock, self.ctx, self.chair = rng, clock, treasurer, chair
        self.people: list[_Person] = []
        self.niks: set[str] = set()
        self.joins = self._join_plan(target, months)
        self.today = dt.date.today()
        self.shop = None

    def _join_plan(self, target: int, months: int) -> list[int]:
        """How many join each month: a founding group, then fewer and fewer newcomers."""
        founding = max(1, round(target * (0.35 if months > 1 else 1.0)))
        rest = target - founding
        weights = [1.0 / (1 + i * 0.08) for i in range(1, months)]
        plan = [founding] + [0] * (months - 1)
        for _ in range(rest):
            plan[1 + self.rng.choices(range(months - 1), weights)[0]] += 1
        return plan

    def run_month(self, month: str, index: int) -> None:
        events: list[tuple[int, int, Callable[[dt.date], None]]] = []
        last = month_end(month).day
        for _ in range(self.joins[index]):
            events.append((self.rng.randint(1, min(last, 27)), 0, self._join))
        for person in list(self.people):
            self._plan_member(person, events, last)
        events.append((25, 5, self._pay_costs))
        start = month_start(month)
        for day in range(1, last + 1):
            if (start.replace(day=day)).weekday() == 0:
                events.append((day, 6, self._bank_cash))
            if self.shop:
                events.append((day, 7, self._shop_day))
        if self.shop:
            events.append((last, 8, self.shop.month_end))
        events.sort(key=lambda e: (e[0], e[1]))
        for n, (day, _order, action) in enumerate(events):
            date = month_start(month).replace(day=day)
            if date > self.today:  # the current month is simulated only up to today
                continue
            self.clock.set(date, n % 600)
            action(date)


    def _shop_day(self, day: dt.date) -> None:
        self.shop.day(day, self.active_ids)

    @property
    def active_ids(self) -> list[int]:
        return [p.id for p in self.people]

    def opening_grant(self, day: dt.date) -> None:
        """The village's start-up grant (hibah) into the bank, as Kopdes Merah Putih get."""
        self.clock.set(day)
        ledger.post(self.ctx, day, "Hibah modal awal dari Dana Desa",
                    [Line(ledger.BANK, debit=50_000_000), Line("3-1400", credit=50_000_000)])

    def _plan_member(self, p: _Person, events: list, last: int) -> None:
        rng = self.rng
        day = rng.randint(1, min(last, 28))
        if rng.random() < p.reliability:
            events.append((day, 1, lambda d, p=p: self._wajib(p, d)))
        else:
            p.behind += 1
        if p.saver and rng.random() < 0.35:
            events.append((rng.randint(1, last), 2, lambda d, p=p: self._sukarela_in(p, d)))
        if p.saver and p.sukarela > 50_000 and rng.random() < 0.12:
            events.append((rng.randint(1, last), 3, lambda d, p=p: self._sukarela_out(p, d)))
        if rng.random() < 0.002 and len(self.people) > 5:
            events.append((min(last, 28), 4, lambda d, p=p: self._leave(p, d)))

    def _nik(self, gender: str) -> tuple[str, dt.date]:
        while True:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randint(0, 365 * 48))
            day = birth.day + (40 if gender == "P" else 0)
            nik = (f"3507{self.rng.randint(1, 33):02d}{day:02d}{birth.month:02d}"
                   f"{birth.year % 100:02d}{self.rng.randint(1, 2999):04d}")
            if nik not in self.niks:
                self.niks.add(nik)
                return nik, birth

    def _join(self, day: dt.date) -> None:
        rng = self.rng
        gender = rng.choice("LP")
        nik, _birth = self._nik(gender)
        given = rng.choice(MEN if gender == "L" else WOMEN)
        name = f"{given} {rng.choice(SECOND)}" if rng.random() < 0.8 else given
        address = (f"Dusun {rng.choice(DUSUN)} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}, "
                   f"{PROFILE.village}")
        phone = f"08{rng.choice('1235789')}{rng.randint(10_000_000, 99_999_999)}"
        member = members.register(self.ctx, nik=nik, name=name, gender=gender, join_date=day,
                                  address=address, phone=phone)
        person = _Person(member.id, reliability=rng.choice((1.0, 0.97, 0.95, 0.9, 0.85, 0.7)),
                         saver=rng.random() < 0.3, joined=month_of(day))
        self.people.append(person)
        self._wajib(person, day)

    def _wajib(self, p: _Person, day: dt.date) -> None:
        if p.left:
            return
        catch_up = 1 if p.behind and self.rng.random() < 0.4 else 0
        amount = PROFILE.wajib_amount * (1 + catch_up)
        savings.deposit(self.ctx, p.id, "wajib", amount, date=day)
        p.behind -= catch_up

    def _sukarela_in(self, p: _Person, day: dt.date) -> None:
        if p.left:
            return
        amount = self.rng.choice((10_000, 20_000, 25_000, 50_000, 100_000, 150_000, 200_000, 500_000))
        savings.deposit(self.ctx, p.id, "sukarela", amount, date=day)
        p.sukarela += amount

    def _sukarela_out(self, p: _Person, day: dt.date) -> None:
        if p.left or p.sukarela < 5_000:
            return
        amount = max(5_000, p.sukarela * self.rng.randint(2, 10) // 10 // 5_000 * 5_000)
        savings.withdraw(self.ctx, p.id, min(amount, p.sukarela), date=day)
        p.sukarela -= min(amount, p.sukarela)

    def _leave(self, p: _Person, day: dt.date) -> None:
        if p.left or (self.shop and self.shop.credit_open.get(p.id)):
            return  # a member with open shop credit settles it before leaving
        savings.settle_exit(self.ctx, p.id, date=day)
        p.left = True
        self.people.remove(p)

    def _pay_costs(self, day: dt.date) -> None:
        n = len(self.people)
        costs = [("6-1200", "Listrik dan air balai koperasi", 150_000 + self.rng.randint(0, 40) * 5_000),
                 ("6-1100", "Honor pengurus", min(3_000_000, 300_000 + n * 5_000 // 1000 * 1000))]
        if self.rng.random() < 0.4:
            costs.append(("6-1400", "Alat tulis kantor", self.rng.randint(5, 30) * 5_000))
        cash = ledger.balance(self.ctx.conn, ledger.KAS, day)
        for account, memo, amount in costs:
            paid_from = ledger.KAS if cash >= amount else ledger.BANK
            ledger.post(self.ctx, day, f"{memo} {day:%m/%Y}",
                        [Line(account, debit=amount), Line(paid_from, credit=amount)])
            cash -= amount if paid_from == ledger.KAS else 0

    def _bank_cash(self, day: dt.date) -> None:
        """Every Monday the cash box keeps about Rp2 juta; the rest goes to the bank."""
        surplus = (ledger.balance(self.ctx.conn, ledger.KAS, day) - 2_000_000) // 100_000 * 100_000
        if surplus > 0:
            ledger.post(self.ctx, day, "Setor kas ke bank",
                        [Line(ledger.BANK, debit=surplus), Line(ledger.KAS, credit=surplus)])

    def close_books(self, end: str) -> None:
        """Close all but the last two months, as a treasurer who closes monthly would."""
        self.clock.set(min(month_end(end), self.today))
        last_closed = add_months(end, -2)
        first = self.ctx.conn.execute("SELECT min(date) FROM journal_entries").fetchone()[0]
        if first and first[:7] <= last_closed:
            ledger.close_month(self.chair, last_closed)
