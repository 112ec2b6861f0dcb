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

Grains: day, week, month, quarter, half, year, days (a few-day span such as
"منذ أيام", a holiday window), part_of_month (مطلع/منتصف/أواخر: days 1–10, 11–20,
21–end), part_of_year (Jan–Apr, May–Aug, Sep–Dec), decade. Durations ("في أقل من
4 أشهر") have kind "duration", no dates, and duration_days with op.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from claimtrack.dates import holidays as hol
from claimtrack.errors import ClaimtrackError
from claimtrack.models import TimeExpr

FOLD = str.maketrans(
    "أإآٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "اااايه01234567890123456789",
)
FOLD_PAIRS = tuple((chr(a), chr(b)) for a, b in FOLD.items())
# Word lists used by a pattern, its anchor class and its handler alike.
DECADES = {"عشرينيات": 2, "ثلاثينيات": 3, "اربعينيات": 4, "خمسينيات": 5, "ستينيات": 6,
           "سبعينيات": 7, "ثمانينيات": 8, "تسعينيات": 9}  # → tens of the century
UNIT_WORDS = ("الاسبوع", "الشهر", "العام", "السنه", "العقد")  # "الأسبوع الماضي"
PLURAL_DAYS = {"الايام": 7, "الاسابيع": 28, "الاشهر": 120, "الشهور": 120, "الاعوام": 1095,
               "السنوات": 1095}  # "خلال الأيام الماضية": days covered
DUAL_RELATIVE = {"الماضيين": -1, "الاخيرين": -1, "الفائتين": -1, "المنصرمين": -1,
                 "المقبلين": 1, "القادمين": 1}  # "اليومين الماضيين"
W = r"(?<![\w])"  # a word start (Arabic letters count as \w)
E = r"(?![\w])"
CLITIC = r"(?P<cl>وفي\s+|في\s+|و[بل](?=\w)|[وفبل](?=\w))?"
FUTURE_CUES = re.compile(r"(?:سوف|من المنتظر|من المتوقع|من المقرر|المقبل|القادم|(?<![\w])س[يتن]\w{2,})")
# a number written before a slash is a law or decision number, not a date ("القرار رقم 12/2024")
NUMBERED = re.compile(r"(?:رقم|القرار|القانون|المرسوم|العدد|الامر|المرسوم)\s*$")
# words too common to be an anchor of the phrase they start ("يوم غد", "أول أمس")
COMMON = frozenset({"يوم", "اول", "من", "بعد", "شهر", "السنه", "ذكري", "ليله", "الاول"})
WEEK_STARTS = {"saturday": 5, "sunday": 6, "monday": 0}
PREFERS = ("past", "future", "nearest")


class DateParseError(ClaimtrackError):
    """A date given on the command line could not be read."""


@dataclass(frozen=True, slots=True)
class Options:
    """Conventions for expressions the text leaves open."""

    prefer: str = "past"  # past | future | nearest: a month, holiday or weekday without tense
    week_start: int = 5  # Python weekday the week starts on: Saturday in Arab news


def options(prefer: str | None = None, week_start: str | None = None) -> Options:
    """The tagger's conventions from arguments, else the environment, else the news defaults."""
    prefer = (prefer or os.environ.get("CLAIMTRACK_PREFER") or "past").lower()
    start = (week_start or os.environ.get("CLAIMTRACK_WEEK_START") or "saturday").lower()
    if prefer not in PREFERS:
        raise DateParseError(f"unknown preference {prefer!r}. Use past, future or nearest.")
    if start not in WEEK_STARTS:
        raise DateParseError(f"unknown week start {start!r}. Use saturday, sunday or monday.")
    return Options(prefer, WEEK_STARTS[start])


@cache
def _words() -> dict:
    text = resources.files("claimtrack").joinpath("data/dates.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _alt(names) -> str:
    parts = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def fold(text: str) -> str:
    """The folded text (same length as the input), over which the patterns run."""
    # str.replace per letter: str.translate with a non-ASCII table goes through a
    # Python dict per character and is 60 times slower on an article.
    for a, b in FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_num(name: str) -> int:
    key = _key(name)
    w = _words()
    return w["months"].get(key) or w["months"].get(key.removeprefix("ال"), 0)


def _valid_day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(day: dt.date, n: int) -> dt.date:
    y, m = _shift_months(day.year, day.month, n)
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


# ------------------------------------------------------------------ patterns


def _fragments() -> dict[str, str]:
    """Regex pieces shared by the patterns (each used once per pattern: named groups)."""
    w = _words()
    rel = w["relative"]
    month = rf"(?:ال)?(?:{_alt(w['months'])})"
    weekday = rf"(?:{_alt(w['weekdays'])})"
    relwords = _alt(rel["past"] + rel["future"] + rel["current"])
    yr = r"(?P<y>(?:1[3-9]|20)[0-9][0-9])"
    year_word = r"(?:(?:من\s+)?(?:عام|العام|سنه|لعام|بعام)\s+)?"
    # the year after a month or a part of a year: written, relative, or "this year"
    myear = (rf"(?:\s*[،,]?\s+{year_word}{yr}{E}|\s+(?P<rel>{relwords}){E}"
             rf"|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{relwords}){E}"
             rf"|\s+(?:من\s+)?(?P<ythis>هذا\s+العام|هذه\s+السنه|العام\s+نفسه){E})")
    # "أكتوبر/ تشرين الأول" or "تشرين الأول (أكتوبر)": two names of one month
    monthx = rf"(?P<m1>{month})(?:\s*[/\-–]\s*(?P<m2>{month})|\s*\(\s*(?P<m3>{month})\s*\))?"
    mrel = rf"(?P<mrel>الشهر\s+(?:{relwords})|هذا\s+الشهر){E}"
    # a month: named (with its year), numbered inside an "of" phrase, or relative
    montht = rf"(?:(?:{monthx}|الشهر\s+(?P<mord>{_alt(w['ordinal_months'])}))(?:{myear})?{E}|{mrel})"
    yeart = (rf"(?:(?:عام|العام|سنه|لعام)\s+)?{yr}{E}|(?:العام|السنه)\s+(?P<yrel>{relwords}){E}"
             rf"|(?P<ythis>هذا\s+العام|هذه\s+السنه){E}|(?P<ybare>العام|السنه){E}")
    return {
        "month": month, "monthx": monthx, "montht": montht, "myear": myear, "yeart": yeart,
        "weekday": weekday, "relwords": relwords, "yr": yr, "year_word": year_word,
        "weekday_bare": rf"(?:{_alt(k for k in w['weekdays'] if not k.startswith('ال'))})",
        "hijri": rf"(?:{_alt(w['hijri_months'])})",
        "relword": rf"(?P<rel>{relwords})",
        "fuzzy": rf"(?P<fz>{_alt(w['fuzzy']['early'] + w['fuzzy']['middle'] + w['fuzzy']['late'])})",
        "number": rf"(?:[0-9]+|{_alt(w['numbers'])})",
        "unit": rf"(?:{_alt(w['units'])})",
        "od": rf"(?P<od>{_alt(w['ordinal_days'])})",
        "opre": rf"(?P<op>{_alt(w['ordinal_prefix'])})",
        "osuf": rf"(?P<os>{_alt(w['ordinal_suffix'])})",
    }


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
        "lead": r"(?<![0-9][/.\-])", "tail": r"(?![/.\-]?[0-9])",  # no part of a longer number
        "sep": r"\s*(?P<sep>[-–]|و|(?:الي|حتي)\s)\s*",
        "year_parts": _alt(w["year_parts"]), "decades": _alt(DECADES),
        "not_nth_day": rf"(?!\s+(?:{_alt(w['ordinal_suffix'])}|{_alt(w['ordinal_days'])}){E})",
        "relative_days": _alt(w["relative_days"]), "unit_words": _alt(UNIT_WORDS),
        "plural_days": _alt(PLURAL_DAYS), "plural_units": _alt(w["plural_units"]),
        "numbers": _alt(w["numbers"]), "dual": _alt(DUAL_RELATIVE),
        "relations": _alt(h["relations"]), "holidays": _alt(h["holidays"]),
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
        "hijri": [k.split()[0] for k in w["hijri_months"]],
        "fuzzy": w["fuzzy"]["early"] + w["fuzzy"]["middle"] + w["fuzzy"]["late"],
        "decade": list(DECADES),
        "today": _rare_words(w["relative_days"]),
        "weekday": list(w["weekdays"]),
        "unit_relative": list(UNIT_WORDS),
        "plural": list(PLURAL_DAYS) + list(w["plural_units"]),
        "holiday": _rare_words(h["holidays"]),
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
    bounds = [0, *(m.end() for m in SEGMENT_BREAK.finditer(folded)), len(folded)]
    spaced = NOT_WORD.sub(" ", folded)
    anchors = _anchors()
    words = anchors.keys()
    out = []
    for lo, hi in pairwise(bounds):
        present: set[str] = set()
        for word in words & spaced[lo:hi].split():
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


def tag(text: str, ref: dt.date | None = None, prefer: str | None = None,
        week_start: str | None = None) -> list[TimeExpr]:
    """All temporal expressions in text, left to right, resolved against ref (the document date)."""
    o = options(prefer, week_start)
    folded = fold(text)
    patterns = _patterns()
    found: list[tuple[int, int, int, re.Match, Callable]] = []
    for lo, hi, present in _segments(folded):
        for rank, (pattern, handler, needs) in enumerate(patterns):
            if needs <= present:
                for m in pattern.finditer(folded, lo, hi):
                    found.append((m.start(), m.end(), rank, m, handler))
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


# ------------------------------------------------------------------ combinators

# a weekday, then its date: "الأربعاء، 15 أكتوبر"، "يوم الخميس الموافق 12 شباط"
INTERSECT_GAP = re.compile(r"[\s،,]*(?:(?:الموافق|المصادف|الموافق\s+ل)[\s،,]*)?(?:في\s+)?")
# a date, then the same day in the other calendar: "الموافق لـ 14 شعبان 1447"
SAME_DAY_GAP = re.compile(r"[\s،,(]*(?:الموافق|المصادف)\s*(?:ل\s*\u0640*)?\s*")
RANGE_GAP = re.compile(r"\s*(?P<sep>[-–]|و|(?:الي|حتي)(?=\s))\s*")
RANGE_BEFORE = re.compile(r"(?:^|\s)(?P<pre>من|بين|منذ)\s+$")
RANGE_OWN = re.compile(r"(?P<pre>من|بين|منذ)\s")


def _combine(out: list[tuple[TimeExpr, bool]], folded: str) -> list[TimeExpr]:
    """Join neighbours: a weekday with the date after it, then two dates into a range."""
    merged: list[tuple[TimeExpr, bool]] = []
    for expr, bare_weekday in out:
        if merged and not bare_weekday and expr.grain == "day" and expr.kind == "date":
            prev, prev_bare = merged[-1]
            gap = folded[prev.end_char : expr.start_char]
            if prev_bare and INTERSECT_GAP.fullmatch(gap):
                merged[-1] = (_intersect(prev, expr, folded), False)
                continue
            if prev.grain == "day" and prev.kind == "date" and SAME_DAY_GAP.fullmatch(gap):
                merged[-1] = (_same_day(prev, expr), False)
                continue
        merged.append((expr, bare_weekday))
    exprs: list[TimeExpr] = []
    for expr, _ in merged:
        if exprs and (joined := _join_range(exprs[-1], expr, folded)) is not None:
            exprs[-1] = joined
            continue
        expr = _nth_of(expr, folded)
        while exprs and exprs[-1].end_char > expr.start_char:
            exprs.pop()  # "الجمعة الأخيرة" was the head of "الجمعة الأخيرة من رمضان"
        exprs.append(expr)
    return exprs


@cache
def _heads() -> tuple[re.Pattern, re.Pattern]:
    """"آخر جمعة من" / "اليوم الأول من" before an interval: the Nth day, week or weekday of it."""
    f = _fragments()
    pre = rf"(?<![\w]){f['opre']}\s+(?:(?P<u>يوم|اسبوع)|(?:يوم\s+)?(?P<wd>{f['weekday']}))\s+(?:من|في)\s+$"
    suf = rf"(?<![\w])(?:(?P<u>اليوم|الاسبوع)|(?P<wd>ال{f['weekday_bare']}))\s+{f['osuf']}\s+(?:من|في)\s+$"
    return re.compile(pre), re.compile(suf)


def _nth_of(expr: TimeExpr, folded: str) -> TimeExpr:
    """The "of" combinator over any interval: "آخر جمعة من رمضان 2025", "أول يوم من العام المقبل"."""
    if expr.kind != "date" or expr.start is None or expr.start == expr.end:
        return expr
    lo = max(0, expr.start_char - 40)
    head = next((h for p in _heads() if (h := p.search(folded, lo, expr.start_char))), None)
    if head is None:
        return expr
    w = _words()
    g = head.groupdict()
    n = w["ordinal_prefix"][g["op"]] if g.get("op") else w["ordinal_suffix"][g["os"]]
    days = [expr.start + dt.timedelta(days=i) for i in range((expr.end - expr.start).days + 1)]
    if g.get("u") and g["u"].endswith("اسبوع"):
        week = days[-7:] if n == -1 else days[7 * (n - 1) : 7 * n]
        span = (week[0], week[-1]) if week else None
        grain = "week"
    else:
        if g.get("wd"):
            days = [d for d in days if d.weekday() == _weekday_of(g["wd"])]
        pick = days[-1:] if n == -1 else days[n - 1 : n]
        span = (pick[0], pick[0]) if pick else None
        grain = "day"
    if span is None:
        return expr
    return TimeExpr("", head.start(), expr.end_char, *span, grain, "date", expr.resolved_by)


def _weekday_of(span: str) -> int | None:
    days = _words()["weekdays"]
    for word in re.findall(r"\w+", span):
        for form in (word, word.removeprefix("و"), word.removeprefix("ب")):
            if form in days:
                return days[form]
    return None


def _intersect(wd_expr: TimeExpr, date: TimeExpr, folded: str) -> TimeExpr:
    wd = _weekday_of(folded[wd_expr.start_char : wd_expr.end_char])
    date.inconsistent = date.start is not None and wd is not None and date.start.weekday() != wd
    date.start_char = wd_expr.start_char
    return date


def _same_day(a: TimeExpr, b: TimeExpr) -> TimeExpr:
    """"الاثنين 2 فبراير 2026 الموافق لـ 14 شعبان 1447": one day in two calendars; the first wins."""
    a.inconsistent = a.inconsistent or b.inconsistent or (None not in (a.start, b.start) and a.start != b.start)
    a.end_char = b.end_char
    return a


def _join_range(a: TimeExpr, b: TimeExpr, folded: str) -> TimeExpr | None:
    """A range from two dates: "من 28 شباط إلى 3 آذار 2025", "بين الأحد والثلاثاء"."""
    if a.kind == "duration" or b.kind == "duration" or a.start is None or b.start is None:
        return None
    gap = RANGE_GAP.fullmatch(folded[a.end_char : b.start_char])
    if gap is None:
        return None
    before = RANGE_BEFORE.search(folded, max(0, a.start_char - 8), a.start_char)
    pre = before.group("pre") if before else None
    if pre is None and (own := RANGE_OWN.match(folded, a.start_char)):
        pre = own.group("pre")  # "من يناير": the preposition is part of the first date
    sep = gap.group("sep")
    if (sep == "و" and pre != "بين") or (sep in "-–" and pre is None and a.grain != b.grain):
        return None
    a_start = a.start
    if a.resolved_by == "document_date" and b.resolved_by == "explicit" and a.grain in ("day", "month"):
        # "من 28 شباط إلى 3 آذار 2025": the first date takes the year of the second
        a_start = _valid_day(b.end.year, a.start.month, a.start.day) or a.start
        if a_start > b.end:
            a_start = _valid_day(b.end.year - 1, a.start.month, a.start.day) or a.start
    b_end = b.end
    if b_end < a_start and b.resolved_by == "document_date":
        b_end = b_end + dt.timedelta(days=7) if b.grain == "day" else _add_months(b_end, 12)
    if b_end < a_start:
        return None
    start_char = before.start("pre") if before else a.start_char
    return TimeExpr("", start_char, b.end_char, a_start, b_end, a.grain, "range",
                    "explicit" if "explicit" in (a.resolved_by, b.resolved_by) else "document_date",
                    inconsistent=a.inconsistent or b.inconsistent)


# ------------------------------------------------------------------ resolution


def _mk(start, end, grain, ref_used: bool, kind="date") -> TimeExpr:
    return TimeExpr("", 0, 0, start, end, grain, kind,
                    "document_date" if ref_used else "explicit")


def _unresolved(grain: str, kind: str = "date") -> TimeExpr:
    return TimeExpr("", 0, 0, None, None, grain, kind, None)


def _month_of(m: re.Match) -> int:
    return _month_num(m.group("m1"))


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _delta(word: str | None) -> int:
    """-1, 0 or 1 for a past, current or future relative word."""
    rel = _words()["relative"]
    return -1 if word in rel["past"] else 1 if word in rel["future"] else 0


def _relative_year(month: int, rel: str, ref: dt.date) -> int:
    """The year of a month named with الماضي / المقبل / الجاري around ref."""
    d = _delta(rel)
    if d < 0:
        return ref.year if month < ref.month else ref.year - 1
    if d > 0:
        return ref.year if month > ref.month else ref.year + 1
    return ref.year


def _direction(folded: str, at: int, o: Options) -> str:
    """past, future or nearest for an expression without tense: a future cue, else the preference."""
    before = _sentence_before(folded, at)
    if FUTURE_CUES.search(before) or _imperfective_before(before):
        return "future"
    return o.prefer


Interval = tuple[dt.date, dt.date]


def _pick(candidates: list[Interval], ref: dt.date, direction: str) -> Interval | None:
    """The occurrence a tenseless expression names: the latest begun, the next not ended, or the nearest."""
    if not candidates:
        return None
    candidates = sorted(candidates)
    if direction == "past":
        begun = [c for c in candidates if c[0] <= ref]
        return begun[-1] if begun else candidates[0]
    if direction == "future":
        ahead = [c for c in candidates if c[1] >= ref]
        return ahead[0] if ahead else candidates[-1]

    def distance(c: Interval) -> int:
        return 0 if c[0] <= ref <= c[1] else min(abs((c[0] - ref).days), abs((c[1] - ref).days))

    return min(candidates, key=distance)


def _in_month(m: re.Match, ref: dt.date | None, folded: str, o: Options,
              fn: Callable[[int, int], Interval | None], grain: str, kind: str = "date") -> TimeExpr | None:
    """Resolve something inside a month (a day, the Nth weekday...) whose year may be left open."""
    g = m.groupdict()
    if g.get("mrel"):
        if ref is None:
            return _unresolved(grain, kind)
        words = g["mrel"].split()
        y, mo = _shift_months(ref.year, ref.month, 0 if words[0] == "هذا" else _delta(words[-1]))
        got = fn(y, mo)
        return TimeExpr("", 0, 0, *got, grain, kind, "document_date") if got else None
    month = _words()["ordinal_months"][_key(g["mord"])] if g.get("mord") else _month_of(m)
    if not month:
        return None
    if g.get("y"):
        got = fn(int(g["y"]), month)
        return TimeExpr("", 0, 0, *got, grain, kind, "explicit") if got else None
    if ref is None:
        return _unresolved(grain, kind)
    if g.get("yrel") or g.get("ythis"):
        years = [ref.year + (_delta(g["yrel"]) if g.get("yrel") else 0)]
    elif g.get("rel"):
        years = [_relative_year(month, g["rel"], ref)]
    else:
        years = [ref.year - 1, ref.year, ref.year + 1]
    got = _pick([c for y in years if (c := fn(y, month))], ref, _direction(folded, m.start(), o))
    return TimeExpr("", 0, 0, *got, grain, kind, "document_date") if got else None


def _year_of_part(m: re.Match, ref: dt.date | None) -> tuple[int, bool] | None:
    """The year of "الربع الأول من 2025" / "من العام الماضي" / "من العام": written or from ref."""
    g = m.groupdict()
    if g.get("y"):
        return int(g["y"]), False
    if ref is None:
        return None
    return ref.year + (_delta(g["yrel"]) if g.get("yrel") else 0), True


# ------------------------------------------------------------------ handlers


def _numbered(folded: str, at: int) -> bool:
    return NUMBERED.search(folded, max(0, at - 16), at) is not None


def _numeric(m, ref, folded, o):
    if _numbered(folded, m.start()):
        return None
    d = _valid_day(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    return _mk(d, d, "day", False) if d else None


def _numeric_month(m, ref, folded, o):
    y, mo = int(m.group("y")), int(m.group("mo"))
    if _numbered(folded, m.start()) or not 1 <= mo <= 12:
        return None
    return _mk(dt.date(y, mo, 1), _month_end(y, mo), "month", False)


def _hijri(m, ref, folded, o):
    month = _words()["hijri_months"].get(_key(m.group("hm")))
    got = hol.in_hijri_year({"month": month, "day": int(m.group("d"))}, int(m.group("y")))
    return _mk(got[0], got[0], "day", False) if got else None


def _day_range(m, ref, folded, o):
    if m.group("sep").strip() == "و" and m.group("pre") not in ("بين", "يومي", "ايام"):
        return None  # "في 3 و5 آب": two days, not the days between
    d1, d2 = int(m.group("d1")), int(m.group("d2"))

    def days(y: int, mo: int) -> Interval | None:
        a, b = _valid_day(y, mo, d1), _valid_day(y, mo, d2)
        return (a, b) if a and b and a < b else None

    return _in_month(m, ref, folded, o, days, "day", "range")


def _day_month(m, ref, folded, o):
    day = int(m.group("d")) if m.group("d") else _words()["ordinal_days"][_key(m.group("od"))]

    def one(y: int, mo: int) -> Interval | None:
        d = _valid_day(y, mo, day)
        return (d, d) if d else None

    return _in_month(m, ref, folded, o, one, "day")


def _nth_weekday(y: int, mo: int, wd: int, n: int) -> dt.date | None:
    days = [dt.date(y, mo, d) for d in range(1, calendar.monthrange(y, mo)[1] + 1)]
    hits = [d for d in days if d.weekday() == wd]
    if n == -1:
        return hits[-1]
    return hits[n - 1] if n <= len(hits) else None


def _nth_of_month(m, ref, folded, o):
    w = _words()
    g = m.groupdict()
    n = w["ordinal_prefix"][g["op"]] if g.get("op") else w["ordinal_suffix"][g["os"]]
    unit = g.get("u")
    if unit:
        def part(y: int, mo: int) -> Interval | None:
            last = _month_end(y, mo).day
            if unit.endswith("يوم"):
                d = dt.date(y, mo, last if n == -1 else n)
                return d, d
            first = last - 6 if n == -1 else 7 * (n - 1) + 1
            return (dt.date(y, mo, first), dt.date(y, mo, min(first + 6, last))) if first <= last else None

        return _in_month(m, ref, folded, o, part, "day" if unit.endswith("يوم") else "week")
    wd = _weekday_of(g["wd"])
    if g.get("os") and n > 0:
        # "الأحد الثاني من حزيران": Sunday the 2nd when the 2nd is a Sunday, else the second Sunday
        def day_or_nth(y: int, mo: int) -> Interval | None:
            d = _valid_day(y, mo, n)
            if d is None or d.weekday() != wd:
                d = _nth_weekday(y, mo, wd, n)
            return (d, d) if d else None

        return _in_month(m, ref, folded, o, day_or_nth, "day")

    def nth(y: int, mo: int) -> Interval | None:
        d = _nth_weekday(y, mo, wd, n)
        return (d, d) if d else None

    return _in_month(m, ref, folded, o, nth, "day")


def _year_part_n(m, ref, folded, o):
    size = _words()["year_parts"][m.group("yp")]
    n = _words()["ordinal_suffix"][m.group("os")]
    parts = 12 // size
    if n > parts:
        return None
    grain = "quarter" if size == 3 else "half"
    found = _year_of_part(m, ref)
    if found is None:
        return _unresolved(grain)
    year, used = found
    first = (parts - 1 if n == -1 else n - 1) * size + 1
    return _mk(dt.date(year, first, 1), _month_end(year, first + size - 1), grain, used)


def _part(m) -> str:
    fz = _words()["fuzzy"]
    word = m.group("fz")
    return "early" if word in fz["early"] else "middle" if word in fz["middle"] else "late"


def _month_part(year: int, month: int, part: str) -> tuple[dt.date, dt.date]:
    last = _month_end(year, month)
    if part == "early":
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part == "middle":
        return dt.date(year, month, 11), dt.date(year, month, 20)
    return dt.date(year, month, 21), last


def _year_part(year: int, part: str) -> tuple[dt.date, dt.date]:
    if part == "early":
        return dt.date(year, 1, 1), dt.date(year, 4, 30)
    if part == "middle":
        return dt.date(year, 5, 1), dt.date(year, 8, 31)
    return dt.date(year, 9, 1), dt.date(year, 12, 31)


def _fuzzy_month(m, ref, folded, o):
    if m.group("fz") == "اول":  # "أول يناير" is 1 January (مطلع/أوائل are the first ten days)
        return _in_month(m, ref, folded, o, lambda y, mo: (dt.date(y, mo, 1),) * 2, "day")
    part = _part(m)
    return _in_month(m, ref, folded, o, lambda y, mo: _month_part(y, mo, part), "part_of_month")


def _fuzzy_year(m, ref, folded, o):
    a, b = _year_part(int(m.group("y")), _part(m))
    return _mk(a, b, "part_of_year", False)


def _fuzzy_relative(m, ref, folded, o):
    if ref is None:
        return _unresolved("part_of_year")
    delta = _delta(m.group("rel"))
    if m.group("unitrel") == "الشهر":
        y, mo = _shift_months(ref.year, ref.month, delta)
        a, b = _month_part(y, mo, _part(m))
        return _mk(a, b, "part_of_month", True)
    a, b = _year_part(ref.year + delta, _part(m))
    return _mk(a, b, "part_of_year", True)


def _whole_month(y: int, mo: int) -> Interval:
    return dt.date(y, mo, 1), _month_end(y, mo)


def _named_month(m, ref, folded, o):
    """A month with its year or a relative word: "جوان 2024"، "تموز الماضي"."""
    if not _month_of(m):
        return None
    return _in_month(m, ref, folded, o, _whole_month, "month")


def _bare_month(m, ref, folded, o):
    month = _month_of(m)
    if not month or (m.group("m1") in _words()["ambiguous_months"]["names"] and not m.group("m2")):
        return None
    return _in_month(m, ref, folded, o, _whole_month, "month")


def _sentence_before(folded: str, at: int) -> str:
    start = max(folded.rfind(".", 0, at), folded.rfind("\n", 0, at), folded.rfind("؟", 0, at)) + 1
    return folded[max(start, at - 120) : at]


def _year_only(m, ref, folded, o):
    y = int(m.group("y"))
    return _mk(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False)


def _year_range(m, ref, folded, o):
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    sep = m.group("sep").strip()
    if not y1 < y2 <= y1 + 100 or (sep == "و" and m.group("pre") != "بين"):
        return None
    return _mk(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year", False, "range")


def _decade(m, ref, folded, o):
    tens = DECADES[m.group("decade")]
    if m.group("cent") == "العشرين":
        century, used = 1900, False
    elif ref is None:
        return _unresolved("decade")
    else:
        century, used = (ref.year // 100 - (1 if m.group("cent") == "الماضي" else 0)) * 100, True
    start = century + tens * 10
    return _mk(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade", used)


def _today(m, ref, folded, o):
    if ref is None:
        return _unresolved("day")
    d = ref + dt.timedelta(days=_words()["relative_days"][_key(m.group("today"))])
    expr = _mk(d, d, "day", True)
    if m.group("wd"):
        # "اليوم الأربعاء" in an article dated a Tuesday: the text and its date disagree
        expr.inconsistent = _words()["weekdays"][m.group("wd")] != d.weekday()
    return expr


def _weekday(m, ref, folded, o):
    wd = _words()["weekdays"][m.group("wd") or m.group("wdd")]
    r = m.group("rel")
    if r and _delta(r) == 0:
        return None
    if ref is None:
        return _unresolved("day")
    if r and _delta(r) < 0:
        back = (ref.weekday() - wd) % 7 or 7
        d = ref - dt.timedelta(days=back)
    elif r:
        ahead = (wd - ref.weekday()) % 7 or 7
        d = ref + dt.timedelta(days=ahead)
    else:
        back = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
        ahead = ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
        direction = _direction(folded, m.start(), o)
        if direction == "nearest":
            direction = "past" if (ref - back) <= (ahead - ref) else "future"
        d = back if direction == "past" else ahead
    return _mk(d, d, "day", True)


def _weekday_pair(m, ref, folded, o):
    """"يومي الجمعة والسبت المقبلين": the first weekday, then the second on or after it."""
    days = _words()["weekdays"]
    wd, wd2 = days[m.group("wd")], days[m.group("wd2")]
    if ref is None:
        return _unresolved("day", "range")
    delta = DUAL_RELATIVE.get(m.group("dual") or "", 0)
    gap = dt.timedelta(days=(wd2 - wd) % 7)
    if delta > 0:
        first = ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
    elif delta < 0:
        first = ref - gap - dt.timedelta(days=(ref.weekday() - wd2) % 7 or 7)
    elif _direction(folded, m.start(), o) == "future":
        first = ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
    else:
        first = ref - gap - dt.timedelta(days=(ref.weekday() - wd2) % 7)
    return _mk(first, first + gap, "day", True, "range")


def _imperfective_before(before: str) -> bool:
    """An imperfective verb ("يزور", "تلتقي") among the last words: the expression is ahead."""
    words = re.findall(r"[\w]+", before)[-8:]
    return any(re.fullmatch(r"[وف]?[يت](?!وم)\w{2,}", w) for w in words[:1] + words[1:2])


def _unit_relative(m, ref, folded, o):
    unit = m.group("unitrel")
    grain = {"الاسبوع": "week", "الشهر": "month", "العقد": "decade"}.get(unit, "year")
    if ref is None:
        return _unresolved(grain)
    delta = 0 if m.groupdict().get("this") else _delta(m.group("rel"))
    if unit == "الاسبوع":
        start = ref - dt.timedelta(days=(ref.weekday() - o.week_start) % 7) + dt.timedelta(weeks=delta)
        return _mk(start, start + dt.timedelta(days=6), "week", True)
    if unit == "الشهر":
        y, mo = _shift_months(ref.year, ref.month, delta)
        return _mk(dt.date(y, mo, 1), _month_end(y, mo), "month", True)
    if unit == "العقد":
        y = (ref.year // 10 + delta) * 10
        return _mk(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade", True)
    y = ref.year + delta
    return _mk(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", True)


def _plural_relative(m, ref, folded, o):
    if ref is None:
        return _unresolved("days")
    days = PLURAL_DAYS[m.group("plural")]
    if m.group("rel") in ("المقبله", "القادمه"):
        return _mk(ref + dt.timedelta(days=1), ref + dt.timedelta(days=days), "days", True)
    return _mk(ref - dt.timedelta(days=days), ref - dt.timedelta(days=1), "days", True)


def _counted_relative(m, ref, folded, o):
    """The N units before or after ref, ref excluded: "الأيام الخمسة المقبلة" = ref+1 … ref+5."""
    w = _words()
    g = m.groupdict()
    if g.get("dual"):
        n, delta = 2, DUAL_RELATIVE[g["dual"]]
    else:
        n = int(g["nd"]) if g.get("nd") else w["numbers"].get(g["nw"], 0)
        delta = _delta(g["rel"])
    if not n or not delta:
        return None
    if ref is None:
        return _unresolved("days")
    days, months = w["plural_units"][g["pu"]]

    def shift(k: int) -> dt.date:
        return ref + dt.timedelta(days=days * k) if days else _add_months(ref, months * k)

    if delta > 0:
        return _mk(ref + dt.timedelta(days=1), shift(n), "days", True)
    return _mk(shift(-n), ref - dt.timedelta(days=1), "days", True)


def _holiday(m, ref, folded, o):
    h = hol.holidays()
    name = _key(m.group("hol"))
    entry = h["holidays"][name]
    g = m.groupdict()
    if entry.get("needs_cue") and not (g["hrel"] or g["y"] or g["hy"] or g["rel"] or g["hsfx"]):
        before = re.findall(r"\w+", _sentence_before(folded, m.start("hol")))[-1:]
        if not before or before[0].removeprefix("و") not in h["cues"]["before"]:
            return None  # "رمضان" alone is also a man's name
    if g["hy"]:
        got, used = (hol.in_hijri_year(entry, int(g["hy"])) if entry["calendar"] == "hijri" else None), False
    elif g["y"]:
        got, used = hol.in_gregorian_year(entry, int(g["y"])), False
    elif ref is None:
        return _unresolved("day")
    else:
        occurrences, used = hol.around(entry, ref), True
        if g["rel"]:
            d = _delta(g["rel"])
            if d < 0:
                got = next((c for c in reversed(occurrences) if c[1] < ref), None)
            elif d > 0:
                got = next((c for c in occurrences if c[0] > ref), None)
            else:
                got = _pick(occurrences, ref, "nearest")
        else:
            got = _pick(occurrences, ref, _direction(folded, m.start(), o))
    if got is None:
        return None
    start, end = got
    grain = "day" if start == end else "days"
    if g["hrel"]:
        anchor, a, b = h["relations"][_key(g["hrel"])]
        if anchor == "third":
            if start == end:
                return None  # early/middle/late of a one-day feast means nothing
            start, end = _month_part_of(start, end, a)
        elif anchor == "start":
            start, end = start + dt.timedelta(days=a), start + dt.timedelta(days=b)
        elif anchor == "end":
            start, end = end + dt.timedelta(days=a), end + dt.timedelta(days=b)
        grain = "day" if start == end else "days"
    return _mk(start, end, grain, used)


def _month_part_of(start: dt.date, end: dt.date, third: int) -> Interval:
    """Days 1–10, 11–20 or 21–end of a month-long holiday (Ramadan)."""
    a = start + dt.timedelta(days=10 * third)
    return a, end if third == 2 else a + dt.timedelta(days=9)


def _since_few(m, ref, folded, o):
    if ref is None:
        return _unresolved("days")
    # "منذ أيام": some days before the report; a documented window of 2–7 days back
    span = {"ايام": (7, 1), "اسابيع": (42, 7), "اشهر": (180, 30), "شهور": (180, 30),
            "سنوات": (3650, 365), "اعوام": (3650, 365)}[m.group("fewunit")]
    return _mk(ref - dt.timedelta(days=span[0]), ref - dt.timedelta(days=span[1]), "days", True)


def _count(m) -> tuple[float, int] | None:
    units = _words()["units"]
    per, implied = units[m.group("unit")]
    n = m.group("n")
    if n:
        value = int(n) if n.isdigit() else _words()["numbers"].get(n)
        if value is None:
            return None
    else:
        value = implied
    if not value:
        return None
    return per, value


def _ago(m, ref, folded, o):
    got = _count(m)
    if got is None:
        return None
    per, value = got
    days = per * value
    if m.group("ago") == "منذ" and not m.group("n") and value == 1 and per == 1:
        return None  # "منذ يوم" is rare and ambiguous; leave it
    grain = "day" if per == 1 else "week" if per == 7 else "month" if per == 30 else "year"
    if ref is None:
        return _unresolved(grain)
    d = ref - dt.timedelta(days=days)
    if grain == "day":
        return _mk(d, d, "day", True)
    half = max(1, per // 2)
    return _mk(d - dt.timedelta(days=half), d + dt.timedelta(days=half), grain, True)


def _duration(m, ref, folded, o):
    got = _count(m)
    if got is None:
        return None
    per, value = got
    op_word = _key(m.group("op"))
    op = {"في غضون": "<=", "خلال": "<=", "في اقل من": "<", "اقل من": "<", "لاقل من": "<",
          "لاكثر من": ">", "اكثر من": ">", "نحو": "~", "حوالي": "~", "لمده": "=", "طيله": "=",
          "علي مدي": "="}[op_word]
    return TimeExpr("", 0, 0, None, None, "duration", "duration", None, float(per * value), op)


# the resolvers a rule of data/date_rules.toml names
RESOLVERS: dict[str, Callable] = {
    "numeric": _numeric, "numeric_month": _numeric_month, "hijri": _hijri, "day_range": _day_range,
    "day_month": _day_month, "nth_of_month": _nth_of_month, "year_part_n": _year_part_n,
    "fuzzy_month": _fuzzy_month, "fuzzy_year": _fuzzy_year, "fuzzy_relative": _fuzzy_relative,
    "named_month": _named_month, "bare_month": _bare_month,
    "year_only": _year_only, "year_range": _year_range, "decade": _decade, "today": _today,
    "weekday": _weekday, "weekday_pair": _weekday_pair, "unit_relative": _unit_relative, "plural_relative": _plural_relative,
    "counted_relative": _counted_relative, "holiday": _holiday, "since_few": _since_few, "ago": _ago,
    "duration": _duration,
}


# ------------------------------------------------------------------ options


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
