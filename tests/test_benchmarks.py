"""The benchmark scripts keep working (their timings are read by people, not asserted)."""
from __future__ import annotations

import re
import subprocess

import pytest

pytestmark = pytest.mark.build  # whole builds: left out of mutation runs


def test_the_citation_benchmark_runs_and_prints_its_ratio(
        benchmark: subprocess.CompletedProcess) -> None:
    result = benchmark  # benchmarks/citations.py 1 tests/fixtures/cite
    assert result.returncode in (0, 1), result.stderr  # 1: over the limit, still a result
    assert re.fullmatch(r"citations \(cold, 10 citations\): [\d.]+ s  full build: [\d.]+ s  "
                        r"ratio: [\d.]+% \(limit 25%\)\n", result.stdout), result.stdout
