"""Running the real ``kasir`` command in a subprocess, for the command-line tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def kasir(*args: str, password: str | None, env: dict | None = None,
          stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m kasir ARGS`` with KASIR_PASSWORD set (or unset) and no inherited
    KASIR_LANG, so each test says which language it expects."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("KASIR_PASSWORD", "KASIR_LANG")}
    if password is not None:
        full_env["KASIR_PASSWORD"] = password
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "kasir", *args], capture_output=True, text=True,
                          env=full_env, input=stdin, timeout=120)


def demo_file(folder: Path, password: str, *, members: int, months: int, seed: int,
              end: str = "2025-05") -> Path:
    """A demo co-op made by the real ``kasir demo`` in ``folder`` (a module's template)."""
    path = folder / "demo.sqlite"
    done = kasir("demo", "--db", str(path), "--members", str(members), "--months", str(months),
                 "--seed", str(seed), "--end", end, "--password", password, password=password)
    assert done.returncode == 0, done.stderr
    return path


def copy_of(template: Path, folder: Path) -> str:
    """A test's own copy of a module's template file, as ``koperasi.sqlite``."""
    path = folder / "koperasi.sqlite"
    shutil.copy(template, path)
    return str(path)
