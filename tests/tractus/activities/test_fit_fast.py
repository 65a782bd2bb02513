"""The fast FIT decoder gives fitdecode's values, or leaves the file to fitdecode.

fitdecode is the oracle: every FIT fixture (and the shared data set when it is
on this machine) is decoded by both, and the columns, messages and the final
recordings must be identical, value for value. The files the fast path cannot
read are named, so a regression that quietly sends files to the slow path fails.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tractus.activities import io_fit
from tractus.activities.io_fit_fast import (
    RECORD_COLUMNS,
    RELATIVE_LIMIT,
    FitContent,
    decode_fit_columns,
)
from tractus.errors import ActivityFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "activities"
SHARED = Path("/work/shared/data/activities")
# Read by fitdecode: compressed speed and distance (an accumulated component).
DECLINED = {"fitparse__compressed-speed-distance.fit"}
# Broken files the fast path reports itself, as fitdecode would.
REFUSED = {
    "fitparse__nick.fit": "truncated FIT file",
    "fitparse__strava-android-app-201.10-b1218918.fit": "local message 11 not defined",
}


def _fit_files() -> list[Path]:
    seen: set[str] = set()
    files = []
    for root in (DATA, SHARED):
        for path in sorted(root.rglob("*.fit*")) if root.is_dir() else []:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                files.append(path)
    return files


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _oracle(data: bytes, *, file: str) -> FitContent:
    """fitdecode's own reader, unmodified."""
    return io_fit.decode_with_fitdecode(data, file=file, plain_reader=True)


def _fallback(data: bytes, *, file: str) -> FitContent:
    """What the reader falls back to: fitdecode reading from memory."""
    return io_fit.decode_with_fitdecode(data, file=file)


def assert_same_content(fast: FitContent, ref: FitContent) -> None:
    for name in RECORD_COLUMNS:
        np.testing.assert_array_equal(
            fast.columns[name], ref.columns[name], err_msg=name
        )
    assert fast.file_type == ref.file_type
    assert fast.sport_label == ref.sport_label
    # every field of every session and of the activity, sub-fields resolved
    assert fast.sessions == ref.sessions
    assert fast.activity == ref.activity


def assert_same_recordings(fast: FitContent, ref: FitContent, name: str) -> None:
    ours = io_fit.recordings_from(fast, file=name)
    theirs = io_fit.recordings_from(ref, file=name)
    assert ours == theirs  # every field but the samples
    for a, b in zip(ours, theirs, strict=True):
        assert a.samples.equals(b.samples)


@pytest.mark.parametrize("path", _fit_files(), ids=lambda p: p.name)
def test_fast_decoder_agrees_with_fitdecode_value_for_value(path: Path) -> None:
    data = _bytes(path)
    if path.name in REFUSED:
        with pytest.raises(ActivityFileError, match=REFUSED[path.name]):
            decode_fit_columns(data, file=path.name)
        with pytest.raises(ActivityFileError):
            _oracle(data, file=path.name)
        return
    fast = decode_fit_columns(data, file=path.name)
    ref = _oracle(data, file=path.name)
    assert_same_content(_fallback(data, file=path.name), ref)
    if path.name in DECLINED:
        assert fast is None
        return
    assert fast is not None, f"{path.name} went to fitdecode"
    assert_same_content(fast, ref)
    assert_same_recordings(fast, ref, path.name)


def _definition(
    local: int, global_num: int, fields: list[tuple[int, int, int]], endian: str
) -> bytes:
    arch = 1 if endian == ">" else 0
    head = struct.pack(f"{endian}BBHB", 0, arch, global_num, len(fields))
    return bytes([0x40 | local]) + head + b"".join(bytes(f) for f in fields)


