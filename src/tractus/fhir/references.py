"""Stable full URLs, identifiers and references shared by the record's mappers.

Every resource of a runner's record is named by a ``urn:uuid`` derived from the base
URL and the resource's own keys (an account e-mail, a row's public id), so the same
record always gives the same Bundle, on this instance or after an import into another.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from tractus.errors import FhirInputError

__all__ = [
    "clinic_key_of",
    "clinic_reference",
    "identifier",
    "identifier_value",
    "resource_url",
]


def resource_url(base_url: str, *parts: str) -> str:
    """A stable ``urn:uuid`` full URL from the base and the resource's keys."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join((base_url, *parts)))}"


def identifier(base_url: str, kind: str, value: str) -> dict[str, str]:
    """An identifier in the instance's naming system for `kind` (clinic, assessment)."""
    return {"system": f"{base_url}NamingSystem/{kind}", "value": value}


def clinic_reference(base_url: str, key: str, name: str) -> dict[str, Any]:
    """A clinic (Organization) named by its identifier and display, not a resource."""
    return {"identifier": identifier(base_url, "clinic", key), "display": name}


def identifier_value(
    identifiers: object, *, system: str, where: str = "identifier"
) -> str:
    """The value of the identifier with `system` in a list; `FhirInputError` if none."""
    if isinstance(identifiers, list):
        for i in identifiers:
            if isinstance(i, Mapping) and i.get("system") == system:
                value = i.get("value")
                if isinstance(value, str) and value:
                    return value
    raise FhirInputError(where, f"no identifier of system {system}")


def clinic_key_of(reference: object, *, base_url: str, where: str) -> tuple[str, str]:
    """(key, name) of a clinic reference made by `clinic_reference`."""
    if not isinstance(reference, Mapping):
        raise FhirInputError(where, "must name the clinic")
    system = f"{base_url}NamingSystem/clinic"
    key = identifier_value(
        [reference.get("identifier")], system=system, where=f"{where}.identifier"
    )
    name = reference.get("display")
    if not isinstance(name, str) or not name.strip():
        raise FhirInputError(f"{where}.display", "the clinic's name is missing")
    return key, name
