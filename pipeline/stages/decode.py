"""decode: the input bytes become `Page.source`, the text every offset points into."""
from __future__ import annotations

from ..config import Config
from ..errors import PageError
from ..model import Page
from ..readers.text import decode_bytes
from .base import Stage


class Decode(Stage):
    name = "decode"
    needs = ()
    sets = ("source",)

    def run(self, page: Page, config: Config) -> Page:
        if page.raw_bytes is not None:
            if len(page.raw_bytes) > config.max_bytes:
                raise PageError(f"file is {len(page.raw_bytes):,} bytes, over the limit of "
                                f"{config.max_bytes:,} (set max_bytes to raise it)", stage="decode")
            page.source, page.encoding = decode_bytes(page.raw_bytes, config.encoding,
                                                      config.max_line_chars)
        elif page.encoding is None:
            page.encoding = "str"
            if "\x00" in page.source:
                raise PageError("NUL character in text: binary data, not text", stage="decode")
        page.stats["decode"] = {"encoding": page.encoding, "characters": len(page.source)}
        return page
