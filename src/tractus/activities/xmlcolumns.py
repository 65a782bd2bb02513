"""Helpers for the fast, column-wise reading of GPX/TCX track points.

The per-point readers called a function per point, split every tag into its
local name and converted every number on its own, at ~25 us per point. The
fast paths walk the same elements in one loop, classify each distinct tag
once (`TagKinds`, matching by local name as before), keep the raw texts, and
convert each column in one call (`floats_from_texts`). The tests check, on
every fixture, that both paths give identical columns. References:
activities.md section 2 (parsing speed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "Misaligned",
    "TagKinds",
    "float_or_nan",
    "floats_from_texts",
    "local_name",
    "merge",
    "positions_of",
    "scatter",
]

FloatArray = npt.NDArray[np.float64]
_MAX_CACHED_TAGS = 4096


def local_name(tag: object) -> str:
    """Local part of an lxml tag (``{ns}name`` -> ``name``); '' for non-elements."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def float_or_nan(text: str | None) -> float:
    """`float(text)`; NaN for None, empty text or text float() refuses."""
    try:
        return float(text) if text else np.nan
    except ValueError:
        return np.nan


def floats_from_texts(texts: list[str | None]) -> FloatArray:
    """Texts to floats as ``float()`` reads them; None, empty or invalid give NaN."""
    try:
        # A None raises TypeError here on purpose: the per-text path below reads it.
        return np.array(list(map(float, texts)), dtype=np.float64)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.array([float_or_nan(text) for text in texts], dtype=np.float64)


class TagKinds(dict[object, str | None]):
    """Maps a full tag to the field it holds, classified once by its local name.

    `classify` receives the local name and returns the field (or '' or None for a
    tag that holds nothing of interest, as ``dict.get`` gives).
    """

    def __init__(self, classify: Callable[[str], str | None]) -> None:
        super().__init__()
        self._classify = classify

    def __missing__(self, tag: object) -> str | None:
        kind = self._classify(local_name(tag))
        # Only element tags are kept, and only so many: a hostile file could
        # otherwise grow the table with made-up namespaces.
        if isinstance(tag, str) and len(self) < _MAX_CACHED_TAGS:
            self[tag] = kind
        return kind


class Misaligned(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A field's elements do not map one-to-one onto points: read per point."""


def positions_of(owners: list[Any], index: dict[Any, int]) -> list[int]:
    """Index of each owner in `index`; `Misaligned` if one is not there."""
    try:
        return [index[owner] for owner in owners]
    except KeyError:
        raise Misaligned from None


def scatter(positions: list[int], values: list[Any], size: int) -> list[Any]:
    """`values` placed at `positions` of a list of `size` Nones (one per point).

    Raises
    ------
    Misaligned
        If a position occurs twice (the per-point reader would keep the last).
    """
    if len(set(positions)) != len(positions):
        raise Misaligned
    out: list[Any] = [None] * size
    for position, value in zip(positions, values, strict=True):
        out[position] = value
    return out


def merge(first: list[Any], second: list[Any]) -> list[Any]:
    """Per point, the value of whichever list has one; `Misaligned` if both do."""
    if all(value is None for value in second):
        return first
    if any(a is not None and b is not None for a, b in zip(first, second, strict=True)):
        raise Misaligned
    return [a if b is None else b for a, b in zip(first, second, strict=True)]