def _synthetic_fit(endian: str) -> bytes:
    """A Forerunner-70-like file: device-relative record times, anchored by the
    activity message's local time; records in two layouts, one big-endian."""
    body = _definition(0, 0, [(0, 1, 0x00)], endian) + bytes(
        [0, 4]
    )  # file_id: activity
    body += _definition(1, 20, [(253, 4, 0x86), (3, 1, 0x02), (5, 4, 0x86)], endian)
    body += _definition(2, 20, [(253, 4, 0x86), (6, 2, 0x84)], "<")
    for second in range(10):
        stamp = 1000 + second  # below 0x10000000: seconds since the device started
        body += bytes([1]) + struct.pack(
            f"{endian}IBI", stamp, 140 + second, 250 * second
        )
        body += bytes([2]) + struct.pack("<IH", stamp, 0xFFFF if second == 3 else 2500)
    body += _definition(3, 34, [(253, 4, 0x86), (5, 4, 0x86)], endian)
    body += bytes([3]) + struct.pack(f"{endian}II", 1010, 1_100_000_000)
    header = struct.pack("<BBHI4s", 12, 0x10, 2100, len(body), b".FIT")
    return header + body + b"\x00\x00"  # the CRC is not checked by either path


@pytest.mark.parametrize("endian", ["<", ">"])
def test_device_relative_times_and_both_byte_orders_match_fitdecode(
    endian: str,
) -> None:
    data = _synthetic_fit(endian)
    fast = decode_fit_columns(data, file="fr70.fit")
    assert fast is not None
    rel = fast.columns["rel"]
    assert np.isfinite(rel).all() and (rel < RELATIVE_LIMIT).all()
    # speed only in the second layout (10 records), one of them invalid (0xFFFF)
    assert np.isnan(fast.columns["speed"]).sum() == 11
    ref = _oracle(data, file="fr70.fit")
    assert_same_content(fast, ref)
    assert_same_recordings(fast, ref, "fr70.fit")
    (run,) = io_fit.from_fit_bytes(data, file="fr70.fit")
    assert run.clock_is_local


def test_compressed_speed_and_distance_fall_back_to_fitdecode() -> None:
    path = DATA / "fit/fitparse__compressed-speed-distance.fit"
    data = path.read_bytes()
    assert decode_fit_columns(data, file=path.name) is None
    (run,) = io_fit.from_fit_bytes(data, file=path.name)
    (oracle,) = io_fit.recordings_from(_oracle(data, file=path.name), file=path.name)
    assert run == oracle
    assert run.samples.equals(oracle.samples)
    assert run.samples["distance_m"].notna().any()


def test_a_bad_crc_is_read_like_fitdecode_reads_it() -> None:
    data = bytearray((DATA / "fit/runpandas__run.fit").read_bytes())
    data[-2:] = bytes([data[-2] ^ 0xFF, data[-1] ^ 0xFF])
    fast = decode_fit_columns(bytes(data), file="bad-crc.fit")
    assert fast is not None
    ref = _oracle(bytes(data), file="bad-crc.fit")
    assert_same_content(fast, ref)


def _compressed_body(start: int) -> bytes:
    """Records with compressed timestamp headers (an Edge 500's way), rolling
    over the 32-second offset, after one full timestamp; the activity message
    has one too, and a record has both a header time and a timestamp field."""
    body = _definition(0, 0, [(0, 1, 0x00)], "<") + bytes([0, 4])  # file_id: activity
    body += _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02)], "<")
    body += bytes([0]) + struct.pack("<IB", start, 140)
    body += _definition(1, 20, [(3, 1, 0x02), (6, 2, 0x84)], "<")
    stamp = start
    for step in (7, 9, 13, 2, 31, 1, 40):  # a 40 s gap wraps more than once
        stamp += step
        body += bytes([0x80 | (1 << 5) | (stamp & 0x1F)]) + struct.pack(
            "<BH", 150, 3000
        )
    body += bytes([0x80 | (0 << 5) | ((stamp + 3) & 0x1F)])
    body += struct.pack("<IB", stamp + 100, 151)  # the header's time wins
    body += _definition(2, 34, [(5, 4, 0x86)], "<")
    body += bytes([0x80 | (2 << 5) | ((stamp + 9) & 0x1F)]) + struct.pack(
        "<I", 1_100_000_000
    )
    return body


