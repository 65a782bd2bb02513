"""Hostile and wrong inputs are refused with a message naming file and problem."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from tractus.activities import (
    MAX_ARCHIVE_ENTRIES,
    MAX_FILE_BYTES,
    ImportStatus,
    from_activity_bytes,
    from_activity_file,
    read_archive,
)
from tractus.errors import ActivityFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<gpx version="1.1"><trk><name>&lol3;</name></trk></gpx>"""


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_entity_bomb_is_refused() -> None:
    with pytest.raises(ActivityFileError, match="DOCTYPE or entities") as caught:
        from_activity_bytes(BILLION_LAUGHS, "bomb.gpx")
    assert caught.value.file == "bomb.gpx"


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<gpx version="1.1"><trk><name>&x;</name></trk></gpx>'
    ).encode()
    with pytest.raises(ActivityFileError) as caught:
        from_activity_bytes(xxe, "xxe.gpx")
    assert "TOP-SECRET" not in str(caught.value)


def test_entity_bomb_inside_gzip_is_refused() -> None:
    with pytest.raises(ActivityFileError, match="DOCTYPE"):
        from_activity_bytes(gzip.compress(BILLION_LAUGHS), "bomb.gpx.gz")


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<" + b" " * (50 * 1024 * 1024))
    with pytest.raises(ActivityFileError, match="zip bomb"):
        from_activity_bytes(bomb, "big.gpx.gz")


def test_zip_bomb_entry_is_refused_before_inflating() -> None:
    archive = _zip({"runs/bomb.gpx": b"\0" * (20 * 1024 * 1024)})
    (result,) = list(read_archive(archive, name="export.zip"))
    assert result.status is ImportStatus.ERROR
    assert "zip bomb" in (result.error or "")


def test_zip_path_traversal_is_refused() -> None:
    runs = (DATA / "gpx/heartandsole__testdata.gpx").read_bytes()
    archive = _zip({"ok.gpx": runs, "../../etc/evil.gpx": runs})
    (result,) = list(read_archive(archive, name="export.zip"))
    assert "outside the archive" in (result.error or "")


def test_zip_with_too_many_entries_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(MAX_ARCHIVE_ENTRIES + 1):
            archive.writestr(f"e{i}", b"")
    (result,) = list(read_archive(buffer.getvalue(), name="many.zip"))
    assert "entries" in (result.error or "")


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.gpx"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ActivityFileError, match="over the limit"):
        from_activity_file(big)


def test_truncated_fit_names_the_problem() -> None:
    data = (DATA / "fit/runpandas__run.fit").read_bytes()[:30_000]
    with pytest.raises(ActivityFileError, match="truncated FIT file") as caught:
        from_activity_bytes(data, "cut.fit")
    assert caught.value.file == "cut.fit"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.gpx", b"\xff\xd8\xff\xe0JFIF" + b"\0" * 100),
        ("run.fit", b"\x00" * 40),
        ("notes.txt", b"just text"),
        ("other.xml", b"<?xml version='1.0'?><kml></kml>"),
    ],
)
def test_wrong_file_type_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(ActivityFileError, match="not a|not an"):
        from_activity_bytes(data, name)


def test_a_bad_file_does_not_stop_the_batch() -> None:
    good = (DATA / "gpx/heartandsole__testdata.gpx").read_bytes()
    archive = _zip({"a.gpx": good, "b.fit": b"garbage", "c.gpx": good})
    statuses = [r.status for r in read_archive(archive, name="mixed.zip")]
    assert statuses == [
        ImportStatus.IMPORTED,
        ImportStatus.ERROR,
        ImportStatus.IMPORTED,
    ]
