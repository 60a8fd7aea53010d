"""The shop's catalogue: items, their units and prices, barcodes, and lookups at the till.

An item is sold in one unit of sale (a 5 kg pack, a 50 kg sack, a bottle) and counted in
stock in its base unit (grams, millilitres, pieces): ``unit_size`` base units per unit of
sale. A price above the HET in force for the co-op's zone is refused when it is set, and
again at the till (a decree may have lowered the ceiling since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from kasir.books import audit, regulated
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.books.csv_import import ImportReport, all_or_nothing
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotFound
from kasir.i18n import N_, rupiah
from kasir.money import parse_amount, require_quantity, within_ceiling
from kasir.paths import resources_dir

BASE_UNITS = ("g", "ml", "pcs")


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    category: str
    unit: str
    base_unit: str
    unit_size: int
    member_price: int
    nonmember_price: int
    product: str | None
    low_stock: int
    active: bool
    qty_on_hand: int
    value_on_hand: int
    last_cost: int

    def price_for(self, member: bool) -> int:
        return self.member_price if member else self.nonmember_price

    @property
    def units_on_hand(self) -> int:
        """Whole units of sale in stock."""
        return self.qty_on_hand // self.unit_size


COLUMNS = ", ".join(f.name for f in fields(Item))


def _item(row) -> Item:
    return Item(*row[:10], bool(row[10]), *row[11:])


def get(conn: Connection, item_id: int) -> Item:
    row = conn.execute(f"SELECT {COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no item {id}."), id=item_id)
    return _item(row)


def many(conn: Connection, ids: list[int]) -> dict[int, Item]:
    """Several items in one query (the cashier's cart)."""
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT {COLUMNS} FROM items WHERE id IN ({marks})", ids)
    return {r[0]: _item(r) for r in rows}


def by_barcode(conn: Connection, code: str) -> Item:
    row = conn.execute(f"SELECT {', '.join('i.' + c.strip() for c in COLUMNS.split(','))}"
                       " FROM barcodes b JOIN items i ON i.id = b.item_id WHERE b.code = ?",
                       (str(code).strip(),)).fetchone()
    if row is None:
        raise NotFound(N_("Unknown barcode {code}. Check the code or add it to the item."),
                       code=code)
    return _item(row)


def search(conn: Connection, text: str, *, limit: int = 20, active_only: bool = True) -> list[Item]:
    """Items whose name starts with ``text`` (or has a word starting with it), or whose
    barcode starts with it — what the cashier types or scans."""
    text = text.strip()
    if not text:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    only = " AND active = 1" if active_only else ""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM items WHERE (name LIKE :p ESCAPE '\\' OR name LIKE :w ESCAPE '\\'"
        f" OR id IN (SELECT item_id FROM barcodes WHERE code >= :t AND code < :t || x'ff'))"
        f"{only} ORDER BY name COLLATE NOCASE LIMIT :n",
        {"p": f"{escaped}%", "w": f"% {escaped}%", "t": text, "n": limit})
    return [_item(r) for r in rows]


def check_ean13(code: str) -> bool:
    """True if a 13-digit code has the right EAN check digit."""
    if len(code) != 13 or not code.isdigit():
        return False
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])


def _check_barcode(conn: Connection, code: str) -> str:
    code = code.strip()
    if not code or len(code) > 32 or any(c.isspace() for c in code):
        raise InvalidInput(N_("A barcode has 1 to 32 characters and no spaces."))
    if code.isdigit() and len(code) == 13 and not check_ean13(code):
        raise InvalidInput(N_("{code} is not a valid EAN-13 barcode (wrong check digit)."),
                           code=code)
    row = conn.execute("SELECT i.name FROM barcodes b JOIN items i ON i.id = b.item_id"
                       " WHERE b.code = ?", (code,)).fetchone()
    if row:
        raise InvalidInput(N_("Barcode {code} already belongs to {name}."), code=code, name=row[0])
    return code


def check_price(conn: Connection, product: str | None, unit_size: int, price: int,
                day: dt.date) -> None:
    """Refuse a price above the HET in force for the co-op's zone on ``day``."""
    zone = profile_mod.get(conn).het_zone
    ceiling = regulated.rules(conn, product, day, zone).max_price(unit_size)
    if ceiling is not None and price > ceiling:
        raise InvalidInput(N_("The price {price} is above the HET ceiling of {ceiling} for this "
                              "item in zone {zone}. Lower the price."),
                           price=rupiah(price), ceiling=rupiah(ceiling), zone=zone)


