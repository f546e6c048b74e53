"""The full benchmark run on a machine without PostgreSQL: the server's row says it was skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_benchmark_is_one_skipped_row_without_a_server(tmp_path: Path) -> None:
    script = (
        "import sys, pathlib; sys.path.insert(0, 'benchmarks')\n"
        "import run, bench_server\n"
        "assert 'bench_server' in [name for name, _title, _target in run.FEATURE_BENCHMARKS]\n"
        f"rows, notes = bench_server.run(pathlib.Path({str(tmp_path)!r}))\n"
        "print(len(rows), rows[0].ok); print(notes[0])\n"
    )
    env = {**os.environ, "ANNOTATOR_PG_BIN": str(tmp_path / "no-postgresql")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, note = done.stdout.splitlines()
    assert first == "1 skipped: no server"
    assert "server programs not found" in note
