"""The demo co-op's sembako shop: weekly deliveries, daily sales, shifts, counts, credit.

Driven by :mod:`kasir.demo` one simulated day at a time, through the real business events
(purchases.record, sales.checkout, shifts.close_shift, stock.count …). Volumes scale with
the active membership: about 0.27 sales per member per day, every day, so 1,000 members
make ≈ 270 sales a day, ≈ 700,000 over ten years as the membership grows. The simulation
keeps its own tally of stock, credit and caps so it only asks for what the rules allow; the
events still check everything.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from kasir.books import credit, items, purchases, returns, sales, shifts, stock, suppliers
from kasir.books.members import PROVINCES
from kasir.books.sales import CartLine
from kasir.books.shifts import DENOMINATIONS

# (name fragment of a starter item, weight in baskets, most units in one line)
BASKET = (("Beras SPHP", 22, 2), ("Beras medium", 6, 1), ("Beras premium", 3, 1),
          ("MinyaKita", 12, 2), ("kemasan 2 L", 4, 1), ("Gula pasir", 10, 2), ("Tepung", 4, 2),
          ("Telur", 9, 2), ("Garam", 4, 2), ("Mi instan goreng", 10, 5), ("Mi instan kuah", 8, 5),
          ("Kopi", 4, 2), ("Teh", 3, 2), ("Susu", 3, 2), ("Kecap", 3, 1), ("cuci piring", 3, 1),
          ("Deterjen", 3, 1), ("Sabun mandi", 4, 3), ("LPG", 8, 1))
FERTILISER = ("urea", "NPK bersubsidi", "ZA", "organik")
PLANTING_MONTHS = (10, 11, 12, 1, 3, 4)
TILL = "1"
LINES = (1, 1, 2, 2, 2, 3, 4)  # lines in a basket
LINES_PER_BASKET = sum(LINES) / len(LINES)
SALES_PER_MEMBER_DAY = 0.27  # members and neighbours: ≈ 700,000 sales in 10 years at 1,000 members


class ShopSimulation:
    def __init__(self, rng: random.Random, treasurer, cashier, members_target: int) -> None:
        self.rng, self.ctx, self.cashier = rng, treasurer, cashier
        conn = treasurer.conn
        items.load_starter_catalogue(treasurer)
        self.items = {i.id: i for i in items.all_items(conn)}
        self.on_hand = dict.fromkeys(self.items, 0)
        self.basket = [(self._find(n), w, most) for n, w, most in BASKET]
        self.weights = [w for _i, w, _m in self.basket]
        self.fertiliser = [self._find(n) for n in FERTILISER]
        self.sphp = self._find("Beras SPHP")
        self.lpg = self._find("LPG")
        self.bulog = suppliers.add(treasurer, name="Perum Bulog Kanwil Jatim", kind="bulog").id
        suppliers.set_quota(treasurer, self.bulog, self.sphp.id, 2_000_000)  # ≈ 2 t a week
        self.wholesaler = suppliers.add(treasurer, name="Grosir Sembako Makmur", kind="other").id
        self.pertamina = suppliers.add(treasurer, name="Pangkalan LPG Sumber Rejeki",
                                       kind="pertamina").id
        self.pupuk = suppliers.add(treasurer, name="Kios Pupuk Tani Lestari", kind="pupuk").id
        self.villagers = [self._villager_nik() for _ in range(max(50, members_target // 3))]
        self.per_day = max(1.0, members_target * SALES_PER_MEMBER_DAY)  # for stocking up
        self.credit_open: dict[int, int] = defaultdict(int)
        self.limit = credit.limit(conn)
        self.sold = 0

    def _find(self, fragment: str) -> items.Item:
        return next(i for i in self.items.values() if fragment.lower() in i.name.lower())

    def _villager_nik(self) -> str:
        rng = self.rng
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 45))
        day = birth.day + (40 if rng.random() < 0.5 else 0)
        assert "35" in PROVINCES
        return f"3507{rng.randint(1, 33):02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}" \
               f"{rng.randint(3000, 9999):04d}"

    # ---- supply ---------------------------------------------------------------------------

    def restock(self, day: dt.date) -> None:
        """Monday deliveries: Bulog's rice on credit (paid the week after), the rest in cash."""
        owed = suppliers.balance(self.ctx.conn, self.bulog)
        if owed:
            purchases.pay_supplier(self.ctx, self.bulog, owed, date=day, via="bank")
        lines_a_week = self.per_day * 7 * LINES_PER_BASKET
        by_supplier: dict[int, list] = defaultdict(list)
        for item, weight, most in self.basket + [(f, 2, 3) for f in self.fertiliser]:
            target_units = int(lines_a_week * weight / sum(self.weights) * (most + 1) / 2 * 1.6) + 2
            if item in self.fertiliser and day.month not in PLANTING_MONTHS:
                target_units = 2
            if item is self.sphp:
                target_units = min(target_units, 400)  # the weekly quota, in 5 kg packs
            have = self.on_hand[item.id] // item.unit_size
            if have < target_units:
                units = target_units - have
                cost = units * (item.member_price * 85 // 100) // 100 * 100
                who = (self.bulog if item is self.sphp else self.pertamina if item is self.lpg
                       else self.pupuk if item in self.fertiliser else self.wholesaler)
                by_supplier[who].append((item.id, units, cost))
        for who, lines in by_supplier.items():
            purchases.record(self.ctx, who, lines, date=day,
                             payment="credit" if who == self.bulog else "bank",
                             transport=20_000 if who == self.bulog else 0)
            for item_id, units, _cost in lines:
                self.on_hand[item_id] += units * self.items[item_id].unit_size

    # ---- the till -------------------------------------------------------------------------

    def day(self, day: dt.date, members: list[int]) -> None:
        if day.weekday() == 0 or not self.sold:
            self.restock(day)
        shifts.open_shift(self.cashier, TILL, 200_000, date=day)
        per_day = max(1.0, len(members) * SALES_PER_MEMBER_DAY)
        n = max(1, int(self.rng.gauss(per_day, per_day * 0.15)))
        capped: dict[str, int] = defaultdict(int)
        for _ in range(n):
            self._one_sale(day, members, capped)
        self._close(day)

    def _one_sale(self, day: dt.date, members: list[int], capped: dict[str, int]) -> None:
        rng = self.rng
        member = rng.choice(members) if members and rng.random() < 0.65 else None
        nik = None if member else rng.choice(self.villagers)
        buyer = f"m{member}" if member else nik
        cart: dict[int, int] = {}
        for _ in range(rng.choice(LINES)):
            item, _w, most = rng.choices(self.basket, self.weights)[0]
            cart[item.id] = cart.get(item.id, 0) + rng.randint(1, most)
        if member and day.month in PLANTING_MONTHS and rng.random() < 0.04:
            sack = rng.choice(self.fertiliser)
            cart[sack.id] = rng.randint(1, 4)
        if self.sphp.id in cart:
            cart[self.sphp.id] = min(cart[self.sphp.id], 2 - capped[buyer])
        lines = [CartLine(q, i) for i, q in cart.items()
                 if q > 0 and self.on_hand[i] >= q * self.items[i].unit_size]
        if not lines:
            return
        total = sum(self.items[c.item_id].price_for(member is not None) * c.quantity for c in lines)
        payment, tendered, ref = self._payment(member, total)
        sale = sales.checkout(self.cashier, lines, till=TILL, member_id=member, buyer_nik=nik,
                              payment=payment, tendered=tendered, reference=ref, date=day)
        self.sold += 1
        for c in lines:
            self.on_hand[c.item_id] -= c.quantity * self.items[c.item_id].unit_size
            if c.item_id == self.sphp.id:
                capped[buyer] += c.quantity
        if payment == "credit":
            self.credit_open[member] += total
        self._maybe_correct(sale, day)

    def _payment(self, member: int | None, total: int) -> tuple[str, int | None, str]:
        roll = self.rng.random()
        if member and roll < 0.06 and self.credit_open[member] + total <= self.limit:
            return "credit", None, ""
        if roll > 0.9:
            return "noncash", None, f"QRIS-{self.rng.randint(10**9, 10**10 - 1)}"
        step = self.rng.choice((1_000, 5_000, 10_000, 50_000, 100_000))
        return "cash", -(-total // step) * step, ""

    def _maybe_correct(self, sale: sales.Sale, day: dt.date) -> None:
        roll = self.rng.random()
        if roll < 0.002:
            returns.void(self.ctx, sale.id, reason="Salah input kasir")
            for line in sale.lines:
                self.on_hand[line.item_id] += line.quantity * self.items[line.item_id].unit_size
            if sale.payment == "credit":
                self.credit_open[sale.member_id] -= sale.total
        elif roll < 0.0025 and sale.payment != "credit":
            line = sale.lines[0]
            returns.return_lines(self.ctx, sale.id, {line.id: 1}, reason="Kemasan rusak", date=day)
            self.on_hand[line.item_id] += self.items[line.item_id].unit_size

    def _close(self, day: dt.date) -> None:
        expected = shifts.summary(self.ctx.conn, shifts.current(self.ctx.conn, TILL).id).expected
        roll = self.rng.random()
        counted = expected + (self.rng.choice((-5_000, -2_000, -1_000, 1_000)) if roll < 0.05 else 0)
        shifts.close_shift(self.cashier, TILL, _notes(max(0, counted)), date=day)

    # ---- month end ------------------------------------------------------------------------

    def month_end(self, day: dt.date) -> None:
        """Members settle their shop credit; the monthly count finds a few small shortages."""
        for member, owed in list(self.credit_open.items()):
            if owed > 0:
                credit.pay(self.ctx, member, owed, date=day)
            self.credit_open[member] = 0
        counted = {}
        stocked = [i for i, q in self.on_hand.items() if q > 0]
        for item_id in self.rng.sample(stocked, min(2, len(stocked))):
            item = self.items[item_id]
            short = item.unit_size if item.base_unit == "pcs" or item.unit_size <= 1000 else 500
            counted[item_id] = max(0, self.on_hand[item_id] - short)
        if counted:
            stock.count(self.ctx, counted, date=day, memo="Stok opname akhir bulan")
            self.on_hand.update(counted)


def _notes(amount: int) -> dict[int, int]:
    """The drawer as notes and coins (greedy), for the shift close."""
    out = {}
    for note in DENOMINATIONS:
        out[note], amount = divmod(amount, note)
    return {k: v for k, v in out.items() if v}
