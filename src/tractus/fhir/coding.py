"""Codings every record resource shares: UCUM quantities, observation categories.

One place for the terminology URLs, so a mapper cannot drift from the others.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UCUM", "observation_category", "ucum_quantity"]

UCUM = "http://unitsofmeasure.org"
_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"


def observation_category(code: str) -> dict[str, Any]:
    """An Observation category of FHIR's own value set (exam, activity, therapy...)."""
    return {"coding": [{"system": _CATEGORY_SYSTEM, "code": code}]}


def ucum_quantity(value: float, unit: str) -> dict[str, Any]:
    """A Quantity whose unit is a UCUM code written as it is coded (km, min, s)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}
