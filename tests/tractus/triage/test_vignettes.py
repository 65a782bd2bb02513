"""The clinical vignettes of clinical.md, run through the engine."""

from __future__ import annotations

import pytest

from tractus.triage import Likelihood, NextStep, Urgency, assess

from .vignettes import VIGNETTES, Vignette


def test_there_are_at_least_thirty_vignettes():
    assert len(VIGNETTES) >= 30
    assert len({v.name for v in VIGNETTES}) == len(VIGNETTES)


def test_every_red_flag_and_differential_has_a_vignette():
    from tractus.triage.differentials import DIFFERENTIAL_SPECS
    from tractus.triage.red_flags import RED_FLAG_SPECS

    flags = {flag for v in VIGNETTES for flag in v.red_flags}
    assert flags <= {spec.to_red_flag().id for spec in RED_FLAG_SPECS}
    tops = {top for v in VIGNETTES for top in v.top_differentials}
    assert tops == {spec.id for spec in DIFFERENTIAL_SPECS}


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.name)
def test_engine_matches_the_vignette(vignette: Vignette):
    result = assess(vignette.answers)
    assert result.itbs_likelihood == Likelihood(vignette.likelihood)
    assert result.urgency == Urgency(vignette.urgency)
    assert {flag.id for flag in result.red_flags} == vignette.red_flags
    if vignette.top_differentials:
        assert result.differentials[0].id in vignette.top_differentials
    else:
        assert result.differentials == ()


@pytest.mark.parametrize(
    "vignette", [v for v in VIGNETTES if v.red_flags], ids=lambda v: v.name
)
def test_a_red_flag_always_wins(vignette: Vignette):
    result = assess(vignette.answers)
    assert result.next_step_code in {NextStep.EMERGENCY_CARE, NextStep.URGENT_GP}
    data = result.to_dict()
    assert data["start_exercises"] is False and data["offer_booking"] is False
    assert "do not start" in result.next_step.lower()
