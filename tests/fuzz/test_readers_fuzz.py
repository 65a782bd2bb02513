"""The short fuzz run of `make test`: damaged fixtures through every reader.

The long, coverage-guided run is ``make fuzz`` (`run_atheris`); both use the
target in `target`. Here hypothesis picks a fixture (cut at 16 KB, so an
example takes milliseconds) and damages it: bytes replaced, inserted or
deleted, or the file cut short.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.target import DATA, read_as, seed_files

SEED_BYTES = 16_384
SEEDS = [(kind, path.read_bytes()[:SEED_BYTES]) for kind, path in seed_files()]
HOSTILE = sorted(p for p in (DATA / "hostile").iterdir() if p.suffix != ".md")
_KIND_OF = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx", ".gz": "gz"}
_KIND_OF |= {".zip": "zip", ".csv": "csv"}

edits = st.lists(
    st.tuples(
        st.sampled_from(["replace", "insert", "delete", "cut"]),
        st.integers(min_value=0),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=6,
)


def damaged(data: bytes, changes: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for action, at, chunk in changes:
        where = at % (len(out) + 1)
        if action == "replace":
            out[where : where + len(chunk)] = chunk
        elif action == "insert":
            out[where:where] = chunk
        elif action == "delete":
            del out[where : where + len(chunk)]
        else:
            del out[where:]
    return bytes(out)


@settings(max_examples=300, deadline=None)
@given(seed=st.sampled_from(SEEDS), changes=edits)
def test_damaged_fixtures_raise_only_the_project_s_errors(
    seed: tuple[str, bytes], changes: list[tuple[str, int, bytes]]
) -> None:
    kind, data = seed
    read_as(kind, damaged(data, changes))


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_every_kept_crash_reads_without_a_foreign_exception(path: Path) -> None:
    kinds = ("tcx", "tcx-lxml") if path.suffix == ".tcx" else (_KIND_OF[path.suffix],)
    for kind in kinds:
        read_as(kind, path.read_bytes())
