"""Sentences and tokens with character offsets into the raw text.

Tokenisation is CAMeL Tools' `simple_word_tokenize`. It returns strings, not
offsets, so each token is found again in the text, left to right. Invisible
characters (bidi controls, zero-width joiners) are removed before tokenising so
that they cannot split a word; the offsets are mapped back to the raw text, so a
token's span still covers them and `text[start:end]` is always the raw token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from camel_tools.tokenizers.word import simple_word_tokenize

from claimtrack.arabic.normalize import normalize, strip_invisible
from claimtrack.models import Sentence, Token

# A sentence ends at . ! ? ؟ … (one mark, or a run of ! ? ؟) followed by a space or the
# end, or at a line break. A run of two or more dots ("الروسية.. بين") is a headline
# separator, not an end, and a dot between digits ("44.2") is a decimal point.
_END = re.compile(r"(?<!\.)(?:[.](?!\.)|[!?؟…]+)[\"'”»)]*(?=\s|$)|\n+")
# A dot after a one-letter word is an abbreviation ("د. محمود", "أ. د."), not an end.
_ABBREVIATION = re.compile(r"(?:^|[\s(])[\u0621-\u064A]\.$")
# Hard cap on sentence length, so one enormous unpunctuated line stays linear to process.
MAX_SENTENCE_CHARS = 2000


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans (start, end), trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 2), m.end()):
            continue
        end = m.end() if m.group().strip() else m.start()
        _add_trimmed(text, start, end, spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end], each with offsets into `text` and a normal form."""
    end = len(text) if end is None else end
    clean, index = strip_invisible(text[start:end])
    tokens: list[Token] = []
    append, find = tokens.append, clean.find  # this loop runs once per token of the corpus
    pos = 0
    for word in simple_word_tokenize(clean):
        at = find(word, pos)
        if at < 0:  # the tokenizer never invents text; skip defensively if it ever does
            continue
        pos = at + len(word)
        if index:
            s, e = start + index[at], start + index[pos - 1] + 1
            append(Token(s, e, text[s:e], normalize(word)))
        else:  # no invisible characters: the token is the word itself
            append(Token(start + at, start + pos, word, normalize(word)))
    return tokens


def segment(
    text: str, boilerplate: Iterable[tuple[int, int]] = ()
) -> list[Sentence]:
    """Sentences of a document with their tokens; sentences inside boilerplate are flagged."""
    boiler = sorted(boilerplate)
    sentences = []
    for i, (s, e) in enumerate(sentence_spans(text)):
        is_boiler = any(bs <= s and e <= be for bs, be in boiler)
        sentences.append(Sentence(i, s, e, tokenize(text, s, e), is_boiler))
    return sentences


def search_norm(sentence: Sentence) -> str:
    """Normalised words plus their clitic-free stems, so a search for "زار" finds "وزار"."""
    words = []
    for tok in sentence.tokens:
        words.append(tok.norm)
        a = tok.analysis
        if a is not None and a.stem and a.stem != tok.norm:
            words.append(a.stem)
    return " ".join(words)
