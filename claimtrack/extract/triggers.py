"""Triggers: the words that start a claim, each with the frame that says what it means.

A token is a trigger when its normal form, stem or lemma has a frame in data/frames.toml
whose conditions hold (needs, near, verb_only). Words that only point at an event (a
plural, a demonstrative, the object of another event, a topic of talks) are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import compress

from claimtrack.extract.features import Features
from claimtrack.extract.lexicon import cues, frames_of, trigger_keys, type_frame, words
from claimtrack.models import Token

NEAR = 5  # tokens on each side for a frame's `near` words
MERGE_GAP = 4  # same-type triggers this close describe one event ("بعث ... رسالة"); a type may widen it
COMPLEMENT_REACH = 5  # "للمشاركة في الدورة العادية الـ31 للقمة"
UNLESS_REACH = 8  # "ونقلت وكالة “رويترز” عن": the word that makes the trigger another verb
BEFORE_REACH = 12  # "ألغى المجلس العسكري برئاسة الجنرال X في مارس اتفاق": the subject between
AMOUNT_REACH = 4  # "تصل إلى نحو 3.5 مليار": إلى and the number this close after the verb
ASKED_FOR = 10  # "دعوة إلى [the invitee, with titles] لزيارة عمّان": the visit asked for


@dataclass
class Trigger:
    """A trigger token and the frame chosen for it."""

    index: int  # token index in the sentence
    key: str
    entry: dict
    merged: list[int] = field(default_factory=list)
    anaphoric: bool = False  # "هذا الاتصال": the event told before, restated
    # read from the entry once: every rule asks them of every trigger, many times
    type: str = field(init=False)
    verb: bool = field(init=False)

    def __post_init__(self) -> None:
        self.type = self.entry["type"]
        self.verb = self.entry["pos"] == "verb"


def _mentions_any(token_forms: list[tuple[str, ...]], wanted: frozenset[str], with_enclitic: re.Pattern) -> bool:
    """Any word of the list in the sentence, also with an enclitic attached ("جنودها");
    `with_enclitic`: the words as a pattern (see _Frame)."""
    sentence_forms = {f for fs in token_forms for f in fs}
    if not sentence_forms.isdisjoint(wanted):
        return True
    # one search over the sentence's forms, a line each, instead of a test per form
    return with_enclitic.search("\n".join(sentence_forms)) is not None


@dataclass(frozen=True, slots=True)
class _Frame:
    """A frame entry with its conditions read once from the data (frames.toml): empty when
    the entry sets none."""

    entry: dict
    verb_only: bool
    needs: frozenset[str]
    needs_pattern: re.Pattern | None  # a line that is a needed word and up to 3 letters after it
    no_amount: bool
    unless_after: frozenset[str]
    unless_before: frozenset[str]
    not_after: frozenset[str]
    near: frozenset[str]
    reach: int
    not_through: frozenset[str]


@cache
def _frames(key: str) -> tuple[_Frame, ...]:
    """The frames of a trigger key, in the order they are tried, their conditions compiled."""
    out = []
    for entry in frames_of(key):
        needs = entry.get("needs") or []
        pattern = re.compile("^(?:" + "|".join(map(re.escape, needs)) + ")[^\n]{0,3}$", re.MULTILINE) if needs else None
        out.append(_Frame(
            entry, bool(entry.get("verb_only")), frozenset(needs), pattern, bool(entry.get("no_amount")),
            frozenset(entry.get("unless_after") or ()), frozenset(entry.get("unless_before") or ()),
            frozenset(entry.get("not_after") or ()), frozenset(entry.get("near") or ()), entry.get("reach", NEAR),
            frozenset(entry.get("not_through", ())),
        ))
    return tuple(out)


def _frame_for(key: str, tokens: list[Token], i: int, feats: Features) -> dict | None:
    """The first frame of the key whose conditions hold at token i."""
    a = tokens[i].analysis
    for frame in _frames(key):
        if frame.verb_only and (a is None or a.pos != "verb"):
            continue
        if frame.needs and not _mentions_any(feats.forms, frame.needs, frame.needs_pattern):
            continue
        if frame.no_amount and _amount_after(feats.bare, i):
            continue
        if frame.unless_after and not frame.unless_after.isdisjoint(feats.bare[i + 1 : i + 1 + UNLESS_REACH]):
            continue
        if frame.unless_before and _before_in_clause(feats.bare, i, frame.unless_before):
            continue
        if frame.not_after and i > 0 and not frame.not_after.isdisjoint(feats.forms[i - 1]):
            continue
        if frame.near:
            reach = frame.reach
            lo = max(0, i - reach)
            near = frame.near
            hits = [lo + k for k, fs in enumerate(feats.forms[lo : i + reach + 1]) if not near.isdisjoint(fs)]
            # "رفض الإفصاح عن الزيارة": the near word is the object of another noun, not of the trigger
            if not any(frame.not_through.isdisjoint(feats.bare[min(i, h) + 1 : max(i, h)]) for h in hits):
                continue
        return frame.entry
    return None


def _before_in_clause(bare_words: list[str], i: int, wanted: frozenset[str]) -> bool:
    """One of the words up to BEFORE_REACH tokens before i, with no comma or full stop between."""
    for word in reversed(bare_words[max(0, i - BEFORE_REACH) : i]):
        if word in ("،", ",", ".", "؛"):
            return False
        if word in wanted:
            return True
    return False


def _amount_after(bare_words: list[str], i: int) -> bool:
    """"تصل إلى 3.5 مليار دولار", "يصل إلى نحو ألف": إلى and a number after the verb."""
    after = bare_words[i + 1 : i + 1 + AMOUNT_REACH]
    if "الي" not in after:
        return False
    rest = after[after.index("الي") + 1 :]
    qualifiers = cues()["quantity"]["op"]
    rest = [w for w in rest if w not in qualifiers]
    return bool(rest) and (rest[0][:1].isdigit() or rest[0] in cues()["quantity"]["numbers"])


def _is_plural(tok: Token, key: str) -> bool:
    """Plural visit/meeting/call/message nouns ("الزيارات", "اتصالات", "رسائل") are generic."""
    a = tok.analysis
    if a is None or key in words("not_plural"):
        return False
    stem, lemma = a.stem, a.lemma_norm
    if stem.endswith("ات") and not lemma.endswith("ات"):
        return True
    return a.known and stem != lemma and not stem.startswith(lemma[:-1])


def find_triggers(tokens: list[Token], feats: Features) -> list[Trigger]:
    """The triggers of a sentence, same-type neighbours merged into one."""
    keys = trigger_keys()
    found: list[Trigger] = []
    absorbed: set[int] = set()
    for i in compress(range(len(tokens)), feats.keys):  # the few tokens with a frame key
        if i in absorbed:
            continue
        key = feats.keys[i]
        entry = _frame_for(key, tokens, i, feats)
        if entry is None:
            continue
        if entry["type"] == "meeting" and any(
            t.norm.startswith(tuple(words("by_phone"))) for t in tokens[i + 1 : i + 3]
        ):  # "يبحثان هاتفياً": talks by phone are a call
            entry = dict(entry, type="call")
        if _points_elsewhere(entry, key, tokens, i, found, feats):
            continue
        anaphoric = entry["pos"] == "noun" and i > 0 and feats.bare[i - 1] in words("demonstratives")
        if entry.get("absorbs"):  # "رفض الدعوة": the refusal stands for the invitation
            absorbed.update(j for j in range(i + 1, min(len(tokens), i + NEAR))
                            if any(e["type"] in entry["absorbs"] for f in feats.forms[j] if f in keys
                                   for e in frames_of(f)))
        found.append(Trigger(i, key, entry, anaphoric=anaphoric))
    return _merge_adjacent(found, tokens)


def _points_elsewhere(entry: dict, key: str, tokens: list[Token], i: int, found: list[Trigger],
                      feats: Features) -> bool:
    """A trigger word that names no new event of its own."""
    tok, type_ = tokens[i], entry["type"]
    a = tok.analysis
    if type_frame(type_).get("generic_plural") and entry["pos"] == "noun" and _is_plural(tok, key):
        return True
    before = feats.bare[max(0, i - 6) : i]
    if entry["pos"] == "noun" and before and before[-1] in words("complements"):
        return True  # "لحضور القمة" is part of another event ("هذه الزيارة" refers back: the engine decides)
    if entry["pos"] == "noun" and words("complements").intersection(before[-COMPLEMENT_REACH:]) and any(
            t.type == "invitation" for t in found):
        return True  # "دعوة ... للمشاركة في الدورة الـ31 للقمة": what the guest is invited to
    if (type_ == "meeting" and entry["pos"] == "noun" and a is not None and "ل" in a.proclitics
            and any(t.type == "visit" for t in found)):
        return True  # "وصل ... للقاء الرئيس": the purpose of the visit, not another event
    if type_ != "meeting" and words("topics").intersection(before):
        return True
    if (type_ == "visit" and a is not None and "ل" in a.proclitics
            and any(t.type == "invitation" and i - t.index <= ASKED_FOR for t in found)):
        return True  # "دعوة ... لزيارة عمّان": the visit is what the invitation asks for
    if type_ == "visit" and any(t.type == "shipment" and i - t.index <= 4 for t in found):
        return True  # "شحنة مساعدات تصل بيروت": the shipment arrives, nobody visits
    return (key in words("discussion_triggers") and i + 1 < len(tokens)
            and tokens[i + 1].norm in words("during_it"))  # "اتصالاً ... بحثا خلاله"


def _new_clause(tokens: list[Token], i: int, j: int) -> bool:
    """A comma followed by و between two tokens: "شحنات النفط إلى سوريا، وتبعتها شحنات"."""
    return any(tokens[k].norm in ("،", ",") and tokens[k + 1].norm.startswith("و") for k in range(i + 1, j))


def _merge_adjacent(triggers: list[Trigger], tokens: list[Token]) -> list[Trigger]:
    """Same-type triggers within a few tokens describe one event ("بعث ... رسالة")."""
    merged: list[Trigger] = []
    for t in triggers:
        prev = merged[-1] if merged else None
        gap = type_frame(t.type).get("merge_gap", MERGE_GAP)
        last = max([prev.index, *prev.merged]) if prev else 0
        if prev and prev.type == t.type and t.index - last <= gap and not _new_clause(tokens, last, t.index):
            prev.merged.append(t.index)
        else:
            merged.append(t)
    return merged
