"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import statistics
import time


def report(name: str, fn, budget_ms: float | None, n: int = 30, width: int = 52) -> None:
    """Run ``fn`` once to warm the page cache, then ``n`` times; print median and max."""
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    budget = f"(budget {budget_ms:g} ms)" if budget_ms else ""
    print(f"{name:<{width}} median {statistics.median(times):8.2f} ms  max {max(times):8.2f} ms {budget}")
