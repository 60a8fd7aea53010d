"""Where kasir keeps things: the per-user data folder and the bundled resources.

Resources and translations live at the top of the source tree; a built wheel carries them
inside the package as ``_resources`` and ``_translations`` (see pyproject.toml), so both
layouts are looked up here and nowhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "kasir"
DB_FILENAME = "koperasi.sqlite"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(installed: str, source: str) -> Path:
    inside = _PACKAGE_DIR / installed
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / source


def resources_dir() -> Path:
    """Folder with icons, styles, fonts and seed data."""
    return _bundled("_resources", "resources")


def translations_dir() -> Path:
    """Folder with the gettext catalogs (``<lang>/LC_MESSAGES/kasir.po``)."""
    return _bundled("_translations", "translations")


def data_dir() -> Path:
    """The per-user data folder; ``KASIR_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("KASIR_HOME")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The co-op file used when no ``--db`` is given."""
    return data_dir() / DB_FILENAME


def backups_dir_for(db_path: Path) -> Path:
    """Default folder for backups of a co-op file: ``backups/`` beside it."""
    return Path(db_path).resolve().parent / "backups"
