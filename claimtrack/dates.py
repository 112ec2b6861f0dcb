"""An Arabic temporal tagger: finds date expressions and resolves them to intervals.

The text is folded character for character (أ إ آ → ا, ى → ي, ة → ه, Eastern
Arabic and Persian digits → 0-9), so offsets in the folded text are offsets in the
original. Patterns are compiled once from the word lists in data/dates.toml and
run only over the sentences that hold their anchor words (see `_segments`);
overlapping matches are resolved longest first, and each match is resolved
against the reference (publication) date. No expression crosses a line break or
a sentence end. What cannot be resolved (a weekday in an undated article) is returned with
start and end set to None, never a guessed value.

Grains: day, week, month, year, days (a few-day span such as "منذ أيام"),
part_of_month (مطلع/منتصف/أواخر: days 1–10, 11–20, 21–end), part_of_year
(Jan–Apr, May–Aug, Sep–Dec), decade. Durations ("في أقل من 4 أشهر") have
kind "duration", no dates, and duration_days with op.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from itertools import pairwise

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
UNIT_WORDS = ("الاسبوع", "الشهر", "العام", "السنه")  # "الأسبوع الماضي"
PLURAL_DAYS = {"الايام": 7, "الاسابيع": 28, "الاشهر": 120, "الشهور": 120, "الاعوام": 1095,
               "السنوات": 1095}  # "خلال الأيام الماضية": days covered
W = r"(?<![\w])"  # a word start (Arabic letters count as \w)
E = r"(?![\w])"
CLITIC = r"(?P<cl>وفي\s+|في\s+|و[بل](?=\w)|[وفبل](?=\w))?"
FUTURE_CUES = re.compile(r"(?:سوف|من المنتظر|من المتوقع|من المقرر|المقبل|القادم|(?<![\w])س[يتن]\w{2,})")


class DateParseError(ClaimtrackError):
    """A date given on the command line could not be read."""


@cache
def _words() -> dict:
    text = resources.files("claimtrack").joinpath("data/dates.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _alt(names) -> str:
    parts = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


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
    key = re.sub(r"\s+", " ", name.strip())
    w = _words()
    return w["months"].get(key) or w["months"].get(key.removeprefix("ال"), 0)


def _year(text: str) -> int:
    return int(text)


def _valid_day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# ------------------------------------------------------------------ patterns


@cache
def _patterns() -> list[tuple[re.Pattern, Callable, frozenset[str]]]:
    w = _words()
    month = rf"(?:ال)?(?:{_alt(w['months'])})"
    # "أكتوبر/ تشرين الأول" or "تشرين الأول (أكتوبر)": two names of one month
    monthx = rf"(?P<m1>{month})(?:\s*[/\-–]\s*(?P<m2>{month})|\s*\(\s*(?P<m3>{month})\s*\))?"
    hijri = rf"(?:{_alt(w['hijri_months'])})"
    weekday = rf"(?:{_alt(w['weekdays'])})"
    weekday_bare = rf"(?:{_alt(k for k in w['weekdays'] if not k.startswith('ال'))})"
    rel = w["relative"]
    relword = rf"(?P<rel>{_alt(rel['past'] + rel['future'] + rel['current'])})"
    fuzzy = rf"(?P<fz>{_alt(w['fuzzy']['early'] + w['fuzzy']['middle'] + w['fuzzy']['late'])})"
    number = rf"(?:[0-9]+|{_alt(w['numbers'])})"
    unit = rf"(?:{_alt(w['units'])})"
    year_word = r"(?:(?:من\s+)?(?:عام|العام|سنه|لعام|بعام)\s+)?"
    day = r"(?P<d>[0-3]?[0-9])"
    yr = r"(?P<y>(?:1[3-9]|20)[0-9][0-9])"
    dayname = rf"(?:(?:يوم\s+)?(?P<wd>{weekday})\s*[،,]?\s+)?"
    P = []

    def add(pattern: str, handler: Callable, *needs: str) -> None:
        """A pattern, its handler, and the anchor classes (see _anchors) every match contains."""
        P.append((re.compile(pattern), handler, frozenset(needs)))

    add(rf"{W}(?P<iso>(?:19|20)[0-9][0-9]-[01][0-9]-[0-3][0-9]){E}", _iso, "numeric_date")
    add(rf"{W}(?P<d>[0-3]?[0-9])[/.](?P<mo>[01]?[0-9])[/.](?P<y>(?:19|20)[0-9][0-9]){E}", _numeric, "numeric_date")
    add(rf"{W}{CLITIC}(?P<d>[0-3]?[0-9])\s+(?P<hm>{hijri})\s+(?P<y>1[34][0-9][0-9])(?:\s*(?:هـ|ه{E}|للهجره|هجري))?", _hijri, "digit", "hijri")
    add(rf"{W}{CLITIC}(?:بين|من)\s+(?P<d1>[0-3]?[0-9])\s+(?:و|الي\s+)\s*(?P<d2>[0-3]?[0-9])\s+{monthx}(?:\s+{year_word}{yr})?{E}", _day_range, "digit", "month")
    add(rf"{W}{CLITIC}{dayname}(?:في\s+)?{day}\s+{monthx}(?:\s+{year_word}{yr}{E}|\s+{relword}{E})?", _day_month, "digit", "month")
    add(rf"{W}{CLITIC}{fuzzy}\s+(?:شهر\s+)?{monthx}(?:\s+{year_word}{yr}{E}|\s+{relword}{E})?", _fuzzy_month, "fuzzy", "month")
    add(rf"{W}{CLITIC}{fuzzy}\s+(?:عام|العام|سنه)\s+{yr}{E}", _fuzzy_year, "fuzzy", "year", "digit")
    add(rf"{W}{CLITIC}{fuzzy}\s+(?P<unitrel>العام|الشهر|السنه)\s+{relword}{E}", _fuzzy_relative, "fuzzy", "unit_relative", "relative")
    add(rf"{W}{CLITIC}(?:شهر\s+)?{monthx}\s+{year_word}{yr}{E}", _month_year, "month", "digit")
    add(rf"{W}{CLITIC}(?:شهر\s+)?{monthx}\s+{relword}{E}", _month_relative, "month", "relative")
    add(rf"{W}{CLITIC}(?:(?:في|خلال|منذ|حتي|مطلع|قبل|بعد)\s+)(?:شهر\s+)?{monthx}{E}", _bare_month, "month")
    add(rf"{W}{CLITIC}(?:(?:عام|العام|سنه)\s+){yr}{E}", _year_only, "year", "digit")
    add(rf"{W}(?P<decade>{_alt(DECADES)})\s+القرن\s+(?P<cent>الماضي|العشرين|الحالي){E}", _decade, "decade")
    add(rf"{W}{CLITIC}(?P<today>اليوم|امس|اول\s+امس|غدا|غدا|بعد\s+غد)(?:\s+(?P<wd>{weekday}))?{E}", _today, "today")
    # a weekday needs its article or "يوم": bare "أحد"/"اثنين" are "one"/"two"
    add(rf"{W}{CLITIC}(?:يوم\s+(?P<wd>{weekday})|(?P<wdd>ال{weekday_bare}))(?:\s+{relword})?{E}", _weekday, "weekday")
    add(rf"{W}{CLITIC}(?P<unitrel>{_alt(UNIT_WORDS)})\s+{relword}{E}", _unit_relative, "unit_relative", "relative")
    add(rf"{W}{CLITIC}(?:خلال|في)\s+(?P<plural>{_alt(PLURAL_DAYS)})\s+(?P<rel>الماضيه|الاخيره|المقبله|القادمه){E}", _plural_relative, "plural", "relative")
    add(rf"{W}(?P<since>منذ)\s+(?P<fewunit>ايام|اسابيع|اشهر|شهور|سنوات|اعوام){E}", _since_few, "since", "unit")
    add(rf"{W}(?P<ago>قبل|منذ)\s+(?:(?P<n>{number})\s+)?(?P<unit>{unit}){E}", _ago, "ago", "unit")
    add(rf"{W}(?P<op>في\s+غضون|خلال|في\s+اقل\s+من|اقل\s+من|لاقل\s+من|لاكثر\s+من|اكثر\s+من|نحو|حوالي|لمده|طيله|علي\s+مدي)\s+(?:(?P<n>{number})\s+)?(?P<unit>{unit}){E}", _duration, "duration", "unit")
    return P


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
# letters a pattern's CLITIC (or a month's article) can join to an anchor word
ATTACHED = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "وف")


@cache
def _anchors() -> dict[str, frozenset[str]]:
    """Anchor word (as written, with attached clitics) → the classes it stands for."""
    w = _words()
    rel = w["relative"]
    classes = {
        "month": [k.split()[0] for k in w["months"]],
        "hijri": [k.split()[0] for k in w["hijri_months"]],
        "fuzzy": w["fuzzy"]["early"] + w["fuzzy"]["middle"] + w["fuzzy"]["late"],
        "decade": list(DECADES),
        "today": ["اليوم", "امس", "غدا", "غد"],
        "weekday": list(w["weekdays"]),
        "unit_relative": list(UNIT_WORDS),
        "plural": list(PLURAL_DAYS),
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
            if NUMERIC_DATE.search(folded, lo, hi):
                present.add("numeric_date")
        if present:
            out.append((lo, hi, present))
    return out


def tag(text: str, ref: dt.date | None = None) -> list[TimeExpr]:
    """All temporal expressions in text, left to right, resolved against ref (the document date)."""
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
    out: list[TimeExpr] = []
    for start, end, _rank, m, handler in found:
        if any(s < end and start < e for s, e in taken):
            continue
        expr = handler(m, ref, folded)
        if expr is None:
            continue
        s, e = _trim(folded, m, start, end)
        expr.start_char, expr.end_char, expr.text = s, e, text[s:e]
        taken.append((start, end))
        out.append(expr)
    out.sort(key=lambda x: x.start_char)
    return out


def _trim(folded: str, m: re.Match, start: int, end: int) -> tuple[int, int]:
    """Drop a leading clitic or "في" (the `cl` group) from the span: it starts at the date words."""
    cl = m.groupdict().get("cl")
    if cl and folded[start + len(cl) : start + len(cl) + 3] != "ين ":
        start += len(cl)
    while end < len(folded) and "\u064b" <= folded[end] <= "\u0652":
        end += 1  # keep trailing tanween/diacritics ("عاماً") inside the span
    return start, end


def _mk(start, end, grain, ref_used: bool, kind="date") -> TimeExpr:
    return TimeExpr("", 0, 0, start, end, grain, kind,
                    "document_date" if ref_used else "explicit")


def _unresolved(grain: str) -> TimeExpr:
    return TimeExpr("", 0, 0, None, None, grain, "date", None)


def _month_of(m: re.Match) -> int:
    return _month_num(m.group("m1"))


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _relative_year(month: int, rel: str | None, ref: dt.date) -> int:
    """The year of a month named with الماضي / المقبل / الجاري (or alone) around ref."""
    w = _words()["relative"]
    if rel in w["past"]:
        return ref.year if month < ref.month else ref.year - 1
    if rel in w["future"]:
        return ref.year if month > ref.month else ref.year + 1
    if rel in w["current"]:
        return ref.year
    # a bare month in a news report: its most recent occurrence, or a near future one
    if month <= ref.month or month - ref.month > 3:
        return ref.year if month <= ref.month else ref.year - 1
    return ref.year


# ------------------------------------------------------------------ handlers


def _iso(m, ref, folded):
    d = _valid_day(*map(int, m.group("iso").split("-")))
    return _mk(d, d, "day", False) if d else None


def _numeric(m, ref, folded):
    d = _valid_day(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    return _mk(d, d, "day", False) if d else None


def _hijri(m, ref, folded):
    from hijridate import Hijri

    month = _words()["hijri_months"].get(re.sub(r"\s+", " ", m.group("hm")))
    try:
        g = Hijri(int(m.group("y")), month, int(m.group("d"))).to_gregorian()
    except (ValueError, OverflowError):
        return None
    d = dt.date(g.year, g.month, g.day)
    return _mk(d, d, "day", False)


def _year_of(m: re.Match, month: int, ref: dt.date | None) -> tuple[int, bool] | None:
    """The year of a day-or-month expression: written, or from ref and a relative word."""
    if m.group("y"):
        return int(m.group("y")), False
    if ref is None:
        return None
    rel = m.groupdict().get("rel")
    return _relative_year(month, rel, ref), True


def _day_range(m, ref, folded):
    month = _month_of(m)
    found = _year_of(m, month, ref)
    if found is None:
        return TimeExpr("", 0, 0, None, None, "day", "range", None)
    year, used = found
    a = _valid_day(year, month, int(m.group("d1")))
    b = _valid_day(year, month, int(m.group("d2")))
    if not a or not b or b < a:
        return None
    return TimeExpr("", 0, 0, a, b, "day", "range", "document_date" if used else "explicit")


def _day_month(m, ref, folded):
    month = _month_of(m)
    if not month:
        return None
    found = _year_of(m, month, ref)
    if found is None:
        return _unresolved("day")
    year, used = found
    d = _valid_day(year, month, int(m.group("d")))
    return _mk(d, d, "day", used) if d else None


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


def _fuzzy_month(m, ref, folded):
    month = _month_of(m)
    found = _year_of(m, month, ref)
    if found is None:
        return _unresolved("part_of_month")
    year, used = found
    a, b = _month_part(year, month, _part(m))
    return _mk(a, b, "part_of_month", used)


def _fuzzy_year(m, ref, folded):
    a, b = _year_part(int(m.group("y")), _part(m))
    return _mk(a, b, "part_of_year", False)


def _fuzzy_relative(m, ref, folded):
    if ref is None:
        return _unresolved("part_of_year")
    rel = _words()["relative"]
    delta = -1 if m.group("rel") in rel["past"] else 1 if m.group("rel") in rel["future"] else 0
    if m.group("unitrel") == "الشهر":
        y, mo = _shift_months(ref.year, ref.month, delta)
        a, b = _month_part(y, mo, _part(m))
        return _mk(a, b, "part_of_month", True)
    a, b = _year_part(ref.year + delta, _part(m))
    return _mk(a, b, "part_of_year", True)


def _month_year(m, ref, folded):
    month, year = _month_of(m), int(m.group("y"))
    if not month:
        return None
    return _mk(dt.date(year, month, 1), _month_end(year, month), "month", False)


def _month_relative(m, ref, folded):
    month = _month_of(m)
    if not month:
        return None
    if ref is None:
        return _unresolved("month")
    year = _relative_year(month, m.group("rel"), ref)
    return _mk(dt.date(year, month, 1), _month_end(year, month), "month", True)


def _bare_month(m, ref, folded):
    month = _month_of(m)
    if not month or (m.group("m1") in _words()["ambiguous_months"]["names"] and not m.group("m2")):
        return None
    if ref is None:
        return _unresolved("month")
    if FUTURE_CUES.search(_sentence_before(folded, m.start())):
        year = ref.year if month >= ref.month else ref.year + 1
    else:
        year = ref.year if month <= ref.month else ref.year - 1
    return _mk(dt.date(year, month, 1), _month_end(year, month), "month", True)


def _sentence_before(folded: str, at: int) -> str:
    start = max(folded.rfind(".", 0, at), folded.rfind("\n", 0, at), folded.rfind("؟", 0, at)) + 1
    return folded[max(start, at - 120) : at]


def _year_only(m, ref, folded):
    y = int(m.group("y"))
    return _mk(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False)


def _decade(m, ref, folded):
    tens = DECADES[m.group("decade")]
    if m.group("cent") == "العشرين":
        century, used = 1900, False
    elif ref is None:
        return _unresolved("decade")
    else:
        century, used = (ref.year // 100 - (1 if m.group("cent") == "الماضي" else 0)) * 100, True
    start = century + tens * 10
    return _mk(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade", used)


def _today(m, ref, folded):
    if ref is None:
        return _unresolved("day")
    word = re.sub(r"\s+", " ", m.group("today"))
    delta = {"اليوم": 0, "امس": -1, "اول امس": -2, "غدا": 1, "بعد غد": 2}[word]
    d = ref + dt.timedelta(days=delta)
    return _mk(d, d, "day", True)


def _weekday(m, ref, folded):
    if ref is None:
        return _unresolved("day")
    wd = _words()["weekdays"][m.group("wd") or m.group("wdd")]
    rel = _words()["relative"]
    r = m.group("rel")
    if r in rel["past"]:
        back = (ref.weekday() - wd) % 7 or 7
        d = ref - dt.timedelta(days=back)
    elif r in rel["future"]:
        ahead = (wd - ref.weekday()) % 7 or 7
        d = ref + dt.timedelta(days=ahead)
    elif r in rel["current"]:
        return None
    else:
        before = _sentence_before(folded, m.start())
        future = FUTURE_CUES.search(before) or _imperfective_before(before)
        if future:
            d = ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
        else:
            d = ref - dt.timedelta(days=(ref.weekday() - wd) % 7)
    return _mk(d, d, "day", True)


def _imperfective_before(before: str) -> bool:
    """An imperfective verb ("يزور", "تلتقي") among the last words: the weekday is ahead."""
    words = re.findall(r"[\w]+", before)[-8:]
    return any(re.fullmatch(r"[وف]?[يت](?!وم)\w{2,}", w) for w in words[:1] + words[1:2])


def _unit_relative(m, ref, folded):
    if ref is None:
        return _unresolved({"الاسبوع": "week", "الشهر": "month"}.get(m.group("unitrel"), "year"))
    rel = _words()["relative"]
    delta = -1 if m.group("rel") in rel["past"] else 1 if m.group("rel") in rel["future"] else 0
    unit = m.group("unitrel")
    if unit == "الاسبوع":
        # Arab news weeks run Saturday to Friday
        start = ref - dt.timedelta(days=(ref.weekday() - 5) % 7) + dt.timedelta(weeks=delta)
        return _mk(start, start + dt.timedelta(days=6), "week", True)
    if unit == "الشهر":
        y, mo = _shift_months(ref.year, ref.month, delta)
        return _mk(dt.date(y, mo, 1), _month_end(y, mo), "month", True)
    y = ref.year + delta
    return _mk(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", True)


def _plural_relative(m, ref, folded):
    if ref is None:
        return _unresolved("days")
    days = PLURAL_DAYS[m.group("plural")]
    if m.group("rel") in ("المقبله", "القادمه"):
        return _mk(ref + dt.timedelta(days=1), ref + dt.timedelta(days=days), "days", True)
    return _mk(ref - dt.timedelta(days=days), ref - dt.timedelta(days=1), "days", True)


def _since_few(m, ref, folded):
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


def _ago(m, ref, folded):
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


def _duration(m, ref, folded):
    got = _count(m)
    if got is None:
        return None
    per, value = got
    op_word = re.sub(r"\s+", " ", m.group("op"))
    op = {"في غضون": "<=", "خلال": "<=", "في اقل من": "<", "اقل من": "<", "لاقل من": "<",
          "لاكثر من": ">", "اكثر من": ">", "نحو": "~", "حوالي": "~", "لمده": "=", "طيله": "=",
          "علي مدي": "="}[op_word]
    return TimeExpr("", 0, 0, None, None, "duration", "duration", None, float(per * value), op)


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
