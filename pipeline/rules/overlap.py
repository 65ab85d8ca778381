"""Shared words between a title and a body, measured as character bigrams.

A headline restates its article: "城市高质量发展的意见" shares 城市, 高质, 质量,
发展 … with the 意见's body, and nothing with its neighbours. Chinese has no
spaces to split words on; overlapping character bigrams are the standard cheap
stand-in (they are what CJK search engines index).
"""
from __future__ import annotations

import regex

_NOT_CONTENT = regex.compile(r"[^\p{Han}A-Za-z0-9]+")


def content_chars(text: str) -> str:
    """Han characters, letters and digits only.

    >>> content_chars("“昭通发布”微信公众号 粉丝量突破40万人")
    '昭通发布微信公众号粉丝量突破40万人'
    """
    return _NOT_CONTENT.sub("", text)


def bigrams(text: str) -> set[str]:
    """Overlapping character bigrams of the content characters.

    >>> sorted(bigrams("意见。城市"))
    ['城市', '意见', '见城']
    """
    chars = content_chars(text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def overlap(title: str, body_bigrams: set[str]) -> float:
    """Share of the title's bigrams found in the body (0..1).

    >>> overlap("城市高质量发展", bigrams("推动城市高质量发展。"))
    1.0
    >>> overlap("闻汛而动", bigrams("推动城市高质量发展。"))
    0.0
    """
    grams = bigrams(title)
    if not grams:
        return 0.0
    return len(grams & body_bigrams) / len(grams)