def _check_prices(member_price: object, nonmember_price: object) -> None:
    for price in (member_price, nonmember_price):
        if isinstance(price, bool) or not isinstance(price, int) or price <= 0:
            raise InvalidInput(N_("Prices are whole rupiah above zero (got {value})."), value=price)
        within_ceiling(price)


def add(ctx: Context, *, name: str, unit: str, base_unit: str, unit_size: int, member_price: int,
        nonmember_price: int, category: str = "", product: str | None = None, low_stock: int = 0,
        barcodes: tuple[str, ...] | list[str] = ()) -> Item:
    """Add an item to the catalogue (with its barcodes)."""
    name, unit, category = " ".join(name.split()), unit.strip(), category.strip().lower()
    if not name or not unit:
        raise InvalidInput(N_("An item needs a name and a unit of sale."))
    if base_unit not in BASE_UNITS:
        raise InvalidInput(N_("The base unit is g, ml or pcs (got {unit})."), unit=base_unit)
    if isinstance(unit_size, bool) or not isinstance(unit_size, int) or unit_size <= 0:
        raise InvalidInput(N_("The size of a unit of sale is a whole number of base units."))
    require_quantity(unit_size)
    _check_prices(member_price, nonmember_price)
    product = product or None
    with ctx.write("stock.write") as conn:
        if product:
            row = conn.execute("SELECT base_unit FROM products WHERE code = ?", (product,)).fetchone()
            if row is None:
                raise InvalidInput(N_("Unknown regulated product {code}."), code=product)
            if row[0] != base_unit:
                raise InvalidInput(N_("Regulated product {code} is counted in {unit}."),
                                   code=product, unit=row[0])
        for price in (member_price, nonmember_price):
            check_price(conn, product, unit_size, price, ctx.today())
        codes = [_check_barcode(conn, c) for c in barcodes]
        if len(set(codes)) != len(codes):
            raise InvalidInput(N_("The same barcode is listed twice."))
        item_id = conn.execute(
            "INSERT INTO items (name, category, unit, base_unit, unit_size, member_price,"
            " nonmember_price, product, low_stock) VALUES (?,?,?,?,?,?,?,?,?)",
            (name, category, unit, base_unit, unit_size, member_price, nonmember_price, product,
             low_stock)).lastrowid
        conn.executemany("INSERT INTO barcodes (code, item_id) VALUES (?, ?)",
                         [(c, item_id) for c in codes])
        audit.log(ctx, "item.add", f"item:{item_id}", detail={"name": name, "barcodes": codes})
    return get(ctx.conn, item_id)


def set_prices(ctx: Context, item_id: int, *, member_price: int, nonmember_price: int) -> Item:
    _check_prices(member_price, nonmember_price)
    with ctx.write("stock.write") as conn:
        item = get(conn, item_id)
        for price in (member_price, nonmember_price):
            check_price(conn, item.product, item.unit_size, price, ctx.today())
        conn.execute("UPDATE items SET member_price = ?, nonmember_price = ? WHERE id = ?",
                     (member_price, nonmember_price, item_id))
        audit.log(ctx, "item.prices", f"item:{item_id}",
                  detail={"member": [item.member_price, member_price],
                          "nonmember": [item.nonmember_price, nonmember_price]})
    return get(ctx.conn, item_id)


def add_barcode(ctx: Context, item_id: int, code: str) -> None:
    with ctx.write("stock.write") as conn:
        get(conn, item_id)
        code = _check_barcode(conn, code)
        conn.execute("INSERT INTO barcodes (code, item_id) VALUES (?, ?)", (code, item_id))
        audit.log(ctx, "item.barcode", f"item:{item_id}", detail={"code": code})


def set_active(ctx: Context, item_id: int, active: bool) -> None:
    with ctx.write("stock.write") as conn:
        get(conn, item_id)
        conn.execute("UPDATE items SET active = ? WHERE id = ?", (int(active), item_id))
        audit.log(ctx, "item.active", f"item:{item_id}", detail={"active": active})


def set_low_stock(ctx: Context, item_id: int, low_stock: int) -> None:
    if isinstance(low_stock, bool) or not isinstance(low_stock, int) or low_stock < 0:
        raise InvalidInput(N_("The low-stock level is a whole number, not negative."))
    with ctx.write("stock.write") as conn:
        get(conn, item_id)
        conn.execute("UPDATE items SET low_stock = ? WHERE id = ?", (low_stock, item_id))
        audit.log(ctx, "item.low_stock", f"item:{item_id}", detail={"low_stock": low_stock})


