"""Plain-text input (what pdftotext or an OCR engine writes): bytes → text.

Archives hold UTF-8 next to legacy GB2312/GBK and Big5 files. Detection order:
a byte-order mark; strict UTF-8; then GB18030 (a superset of GB2312 and GBK) and
Big5-HKSCS (a superset of Big5), settled by charset-normalizer when both decode.
Anything else is refused with a one-line reason, never guessed into mojibake.
"""
from __future__ import annotations

import codecs
import re

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
# The most frequent characters of modern Chinese. Text decoded with the wrong
# legacy codec turns into rare characters, so the share of these tells the right
# decoding even for a few bytes, where statistical detectors guess.
FREQUENT = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
            "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
            "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
            "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
            "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
            "队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单"
            "风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土"
            "许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省"
            "列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置"
            "派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")
# C0 control characters that plain text may hold: tab, newline, vertical tab,
# form feed (pdftotext's page separator), carriage return.
ALLOWED_CONTROLS = frozenset("\t\n\x0b\x0c\r")


_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _first_bad_control(text: str) -> int | None:
    match = _BAD_CONTROL.search(text)
    return match.start() if match else None


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
    scores = {encoding: _frequent_share(text) for encoding, text in decoded.items()}
    if abs(scores["gb18030"] - scores["big5hkscs"]) >= 0.1:
        encoding = max(scores, key=scores.__getitem__)
        return decoded[encoding], encoding
    import charset_normalizer  # only undecided legacy files pay for statistical detection

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5hkscs", "big5"]).best()
    encoding = "big5hkscs" if best is not None and best.encoding.startswith("big5") else "gb18030"
    return decoded[encoding], encoding


def _frequent_set() -> frozenset[str]:
    from ..rules.variants import SIMPLIFIED_TO_TRADITIONAL

    chars = set(FREQUENT)
    for char in FREQUENT:
        chars.update(SIMPLIFIED_TO_TRADITIONAL.get(char, ""))
    return frozenset(chars)


_FREQUENT_SET: frozenset[str] | None = None


def _frequent_share(text: str) -> float:
    """Share of Han characters that are among the most frequent ones (either script)."""
    global _FREQUENT_SET
    if _FREQUENT_SET is None:
        _FREQUENT_SET = _frequent_set()
    han = [c for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    if not han:
        return 0.0
    return sum(1 for c in han if c in _FREQUENT_SET) / len(han)


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
