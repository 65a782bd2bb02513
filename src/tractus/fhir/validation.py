"""Checking emitted FHIR resources against the R5 models of `fhir.resources`.

The mapping modules build plain dicts; this is where they meet the real FHIR
models, so anything the project exports can be validated (in tests, and by the
web before a download).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["FHIR_VERSION", "validate_resource"]

FHIR_VERSION = "R5"


def validate_resource(resource: Mapping[str, Any]) -> None:
    """Validate a FHIR R5 resource dict; raise `ValueError` when it is not valid.

    Parameters
    ----------
    resource
        A resource with a ``resourceType`` (a Bundle validates its entries too).

    Raises
    ------
    ValueError
        Unknown ``resourceType``, or the model's validation errors
        (``pydantic.ValidationError`` is a `ValueError`). A value of the wrong
        JSON type can make the library itself fail (fhir.resources 8 hashes a
        list given for a ``uri``): that is a `ValueError` too, so a hostile file
        is refused, never a crash.
    """
    # Imported here: pydantic models are slow to import and only needed to check.
    from fhir.resources import get_fhir_model_class

    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str):
        raise ValueError("resource has no resourceType")
    try:
        model = get_fhir_model_class(resource_type)
    except (KeyError, ValueError) as error:
        raise ValueError(f"unknown FHIR resourceType {resource_type!r}") from error
    try:
        model.model_validate(dict(resource))
    except (TypeError, AttributeError, KeyError, IndexError) as error:
        raise ValueError(f"not readable as FHIR R5: {error}") from error