def barcodes_of(conn: Connection, item_id: int) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM barcodes WHERE item_id = ? ORDER BY code",
                                       (item_id,))]


def all_items(conn: Connection, *, active_only: bool = False) -> list[Item]:
    only = " WHERE active = 1" if active_only else ""
    return [_item(r) for r in conn.execute(f"SELECT {COLUMNS} FROM items{only} ORDER BY name")]


def running_low(conn: Connection) -> list[Item]:
    """Active items at or below their low-stock level."""
    return [_item(r) for r in conn.execute(
        f"SELECT {COLUMNS} FROM items WHERE active = 1 AND low_stock > 0"
        " AND qty_on_hand <= low_stock ORDER BY name")]


# ---- import -----------------------------------------------------------------------------

CSV_COLUMNS = ("name", "category", "unit", "base_unit", "unit_size", "member_price",
               "nonmember_price", "product", "low_stock", "barcodes")


def import_csv(ctx: Context, text: str) -> ImportReport:
    """Import items from CSV (barcodes separated by ';'); all rows or none."""

    def add_row(row: dict[str, str]) -> None:
        add(ctx, name=row["name"], category=row.get("category", ""), unit=row["unit"],
            base_unit=row["base_unit"], unit_size=parse_amount(row["unit_size"]),
            member_price=parse_amount(row["member_price"]),
            nonmember_price=parse_amount(row["nonmember_price"]), product=row.get("product") or None,
            low_stock=parse_amount(row.get("low_stock") or "0"),
            barcodes=[c for c in (row.get("barcodes") or "").split(";") if c.strip()])

    return all_or_nothing(ctx, "stock.write", text, required=CSV_COLUMNS[:7], columns=CSV_COLUMNS,
                          add_row=add_row)


def load_starter_catalogue(ctx: Context) -> int:
    """The common sembako items (resources/seed/catalogue.csv), for a new shop."""
    text = (resources_dir() / "seed" / "catalogue.csv").read_text(encoding="utf-8")
    report = import_csv(ctx, text)
    if not report.ok:
        raise InvalidInput(N_("The starter catalogue could not be loaded: {first}"),
                           first=report.errors[0][1])
    return report.imported


# ---- the desktop's item form --------------------------------------------------------------

def het_ceiling(conn: Connection, product: str | None, unit_size: int, day: dt.date) -> int | None:
    """The HET ceiling for one unit of sale of ``unit_size`` base units of ``product`` in the
    co-op's zone on ``day`` (None when the product has no HET): what the item form shows
    before a price is saved (:func:`check_price` refuses anything above it)."""
    zone = profile_mod.get(conn).het_zone
    return regulated.rules(conn, product, day, zone).max_price(unit_size)


def edit(ctx: Context, item_id: int, *, name: str, category: str, unit: str, member_price: int,
         nonmember_price: int, low_stock: int, active: bool,
         add_barcodes: tuple[str, ...] | list[str] = ()) -> Item:
    """Save the item form as one event: the name, category and unit of sale, the prices (HET
    checked), the low-stock level, the active flag and any new barcodes — all or nothing.

    The base unit, the unit size and the regulated product are not edited: the stock on hand,
    the stock card and the HET are counted in them.
    """
    name, unit, category = " ".join(name.split()), unit.strip(), category.strip().lower()
    if not name or not unit:
        raise InvalidInput(N_("An item needs a name and a unit of sale."))
    with ctx.write("stock.write") as conn:
        item = get(conn, item_id)
        if (name, category, unit) != (item.name, item.category, item.unit):
            conn.execute("UPDATE items SET name = ?, category = ?, unit = ? WHERE id = ?",
                         (name, category, unit, item_id))
            audit.log(ctx, "item.edit", f"item:{item_id}",
                      detail={"name": [item.name, name], "category": [item.category, category],
                              "unit": [item.unit, unit]})
        if (member_price, nonmember_price) != (item.member_price, item.nonmember_price):
            set_prices(ctx, item_id, member_price=member_price, nonmember_price=nonmember_price)
        if low_stock != item.low_stock:
            set_low_stock(ctx, item_id, low_stock)
        if bool(active) != item.active:
            set_active(ctx, item_id, bool(active))
        codes = [c.strip() for c in add_barcodes if c.strip()]
        if len(set(codes)) != len(codes):
            raise InvalidInput(N_("The same barcode is listed twice."))
        for code in codes:
            add_barcode(ctx, item_id, code)
    return get(ctx.conn, item_id)
