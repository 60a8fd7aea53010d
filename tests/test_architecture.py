"""The architecture as a test: imports point down the layers, Qt and SQL stay in their rooms.

Every ``kasir/**/*.py`` is parsed with ``ast``; every import counts, wherever it stands (module
top, inside a function, under ``if TYPE_CHECKING``), and so do ``importlib.import_module`` /
``__import__`` calls with a literal name. Layers, low to high (docs/architecture.md):

    0  kasir (the package __init__), kasir.money, i18n, paths, errors, dates   (leaf helpers)
    1  kasir.db
    2  kasir.books
    3  kasir.reports, kasir.sync, kasir.demo
    4  kasir.hub
    5  kasir.cli, kasir.ui, kasir.__main__

A module may import its own layer or lower ones, but across units of one layer only within
the same package: the leaf helpers are all modules of the top package and may use each other;
reports, sync and demo may not import each other, nor may cli and ui. ``kasir.__main__`` is
the entry point and may start the cli or the ui. Besides: Qt (PySide6) only under kasir/ui/;
no SQLite driver and no ``.execute(...)`` in kasir/ui/; SQLite drivers only under kasir/db/.
A module in no layer is an error too: a new room must be placed in ``LAYERS`` on purpose.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "kasir"

# unit (first name below kasir; "" is the package __init__ itself) -> layer rank
LAYERS: dict[str, int] = {
    "": 0, "money": 0, "i18n": 0, "paths": 0, "errors": 0, "dates": 0,
    "db": 1,
    "books": 2,
    "reports": 3, "sync": 3, "demo": 3,
    "hub": 4,
    "cli": 5, "ui": 5, "__main__": 5,
}
LEAF_RANK = 0  # the leaf helpers form one package (kasir/*.py) and may import each other
SAME_RANK_ALLOWED = {("__main__", "cli"), ("__main__", "ui")}  # the entry point starts either
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qtpy")
SQLITE_MODULES = ("sqlite3", "pysqlite3", "sqlite_utils", "apsw")
SQL_CALLS = ("execute", "executemany", "executescript")


@dataclass(frozen=True)
class Import:
    target: str  # absolute dotted name
    line: int


def module_name(relpath: str) -> str:
    """``kasir/books/ledger.py`` -> ``kasir.books.ledger``; ``kasir/db/__init__.py`` -> ``kasir.db``."""
    parts = list(Path(relpath).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_relative(importer: str, is_package: bool, level: int, module: str | None) -> str:
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def imports_of(tree: ast.AST, importer: str, is_package: bool) -> list[Import]:
    """Every module a source imports, as absolute names (``from a import b`` gives ``a.b``)."""
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (_resolve_relative(importer, is_package, node.level, node.module)
                    if node.level else node.module or "")
            found.append(Import(base, node.lineno))
            # `from kasir import books` imports kasir.books; `from kasir.db import open_coop`
            # names an attribute, which unit_of() maps back to kasir.db.
            found += [Import(f"{base}.{alias.name}", node.lineno) for alias in node.names
                      if alias.name != "*"]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Name) and node.func.id == "__import__")
                   or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
            found.append(Import(node.args[0].value, node.lineno))
    return found


def unit_of(dotted: str) -> str | None:
    """The layer unit of a kasir module name, "" for the package itself, None if not kasir."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1:
        return ""
    if parts[1] in LAYERS:
        return parts[1]
    # `from kasir import __version__`: an attribute of the package, unless a module by that
    # name exists (then it is a module that no layer lists, which check_source reports).
    exists = (ROOT / PACKAGE / f"{parts[1]}.py").is_file() or (ROOT / PACKAGE / parts[1]).is_dir()
    return parts[1] if exists else ""


def _top(dotted: str) -> str:
    return dotted.split(".")[0]


def check_source(relpath: str, source: str) -> list[str]:
    """Every architecture violation in one file (``relpath`` like ``kasir/db/backup.py``)."""
    importer = module_name(relpath)
    me = importer.split(".")[1] if "." in importer else ""  # a file is a module, listed or not
    tree = ast.parse(source, filename=relpath)
    is_package = Path(relpath).name == "__init__.py"
    problems: list[str] = []
    if me not in LAYERS:
        return [f"{relpath}: module {importer} is in no layer; add '{me}' to LAYERS in "
                "tests/test_architecture.py and to docs/architecture.md"]
    my_rank = LAYERS[me]
    in_ui, in_db = me == "ui", me == "db"

    seen: set[tuple[str, int]] = set()
    for imp in imports_of(tree, importer, is_package):
        if (imp.target, imp.line) in seen:
            continue
        seen.add((imp.target, imp.line))
        where = f"{relpath}:{imp.line}"
        top = _top(imp.target)
        if top in QT_MODULES and not in_ui:
            problems.append(f"{where}: imports {imp.target}; Qt belongs in kasir/ui/ only")
        if top in SQLITE_MODULES and not in_db:
            problems.append(f"{where}: imports {imp.target}; SQLite drivers belong in kasir/db/ "
                            "only" + (" (the UI calls books/, never SQL)" if in_ui else ""))
        unit = unit_of(imp.target)
        if unit is None or unit == me:
            continue
        if unit not in LAYERS:
            problems.append(f"{where}: imports {imp.target}, a module in no layer")
            continue
        rank = LAYERS[unit]
        label = f"kasir.{unit}" if unit else "kasir"
        if me == "hub" and unit == "ui":
            problems.append(f"{where}: kasir/hub imports {imp.target}; the hub never uses the UI")
        elif rank > my_rank:
            problems.append(f"{where}: {importer} (layer {my_rank}) imports {imp.target} "
                            f"(layer {rank}); arrows point down only")
        elif rank == my_rank and rank != LEAF_RANK and (me, unit) not in SAME_RANK_ALLOWED:
            problems.append(f"{where}: {importer} imports {label}, a neighbour on the same "
                            f"layer ({rank}); share code through a lower layer instead")

    if in_ui:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS):
                problems.append(f"{relpath}:{node.lineno}: .{node.func.attr}(...) in kasir/ui/; "
                                "pages call books/ events and queries, not SQL")
    return problems


