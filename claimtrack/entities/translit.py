"""English names for learned entities: the offline `arabic-name-romanizer` package
(MIT; its dictionary of attested spellings, then its letter rules — the ONNX model is not
loaded, so a call costs well under a millisecond), or a small letter table when the
package is missing. Facility words ("قاعدة", "الجوية") are translated from data/names.toml.
"""

from __future__ import annotations

from functools import cache, lru_cache

from claimtrack.arabic.normalize import normalize

# Fallback when the package is absent: one Latin spelling per letter (no vowels guessed
# beyond long ones), so the name is at least readable and searchable.
LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "ء": "'", "ئ": "'", "ؤ": "'",
}


@cache
def _romanizer():
    try:
        from arabic_name_romanizer.api import Transliterator
    except ImportError:  # optional at run time: the letter table below still gives a name
        return None
    return Transliterator(auto_load_model=False)


@lru_cache(maxsize=50_000)
def romanize(name_ar: str, iso2: str = "") -> str:
    """A Latin spelling of an Arabic personal name ("أنور إبراهيم" → "Anwar Ibrahim")."""
    t = _romanizer()
    if t is not None:
        try:
            out = t.transliterate(name_ar, country=iso2 or None)
        except Exception:  # noqa: BLE001 - a third-party failure must not stop an ingest
            out = ""
        if isinstance(out, str) and out.strip():
            return out.strip()
    return " ".join(_letters(w).capitalize() for w in name_ar.split())


def _letters(word: str) -> str:
    return "".join(LETTERS.get(ch, "") for ch in word).replace("''", "'")


def facility_name(words: list[str], head_en: str, table: dict[str, str], iso2: str = "") -> str:
    """English for a facility name: known words translated, the rest romanised, the head
    word last ("قاعدة الأمير سلطان الجوية" → "Prince Sultan Air Base")."""
    known = {normalize(k): v for k, v in table.items()}
    out: list[str] = []
    run: list[str] = []
    for w in words:
        en = known.get(normalize(w))
        if en is None:
            run.append(w)
            continue
        if run:
            out.append(romanize(" ".join(run), iso2))
            run = []
        out.append(en)
    if run:
        out.append(romanize(" ".join(run), iso2))
    return " ".join([*out, head_en]).strip()
