"""Limits and hardened parsing for untrusted activity files.

Activity files arrive from runners' uploads, so every input is treated as
hostile: sizes are capped before anything is decompressed or parsed, gzip is
inflated with a bounded output, and XML is parsed by lxml with entity
resolution, network access and huge trees switched off. A document type
declaration (the carrier of entity bombs and external entities) is refused
outright: no GPX or TCX writer needs one. References: activities.md section 1
(parser behaviour) and DESIGN.md "Data rules".
"""

from __future__ import annotations

import threading
import zlib

from lxml import etree

from tractus.errors import ActivityFileError, ActivityProblem
from tractus.sizes import format_size

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_ENTRIES",
    "MAX_ARCHIVE_TOTAL_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "check_size",
    "gunzip_bounded",
    "parse_xml",
]

# One activity file, uncompressed. The largest real file in the fixtures is
# 3.3 MB (86-minute ride, TCX); a 24-hour ultra at 1 Hz in TCX is about 60 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
# An uploaded export archive. Strava exports with photos run to a few GB, but we
# only need the activity files; runners can upload the zip without media.
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
# Sum of the declared uncompressed sizes of every entry of an archive.
MAX_ARCHIVE_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
# Entries in one archive: ten years of daily runs plus their media is ~10k.
MAX_ARCHIVE_ENTRIES = 50_000
# Uncompressed / compressed size. Real GPX/TCX compress 8-20x, FIT 2-5x; zip
# bombs reach 1000x and more.
MAX_COMPRESSION_RATIO = 100.0

_PARSERS = threading.local()
_FORBIDDEN_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")


def _parser() -> etree.XMLParser:
    """One hardened parser per thread: lxml parsers must not be shared by threads."""
    parser: etree.XMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )
        _PARSERS.parser = parser
    return parser


def check_size(
    size_bytes: int, *, file: str, limit_bytes: int = MAX_FILE_BYTES
) -> None:
    """Refuse a file larger than `limit_bytes`.

    Raises
    ------
    ActivityFileError
        If `size_bytes` exceeds the limit; the message gives both sizes.
    """
    if size_bytes > limit_bytes:
        raise ActivityFileError(
            file,
            f"file is {format_size(size_bytes)}, over the limit of "
            f"{format_size(limit_bytes)}",
            kind=ActivityProblem.TOO_LARGE,
        )


def gunzip_bounded(data: bytes, *, file: str) -> bytes:
    """Inflate gzip `data`, refusing output over `MAX_FILE_BYTES` or a bomb-like ratio.

    Raises
    ------
    ActivityFileError
        If the data is not valid gzip, inflates past the size limit or past
        `MAX_COMPRESSION_RATIO` times its compressed size.
    """
    limit = min(MAX_FILE_BYTES, int(max(len(data), 1024) * MAX_COMPRESSION_RATIO))
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ActivityFileError(
            file, f"not a valid gzip file ({exc})", kind=ActivityProblem.CORRUPT
        ) from None
    if len(out) > limit:
        raise ActivityFileError(
            file,
            f"gzip content inflates past {format_size(limit)} (size or "
            f"compression-ratio limit); refused as a possible zip bomb",
            kind=ActivityProblem.UNSAFE,
        )
    if not inflater.eof:
        raise ActivityFileError(
            file, "gzip file is truncated", kind=ActivityProblem.TRUNCATED
        )
    return out


def parse_xml(data: bytes, *, file: str) -> etree._Element:
    """Parse untrusted XML with lxml, hardened; return the root element.

    Leading whitespace (Strava writes ~10 spaces before ``<?xml``) is removed
    first. Malformed XML is refused rather than recovered, so nothing guessed is
    imported.

    Raises
    ------
    ActivityFileError
        If the document declares a DOCTYPE or entities, or is not well-formed XML.
    """
    body = data.lstrip(b" \t\r\n")
    for marker in _FORBIDDEN_MARKUP:
        if marker in body:
            raise ActivityFileError(
                file,
                "XML declares a DOCTYPE or entities; refused for safety",
                kind=ActivityProblem.UNSAFE,
            )
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise ActivityFileError(
            file, f"malformed XML: {exc}", kind=ActivityProblem.CORRUPT
        ) from None
    tree = root.getroottree()
    # Catches declarations the byte scan cannot see (e.g. UTF-16 documents).
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ActivityFileError(
            file,
            "XML declares a DOCTYPE or entities; refused for safety",
            kind=ActivityProblem.UNSAFE,
        )
    return root
