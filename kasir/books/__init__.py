"""The co-op's books: one module per area, each holding that area's rules and its SQL.

Business events (``savings.deposit``, ``ledger.post`` …) take a :class:`Context` and run as
one transaction that checks permission, validates, writes, posts the journal entry and
appends the audit record. Queries take a connection and return plain data.
"""
