"""Long fuzz run of every activity reader with atheris (``make fuzz``).

Coverage-guided: atheris (libFuzzer for Python) instruments `tractus` and
zipfile, starts from the test fixtures and keeps the inputs that reach new
code. An input that raises anything but a `TractusError`, or breaks a summary
invariant, is written to ``var/fuzz/crashes`` with its traceback and the run
goes on; move each one to ``tests/data/hostile`` (its suffix names the
reader) once fixed. ``--kinds=gpx,tcx`` limits the readers (FIT inputs cost
the most: damaged files fall back to fitdecode); libFuzzer's own flags pass
through, e.g. ``-max_total_time=3600`` or ``-runs=1000000``.
"""

from __future__ import annotations

import hashlib
import sys
import traceback
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["tractus", "zipfile"]):
    from tests.fuzz.target import KINDS, kind_of, read_input, seed_inputs

ROOT = Path(__file__).resolve().parents[2]
MAX_INPUT_BYTES = 4096
_SUFFIXES = {"gz": ".gpx.gz", "tcx-lxml": ".tcx"}


class _Run:
    """The readers fuzzed, where crashes go, and which bugs were seen already."""

    def __init__(self, kinds: tuple[str, ...], folder: Path) -> None:
        self.kinds = kinds
        self.folder = folder
        self.seen: set[str] = set()

    def keep_crash(self, data: bytes, error: BaseException) -> None:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        key = f"{type(error).__name__} at {frame.filename}:{frame.lineno}"
        if key in self.seen:
            return  # the same bug again
        self.seen.add(key)
        kind = kind_of(data, self.kinds)
        crashes = self.folder / "crashes"
        crashes.mkdir(parents=True, exist_ok=True)
        stem = f"fuzz-{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
        (crashes / (stem + _SUFFIXES.get(kind, f".{kind}"))).write_bytes(data[1:])
        trace = "".join(traceback.format_exception(error))
        (crashes / f"{stem}.txt").write_text(trace)
        print(f"\nCRASH {stem}: {key}", flush=True)

    def test_one_input(self, data: bytes) -> None:
        try:
            read_input(data, self.kinds)
        except Exception as error:  # noqa: BLE001 - every crash is kept, the run goes on
            self.keep_crash(data, error)


def main() -> None:
    kinds = KINDS
    args = []
    for arg in sys.argv:
        if arg.startswith("--kinds="):
            kinds = tuple(arg.removeprefix("--kinds=").split(","))
        else:
            args.append(arg)
    run = _Run(kinds, ROOT / "var" / "fuzz" / "-".join(kinds))
    corpus = run.folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for data in seed_inputs(max_bytes=MAX_INPUT_BYTES, kinds=kinds):
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
    args += [f"-max_len={MAX_INPUT_BYTES}", "-timeout=20", str(corpus)]
    atheris.Setup(args, run.test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
