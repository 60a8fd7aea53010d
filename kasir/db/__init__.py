"""The only place that knows SQLite plumbing: opening, migrations, backup and restore."""

from kasir.db.connection import sqlite3, sqlite_version, transaction
from kasir.db.migrations import LATEST_VERSION, create_coop, open_coop

__all__ = ["LATEST_VERSION", "create_coop", "open_coop", "sqlite3", "sqlite_version", "transaction"]
