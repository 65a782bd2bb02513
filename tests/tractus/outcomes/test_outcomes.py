"""LEFS scoring and meaningful change (clinical.md §7.1, §7.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tractus.outcomes
from tractus.errors import RehabInputError
from tractus.outcomes import (
    LEFS_ATTRIBUTION,
    LEFS_ITEMS,
    LEFS_MAX,
    LEFS_OPTIONS,
    Measure,
    assess_change,
    score_lefs,
)

answer_sets = st.lists(st.integers(0, 4), min_size=20, max_size=20)


def test_all_is_sorted_and_complete():
    assert tractus.outcomes.__all__ == sorted(tractus.outcomes.__all__)
    assert all(hasattr(tractus.outcomes, n) for n in tractus.outcomes.__all__)


def test_the_form_is_the_published_one():
    assert len(LEFS_ITEMS) == 20 and LEFS_MAX == 80
    assert [score for score, _ in LEFS_OPTIONS] == [0, 1, 2, 3, 4]
    assert LEFS_ITEMS[15] == "Running on even ground"  # item 16 (clinical.md §7.1)
    assert LEFS_ITEMS[18] == "Hopping"  # item 19
    assert "Binkley" in LEFS_ATTRIBUTION and "1999" in LEFS_ATTRIBUTION


@given(answer_sets)
def test_lefs_is_the_sum_of_the_items(answers):
    total = score_lefs(answers)
    assert total == sum(answers)
    assert 0 <= total <= 80


@given(answer_sets, st.integers(0, 19))
def test_less_difficulty_on_one_item_never_lowers_the_score(answers, index):
    better = list(answers)
    better[index] = min(4, better[index] + 1)
    assert score_lefs(better) >= score_lefs(answers)


def test_the_extremes():
    assert score_lefs([0] * 20) == 0
    assert score_lefs([4] * 20) == 80


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([4] * 19, "needs 20 answers, got 19"),
        ([4] * 19 + [5], "lefs item 20: must be 0 to 4"),
        ([4] * 19 + [-1], "lefs item 20"),
        ([True] + [4] * 19, "lefs item 1"),
    ],
)
def test_an_incomplete_or_invalid_form_is_not_scored(answers, message):
    with pytest.raises(RehabInputError, match=message):
        score_lefs(answers)


@pytest.mark.parametrize(
    ("baseline", "latest", "meaningful", "improved"),
    [
        (40, 49, True, True),  # 9 points: the MCID
        (40, 48, False, True),
        (70, 60, True, False),  # a meaningful worsening is flagged too
    ],
)
def test_lefs_change_against_nine_points(baseline, latest, meaningful, improved):
    change = assess_change(Measure.LEFS, baseline, latest)
    assert (change.meaningful, change.improved) == (meaningful, improved)
    assert "9 points" in change.basis


@pytest.mark.parametrize(
    ("baseline", "latest", "meaningful"),
    [(6, 4, True), (6, 5, False), (3, 2, True), (2, 2, False), (0, 1, False)],
)
def test_pain_change_by_two_points_or_thirty_percent(baseline, latest, meaningful):
    change = assess_change(Measure.PAIN_RUN, baseline, latest)
    assert change.meaningful is meaningful
    assert "2 points or 30%" in change.basis


def test_pain_free_distance_has_no_mcid_and_says_so():
    change = assess_change(Measure.PAIN_FREE_DISTANCE_KM, 2.0, 5.0)
    assert change.meaningful is None and change.improved
    assert "No published" in change.basis


@given(st.integers(0, 10), st.integers(0, 10))
def test_lower_pain_is_an_improvement(baseline, latest):
    change = assess_change(Measure.PAIN_REST, baseline, latest)
    assert change.improved == (latest < baseline)
