"""Sentences and tokens keep offsets into the raw text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from claimtrack.arabic.normalize import normalize
from claimtrack.arabic.segment import pieces, segment, sentence_spans, tokenize


def test_segment_offsets_round_trip_on_every_seed_token(seed_texts):
    for name, text in seed_texts.items():
        sentences = segment(text)
        assert sentences, name
        for s in sentences:
            assert s.start < s.end
            for tok in s.tokens:
                assert text[tok.start : tok.end] == tok.text, (name, tok)
                assert s.start <= tok.start < tok.end <= s.end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قال 44.2 مليون متابع. ثم غادر", ["قال 44.2 مليون متابع.", "ثم غادر"]),
        ("العلاقات السورية الروسية.. بين التعاون\nسطر ثان", ["العلاقات السورية الروسية.. بين التعاون", "سطر ثان"]),
        ("هل زار موسكو؟ نعم زارها!", ["هل زار موسكو؟", "نعم زارها!"]),
        ("أكد قائلًا: “لقد كنا نتابع”. وأضاف: “ندعم”", ["أكد قائلًا: “لقد كنا نتابع”.", "وأضاف: “ندعم”"]),
    ],
    ids=["decimal-not-a-boundary", "double-dot-headline", "question-exclamation", "closing-quote"],
)
def test_segment_sentence_boundaries(text, expected):
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


@pytest.mark.parametrize(
    "raw, norm",
    [
        ("أعلنتْ", "اعلنت"),
        ("إلى", "الي"),
        ("زيـــارة", "زياره"),
        ("ﺑﻮﺗﻴﻦ", "بوتين"),
        ("زي\u200bارة", "زياره"),
        ("١٢", "12"),
        ("۱۴۴۷", "1447"),
    ],
    ids=["hamza-sukun", "alef-maksura", "tatweel", "presentation-forms", "zero-width", "eastern-digits", "persian-digits"],
)
def test_normalize_folds_variants(raw, norm):
    assert normalize(raw) == norm


@pytest.mark.parametrize(
    "text",
    ["وصل الر\u202eئيس إلى موسكو", "وصل الرئيس\u2066 إلى\u2069 موسكو", "وصل ال\u200dرئيس إلى موسكو"],
    ids=["rtl-override", "isolates", "zero-width-joiner"],
)
def test_segment_invisible_characters_do_not_split_words(text):
    (s,) = segment(text)
    assert [t.norm for t in s.tokens] == ["وصل", "الرئيس", "الي", "موسكو"]
    assert all(text[t.start : t.end] == t.text for t in s.tokens)


def test_segment_caps_enormous_sentences():
    text = " ".join(["كلمة"] * 20000)
    sentences = segment(text)
    assert len(sentences) > 1
    assert max(s.end - s.start for s in sentences) <= 2000
    assert sum(len(s.tokens) for s in sentences) == 20000


def test_segment_marks_boilerplate_sentences():
    text = "خبر أول.\nآخر الأخبار\nعنوان آخر"
    sentences = segment(text, boilerplate=[(text.index("آخر"), len(text))])
    assert [s.boilerplate for s in sentences] == [False, True, True]


def _texts_we_have() -> list[str]:
    root = Path(__file__).resolve().parent.parent
    return [p.read_text(encoding="utf-8") for folder in ("data/seeds", "tests/fixtures")
            for p in sorted((root / folder).rglob("*.txt"))]


def test_tokens_are_camels_on_every_text_we_have():
    """The one-pass tokenizer gives CAMeL's `simple_word_tokenize` tokens, at their offsets."""
    texts = _texts_we_have()
    assert len(texts) > 50
    for text in texts:
        found = pieces(text)
        assert [w for w, _, _ in found] == simple_word_tokenize(text)
        assert all(text[a:b] == w for w, a, b in found)


def test_segment_fast_path_gives_the_general_tokens():
    """Text without invisible characters or emoji is tokenised in one pass that builds the
    tokens directly; it gives exactly what `tokenize` (through `pieces`) gives, sentence by
    sentence, on every text we have and on punctuation glued to words."""
    texts = [*_texts_we_have(), "«زار» (بوتين)، موسكو-دمشق؟! 2025/10/15 #سوريا*"]
    for text in texts:
        fast = segment(text)
        assert [[(t.start, t.end, t.text, t.norm) for t in s.tokens] for s in fast] == [
            [(t.start, t.end, t.text, t.norm) for t in tokenize(text, s.start, s.end)] for s in fast]


def test_tokens_are_camels_on_random_symbol_and_emoji_soup():
    """Punctuation glued to words, Arabic and Western marks, emoji with modifiers, keycaps,
    flags and tag sequences, odd whitespace: the same tokens as CAMeL's tokenizer."""
    rng = random.Random(20261202)
    alphabet = [*"زار بوتين 2025 ،.؟!\"«»()-–/#*%٪٫x", "\t", "\n", "\x1c", "\u00a0", "\u2003",
                "\ufe0f", "\u20e3", "\u200d", "🇸", "🇾", "👍", "🏽", "🏴", "\U000e0067", "\U000e007f", "©"]
    for _ in range(20_000):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert [w for w, _, _ in pieces(word)] == simple_word_tokenize(word), repr(word)
