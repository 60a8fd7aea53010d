"""``kasir check`` for the shop: stock never below zero and equal to Persediaan, and every
shop document posted.

Kept apart from :mod:`kasir.books.checks` (which registers these) so each area owns its
proofs.
"""

from __future__ import annotations

from kasir.books import items, ledger, stock
from kasir.dates import month_end
from kasir.db.connection import Connection
from kasir.i18n import _, rupiah


def stock_matches_persediaan(conn: Connection) -> list[str]:
    """Stock was never below zero, and at every month end, and now, the stock moves' value
    equals the Persediaan balance."""
    return (never_negative(conn) + _matches_persediaan(conn))[:20]


def never_negative(conn: Connection) -> list[str]:
    """For every item, after every move taken by date (then by the order of entry), neither
    its quantity nor its value was below zero: stock never went out before it came in. Names
    the item and the first date it went below zero. One pass over the covering index."""
    found = []
    for item_id, when, qty, value in conn.execute("""
            SELECT item_id, min(date), qty, value FROM (
                SELECT item_id, date, sum(quantity) OVER w AS qty, sum(value) OVER w AS value
                  FROM stock_moves
                WINDOW w AS (PARTITION BY item_id ORDER BY date, id ROWS UNBOUNDED PRECEDING)
            ) WHERE qty < 0 OR value < 0 GROUP BY item_id LIMIT 20"""):
        item = items.get(conn, item_id)
        found.append(_("The stock of {name} was below zero on {date}: {quantity}, worth {value}.")
                     .format(name=item.name, date=when, quantity=stock.units(item, qty),
                             value=rupiah(value)))
    return found


def _matches_persediaan(conn: Connection) -> list[str]:
    acc = ledger.account(conn, ledger.PERSEDIAAN).id
    stock_by_month = dict(conn.execute(
        "SELECT substr(date, 1, 7), sum(value) FROM stock_moves GROUP BY 1").fetchall())
    ledger_by_month = dict(conn.execute(
        "SELECT month, debit - credit FROM account_month WHERE account_id = ?", (acc,)).fetchall())
    found, stock_total, ledger_total = [], 0, 0
    for month in sorted(set(stock_by_month) | set(ledger_by_month)):
        stock_total += stock_by_month.get(month, 0)
        ledger_total += ledger_by_month.get(month, 0)
        if stock_total != ledger_total:
            found.append(_("At the end of {month} stock is worth {stock} but Persediaan shows "
                           "{ledger}.").format(month=month_end(month).isoformat(),
                                                stock=rupiah(stock_total), ledger=rupiah(ledger_total)))
    # sum(), not total(): exact integers (total() is a float, inexact above 2^53)
    on_hand = conn.execute("SELECT coalesce(sum(value_on_hand), 0) FROM items").fetchone()[0]
    if on_hand != stock_total:
        found.append(_("Items' stock values total {items}, their moves {moves}.").format(
            items=rupiah(on_hand), moves=rupiah(stock_total)))
    bad_items = conn.execute(
        "SELECT i.name FROM items i LEFT JOIN (SELECT item_id, max(id) AS last FROM stock_moves"
        " GROUP BY item_id) m ON m.item_id = i.id LEFT JOIN stock_moves s ON s.id = m.last"
        " WHERE coalesce(s.qty_after, 0) <> i.qty_on_hand OR coalesce(s.value_after, 0) <> i.value_on_hand"
        " LIMIT 20").fetchall()
    found += [_("The stock of {name} differs from its stock card.").format(name=r[0])
              for r in bad_items]
    return found[:20]


# (document table, origin_type of its entry); a document whose entry is NULL posted nothing.
DOCUMENTS = (("sales", "sale"), ("sale_voids", "sale_void"), ("sale_returns", "sale_return"),
             ("stock_counts", "stock_count"), ("stock_writeoffs", "stock_writeoff"))


def shop_documents_posted(conn: Connection) -> list[str]:
    found = []
    for table, origin in DOCUMENTS:
        for doc_id, in conn.execute(
                f"SELECT d.id FROM {table} d LEFT JOIN journal_entries e ON e.id = d.entry_id"
                f" WHERE d.entry_id IS NOT NULL AND (e.id IS NULL OR e.posted = 0"
                f" OR e.origin_type <> ? OR e.origin_id IS NOT d.id) LIMIT 10", (origin,)):
            found.append(_("{table} {id} has no posted entry pointing back at it.").format(
                table=table, id=doc_id))
    for sale_id, in conn.execute(
            "SELECT s.id FROM sales s WHERE s.total <> (SELECT coalesce(sum(amount), 0) FROM sale_lines"
            " WHERE sale_id = s.id) LIMIT 10"):
        found.append(_("Sale {id}: its lines do not add up to its total.").format(id=sale_id))
    return found
