"""Typed reads of FHIR JSON for the importers, each failure naming its field.

An import reads untrusted JSON: every value is checked for presence and type here,
and a failure raises `FhirInputError` with the path of the field, so the message a
person reads says which field of which resource is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from tractus.errors import FhirInputError

__all__ = [
    "read_date",
    "read_datetime",
    "read_list",
    "read_mapping",
    "read_number",
    "read_optional_str",
    "read_str",
]

T = TypeVar("T")


def read_mapping(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    """`data[name]`, an object."""
    value = data.get(name)
    if not isinstance(value, Mapping):
        raise FhirInputError(f"{where}.{name}", "must be an object")
    return value


def read_list(data: Mapping[str, Any], name: str, where: str) -> list[Any]:
    """`data[name]`, a list (an absent list is empty, as FHIR omits empty arrays)."""
    value = data.get(name, [])
    if not isinstance(value, list):
        raise FhirInputError(f"{where}.{name}", "must be a list")
    return value


def read_str(data: Mapping[str, Any], name: str, where: str) -> str:
    """`data[name]`, a non-empty string."""
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise FhirInputError(f"{where}.{name}", "is missing or not text")
    return value


def read_optional_str(data: Mapping[str, Any], name: str, where: str) -> str:
    """`data[name]` as text, empty when absent."""
    value = data.get(name, "")
    if not isinstance(value, str):
        raise FhirInputError(f"{where}.{name}", "must be text")
    return value


def read_number(data: Mapping[str, Any], name: str, where: str) -> float:
    """`data[name]`, a finite number (not a boolean)."""
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FhirInputError(f"{where}.{name}", f"must be a number, not {value!r}")
    return float(value)


def read_datetime(data: Mapping[str, Any], name: str, where: str) -> datetime:
    """`data[name]`, a FHIR dateTime with a time zone."""
    text = read_str(data, name, where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FhirInputError(f"{where}.{name}", f"not a date-time: {text!r}") from None
    if moment.tzinfo is None:
        raise FhirInputError(f"{where}.{name}", "a date-time needs its time zone")
    return moment


def read_date(data: Mapping[str, Any], name: str, where: str) -> date:
    """`data[name]`, a FHIR date (YYYY-MM-DD)."""
    text = read_str(data, name, where)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FhirInputError(f"{where}.{name}", f"not a date: {text!r}") from None