def source_files() -> list[Path]:
    return sorted((ROOT / PACKAGE).rglob("*.py"))


# ---- the real tree ------------------------------------------------------------------------

def test_there_is_code_to_check():
    relpaths = {p.relative_to(ROOT).as_posix() for p in source_files()}
    assert {"kasir/__init__.py", "kasir/db/connection.py", "kasir/books/ledger.py"} <= relpaths


def test_imports_point_down_and_rooms_are_kept():
    problems: list[str] = []
    for path in source_files():
        relpath = path.relative_to(ROOT).as_posix()
        problems += check_source(relpath, path.read_text(encoding="utf-8"))
    assert not problems, "architecture violations:\n" + "\n".join(problems)


# ---- the checker catches what it should ---------------------------------------------------

@pytest.mark.parametrize(("relpath", "source", "expected"), [
    ("kasir/db/fake.py", "from kasir.books import ledger\n", "arrows point down"),
    ("kasir/db/fake.py", "import kasir.books.ledger\n", "arrows point down"),
    ("kasir/db/fake.py", "from kasir import books\n", "arrows point down"),
    ("kasir/db/fake.py", "from ..books import ledger\n", "arrows point down"),
    ("kasir/db/__init__.py", "from ..books import ledger\n", "arrows point down"),
    ("kasir/db/fake.py", "def f():\n    from kasir.reports import journal_export\n",
     "arrows point down"),
    ("kasir/money.py", "from kasir.db import transaction\n", "arrows point down"),
    ("kasir/books/fake.py", "import importlib\nimportlib.import_module('kasir.cli')\n",
     "arrows point down"),
    ("kasir/books/fake.py", "from PySide6.QtWidgets import QWidget\n", "Qt belongs"),
    ("kasir/reports/fake.py", "import sqlite3\n", "SQLite drivers"),
    ("kasir/books/fake.py", "import pysqlite3.dbapi2 as sqlite3\n", "SQLite drivers"),
    ("kasir/ui/fake.py", "import sqlite3\n", "SQLite drivers"),
    ("kasir/ui/fake.py", "def f(conn):\n    return conn.execute('SELECT 1')\n", "not SQL"),
    ("kasir/hub/fake.py", "from kasir.ui import main_window\n", "never uses the UI"),
    ("kasir/reports/fake.py", "from kasir.sync import outbox\n", "same layer"),
    ("kasir/demo.py", "from kasir.reports import statements\n", "same layer"),
    ("kasir/cli/fake.py", "from kasir.ui import app\n", "same layer"),
    ("kasir/newroom.py", "x = 1\n", "in no layer"),
])
def test_checker_reports(relpath, source, expected):
    problems = check_source(relpath, source)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("relpath", "source"), [
    ("kasir/books/fake.py", "from kasir.db import transaction\nfrom . import audit\n"
                            "from kasir.books.context import Context\n"),
    ("kasir/books/__init__.py", "from . import ledger\n"),
    ("kasir/errors.py", "from kasir.i18n import _\n"),
    ("kasir/cli/fake.py", "from kasir import __version__\nfrom kasir.reports import x\n"
                          "from kasir.cli import common\nfrom kasir import demo\n"),
    ("kasir/__main__.py", "from kasir.cli import main\n"),
    ("kasir/db/connection.py", "import pysqlite3.dbapi2 as sqlite3\nimport sqlite3\n"),
    ("kasir/ui/fake.py", "from PySide6.QtWidgets import QWidget\nfrom kasir.books import savings\n"
                         "from kasir.reports import journal_export\n"),
    ("kasir/hub/fake.py", "from kasir.sync import bundle\n"),
])
def test_checker_allows(relpath, source):
    assert check_source(relpath, source) == []


def test_relative_imports_resolve():
    tree = ast.parse("from . import audit\nfrom ..db import connection\nfrom .. import i18n\n")
    targets = {i.target for i in imports_of(tree, "kasir.books.ledger", is_package=False)}
    assert {"kasir.books.audit", "kasir.db.connection", "kasir.i18n"} <= targets
    targets = {i.target for i in imports_of(ast.parse("from . import ledger\n"), "kasir.books",
                                            is_package=True)}
    assert "kasir.books.ledger" in targets
