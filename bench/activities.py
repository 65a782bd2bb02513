"""Benchmark: tractus activity import vs a reference pipeline (gpxpy, fitdecode).

Not part of the test run. It builds, in a temporary folder, every real fixture
plus a history of `HISTORY_FILES` (100) files made by time-shifting the real
GPX and TCX runs (whole weeks; FIT files are copied unshifted, since
re-encoding FIT is out of scope); ``--full`` builds 2,000 (about 380 MB, many
minutes on a shared machine). Then it times:

- tractus: ``read_paths`` (parse + summary: distance, moving time, smoothed
  elevation, grade, cadence, HR);
- reference: the usual Python library for each format, asked for the same
  summary (start, duration, distance, elevation gain and loss, heart rate,
  cadence):

  - GPX: gpxpy (parse, ``length_2d``, ``get_uphill_downhill``,
    ``get_moving_data``, ``get_time_bounds``);
  - TCX: python-tcxparser (gpxpy reads no TCX): ``started_at``,
    ``completed_at``, ``distance``, ``duration``, ``ascent``, ``descent``,
    ``hr_avg``, ``cadence_avg``. It reads only the first activity of a file
    and takes the watch's distance samples rather than positions, so it does
    less work than tractus (no haversine, no moving time, no grades); the
    input is given with leading whitespace stripped, as tractus accepts it,
    so that Strava's files are parsed rather than failing fast. (Earlier
    versions of this benchmark used ElementTree with a pure-Python haversine,
    which is no library anyone would use for TCX.)
  - FIT: fitdecode with its defaults (CRC on), collecting every data message
    into dicts and summing distances.

and prints files/s and MB/s for each format and the speed ratio. The two sides
alternate for `ROUNDS` rounds; each round's ratio compares the CPU time
(``time.process_time``: what another process on a shared machine does to the wall
clock does not count) of the two sides in that round, and the minimum and median
of those ratios are printed. Finally it times the load metrics (daily/weekly
series, flags, both ACWRs) over ten years of daily runs.

Run: ``.venv/bin/python bench/activities.py [ACTIVITIES_DIR] [--formats fit] [--full]``.
Without an argument it uses the fixtures committed under ``tests/data/activities``
(the same files as the shared data set), so it runs from a fresh clone, in a few
minutes.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import fitdecode
import gpxpy
import numpy as np
import pandas as pd
import tcxparser

from tractus.activities import read_paths
from tractus.activities.timeparse import shift_iso_times
from tractus.load import load_report

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "activities"
HISTORY_FILES = 100  # stable ratios (±10% over rounds) in a few CPU-minutes
FULL_HISTORY_FILES = 2000  # --full: a decade of runs, as issue 14 first measured
ROUNDS = 5


def build_corpus(shared: Path, target: Path, *, history: int) -> list[Path]:
    """The fixtures plus `history` time-shifted GPX and TCX copies."""
    files = [p for p in shared.rglob("*") if p.suffix in {".fit", ".gpx", ".tcx"}]
    if not history:
        return [Path(shutil.copy(p, target / p.name)) for p in files]
    with tempfile.TemporaryDirectory() as unzip:
        shutil.unpack_archive(next(shared.glob("history/*.zip")), unzip)
        sources = sorted(Path(unzip).rglob("*.gpx")) + [
            p
            for p in files
            if p.suffix in {".gpx", ".tcx"} and p.stat().st_size < 900_000
        ]
        out = [shutil.copy(p, target / p.name) for p in files]
        k = 0
        while len(out) < history + len(files):
            src = sources[k % len(sources)]
            weeks = 1 + k // len(sources)
            dest = target / f"shift{weeks:03d}_{src.name}"
            dest.write_bytes(shift_iso_times(src.read_bytes(), timedelta(weeks=weeks)))
            out.append(dest)
            k += 1
    return [Path(p) for p in out]


def _reference_gpx(data: bytes) -> tuple[object, ...]:
    gpx = gpxpy.parse(data.decode("utf-8-sig").lstrip())
    return (
        gpx.length_2d(),
        gpx.get_uphill_downhill(),
        gpx.get_moving_data(),
        gpx.get_time_bounds(),
    )


def _reference_tcx(data: bytes) -> tuple[object, ...]:
    tcx = tcxparser.TCXParser(io.BytesIO(data.lstrip()))
    return (
        tcx.started_at,
        tcx.completed_at,
        tcx.distance,
        tcx.duration,
        tcx.ascent,
        tcx.descent,
        tcx.hr_avg,
        tcx.cadence_avg,
    )


def _reference_fit(path: Path) -> None:
    with fitdecode.FitReader(
        str(path), error_handling=fitdecode.ErrorHandling.IGNORE
    ) as fit:
        records = [
            {f.name: f.value for f in frame.fields}
            for frame in fit
            if frame.frame_type == fitdecode.FIT_FRAME_DATA
        ]
        sum(r.get("distance") or 0 for r in records)


def reference_one(path: Path) -> None:
    try:
        if path.suffix == ".gpx":
            _reference_gpx(path.read_bytes())
        elif path.suffix == ".tcx":
            _reference_tcx(path.read_bytes())
        else:
            _reference_fit(path)
    except Exception:  # noqa: BLE001 - broken fixtures count as processed
        pass


def timed(paths: list[Path], func) -> float:  # noqa: ANN001
    """CPU seconds of this process spent in `func(paths)`."""
    start = time.process_time()
    func(paths)
    return time.process_time() - start


def report(label: str, paths: list[Path], seconds: float) -> None:
    size = sum(p.stat().st_size for p in paths) / 1e6
    rate = len(paths) / seconds
    print(
        f"  {label:<10} {rate:8.1f} files/s {size / seconds:7.2f} MB/s ({seconds:.2f}s)"
    )


def print_ratios(ours: list[float], ref: list[float]) -> float:
    """Print the per-round speed ratios (reference time / our time); return the median."""
    ratios = [r / o for o, r in zip(ours, ref, strict=True)]
    median = statistics.median(ratios)
    verdict = "faster" if median >= 1 else "slower"
    print(
        f"  ratio      median {median:.2f}x, min {min(ratios):.2f}x the reference's "
        f"speed ({verdict}; {len(ratios)} alternating rounds, CPU time; per round, "
        "in order: " + ", ".join(f"{r:.2f}x" for r in ratios) + ")"
    )
    return median


def bench_import(corpus: list[Path], formats: list[str]) -> None:
    """Each side runs `ROUNDS` times, alternating; each round gives one ratio."""
    for suffix in (f".{name}" for name in formats):
        paths = [p for p in corpus if p.suffix == suffix]
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{suffix[1:].upper()}: {len(paths)} files, {size:.1f} MB")
        ours, ref = [], []
        for _ in range(ROUNDS):
            ours.append(timed(paths, lambda ps: list(read_paths(ps))))
            ref.append(timed(paths, lambda ps: [reference_one(p) for p in ps]))
        report("tractus", paths, statistics.median(ours))
        report("reference", paths, statistics.median(ref))
        print_ratios(ours, ref)


def bench_load() -> None:
    rng = np.random.default_rng(1)
    days = pd.date_range("2015-01-01", periods=3653, freq="D")
    runs = pd.DataFrame(
        {
            "start_time": (days + pd.Timedelta(hours=7)).tz_localize("UTC"),
            "local_date": days,
            "distance_m": rng.uniform(3000, 20000, days.size),
            "duration_s": rng.uniform(1000, 7000, days.size),
            "descent_m": rng.uniform(0, 300, days.size),
            "run_id": pd.Series([f"r{i}" for i in range(days.size)], dtype=object),
        }
    )
    timings = []
    for _ in range(7):
        start = time.process_time()
        report = load_report(runs, today=date(2024, 12, 31))
        timings.append(time.process_time() - start)
    print(
        f"load metrics, 10 years of daily runs ({days.size} runs, "
        f"{len(report.flags)} flags): min {min(timings) * 1000:.1f} ms, "
        f"median {sorted(timings)[3] * 1000:.1f} ms (target < 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("activities", nargs="?", type=Path, default=FIXTURES)
    parser.add_argument(
        "--formats",
        default="gpx,tcx,fit",
        help="comma-separated subset of gpx,tcx,fit (default: all three)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"a history of {FULL_HISTORY_FILES} files instead of {HISTORY_FILES}",
    )
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory() as tmp:
        # The shifted history is GPX and TCX only: build it only when timed.
        history = FULL_HISTORY_FILES if args.full else HISTORY_FILES
        history *= bool({"gpx", "tcx"} & set(formats))
        corpus = build_corpus(args.activities.resolve(), Path(tmp), history=history)
        size = sum(p.stat().st_size for p in corpus) / 1e6
        print(f"corpus: {len(corpus)} files, {size:.1f} MB")
        bench_import(corpus, formats)
    bench_load()


if __name__ == "__main__":
    main()
