"""Killing a writer process mid-stream with SIGKILL, for the fault-injection tests."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_and_kill(script: str, args: list[str], delay: float) -> bytes:
    """Start ``python -c script args``; once it has printed its first line, wait ``delay``
    seconds and SIGKILL it. Returns everything it printed (the last line may be cut off)."""
    writer = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=ROOT)
    try:
        first = writer.stdout.readline()
        assert first.endswith(b"\n"), writer.stderr.read().decode(errors="replace")
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        rest, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL, err.decode(errors="replace")
    return first + rest
