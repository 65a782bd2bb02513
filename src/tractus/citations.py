"""Sources as a runner reads them: authors, year, journal, with a link when there is one.

The core's evidence trail names our reference file ("clinical.md §4.5
(Heiderscheit 2011; Anderson 2022)"); clinicians read it as it is. A runner reads
the studies instead, or nothing when a rule rests on convention alone. The
entries below are clinical.md §9 (source index) in full words; the links are
the DOIs it gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Citation", "citations", "without_file_references"]


@dataclass(frozen=True, slots=True)
class Citation:
    text: str  # "Heiderscheit BC et al., 2011, Medicine & Science in Sports & Exercise"
    url: str = ""


# "Author YEAR" as the core's sources cite them -> the full entry (clinical.md §9).
SOURCE_INDEX: dict[str, Citation] = {
    "Aderem & Louw 2015": Citation(
        "Aderem J, Louw QA, 2015, BMC Musculoskeletal Disorders",
        "https://doi.org/10.1186/s12891-015-0808-7",
    ),
    "Anderson 2022": Citation(
        "Anderson LM et al., 2022, Sports Medicine - Open",
        "https://doi.org/10.1186/s40798-022-00504-0",
    ),
    "Bramah 2018": Citation(
        "Bramah C et al., 2018, American Journal of Sports Medicine"
    ),
    "Foch & Milner 2014": Citation(
        "Foch E, Milner CE, 2014, Journal of Applied Biomechanics"
    ),
    "Heiderscheit 2011": Citation(
        "Heiderscheit BC et al., 2011, Medicine & Science in Sports & Exercise"
    ),
    "Meardon 2012": Citation("Meardon SA et al., 2012, Sports Biomechanics"),
    "Orchard 1996": Citation(
        "Orchard JW et al., 1996, American Journal of Sports Medicine"
    ),
    "Suárez 2019": Citation(
        "Suárez et al., 2019, Revista Andaluza de Medicina del Deporte"
    ),
}

_AUTHOR_YEAR = re.compile(
    r"\b([A-Z][\w'-]+(?: (?:&|and) [A-Z][\w'-]+)?)(?: et al\.?)?,? ((?:19|20)\d\d)\b"
)
# Our reference file and its section numbers: "clinical.md §7.1, §8",
# "clinical.md §4.4-4.6".
_FILE_REFERENCE = re.compile(
    r"clinical\.md(?:,? ?(?:and )?§\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?)*"
)
# A whole aside that only points at the file: "(clinical.md §5.8 C)".
_FILE_ASIDE = re.compile(r"\s*\(clinical\.md[^():]*\)")
_TIDY = (
    (re.compile(r"\(\s*[;,:]\s*"), "("),  # "(: 2-D angles ..." -> "(2-D angles ..."
    (re.compile(r"\s*[;,:]\s*\)"), ")"),  # "(r 0.64, )" -> "(r 0.64)"
    (re.compile(r"\s*\(\s*\)"), ""),  # "Salaffi 2004 ()" -> "Salaffi 2004"
    (re.compile(r"^\s*[;,:]\s*"), ""),
    (re.compile(r"\s{2,}"), " "),
)


def citations(source: str) -> tuple[Citation, ...]:
    """The studies a source names, each once; empty when it names none.

    References
    ----------
    clinical.md §9 (source index).
    """
    found: dict[str, Citation] = {}
    for author, year in _AUTHOR_YEAR.findall(source):
        key = f"{author} {year}"
        found.setdefault(key, SOURCE_INDEX.get(key, Citation(f"{author}, {year}")))
    return tuple(found.values())


def without_file_references(text: str) -> str:
    """A note with the references to our reference file taken out."""
    plain = _FILE_REFERENCE.sub("", _FILE_ASIDE.sub("", text))
    for pattern, replacement in _TIDY:
        plain = pattern.sub(replacement, plain)
    return plain.strip()
