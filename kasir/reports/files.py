"""Writing a report file whole or not at all.

Every report file (PDF, XLSX, CSV, kwitansi) is written under a temporary name in the target
folder and renamed over the target only when complete, so a full disk, a power cut or a
refused layout never leaves a half-written file where the user looks for the report. A target
that is a co-op file this process holds open (or one of its working files) is refused: a
report saved over it would destroy the books.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kasir.db.connection import refuse_coop_target


@contextmanager
def written_whole(out: Path | str, *, make_folder: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out``, else it goes.
    ``make_folder=False`` leaves a missing folder missing (the caller says so)."""
    out = Path(out)
    refuse_coop_target(out)
    if make_folder:
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
