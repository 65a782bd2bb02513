"""Benchmark: what a FIT file costs when the fast decoder hands it to fitdecode.

Not part of the test run. Issue 8 bounds every file under 1 MB to a second and
200 MB; a FIT file that the fast decoder declines (a damaged file, or a feature
it leaves to fitdecode) is read by fitdecode, the slow part. For each FIT
fixture of 50 kB or more that can be read, three sides are timed, alternating,
for `ROUNDS` rounds, in CPU time (``time.process_time``), each summarising the
file (read, recordings, summary):

- ``reader``: the reader as it runs (the fast decoder, or fitdecode where it
  declines);
- ``fallback``: the same file forced through the fallback (fitdecode reading
  from memory, `io_fit_memory.MemoryFitReader`);
- ``plain``: forced through fitdecode's own `FitReader` on a file object, the
  fallback before `MemoryFitReader`.

It prints seconds per MB (min and median over rounds), the per-round ratios
plain/fallback and fallback/reader (min and median), the largest file's
fallback time against the one-second bound, and the peak of Python memory
(``tracemalloc``) while the largest file goes through the fallback.

Run: ``.venv/bin/python bench/fit_fallback.py [ROUNDS]``.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from tractus.activities import from_activity_bytes
from tractus.activities.io_fit import decode_with_fitdecode, recordings_from
from tractus.activities.summary import summarize
from tractus.errors import ActivityFileError

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "activities" / "fit"
MIN_BYTES = 50_000


def _reader(data: bytes, name: str) -> object:
    return from_activity_bytes(data, name)


def _fallback(data: bytes, name: str) -> object:
    content = decode_with_fitdecode(data, file=name)
    return [summarize(r) for r in recordings_from(content, file=name)]


def _plain(data: bytes, name: str) -> object:
    content = decode_with_fitdecode(data, file=name, plain_reader=True)
    return [summarize(r) for r in recordings_from(content, file=name)]


SIDES: dict[str, Callable[[bytes, str], object]] = {
    "reader": _reader,
    "fallback": _fallback,
    "plain": _plain,
}


def _files() -> dict[str, bytes]:
    files = {}
    for path in sorted(FIXTURES.glob("*.fit")):
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        try:
            _reader(data, path.name)
        except ActivityFileError:
            continue  # a broken fixture: nothing to summarise
        files[path.name] = data
    return files


def _cpu(func: Callable[[bytes, str], object], data: bytes, name: str) -> float:
    start = time.process_time()
    func(data, name)
    return time.process_time() - start


def _line(label: str, values: list[float], unit: str) -> str:
    return (
        f"  {label:<22} min {min(values):6.3f}{unit} median "
        f"{statistics.median(values):6.3f}{unit}"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    files = _files()
    megabytes = sum(len(d) for d in files.values()) / 1e6
    largest = max(files, key=lambda name: len(files[name]))
    print(f"{len(files)} FIT files, {megabytes:.2f} MB; {rounds} alternating rounds")
    totals: dict[str, list[float]] = {side: [] for side in SIDES}
    largest_fallback: list[float] = []
    for _ in range(rounds):
        for side, func in SIDES.items():
            seconds = {name: _cpu(func, data, name) for name, data in files.items()}
            totals[side].append(sum(seconds.values()))
            if side == "fallback":
                largest_fallback.append(seconds[largest])
    for side, values in totals.items():
        print(_line(f"{side} s/MB", [v / megabytes for v in values], ""))
    for top, bottom in (("plain", "fallback"), ("fallback", "reader")):
        ratios = [t / b for t, b in zip(totals[top], totals[bottom], strict=True)]
        print(
            _line(f"{top}/{bottom}", ratios, "x")
            + " per round: "
            + ", ".join(f"{r:.2f}" for r in ratios)
        )
    size_mb = len(files[largest]) / 1e6
    print(
        _line(f"fallback {size_mb:.2f} MB file", largest_fallback, "s") + " (bound 1 s)"
    )
    tracemalloc.start()
    _fallback(files[largest], largest)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"  fallback peak Python memory on it: {peak:.0f} MB (bound 200 MB)")


if __name__ == "__main__":
    main()
