"""Benchmark: how long `tractus triage --questions` takes to start, against bare Python.

Not part of the test run. Each round runs ``python -c pass`` and then the command,
alternating, and takes the CPU time (user + system) of each child process from
``resource.getrusage``, so other processes on a shared machine do not count. It
prints the ratio of every round, their minimum and median (the target is a median
within 10x), and how many modules each imports.

Run: ``.venv/bin/python bench/startup.py [ROUNDS]``.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
BARE = [sys.executable, "-c", "pass"]
COMMAND = [str(BIN / "tractus"), "triage", "--questions"]
COUNT_MODULES = (
    "import io, sys, contextlib\n"
    "before = len(sys.modules)\n"
    "from tractus.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    main(['triage', '--questions'])\n"
    "print(before, len(sys.modules))\n"
)


def cpu_seconds(command: list[str]) -> float:
    """CPU time (user + system) of one run of `command` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    cpu_seconds(COMMAND)  # bytecode and page cache warm, as on any later start
    ratios, bare, ours = [], [], []
    for _ in range(rounds):
        bare.append(cpu_seconds(BARE))
        ours.append(cpu_seconds(COMMAND))
        ratios.append(ours[-1] / bare[-1])
    print(
        f"python -c pass: median {statistics.median(bare) * 1000:.0f} ms CPU; "
        f"tractus triage --questions: median {statistics.median(ours) * 1000:.0f} ms"
    )
    print(
        f"ratio: median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x, "
        f"max {max(ratios):.1f}x "
        f"(target: within 10x; {rounds} alternating rounds; per round, in order: "
        + ", ".join(f"{r:.1f}" for r in ratios)
        + ")"
    )
    counts = subprocess.run(
        [sys.executable, "-c", COUNT_MODULES], capture_output=True, text=True
    ).stdout.split()
    print(f"modules: {counts[0]} at start, {counts[1]} after the command")


if __name__ == "__main__":
    main()
