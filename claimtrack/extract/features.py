"""What the rules ask of each token of a sentence again and again, read once per sentence.

Every trigger of a sentence looks at the same tokens' forms (normal form, stem, lemma),
their words without a leading و, which of them have a frame and which are reporting
verbs; `features` computes them when the engine starts on the sentence, so that no rule
derives them again per trigger or per query.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from claimtrack.extract.lexicon import cue_words, trigger_keys
from claimtrack.extract.syntax import all_bare, all_forms
from claimtrack.models import Token


@dataclass(frozen=True, slots=True)
class Features:
    """Per-token values of one sentence (index k describes tokens[k])."""

    forms: list[tuple[str, ...]]  # see syntax.forms
    keys: list[str | None]  # the form that has a frame (the lemma before the stem before the normal form)
    bare: list[str]  # see syntax.bare
    reporting: list[int]  # indices of the reporting verbs ("أعلنت", "أكد")


def features(tokens: list[Token]) -> Features | None:
    """The features of a sentence, or None when no token has a frame (most sentences:
    nothing more to do)."""
    frame_keys = trigger_keys()
    token_forms = all_forms(tokens)
    if frame_keys.isdisjoint(chain.from_iterable(token_forms)):
        return None
    # the lemma before the stem before the normal form, tested in place (no call per token)
    keys = [(t.norm if t.norm in frame_keys else None) if (a := t.analysis) is None
            else a.lemma_norm if a.lemma_norm in frame_keys else a.stem if a.stem in frame_keys
            else t.norm if t.norm in frame_keys else None
            for t in tokens]
    verbs = cue_words("attribution", "verbs")
    reporting = [] if verbs.isdisjoint(chain.from_iterable(token_forms)) else [
        i for i, disjoint in enumerate(map(verbs.isdisjoint, token_forms)) if not disjoint]
    return Features(forms=token_forms, keys=keys, bare=all_bare(tokens), reporting=reporting)
