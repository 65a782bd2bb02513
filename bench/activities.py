"""Benchmark: tractus activity import vs a reference pipeline (gpxpy, fitdecode).

Not part of the test run. It builds, in a temporary folder, every real fixture
of ../shared/data/activities plus a history of >= 2,000 files made by
time-shifting the real GPX and TCX runs (whole weeks; FIT files are copied
unshifted, since re-encoding FIT is out of scope), then times:

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

and prints files/s and MB/s for each format and the ratio (best of `ROUNDS`
alternating rounds of each side, and the ratio of every round). Finally it times
the load metrics (daily/weekly series, flags, both ACWRs) over ten years of
daily runs. Run: ``.venv/bin/python bench/activities.py [SHARED_DATA_DIR]``.
"""

from __future__ import annotations

import io
import shutil
import sys
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

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "activities"
HISTORY_FILES = 2000
ROUNDS = 3


def build_corpus(shared: Path, target: Path) -> list[Path]:
    files = [p for p in shared.rglob("*") if p.suffix in {".fit", ".gpx", ".tcx"}]
    with tempfile.TemporaryDirectory() as unzip:
        shutil.unpack_archive(next(shared.glob("history/*.zip")), unzip)
        sources = sorted(Path(unzip).rglob("*.gpx")) + [
            p
            for p in files
            if p.suffix in {".gpx", ".tcx"} and p.stat().st_size < 900_000
        ]
        out = [shutil.copy(p, target / p.name) for p in files]
        k = 0
        while len(out) < HISTORY_FILES + len(files):
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
    start = time.perf_counter()
    func(paths)
    return time.perf_counter() - start


def report(label: str, paths: list[Path], seconds: float) -> None:
    size = sum(p.stat().st_size for p in paths) / 1e6
    rate = len(paths) / seconds
    print(
        f"  {label:<10} {rate:8.1f} files/s {size / seconds:7.2f} MB/s ({seconds:.2f}s)"
    )


def bench_import(corpus: list[Path]) -> None:
    """Each side runs `ROUNDS` times, alternating; the best round of each counts.

    Another process on a shared machine only ever slows a round down, so the
    fastest round is the closest to each pipeline's own speed.
    """
    for suffix in (".gpx", ".tcx", ".fit"):
        paths = [p for p in corpus if p.suffix == suffix]
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{suffix[1:].upper()}: {len(paths)} files, {size:.1f} MB")
        ours, ref = [], []
        for _ in range(ROUNDS):
            ours.append(timed(paths, lambda ps: list(read_paths(ps))))
            ref.append(timed(paths, lambda ps: [reference_one(p) for p in ps]))
        report("tractus", paths, min(ours))
        report("reference", paths, min(ref))
        ratio = min(ref) / min(ours)
        verdict = "faster" if ratio >= 1 else "slower"
        print(
            f"  ratio      {ratio:.2f}x the reference's speed ({verdict}; best of "
            f"{ROUNDS} rounds; per round: "
            + ", ".join(f"{r / o:.2f}x" for o, r in zip(ours, ref, strict=True))
            + ")"
        )


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
        start = time.perf_counter()
        report = load_report(runs, today=date(2024, 12, 31))
        timings.append(time.perf_counter() - start)
    print(
        f"load metrics, 10 years of daily runs ({days.size} runs, "
        f"{len(report.flags)} flags): min {min(timings) * 1000:.1f} ms, "
        f"median {sorted(timings)[3] * 1000:.1f} ms (target < 100 ms)"
    )


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(shared.resolve(), Path(tmp))
        size = sum(p.stat().st_size for p in corpus) / 1e6
        print(f"corpus: {len(corpus)} files, {size:.1f} MB")
        bench_import(corpus)
    bench_load()


if __name__ == "__main__":
    main()
