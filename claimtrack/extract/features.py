"""What the rules ask of each token of a sentence again and again, read once per sentence.

Every trigger of a sentence looks at the same tokens' forms (normal form, stem, lemma),
their words without a leading و, which of them have a frame and which are reporting
verbs; `features` computes them when the engine starts on the sentence, so that no rule
derives them again per trigger or per query.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimtrack.extract.lexicon import cue_words, trigger_keys
from claimtrack.extract.syntax import bare, forms
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
    analyses = [t.analysis for t in tokens if t.analysis is not None]
    if (frame_keys.isdisjoint([t.norm for t in tokens]) and frame_keys.isdisjoint([a.stem for a in analyses])
            and frame_keys.isdisjoint([a.lemma_norm for a in analyses])):
        return None  # the cheap test first: a sentence without a trigger word is done
    all_forms = [forms(t) for t in tokens]
    keys = [None if frame_keys.isdisjoint(fs) else next(f for f in reversed(fs) if f in frame_keys)
            for fs in all_forms]
    verbs = cue_words("attribution", "verbs")
    return Features(
        forms=all_forms,
        keys=keys,
        bare=[bare(t) for t in tokens],
        reporting=[i for i, fs in enumerate(all_forms) if not verbs.isdisjoint(fs)],
    )
