"""An Arabic temporal tagger: finds date expressions and resolves them to intervals.

The text is folded character for character (أ إ آ → ا, ى → ي, ة → ه, Eastern
Arabic and Persian digits → 0-9), so offsets in the folded text are offsets in the
original. The rules are data (data/date_rules.toml: a pattern with {pieces} built
from the word lists of data/dates.toml and data/holidays.toml, the resolver it
feeds, its anchor classes); they are compiled once and run only over the sentences
that hold their anchor words
(see `_segments`); overlapping matches are resolved longest first, and each match
is resolved against the reference (publication) date. Two combinators then join
neighbouring expressions: a weekday before a date ("الأربعاء 15 أكتوبر": the date
wins, `inconsistent` says whether the weekday falls on it) and two dates joined as
a range ("من 28 شباط إلى 3 آذار 2025", "بين 2020 و2024"). No expression crosses a
line break or a sentence end. What cannot be resolved (a weekday in an undated
article) is returned with start and end set to None, never a guessed value.

Expressions without tense (a month or a holiday without year, a bare weekday) take
the verb's tense when the sentence has a future cue, otherwise `prefer` (past,
future or nearest); weeks start on `week_start` (Saturday in Arab news). Both come
from the arguments of `tag`, or $CLAIMTRACK_PREFER / $CLAIMTRACK_WEEK_START.

Modules: words.py (word lists, folding, conventions, regex pieces), this engine (rules,
anchors, scanning, overlaps), resolve.py (a match → an interval), combine.py (joining
neighbours), holidays.py (feasts per year).

Grains: day, week, month, quarter, half, year, days (a few-day span such as
"منذ أيام", a holiday window), part_of_month (مطلع/منتصف/أواخر: days 1–10, 11–20,
21–end), part_of_year (Jan–Apr, May–Aug, Sep–Dec), decade. Durations ("في أقل من
4 أشهر") have kind "duration", no dates, and duration_days with op.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

from claimtrack.dates import holidays as hol
from claimtrack.dates.combine import _combine
from claimtrack.dates.resolve import RESOLVERS, _weekday
from claimtrack.dates.words import (
    CLITIC,
    COMMON,
    DECADES,
    DUAL_RELATIVE,
    PLURAL_DAYS,
    UNIT_WORDS,
    DateParseError,
    E,
    W,
    _alt,
    _fragments,
    _month_end,
    _words,
    fold,
    options,
)
from claimtrack.models import TimeExpr


@cache
def _rules() -> list[dict]:
    text = resources.files("claimtrack").joinpath("data/date_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["rule"]


@cache
def _patterns() -> list[tuple[re.Pattern, Callable, frozenset[str]]]:
    """The rules of data/date_rules.toml compiled: pattern, resolver, anchor classes it needs."""
    pieces = _fragments() | _rule_pieces()
    out = []
    for rule in _rules():
        pattern = PLACEHOLDER.sub(lambda m: pieces[m.group(1)], rule["pattern"])
        out.append((re.compile(pattern), RESOLVERS[rule["resolve"]], frozenset(rule["needs"])))
    return out


# {name} in a rule; regex repetitions such as {2} are digits and stay as they are
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def _rule_pieces() -> dict[str, str]:
    """The pieces of the rules that are not month or year phrases (see _fragments)."""
    w = _words()
    h = hol.holidays()
    return {
        "W": W, "E": E, "CLITIC": CLITIC,
        "lead": r"(?<![0-9][/.\-])", "tail": r"(?![/.\-]?[0-9])(?:م(?!\w))?",  # no part of a longer number; "2026/01/04م"
        "sep": r"\s*(?P<sep>[-–]|و|(?:الي|حتي)\s)\s*",
        "year_parts": _alt(w["year_parts"]), "decades": _alt(DECADES),
        "not_nth_day": rf"(?!\s+(?:{_alt(w['ordinal_suffix'])}|{_alt(w['ordinal_days'])}){E})",
        "relative_days": _alt(w["relative_days"]), "unit_words": _alt(UNIT_WORDS),
        "plural_days": _alt(PLURAL_DAYS), "plural_units": _alt(w["plural_units"]),
        "numbers": _alt(w["numbers"]), "dual": _alt(DUAL_RELATIVE),
        "relations": _alt(h["relations"]), "holidays": _alt(h["holidays"]), "seasons": _alt(w["seasons"]),
    }


# Which pattern wins an overlap: the longer match; on a tie, the earlier pattern.
#
# Speed: each pattern is a full regex with a word-start lookbehind, which Python's
# engine tries at every position, so running twenty of them over a whole article
# costs twenty scans. Instead the text is cut at sentence ends and line breaks (no
# pattern crosses ". " or a newline), each segment's words are looked up in a table
# of anchor words, and a pattern runs only over the segments that hold every anchor
# class it needs (a month name, a digit, a weekday...). Most segments of a news
# article hold no date and are never scanned; the result is the same as scanning all.

# a line break, or a sentence end before a space (written so that the engine can
# skip ahead by character class: an alternation at the start would be tried everywhere)
SEGMENT_BREAK = re.compile(r"[.!?؟\n](?:(?<=\n)|(?=\s))")
NOT_WORD = re.compile(r"[^\w ]")
DIGIT = re.compile(r"[0-9]")  # folded text: Eastern Arabic and Persian digits are 0-9 here
NUMERIC_DATE = re.compile(r"[0-9][-/.][0-9]")
YEAR_DIGITS = re.compile(r"(?<![0-9])(?:1[3-9]|20)[0-9][0-9](?![0-9])")  # a possible year
DAY_PAIR = re.compile(r"[0-9]\s*(?:[-–]|و|(?:الي|حتي)\s)\s*[0-9]")  # "3 إلى 6", "22 - 25"
# letters a pattern's CLITIC (or a month's article) can join to an anchor word
ATTACHED = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "وف")


def _rare_words(phrases) -> list[str]:
    """One word of each phrase to anchor it: the first that is not a common word."""
    out = []
    for phrase in phrases:
        words = phrase.split()
        out.append(next((x for x in words if x not in COMMON), words[0]))
    return out


@cache
def _anchors() -> dict[str, frozenset[str]]:
    """Anchor word (as written, with attached clitics) → the classes it stands for."""
    w = _words()
    h = hol.holidays()
    rel = w["relative"]
    months = [k.split()[0] for k in w["months"]]
    classes = {
        "month": months,
        "monthish": months + ["الشهر"],
        "dayish": [k.split()[0] for k in w["ordinal_days"]],
        "nth": list(w["ordinal_prefix"]) + list(w["ordinal_suffix"]),
        "year_part": list(w["year_parts"]),
        "hijri": _rare_words(w["hijri_months"]),
        "fuzzy": w["fuzzy"]["early"] + w["fuzzy"]["middle"] + w["fuzzy"]["late"],
        "decade": list(DECADES),
        "today": _rare_words(w["relative_days"]),
        "weekday": list(w["weekdays"]),
        "unit_relative": list(UNIT_WORDS),
        "plural": list(PLURAL_DAYS) + list(w["plural_units"]),
        "holiday": _rare_words(h["holidays"]),
        "season": list(w["seasons"]),
        "since": ["منذ"],
        "ago": ["قبل", "منذ"],
        "unit": list(w["units"]),
        "relative": rel["past"] + rel["future"] + rel["current"],
        "year": ["عام", "العام", "سنه"],
        "duration": ["غضون", "خلال", "اقل", "لاقل", "اكثر", "لاكثر", "نحو", "حوالي", "لمده", "طيله",
                     "مدي"],
    }
    table: dict[str, set[str]] = {}
    for name, words in classes.items():
        for word in words:
            for pre in ATTACHED:
                for form in (pre + word, pre + "ال" + word):
                    table.setdefault(form, set()).add(name)
    return {form: frozenset(names) for form, names in table.items()}


def _segments(folded: str) -> list[tuple[int, int, set[str]]]:
    """(start, end, anchor classes) of each segment that holds an anchor.

    The words of a segment are read from a copy of the text in which every
    character other than a letter, digit or space is a space (same length, so
    offsets agree); the anchor words among them are one set intersection.
    """
    spaced = NOT_WORD.sub(" ", folded)
    anchors = _anchors()
    words = anchors.keys()
    # a segment starts after a break character, which `spaced` holds as a space: the
    # text's words are its segments' words, and a text with no anchor word and no digit
    # (most sentences) has no segment to scan
    anywhere = words & spaced.split()
    if not anywhere and not DIGIT.search(folded):
        return []
    bounds = [0, *(m.end() for m in SEGMENT_BREAK.finditer(folded)), len(folded)]
    out = []
    for lo, hi in pairwise(bounds):
        present: set[str] = set()
        for word in anywhere if len(bounds) == 2 else words & spaced[lo:hi].split():
            present |= anchors[word]
        if DIGIT.search(folded, lo, hi):
            present.add("digit")
            present.add("dayish")
            if NUMERIC_DATE.search(folded, lo, hi):
                present.add("numeric_date")
            if YEAR_DIGITS.search(folded, lo, hi):
                present.add("yyyy")
            if DAY_PAIR.search(folded, lo, hi):
                present.add("day_pair")
        if present:
            out.append((lo, hi, present))
    return out


@lru_cache(maxsize=4096)
def _rules_for(present: frozenset[str]) -> list[tuple[int, re.Pattern, Callable]]:
    """(rank, pattern, resolver) of the rules whose anchor classes a segment holds (few
    combinations of classes recur, so each is worked out once)."""
    return [(rank, pattern, handler) for rank, (pattern, handler, needs) in enumerate(_patterns())
            if needs <= present]


def tag(text: str, ref: dt.date | None = None, prefer: str | None = None,
        week_start: str | None = None) -> list[TimeExpr]:
    """All temporal expressions in text, left to right, resolved against ref (the document date)."""
    folded = fold(text)
    found: list[tuple[int, int, int, re.Match, Callable]] = []
    for lo, hi, present in _segments(folded):
        for rank, pattern, handler in _rules_for(frozenset(present)):
            for m in pattern.finditer(folded, lo, hi):
                found.append((m.start(), m.end(), rank, m, handler))
    if not found:
        return []  # most sentences: no rule matches (and nothing is there to combine)
    # the conventions are read (from the environment, at most) only for a text with a
    # match to resolve: most sentences have none
    o = options(prefer, week_start)
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int]] = []
    out: list[tuple[TimeExpr, bool]] = []
    for start, end, _rank, m, handler in found:
        if any(s < end and start < e for s, e in taken):
            continue
        expr = handler(m, ref, folded, o)
        if expr is None:
            continue
        s, e = _trim(folded, m, start, end)
        expr.start_char, expr.end_char = s, e
        taken.append((start, end))
        # a weekday without a relative word may be the weekday of the date after it
        out.append((expr, handler is _weekday and not m.group("rel")))
    out.sort(key=lambda x: x[0].start_char)
    exprs = _combine(out, folded)
    for expr in exprs:
        expr.text = text[expr.start_char : expr.end_char]
    return exprs


def _trim(folded: str, m: re.Match, start: int, end: int) -> tuple[int, int]:
    """Drop a leading clitic or "في" (the `cl` group) from the span: it starts at the date words."""
    cl = m.groupdict().get("cl")
    if cl and folded[start + len(cl) : start + len(cl) + 3] != "ين ":
        start += len(cl)
    while end < len(folded) and "\u064b" <= folded[end] <= "\u0652":
        end += 1  # keep trailing tanween/diacritics ("عاماً") inside the span
    return start, end




def parse_interval(value: str) -> tuple[dt.date, dt.date]:
    """A date from the command line as an interval: 2025, 2025-10, 2025-10-15 or Arabic text."""
    v = fold(value.strip())
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            start = dt.datetime.strptime(v, fmt).date()
        except ValueError:
            continue
        if fmt == "%Y-%m-%d":
            return start, start
        if fmt == "%Y-%m":
            return start, _month_end(start.year, start.month)
        return start, dt.date(start.year, 12, 31)
    exprs = [e for e in tag(value) if e.resolved and e.kind != "duration"]
    if exprs:
        return exprs[0].start, exprs[0].end
    raise DateParseError(f"cannot read {value!r} as a date; use YYYY-MM-DD, YYYY-MM or YYYY")


def parse_date(value: str) -> dt.date:
    """A date from the command line (the start of what it names)."""
    return parse_interval(value)[0]
