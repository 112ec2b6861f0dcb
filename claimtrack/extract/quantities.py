"""Numbers a claim states about itself: its ordinal ("ثاني زيارة"), its count ("أكثر من
3 مرات") and its quantity ("نحو 200 جندي", "1500 طن من الطحين", "ثلاث قواعد", "عشرات
الشاحنات"), in digits (Western or Eastern: the normal form folds them) or in words."""

from __future__ import annotations

import re
from functools import cache

from claimtrack.extract.features import Features
from claimtrack.extract.lexicon import cues, words
from claimtrack.extract.syntax import bare
from claimtrack.extract.triggers import Trigger
from claimtrack.models import Count, Quantity, Token

NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
# "بـ900", "الـ200": a number glued to a clitic
GLUED_NUMBER = re.compile(r"^(?:ب|ل|و|ال|بال)?(\d+(?:[.,]\d+)?)$")
ORDINAL_BEFORE = 2  # "ثاني زيارة": the ordinal right before the trigger
ORDINAL_AFTER = 7  # "زيارته الأولى", "تعد الثانية من نوعها"
ORDINAL_REACH = 12  # "شحنة ... ، هي الثالثة" past a comma
COUNT_REACH = 10
UNIT_GAP = 2  # words allowed between a number and its unit ("14 ألف طن متري")
STOPS = frozenset({".", "؛"})


def ordinal(trig: Trigger, tokens: list[Token], feats: Features, named: frozenset[int] = frozenset()) -> int | None:
    """"ثاني زيارة", "زيارته الأولى", "..., هي الثالثة"; never part of a name ("عبد الله الثاني")."""
    return _ordinal(trig, tokens, feats.bare, named)


@cache
def _ordinals() -> dict[str, int]:
    """Ordinal word → its number."""
    return {w: int(k) for k, ws in cues()["ordinal"].items() for w in ws}


def _ordinal(trig: Trigger, tokens: list[Token], bare_words: list[str], named: frozenset[int]) -> int | None:
    # "وصلت ... شحنة مساعدات ...، هي الثالثة": also around the nouns merged into the trigger
    for i in (trig.index, *trig.merged):
        found = _ordinal_at(i, tokens, bare_words, named)
        if found is not None:
            return found
    return None


def _ordinal_at(i: int, tokens: list[Token], bare_words: list[str], named: frozenset[int]) -> int | None:
    table = _ordinals()
    for j in range(max(0, i - ORDINAL_BEFORE), i):
        if bare_words[j] in table and j not in named:
            return table[bare_words[j]]
    pronouns, months = words("pronouns_is"), words("month_heads")
    n = len(tokens)
    for j in range(i + 1, min(n, i + ORDINAL_REACH)):
        norm, prev = tokens[j].norm, bare_words[j - 1]
        if (norm in table and norm.startswith("ال") and j not in named and prev not in months
                and (j <= i + ORDINAL_AFTER or prev in pronouns)):
            return table[norm]
        following = bare_words[j + 1] if j + 1 < n else ""
        if norm in STOPS or (norm == "،" and j > i + 2 and following not in pronouns):
            break
    return None


def count(trig: Trigger, tokens: list[Token]) -> Count | None:
    """"أكثر من 3 مرات", "أكثر من مرتين": how many times the event happened."""
    table = cues()["count"]
    window = tokens[trig.index + 1 : trig.index + COUNT_REACH]
    for k, tok in enumerate(window):
        if tok.norm in table["more"] or tok.norm in table["less"]:
            op = ">" if tok.norm in table["more"] else "<"
            rest = [t.norm for t in window[k + 1 : k + 4]]
            if len(rest) >= 3 and rest[0] == table["after_more"] and rest[2] in table["times"]:
                if NUMBER_RE.match(rest[1]):
                    return Count(op=op, value=int(rest[1]))
                if table["words"].get(rest[1]):
                    return Count(op=op, value=table["words"][rest[1]])
    return None


@cache
def _units() -> dict[str, str]:
    """Unit word (normal form) → unit name."""
    return {w: unit for unit, ws in cues()["quantity"]["units"].items() for w in ws}


def _unit_of(word: str) -> str | None:
    """The unit a word names, also with the article, ب, و or the accusative alef ("طناً")."""
    units = _units()
    for form in (word, word.removeprefix("ال"), word.removeprefix("بال"), word.removeprefix("ب"),
                 word.removeprefix("و")):
        if form in units:
            return units[form]
        if form.endswith("ا") and form[:-1] in units:
            return units[form[:-1]]
    return None


def _number(tok: Token) -> float | None:
    m = GLUED_NUMBER.match(tok.norm)
    if m:
        return float(m.group(1).replace(",", "."))
    return None


def _qualifier(tokens: list[Token], k: int) -> tuple[str | None, int]:
    """The qualifier right before the number at token k ("نحو", "أكثر من", "ما لا يقل عن")
    and the index where the quantity's words start."""
    ops = cues()["quantity"]["op"]
    before = [bare(t) for t in tokens[max(0, k - 4) : k]]
    for n in range(len(before), 0, -1):
        phrase = " ".join(before[-n:])
        if phrase in ops:
            return ops[phrase], k - n
    return None, k


def _read(tokens: list[Token], k: int) -> tuple[float, int, str | None] | None:
    """A number starting at token k: its value, the index after it and whether it is vague."""
    q = cues()["quantity"]
    word = bare(tokens[k])
    value = _number(tokens[k])
    if value is None:
        value = q["numbers"].get(word)
    if value is not None:
        nxt = k + 1
        if nxt < len(tokens) and bare(tokens[nxt]) in q["multipliers"]:
            value, nxt = value * q["multipliers"][bare(tokens[nxt])], nxt + 1
        # "ألف وخمسمئة": a number joined by و adds to the one before
        if nxt < len(tokens) and tokens[nxt].norm.startswith("و") and (more := _read(tokens, nxt)) and not more[2]:
            value, nxt = value + more[0], more[1]
        return float(value), nxt, None
    if word in q["vague"]:
        return float(q["vague"][word]), k + 1, ">="
    return None


def quantity(trig: Trigger, tokens: list[Token], feats: Features,
             skip: frozenset[int] = frozenset()) -> Quantity | None:
    """The nearest number-and-unit phrase around the trigger, in its sentence (skip: tokens of
    dates and names, whose numbers are no quantities)."""
    q = cues()["quantity"]
    reach, number_words, vague_words = q["window"], q["numbers"], q["vague"]
    i = trig.index
    best: tuple[int, Quantity] | None = None
    consumed = 0  # "ألف وخمسمئة": the second word is part of the first number
    for k in range(max(0, i - reach), min(len(tokens), i + reach + 1)):
        if k in skip or k < consumed:
            continue
        word = feats.bare[k]
        if not tokens[k].norm[-1:].isdigit() and word not in number_words and word not in vague_words:
            continue  # most words: no number starts here (digits end a number: "بـ900")
        read = _read(tokens, k)
        if read is None:
            continue
        value, nxt, vague = read
        consumed = nxt
        for u in range(nxt, min(len(tokens), nxt + UNIT_GAP + 1)):
            unit = _unit_of(feats.bare[u])
            if unit is None and tokens[u].norm in STOPS | {"،"}:
                break
            if unit is None:
                continue
            op, start = _qualifier(tokens, k)
            text = " ".join(t.text for t in tokens[start : u + 1])
            found = Quantity(value=value, unit=unit, op=vague or op, text=text)
            if best is None or abs(k - i) < best[0]:
                best = (abs(k - i), found)
            break
    return best[1] if best else None
