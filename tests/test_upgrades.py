"""Old co-op files upgrade to today's schema with their figures unchanged.

``tests/fixtures/coop-vN.sqlite.gz`` is a co-op file written by schema version N's own code
(made by ``tests/fixtures/make_fixture.py`` from the last commit with N migrations; the
README there lists each), and ``coop-vN.json`` holds the figures that version showed for it.
Today's code opens a copy (a verified backup first, then the migrations); then the real
``kasir check`` must pass, the figures must be the same, and the old file must take a new
deposit. Every new migration brings the fixture of the version before it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from cli_support import kasir

from kasir.books import members, savings
from kasir.db.migrations import LATEST_VERSION, open_coop, schema_version
from kasir.paths import backups_dir_for

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSWORD = "kasir-demo"  # the demo users' password in every fixture
VERSIONS = sorted(int(m.group(1)) for p in FIXTURES.glob("coop-v*.sqlite.gz")
                  if (m := re.fullmatch(r"coop-v(\d+)\.sqlite\.gz", p.name)))


def header_version(path: Path) -> int:
    """PRAGMA user_version as the file's header holds it (bytes 60-63), without opening it."""
    with open(path, "rb") as fh:
        return int.from_bytes(fh.read(64)[60:64], "big")


def test_every_schema_version_before_todays_has_its_fixture():
    # Today's version is what the other tests create; the one before it must have been kept.
    # When migration N+1 lands: git worktree add --detach /tmp/kasir-vN <last commit with N
    # migrations>, then .venv/bin/python tests/fixtures/make_fixture.py /tmp/kasir-vN.
    missing = [v for v in range(1, LATEST_VERSION) if v not in VERSIONS]
    assert not missing, (f"no co-op file of schema version(s) {missing} in tests/fixtures; "
                         "make it as tests/fixtures/README.md says")
    assert max(VERSIONS) <= LATEST_VERSION
    for version in VERSIONS:
        record = json.loads((FIXTURES / f"coop-v{version}.json").read_text(encoding="utf-8"))
        assert record["schema_version"] == version


def cli_json(*args: str):
    done = kasir(*args, "--json", password=None)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_file_upgrades_with_its_figures_unchanged(version, tmp_path):
    record = json.loads((FIXTURES / f"coop-v{version}.json").read_text(encoding="utf-8"))
    expected = record["figures"]
    as_of = expected["as_of"]
    path = tmp_path / "koperasi.sqlite"
    path.write_bytes(gzip.decompress((FIXTURES / f"coop-v{version}.sqlite.gz").read_bytes()))
    assert header_version(path) == version

    conn = open_coop(path)  # today's code: the backup, then every later migration
    try:
        assert schema_version(conn) == LATEST_VERSION
        held = {number: savings.balances(conn, members.by_number(conn, number).id, as_of)
                for number in expected["savings"]}
    finally:
        conn.close()
    assert held == expected["savings"]
    kept = sorted(backups_dir_for(path).glob(f"*before-schema-{LATEST_VERSION}*.sqlite"))
    if version < LATEST_VERSION:  # the file as it was, verified, beside it
        assert len(kept) == 1 and header_version(kept[0]) == version
    else:
        assert kept == []

    db = ("--db", str(path))
    trial = {row["code"]: [row["debit"], row["credit"]]
             for row in cli_json("ledger", "trial-balance", *db, "--date", as_of)
             if row["debit"] or row["credit"]}
    assert trial == expected["trial_balance"]
    people = cli_json("member", "list", *db, "--limit", "1000000")
    assert len(people) == expected["members"]["count"]
    assert {s: sum(p["status"] == s for p in people) for s in expected["members"]["by_status"]} \
        == expected["members"]["by_status"]
    if expected["stock"]:
        stock = {str(item["id"]): {"name": item["name"], "qty_on_hand": item["qty_on_hand"],
                                   "value_on_hand": item["value_on_hand"]}
                 for item in cli_json("item", "list", *db)}
        assert stock == expected["stock"]

    # the upgraded file takes new business (its old users sign in) and still checks clean
    deposit = kasir("savings", "deposit", *db, "--user", "bendahara", "--member",
                    min(expected["savings"]), "--kind", "sukarela", "--amount", "10000",
                    "--date", "2026-02-02", "--via", "cash", password=PASSWORD)
    assert deposit.returncode == 0, deposit.stderr
    check = kasir("check", *db, password=None)
    assert check.returncode == 0, check.stdout + check.stderr
