"""A motion-lab analysis as a FHIR R5 ``DocumentReference`` and an ``Observation``.

The DocumentReference holds what the analysis produced, as it was produced: the
report (JSON) and its key-frame pictures (JPEG), so an import restores the analysis
exactly. The Observation, derived from it, gives the numbers to a reader that does
not know the report: each gait metric (or each repetition's range) a component with
its uncertainty (the ``iso21090-uncertainty`` extension), the camera view it needs
as the method, and the report's warnings as notes (numbers from video carry their
conditions, DESIGN.md).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tractus.errors import FhirInputError
from tractus.fhir.questionnaire import DEFAULT_BASE_URL, fhir_datetime
from tractus.fhir.reading import read_datetime, read_list, read_mapping, read_str
from tractus.fhir.references import identifier, identifier_value

__all__ = [
    "MotionRecord",
    "document_to_motion",
    "motion_to_document",
    "motion_to_observation",
    "picture_type",
]

_UNCERTAINTY = "http://hl7.org/fhir/StructureDefinition/iso21090-uncertainty"
_UCUM = "http://unitsofmeasure.org"
_UCUM_UNITS = {"spm": "/min", "deg": "deg", "s": "s", "cm": "cm", "m": "m", "%": "%"}
_REPORT_TYPE = "application/json"
# Key frames are JPEG (the renderer's format); PNG is read too. Known by their bytes.
_PICTURE_START = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


def picture_type(data: bytes) -> str:
    """The content type of a key-frame picture, from its first bytes."""
    for kind, start in _PICTURE_START.items():
        if data.startswith(start):
            return kind
    raise ValueError("a key frame is neither a JPEG nor a PNG picture")


# A key frame is a video frame: each side within these, portrait or landscape.
PICTURE_SIDE_PX = (16, 4096)
PICTURE_MAX_ASPECT = 4.0
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def picture_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a JPEG's or PNG's header, without decoding it.

    A picture in an imported record is checked before anything decodes it: a few
    bytes can claim a picture of gigapixels. OpenCV, which draws and shrinks key
    frames, has no header-only read, and the two headers are short to walk.
    """
    if picture_type(data) == "image/png":
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise ValueError("a PNG picture without its header")
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            raise ValueError("a JPEG picture with a damaged header")
        marker = data[at + 1]
        if marker in _JPEG_FRAME_MARKERS:
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            return int.from_bytes(data[at + 7 : at + 9], "big"), height
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    raise ValueError("a JPEG picture without its size")


def check_picture_size(data: bytes) -> None:
    """`ValueError` unless the picture has the shape of a video frame."""
    width, height = picture_size(data)
    low, high = PICTURE_SIDE_PX
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(
            f"a key frame is {width} x {height} px; each side must be {low} to {high}"
        )
    if max(width, height) > PICTURE_MAX_ASPECT * min(width, height):
        raise ValueError(f"a key frame of {width} x {height} px is not a video frame")


@dataclass(frozen=True, slots=True)
class MotionRecord:
    """One finished analysis: its report and key-frame pictures, in order."""

    key: str
    title: str
    report: Mapping[str, Any]
    key_frames: Sequence[bytes]
    created: datetime
    finished: datetime


def _attachment(content_type: str, data: bytes, title: str) -> dict[str, Any]:
    return {
        "attachment": {
            "contentType": content_type,
            "data": base64.b64encode(data).decode("ascii"),
            "title": title,
        }
    }


def motion_to_document(
    record: MotionRecord, *, subject_reference: str, base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """The report and key frames as one current DocumentReference."""
    report = json.dumps(record.report, sort_keys=True).encode("utf-8")
    labels = [str(k.get("label", "")) for k in record.report.get("key_frames", [])]
    pictures = [
        _attachment(
            picture_type(picture), picture, labels[n] if n < len(labels) else ""
        )
        for n, picture in enumerate(record.key_frames)
    ]
    return {
        "resourceType": "DocumentReference",
        "identifier": [identifier(base_url, "motion-analysis", record.key)],
        "status": "current",
        "type": {"text": f"Motion analysis report: {record.title}"},
        "subject": {"reference": subject_reference},
        "date": fhir_datetime(record.created),
        "period": {
            "start": fhir_datetime(record.created),
            "end": fhir_datetime(record.finished),
        },
        "content": [_attachment(_REPORT_TYPE, report, "report.json"), *pictures],
    }


def _quantity(value: float, unit: str, uncertainty: float | None) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value, "unit": unit}
    if unit in _UCUM_UNITS:
        quantity |= {"system": _UCUM, "code": _UCUM_UNITS[unit]}
    if uncertainty is not None:
        quantity["extension"] = [{"url": _UNCERTAINTY, "valueDecimal": uncertainty}]
    return quantity