@pytest.mark.parametrize("chained", [1, 2], ids=["one-file", "two-chained-files"])
def test_compressed_timestamp_headers_give_fitdecodes_times(chained: int) -> None:
    data = _fit(*[_compressed_body(1_000_000_000 + 5000 * k) for k in range(chained)])
    fast = decode_fit_columns(data, file="edge500.fit")
    assert fast is not None
    ref = _oracle(data, file="edge500.fit")
    assert_same_content(fast, ref)
    assert_same_recordings(fast, ref, "edge500.fit")
    assert np.isfinite(fast.columns["abs"]).all()
    assert "timestamp" in fast.activity


def test_a_compressed_header_of_an_undefined_type_is_an_error_as_in_fitdecode() -> None:
    data = bytearray((DATA / "fit/runpandas__run.fit").read_bytes())
    data[data[0]] = 0x80  # the first message, as a compressed header of type 0
    with pytest.raises(ActivityFileError, match="local message 0 not defined"):
        decode_fit_columns(bytes(data), file="compressed.fit")
    with pytest.raises(ActivityFileError):
        _oracle(bytes(data), file="compressed.fit")


_SMALL = (DATA / "fit/fitparse__garmin-fenix-5-run.fit").read_bytes()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
# Found by this test and by a sweep of every byte of the definitions (bench
# notes in the issue): a field number turned into a second `type` of file_id;
# a date_time field declared as four enum bytes (fitdecode's processor fails
# on the tuple); device_info renumbered as `hr` with event_timestamp_12
# (fitdecode asserts on the strap's clock).
@example(changes=[(23, 0)])
@example(changes=[(25, 0)])
@example(changes=[(120, 132)])
@given(
    changes=st.lists(
        st.tuples(st.integers(14, len(_SMALL) - 3), st.integers(0, 255)),
        min_size=1,
        max_size=4,
    )
)
def test_damaged_bytes_give_fitdecode_values_or_an_error(
    changes: list[tuple[int, int]],
) -> None:
    data = bytearray(_SMALL)
    for index, value in changes:
        data[index] = value
    try:
        ref = _oracle(bytes(data), file="damaged.fit")
    except ActivityFileError:
        with pytest.raises(ActivityFileError):
            _fallback(bytes(data), file="damaged.fit")
        with pytest.raises(ActivityFileError):
            _fast_or_fallback(bytes(data))
        return
    assert_same_content(_fallback(bytes(data), file="damaged.fit"), ref)
    assert_same_content(_fast_or_fallback(bytes(data)), ref)


def _fast_or_fallback(data: bytes) -> FitContent:
    fast = decode_fit_columns(data, file="damaged.fit")
    return _fallback(data, file="damaged.fit") if fast is None else fast


def _developer_fit(dev_size: int) -> bytes:
    """A record layout with a developer field named heart_rate (uint16) of `dev_size` bytes."""
    body = _definition(0, 0, [(0, 1, 0x00)], "<") + bytes([0, 4])  # file_id: activity
    body += _definition(1, 207, [(3, 1, 0x02)], "<") + bytes([1, 0])
    description = [(0, 1, 0x02), (1, 1, 0x02), (2, 1, 0x02), (3, 11, 0x07)]
    body += _definition(2, 206, description, "<")
    body += bytes([2, 0, 0, 0x84]) + b"heart_rate\x00"
    record = _definition(3, 20, [(253, 4, 0x86), (3, 1, 0x02)], "<")
    body += bytes([record[0] | 0x20]) + record[1:] + bytes([1, 0, dev_size, 0])
    for second in range(5):
        body += bytes([3]) + struct.pack("<IB", 1_000_000_000 + second, 150)
        body += (0xBEEF).to_bytes(2, "little") + bytes(dev_size - 2)
    header = struct.pack("<BBHI4s", 12, 0x10, 2100, len(body), b".FIT")
    return header + body + b"\x00\x00"


