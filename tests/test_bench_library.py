"""benchmarks/bench_library.py keeps measuring what it says: the same library both ways, a cache
really hit.  The figures themselves are not asserted (a wall-clock time is no test)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_library.py"


def test_the_library_benchmark_compares_the_same_library_and_states_its_goal() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(BENCHMARK.parents[1]), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), "--runs", "1"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"library \d{4}\.\d+\.\d+, \d{3,} codes, the same from both; .*", lines[0]), lines[0]
    assert re.fullmatch(
        r"goal: cached at least 2\.0x faster; measured \d+\.\dx \(best possible \d+\.\dx\): (met|NOT met)", lines[-1]
    ), lines[-1]
