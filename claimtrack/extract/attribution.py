"""Attribution: who a sentence says reported the event, and where the reported content
starts ("نقلت رويترز عن مصادر سورية أن ...", "وفق ما ذكرت ...", "حسب بيسكوف").

A claimant is never an actor of the event; the start of reported content is a clause
boundary, so that the date of the report stays with the report.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from claimtrack.extract.features import Features
from claimtrack.extract.lexicon import cue_words, words
from claimtrack.extract.syntax import ACTOR_KINDS, bare
from claimtrack.models import Mention, Token

_norm = attrgetter("norm")
REACH = 12  # tokens after a reporting verb in which its complementiser is looked for


@dataclass
class Attribution:
    """A reporting verb (at `verb`) whose content begins at token `start`."""

    start: int
    claimant: str | None
    mention: Mention | None
    verb: int = 0


def first_mention(
    mentions: list[Mention], start: int, end: int, kinds: Mapping[str, str], allowed: frozenset[str] | set[str]
) -> Mention | None:
    """The first mention of an allowed kind starting in [start, end)."""
    for m in mentions:
        if start <= m.token_start < end and kinds.get(m.entity_id) in allowed:
            return m
    return None


def _phrase(tokens: list[Token], start: int, end: int) -> str | None:
    """A claimant named by a bare noun phrase ("مصادر سورية"), if it starts with a source noun."""
    named = [t for t in tokens[start:end] if t.norm.isalpha()]
    if not named or bare(named[0]) not in cue_words("attribution", "source_nouns"):
        return None
    return " ".join(t.text for t in named[:4])


def attributions(tokens: list[Token], mentions: list[Mention], kinds: Mapping[str, str], feats: Features) -> tuple[
    list[Attribution], Attribution | None
]:
    """Attribution verbs with their content start, and a sentence-wide prepositional claimant."""
    verbs, comps = cue_words("attribution", "verbs"), cue_words("attribution", "complementisers")
    preps, skips = cue_words("attribution", "prepositions"), cue_words("attribution", "skip_after_preposition")
    quotes = words("quotes")
    out: list[Attribution] = []
    prep: Attribution | None = None
    # only the reporting verbs and the claimant prepositions ("وفق", "حسب") start anything
    at_prep = [] if preps.isdisjoint(chain.from_iterable(feats.forms)) else [
        i for i, disjoint in enumerate(map(preps.isdisjoint, feats.forms)) if not disjoint]
    for i in sorted({*feats.reporting, *at_prep}):
        tok_forms = feats.forms[i]
        if not verbs.isdisjoint(tok_forms):
            for j in range(i + 1, min(len(tokens), i + REACH)):
                if tokens[j].text in quotes and not (j == i + 1 or tokens[j - 1].text == ":"):
                    continue  # a quoted name ("وكالة “رويترز”"), not the start of a quotation
                if tokens[j].norm in comps or tokens[j].text in comps:
                    m = first_mention(mentions, i + 1, j, kinds, ACTOR_KINDS)
                    phrase = _phrase(tokens, i + 1, j) if m is None else None
                    out.append(Attribution(j + 1, phrase, m, i))  # a clause boundary even unnamed
                    break
        elif prep is None and not preps.isdisjoint(tok_forms):
            j = i + 1
            while j < len(tokens) and not (skips.isdisjoint(feats.forms[j]) and verbs.isdisjoint(feats.forms[j])):
                j += 1
            m = first_mention(mentions, j, min(len(tokens), j + 4), kinds, ACTOR_KINDS)
            if m is not None and m.token_start == j:
                prep = Attribution(0, None, m, i)
            elif j < len(tokens) and tokens[j].norm in cue_words("attribution", "source_nouns"):
                prep = Attribution(0, _phrase(tokens, j, min(len(tokens), j + 3)), None, i)
    return out, prep


def boundaries(tokens: list[Token], found: list[Attribution]) -> list[int]:
    """Token indices where a new clause starts."""
    marks = {0, len(tokens)}
    marks.update(a.start for a in found)
    stops = words("boundaries")
    if not stops.isdisjoint(map(_norm, tokens)):  # most sentences have none
        marks.update([i for i, tok in enumerate(tokens) if tok.norm in stops])
    return sorted(marks)


def clause(index: int, bounds: list[int]) -> tuple[int, int]:
    """The [start, end) of the clause holding a token (bounds: sorted, from 0 to the sentence's length)."""
    k = bisect_right(bounds, index)
    return bounds[k - 1], bounds[k]