def test_a_developer_field_never_replaces_the_watchs_own() -> None:
    data = _developer_fit(2)
    fast = decode_fit_columns(data, file="dev.fit")
    assert fast is not None
    assert (fast.columns["hr"] == 150).all()
    assert_same_content(fast, _oracle(data, file="dev.fit"))


def test_a_developer_field_its_type_does_not_divide_goes_to_fitdecode() -> None:
    # fitdecode reads one uint16 of the three bytes, so every later message
    # shifts: only fitdecode can say what it makes of that.
    assert decode_fit_columns(_developer_fit(3), file="dev.fit") is None


def _strap_body(*, anchored: bool) -> bytes:
    """A record, then a strap's hr messages: event_timestamp (if `anchored`),
    then two event_timestamp_12 messages (twelve-bit offsets from it)."""
    body = _definition(0, 0, [(0, 1, 0x00)], "<") + bytes([0, 4])  # file_id: activity
    body += _definition(1, 20, [(253, 4, 0x86), (3, 1, 0x02)], "<")
    body += bytes([1]) + struct.pack("<IB", 1_000_000_000, 150)
    body += bytes([1]) + struct.pack("<IB", 1_000_000_001, 151)
    if anchored:
        body += _definition(2, 132, [(9, 4, 0x86)], "<")
        body += bytes([2]) + struct.pack("<I", 5000)
    body += _definition(3, 132, [(10, 12, 0x0D), (6, 8, 0x02)], "<")
    for k in range(2):
        body += bytes([3]) + bytes(range(k, k + 12)) + bytes(range(100, 108))
    return body


def _fit(*bodies: bytes) -> bytes:
    return b"".join(
        struct.pack("<BBHI4s", 12, 0x10, 2100, len(body), b".FIT") + body + b"\0\0"
        for body in bodies
    )


def test_a_heart_rate_straps_messages_are_read_fast_when_fitdecode_reads_them() -> None:
    data = _fit(_strap_body(anchored=True))
    fast = decode_fit_columns(data, file="strap.fit")
    assert fast is not None
    assert_same_content(fast, _oracle(data, file="strap.fit"))


@pytest.mark.parametrize(
    "data",
    [
        _fit(_strap_body(anchored=False)),
        # the anchor is in the first chained file; fitdecode's clock restarts
        _fit(_strap_body(anchored=True), _strap_body(anchored=False)),
    ],
    ids=["no-anchor", "anchor-in-an-earlier-chained-file"],
)
def test_a_heart_rate_strap_without_its_anchor_goes_to_fitdecode(data: bytes) -> None:
    assert decode_fit_columns(data, file="strap.fit") is None
    with pytest.raises(ActivityFileError):
        _oracle(data, file="strap.fit")


def test_the_file_type_is_the_first_file_id_that_names_one() -> None:
    # found by damaging chained files: the first file_id lost its type field
    first = bytearray(_compressed_body(1_000_000_000))
    first[6] = 64  # file_id's field 0 (type) renumbered: no type in this file
    data = _fit(bytes(first), _compressed_body(1_000_005_000))
    fast = decode_fit_columns(data, file="chained.fit")
    assert fast is not None
    assert fast.file_type == "activity"
    assert_same_content(fast, _oracle(data, file="chained.fit"))


def test_a_file_ending_inside_a_developer_field_definition_is_an_error() -> None:
    # found by damaging files at random: the fast path let a ValueError escape
    whole = _developer_fit(2)
    data = whole[: whole.index(bytes([1, 0, 2, 0])) + 2]  # cut in the developer list
    assert decode_fit_columns(data, file="cut.fit") is None
    with pytest.raises(ActivityFileError):
        io_fit.from_fit_bytes(data, file="cut.fit")
