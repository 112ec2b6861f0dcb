"""Per-token normalisation and the invisible characters claimtrack ignores.

The raw text is never changed; these functions build normal forms that live beside
it (Token.norm, the FTS column) so that "أعلنت" finds "اعلنت" and "ـزيارة" is "زيارة".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

# Bidi embeddings/overrides/isolates/marks and zero-width characters: they change how
# text looks, never what it says, so they are dropped before tokenising and matching.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u061c\u00ad"
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
TATWEEL = "\u0640"
# Eastern digits → Western; the Persian yeh, keheh and heh-with-yeh that Arabic news typed
# on Persian keyboards carries ("وزیر الخارجیة") → their Arabic letters (the analyser knows
# only Arabic letters).
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹یکۀ", "01234567890123456789يكه")


def strip_invisible(text: str) -> tuple[str, list[int]]:
    """Remove invisible characters; return the clean text and, per clean char, its raw index."""
    if not INVISIBLE_RE.search(text):
        return text, []
    keep = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
    return "".join(text[i] for i in keep), keep


def has_invisible(text: str) -> bool:
    """True when the text holds bidi controls or zero-width characters."""
    return INVISIBLE_RE.search(text) is not None


@lru_cache(maxsize=500_000)
def normalize(word: str) -> str:
    """The normal form of one token: NFKC, no diacritics/tatweel/invisibles, letters folded.

    Cached: news vocabulary is Zipfian, so most tokens are words seen before.
    """
    if not word.isascii():
        word = INVISIBLE_RE.sub("", word)
        word = normalize_unicode(unicodedata.normalize("NFKC", word))
        word = dediac_ar(word).replace(TATWEEL, "")
        word = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(word)))
        word = word.translate(_DIGITS)
    return word.lower()


def normalize_text(text: str) -> str:
    """Normalise running text word by word (used for the full-text-search column)."""
    return " ".join(normalize(w) for w in text.split())
