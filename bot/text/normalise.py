"""Text normalisation: full-width to half-width, lower case, traditional to simplified characters."""

from __future__ import annotations

import functools
import unicodedata

from opencc import OpenCC

_T2S = OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def normalise_text(text: str) -> str:
    """NFKC (full-width to half-width), lower case, traditional to simplified characters.

    Cached: one answer normalises the same question about ten times (scope checks, expansion, tokens), and
    the character conversion is the slow part.
    """
    return _T2S.convert(unicodedata.normalize("NFKC", text).lower())
