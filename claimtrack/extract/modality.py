"""Modality of a claim: asserted, expected, possible or negated, from cue phrases before
the trigger, the future prefix سـ, a purpose ل ("لإجراء مباحثات"), the frame itself
("رفض الدعوة") and a date after the document's."""

from __future__ import annotations

import re
from functools import cache

from claimtrack.arabic.normalize import normalize_text
from claimtrack.extract.features import Features
from claimtrack.extract.lexicon import cue_words, cues, words
from claimtrack.extract.triggers import Trigger
from claimtrack.models import Document, TimeExpr, Token

# an imperfective with the future س when the analyser does not know the verb ("سيتناول")
FUTURE_VERB = re.compile(r"^[وف]?س[يتن]\w{3,}$")
NOT_VERB_ENDINGS = ("ه", "ي", "ات", "يه")
FUTURE_REACH = 6  # tokens around the trigger where a future verb sets the modality
ORDER = ("negated", "possible", "expected")
IMPERFECTIVE_PREFIXES = ("ي", "ت", "ن", "ا")
HOPE_REACH = 5  # "أمله بأن تسهم الزيارة": the hope word this close before the trigger


def _future_verb(tok: Token) -> bool:
    a = tok.analysis
    if a is not None and "س" in a.proclitics and a.aspect == "i":
        return True
    if a is not None and a.known:
        return False
    if tok.text.lstrip("وف").startswith("سأ"):
        return True  # "سأقوم": the future of the first person, written with its hamza
    return bool(FUTURE_VERB.match(tok.norm)) and not tok.norm.endswith(NOT_VERB_ENDINGS)


def _future_verb_near(tokens: list[Token], lo: int, hi: int) -> bool:
    """A future verb among tokens[lo:hi]; every sign of one is a س (the proclitic, "سأ",
    "سي..."), so only the words with one are looked at closely."""
    return any(_future_verb(t) for t in tokens[lo:hi]
               if "س" in t.norm or "س" in t.text or (t.analysis is not None and "س" in t.analysis.proclitics))


def _perfect_qad(before: list[str], k: int, tokens: list[Token]) -> bool:
    """قد at before[k] before a perfect ("كان ... قد زار", "قد تلقى"): a past, not a possibility."""
    if words("kana").intersection(before[max(0, k - 6) : k]):
        return True
    if k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1].analysis
    if nxt is not None and nxt.known:
        return nxt.pos == "verb" and nxt.aspect == "p"
    # a verb the lexicon does not know ("قد دامت"): after قد, no imperfective prefix is a perfect
    return tokens[k + 1].norm.isalpha() and not tokens[k + 1].norm.startswith(IMPERFECTIVE_PREFIXES)


def _last_phrase(seq: list[str], phrase: list[str], lo: int) -> int | None:
    """The last position ≥ lo where phrase occurs in seq."""
    n = len(phrase)
    for k in range(len(seq) - 1, lo - 1, -1):
        if seq[k] == phrase[0] and k + n <= len(seq) and seq[k : k + n] == phrase:
            return k
    return None


@cache
def _phrases() -> dict[str, list[tuple[int, str, list[str]]]]:
    """First word → (rank, kind, cue phrase) of the modality table's phrases that start with it
    (rank: the order they are tried), so that a trigger looks only at the phrases whose first
    word is in its sentence."""
    table = cues()["modality"]
    by_first: dict[str, list[tuple[int, str, list[str]]]] = {}
    ranked = ((kind, phrase) for kind in ORDER for phrase in table[kind])
    for rank, (kind, phrase) in enumerate(ranked):
        by_first.setdefault(phrase[0], []).append((rank, kind, phrase))
    return by_first


@cache
def _denials() -> frozenset[str]:
    """Denial words, which count from anywhere before the trigger."""
    return cue_words("modality", "denial_verbs") | cue_words("modality", "false_report_heads")


def modality(trig: Trigger, tokens: list[Token], feats: Features, clause_start: int, time: TimeExpr | None,
             doc: Document) -> str:
    """The modality of the event a trigger names."""
    i = trig.index
    tok = tokens[i]
    scope_start = max(0, clause_start - 2)  # denials count from anywhere before, the rest in the clause
    denials = _denials()
    before = feats.bare[:i]
    by_first = _phrases()
    # most cue phrases are not in the sentence at all
    present = sorted([p for w in by_first.keys() & set(before) for p in by_first[w]])
    found: tuple[int, str] | None = None
    for _, kind, phrase in present:
        lo = 0 if phrase[0] in denials else scope_start
        at = _last_phrase(before, phrase, lo)
        if at is not None and phrase == ["قد"] and _perfect_qad(before, at, tokens):
            continue
        if at is not None and (found is None or at > found[0]):
            found = (at, kind)
    hopes = cue_words("modality", "hope_words")
    hoped = next((k for k in range(i - 1, max(scope_start, i - HOPE_REACH) - 1, -1) if before[k] in hopes), None)
    if hoped is not None and (found is None or hoped > found[0]):
        found = (hoped, "expected")
    if trig.entry.get("modality"):  # "رفض الدعوة": the frame carries it; "لم يرفض" still negates it
        return "asserted" if found and found[1] == "negated" else trig.entry["modality"]
    a = tok.analysis
    if a is not None and "س" in a.proclitics:
        return "expected"
    if found is None and _future_verb_near(tokens, max(clause_start, i - FUTURE_REACH), i + FUTURE_REACH):
        return "expected"
    purpose = cue_words("modality", "purpose_prefixes")
    if (i > 0 and tokens[i - 1].norm in purpose) or tok.norm in purpose:
        return "expected" if found is None or found[1] == "expected" else found[1]
    if found is not None:
        return found[1]
    if time is not None and time.start and doc.published and time.start > doc.published:
        return "expected"
    if time is not None and (time.start is None or doc.published is None) and _future_time(time):
        return "expected"
    return "asserted"


def _future_time(time: TimeExpr) -> bool:
    """"يوم غد", "الأسبوع المقبل": the time's own words point ahead of the report."""
    future = cue_words("modality", "future_time_words")
    return any(w.removeprefix("و") in future for w in normalize_text(time.text).split())
