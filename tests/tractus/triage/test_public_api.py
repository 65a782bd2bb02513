"""The public API of the triage and FHIR packages is explicit and sorted."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tractus.fhir
import tractus.triage


@pytest.mark.parametrize(
    "package", [tractus.triage, tractus.fhir], ids=lambda p: p.__name__
)
def test_all_is_sorted_and_complete(package):
    assert package.__all__ == sorted(package.__all__)
    for name in package.__all__:
        assert hasattr(package, name), name


def test_the_triage_core_imports_without_django_or_pydantic():
    code = (
        "import sys, tractus.triage, tractus.fhir, tractus.triage.cli; "
        "print('django' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
