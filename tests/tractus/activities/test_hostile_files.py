"""The hostile files of issue 8 (tests/data/hostile): each is refused
with a message naming the file, or read within bounds; none raises anything but
the project's own errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tractus.activities import (
    ImportStatus,
    from_activity_bytes,
    read_archive,
    read_paths,
)
from tractus.activities.batch import unexpected_error_result
from tractus.errors import ActivityFileError

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile"


def test_a_fit_definition_longer_than_the_header_data_size_is_corrupt() -> None:
    path = HOSTILE / "fit_definition_past_data_size.fit"
    with pytest.raises(ActivityFileError, match="runs past the data size") as caught:
        from_activity_bytes(path.read_bytes(), path.name)
    assert caught.value.file == path.name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("zip_corrupt_deflate.zip", "cannot read archive entry"),
        ("zip_wrong_directory_offset.zip", "offset points outside the archive"),
    ],
)
def test_a_broken_zip_entry_read_from_bytes_is_that_entry_s_error(
    name: str, problem: str
) -> None:
    results = list(read_archive((HOSTILE / name).read_bytes(), name=name))
    assert [r.file for r in results] == [f"{name}:run.gpx"]
    assert results[0].status is ImportStatus.ERROR
    assert results[0].error is not None
    assert results[0].error.startswith(f"{name}:run.gpx: ")
    assert problem in results[0].error
    assert results[0].internal_error is None


def test_a_broken_zip_read_from_disk_is_that_entry_s_error() -> None:
    path = HOSTILE / "zip_wrong_directory_offset.zip"
    (result,) = read_paths([path])
    assert result.status is ImportStatus.ERROR
    assert result.error is not None and "cannot read archive entry" in result.error
    assert result.internal_error is None


def test_an_unexpected_reader_failure_keeps_its_traceback_apart() -> None:
    try:
        raise KeyError("boom")
    except KeyError as exc:
        result = unexpected_error_result("odd.fit", exc)
    assert result.status is ImportStatus.ERROR
    assert result.error == "odd.fit: could not be read (internal error KeyError)"
    assert result.internal_error is not None
    assert "Traceback" in result.internal_error and "boom" in result.internal_error
