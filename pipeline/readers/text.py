"""Plain-text input (what pdftotext or an OCR engine writes): bytes → text.

Archives hold UTF-8 next to legacy GB2312/GBK and Big5 files. Detection order:
a byte-order mark; strict UTF-8; then GB18030 (a superset of GB2312 and GBK) and
Big5-HKSCS (a superset of Big5), settled by charset-normalizer when both decode.
Anything else is refused with a one-line reason, never guessed into mojibake.
"""
from __future__ import annotations

import codecs

from ..errors import PageError

# Signatures of files that are not text at all (users do point tools at PDFs).
BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document (extract its text first, e.g. with pdftotext)"),
    (b"\xff\xd8\xff", "a JPEG image (OCR it first)"),
    (b"\x89PNG", "a PNG image (OCR it first)"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image (OCR it first)"),
    (b"MM\x00*", "a TIFF image (OCR it first)"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
)
LEGACY_ENCODINGS = ("gb18030", "big5hkscs")
# C0 control characters that plain text may hold: tab, newline, vertical tab,
# form feed (pdftotext's page separator), carriage return.
ALLOWED_CONTROLS = frozenset("\t\n\x0b\x0c\r")


def _first_bad_control(text: str) -> int | None:
    for index, char in enumerate(text):
        if char < " " and char not in ALLOWED_CONTROLS:
            return index
        if char == "\x7f":
            return index
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    decoded: dict[str, str] = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise PageError("undecodable bytes: not UTF-8, GB18030/GBK or Big5 text", stage="decode")
    if len(decoded) == 1:
        encoding, text = next(iter(decoded.items()))
        return text, encoding
    import charset_normalizer  # only legacy files pay for detection

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5hkscs", "big5"]).best()
    encoding = "big5hkscs" if best is not None and best.encoding.startswith("big5") else "gb18030"
    return decoded[encoding], encoding


def decode_bytes(data: bytes, encoding: str | None = None, max_line_chars: int = 20000) -> tuple[str, str]:
    """Decode one page; return (text, encoding) or raise PageError with the reason.

    >>> decode_bytes("城市".encode("gb18030"))
    ('城市', 'gb18030')
    >>> decode_bytes("\ufeff城市".encode("utf-8"))
    ('城市', 'utf-8-sig')
    >>> decode_bytes(b"%PDF-1.7 ...")
    Traceback (most recent call last):
    ...
    pipeline.errors.PageError: binary data: a PDF document (extract its text first, e.g. with pdftotext) (stage decode)
    """
    if not data.strip():
        raise PageError("empty file" if not data else "file holds only white space", stage="decode")
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise PageError(f"binary data: {what}", stage="decode")
    if encoding:
        try:
            text, used = data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise PageError(f"cannot decode as {encoding}: {error}", stage="decode") from None
    elif data.startswith(codecs.BOM_UTF8):
        text, used = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, used = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise PageError("undecodable bytes after a UTF-16 byte-order mark", stage="decode") from None
    elif b"\x00" in data:
        raise PageError(f"NUL byte at offset {data.index(0)}: binary data, not text", stage="decode")
    else:
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, used = _decode_legacy(data)
    bad = _first_bad_control(text)
    if bad is not None:
        raise PageError(f"control character U+{ord(text[bad]):04X} at character {bad}: binary data, not text",
                        stage="decode")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > max_line_chars:
        raise PageError(f"a line of {longest:,} characters (limit {max_line_chars:,}): "
                        f"not extracted page text", stage="decode")
    return text, used
