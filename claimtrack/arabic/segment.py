"""Sentences and tokens with character offsets into the raw text.

Tokenisation is CAMeL Tools' `simple_word_tokenize`. It returns strings, not
offsets, and tries a symbol match at every character of every word. For text without
emoji sequences (nearly all news) one pass over the words gives exactly its tokens with
their offsets, in a fraction of the time; other text goes through CAMeL and each token is
found again, left to right (a test compares both on every text we have). Invisible
characters (bidi controls, zero-width joiners) are removed before tokenising so
that they cannot split a word; the offsets are mapped back to the raw text, so a
token's span still covers them and `text[start:end]` is always the raw token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import regex
from camel_tools.tokenizers.word import _SYMBOLS_ALL, simple_word_tokenize

from claimtrack.arabic.normalize import has_invisible, normalize, strip_invisible
from claimtrack.models import Sentence, Token

# A sentence ends at . ! ? ؟ … (one mark, or a run of ! ? ؟) followed by a space or the
# end, or at a line break. A run of two or more dots ("الروسية.. بين") is a headline
# separator, not an end, and a dot between digits ("44.2") is a decimal point.
_END = re.compile(r"(?<!\.)(?:[.](?!\.)|[!?؟…]+)[\"'”»)]*(?=\s|$)|\n+")
# A dot after a one-letter word is an abbreviation ("د. محمود", "أ. د."), not an end.
_ABBREVIATION = re.compile(r"(?:^|[\s(])[\u0621-\u064A]\.$")
# Hard cap on sentence length, so one enormous unpunctuated line stays linear to process.
MAX_SENTENCE_CHARS = 2000
# CAMeL's tokenizer splits a whitespace-separated word at every symbol or punctuation mark
# (`_SYMBOLS`) and keeps emoji sequences whole. Only these characters can make a sequence
# longer than one character (regional-indicator pairs, skin-tone modifiers, variation
# selector, keycap, joiner, tags): in text without them, a split is exactly a symbol.
_COMBINING = regex.compile(r"[\p{RI}\p{EMod}\uFE0F\u20E3\u200D\U000E0020-\U000E007F]")
_SYMBOLS = frozenset(s for s in _SYMBOLS_ALL if len(s) == 1)


def pieces(clean: str) -> list[tuple[str, int, int]]:
    """CAMeL's `simple_word_tokenize(clean)`, each token with its offsets in `clean`."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    if _COMBINING.search(clean) is not None:  # emoji sequences: CAMeL's own tokenizer
        for word in simple_word_tokenize(clean):
            at = clean.find(word, pos)
            if at >= 0:  # the tokenizer never invents text; skip defensively if it ever does
                pos = at + len(word)
                out.append((word, at, pos))
        return out
    for word in clean.split():  # every symbol is a token, every run of other characters a word
        at = clean.find(word, pos)
        pos = at + len(word)
        if _SYMBOLS.isdisjoint(word):  # most words: no punctuation inside or around
            out.append((word, at, pos))
        else:
            out.extend(_split_symbols(clean, word, at, pos))
    return out


def _split_symbols(text: str, word: str, at: int, pos: int) -> Iterator[tuple[str, int, int]]:
    """The tokens of a word text[at:pos] that holds symbols: each symbol, and the runs between."""
    run = at
    for i, ch in enumerate(word, at):
        if ch in _SYMBOLS:
            if i > run:
                yield text[run:i], run, i
            yield ch, i, i + 1
            run = i + 1
    if run < pos:
        yield text[run:pos], run, pos


def _plain_tokens(text: str, start: int, end: int) -> list[Token]:
    """`tokenize` of text[start:end] for text without invisible characters or emoji
    sequences (nearly all news): `pieces` building the tokens as it goes, in the text's
    own offsets (a fifth of segmenting is saved by not making the pieces first)."""
    out: list[Token] = []
    append = out.append
    find = text.find
    plain = _SYMBOLS.isdisjoint
    pos = start
    for word in text[start:end].split():
        at = find(word, pos)
        pos = at + len(word)
        if plain(word):
            append(Token(at, pos, word, normalize(word)))
        else:
            out.extend(Token(s, e, piece, normalize(piece)) for piece, s, e in _split_symbols(text, word, at, pos))
    return out


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
    if not index:  # no invisible characters (nearly always): each token is the word itself
        return [Token(start + at, start + pos, word, normalize(word)) for word, at, pos in pieces(clean)]
    tokens: list[Token] = []
    for word, at, pos in pieces(clean):
        s, e = start + index[at], start + index[pos - 1] + 1
        tokens.append(Token(s, e, text[s:e], normalize(word)))
    return tokens


def segment(
    text: str, boilerplate: Iterable[tuple[int, int]] = ()
) -> list[Sentence]:
    """Sentences of a document with their tokens; sentences inside boilerplate are flagged."""
    boiler = sorted(boilerplate)
    # one look for invisible characters and emoji sequences in the whole text, not one a sentence
    words = _plain_tokens if not has_invisible(text) and _COMBINING.search(text) is None else tokenize
    sentences = []
    for i, (s, e) in enumerate(sentence_spans(text)):
        is_boiler = any(bs <= s and e <= be for bs, be in boiler)
        sentences.append(Sentence(i, s, e, words(text, s, e), is_boiler))
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
