"""Running the real ``kasir`` command in a subprocess, for the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys


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