def _metric_components(
    report: Mapping[str, Any], base_url: str
) -> list[dict[str, Any]]:
    system = f"{base_url}CodeSystem/motion-metric"
    components = []
    for name, metric in sorted(report.get("metrics", {}).items()):
        if metric.get("value") is None:
            continue  # not measurable in this clip: left out, never 0
        components.append(
            {
                "code": {"coding": [{"system": system, "code": name}]},
                "valueQuantity": _quantity(
                    metric["value"],
                    str(metric.get("unit", "")),
                    metric.get("uncertainty"),
                ),
            }
        )
    uncertainty = report.get("angle_uncertainty_deg")
    for n, rep in enumerate(report.get("reps", []), start=1):
        components.append(
            {
                "code": {
                    "coding": [{"system": system, "code": "repetition_range_deg"}],
                    "text": f"Repetition {n}: range",
                },
                "valueQuantity": _quantity(rep["range_deg"], "deg", uncertainty),
            }
        )
    return components


def motion_to_observation(
    record: MotionRecord,
    *,
    document_reference: str,
    subject_reference: str,
    base_url: str = DEFAULT_BASE_URL,
) -> dict[str, Any]:
    """The analysis's numbers as a final Observation derived from its report."""
    report = record.report
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/"
                        "observation-category",
                        "code": "exam",
                    }
                ]
            }
        ],
        "code": {
            "coding": [
                {
                    "system": f"{base_url}CodeSystem/motion-analysis",
                    "code": "exercise" if "exercise" in report else "gait",
                }
            ],
            "text": record.title,
        },
        "subject": {"reference": subject_reference},
        "effectiveDateTime": fhir_datetime(record.created),
        "issued": fhir_datetime(record.finished),
        "method": {"text": f"Video pose estimation, {report.get('camera_view')} view"},
        "derivedFrom": [{"reference": document_reference}],
    }
    if "rep_count" in report:
        observation["valueInteger"] = report["rep_count"]
    components = _metric_components(report, base_url)
    if components:
        observation["component"] = components
    notes = [str(w) for w in report.get("warnings", [])]
    if notes:
        observation["note"] = [{"text": w} for w in notes]
    return observation


def _decoded(content: Mapping[str, Any], where: str) -> tuple[str, bytes]:
    attachment = read_mapping(content, "attachment", where)
    kind = read_str(attachment, "contentType", f"{where}.attachment")
    try:
        data = base64.b64decode(
            read_str(attachment, "data", f"{where}.attachment"), validate=True
        )
    except (binascii.Error, ValueError):
        raise FhirInputError(f"{where}.attachment.data", "not base64") from None
    return kind, data


def document_to_motion(
    document: Mapping[str, Any], *, title: str, base_url: str = DEFAULT_BASE_URL
) -> MotionRecord:
    """The analysis a DocumentReference of `motion_to_document` holds."""
    key = identifier_value(
        read_list(document, "identifier", "DocumentReference"),
        system=f"{base_url}NamingSystem/motion-analysis",
    )
    contents = read_list(document, "content", "DocumentReference")
    report: Any = None
    pictures: list[bytes] = []
    for n, content in enumerate(contents):
        where = f"content[{n}]"
        if not isinstance(content, Mapping):
            raise FhirInputError(where, "must be an object")
        kind, data = _decoded(content, where)
        if kind == _REPORT_TYPE and report is None:
            try:
                report = json.loads(data)
            except ValueError:
                raise FhirInputError(f"{where}.attachment.data", "not JSON") from None
        elif kind in _PICTURE_START:
            if not data.startswith(_PICTURE_START[kind]):
                raise FhirInputError(
                    f"{where}.attachment.data", f"its bytes are not {kind}"
                )
            try:
                check_picture_size(data)
            except ValueError as error:
                raise FhirInputError(f"{where}.attachment.data", str(error)) from None
            pictures.append(data)
        else:
            raise FhirInputError(
                f"{where}.attachment.contentType", f"unexpected {kind!r}"
            )
    if not isinstance(report, dict):
        raise FhirInputError("content", "no JSON report")
    period = read_mapping(document, "period", "DocumentReference")
    return MotionRecord(
        key=key,
        title=title,
        report=report,
        key_frames=tuple(pictures),
        created=read_datetime(period, "start", "DocumentReference.period"),
        finished=read_datetime(period, "end", "DocumentReference.period"),
    )
