"""The per-sentence values the extractor reads once (extract/features.py) say the same as
the per-token functions they replace (syntax.forms, syntax.bare, the frame lookup)."""

from __future__ import annotations

import pytest

from claimtrack.extract.features import features
from claimtrack.extract.syntax import bare, forms
from claimtrack.models import Analysis, Token


def _token(norm: str, stem: str | None = None, lemma: str | None = None) -> Token:
    analysis = None if stem is None else Analysis(lemma or stem, lemma or stem, "verb", (), stem, ())
    return Token(0, len(norm), norm, norm, analysis)


@pytest.mark.parametrize(
    ("tokens", "keys", "reporting"),
    [
        # "وأعلن الرئيس أنه زار موسكو": the reporting verb, then the trigger by its lemma
        ([_token("واعلن", "اعلن"), _token("الرئيس"), _token("انه"), _token("زار", "زار", "زار"), _token("موسكو")],
         [None, None, None, "زار", None], [0]),
        # "وسيزورها": the lemma has the frame, not the word as written
        ([_token("وسيزورها", "يزور", "زار")], ["زار"], []),
    ],
    ids=["reporting-verb-and-lemma", "lemma-before-the-word"],
)
def test_extract_features_of_a_sentence_with_a_trigger(tokens, keys, reporting):
    feats = features(tokens)
    assert feats is not None
    assert feats.keys == keys
    assert feats.reporting == reporting
    assert feats.forms == [forms(t) for t in tokens]
    assert feats.bare == [bare(t) for t in tokens]


@pytest.mark.parametrize("norms", [["قال", "الرئيس", "ذلك"], ["."]], ids=["no-trigger-word", "punctuation"])
def test_extract_features_none_without_a_trigger_word(norms):
    assert features([_token(n) for n in norms]) is None
