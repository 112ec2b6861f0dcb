"""The word lists of the temporal tagger (data/dates.toml), folding, conventions and the regex
pieces the rules are written with."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimtrack.errors import ClaimtrackError

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
# a word start (Arabic letters count as \w); a tatweel may join a clitic to it ("الـ15"، "بـ2025")
W = r"(?<![^\W\u0640])"
E = r"(?![\w])"
CLITIC = r"(?P<cl>وفي\s+|في\s+|و[بل](?=\w)|[وفبل](?=\w))?"
FUTURE_CUES = re.compile(r"(?:سوف|من المنتظر|من المتوقع|من المقرر|المقبل|القادم|(?<![\w])س[يتن]\w{2,})")
# a number written before a slash is a law or decision number, not a date ("القرار رقم 12/2024")
NUMBERED = re.compile(r"(?:رقم|القرار|القانون|المرسوم|العدد|الامر)\s*$")
# words too common to be an anchor of the phrase they start ("يوم غد", "أول أمس")
COMMON = frozenset({"يوم", "اول", "من", "بعد", "شهر", "السنه", "ذكري", "ليله", "الاول", "ذو", "ذي"})
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
    return _options(prefer or os.environ.get("CLAIMTRACK_PREFER") or "past",
                    week_start or os.environ.get("CLAIMTRACK_WEEK_START") or "saturday")


@cache
def _options(prefer: str, start: str) -> Options:
    """The conventions of one pair of values, checked once (the tagger asks per sentence)."""
    prefer, start = prefer.lower(), start.lower()
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
    """The names as alternatives of a regex, longest first (a caller puts them in a group)."""
    return _factored(sorted(names, key=len, reverse=True))


def _factored(parts: list[str]) -> str:
    """The parts joined as regex alternatives (a space: any run of spaces), the first
    letter of neighbouring alternatives written once: "ال(?:اول|ثاني)" for "الاول|الثاني".

    It matches what the plain alternation matches, trying the alternatives in the same
    order (a letter matches one way or not at all), but the engine reads a shared letter
    once and skips the alternatives whose next letter is not the text's: scanning for the
    long word lists (ordinal days, holidays) at every word that starts with the article
    cost as much as the rest of a date rule. Spaces are not shared (a run of spaces can
    match in several ways)."""
    out = []
    k = 0
    while k < len(parts):
        first = parts[k][:1]
        end = k + 1
        while first and first != " " and end < len(parts) and parts[end][:1] == first:
            end += 1
        if end - k == 1:
            out.append(re.escape(parts[k]).replace(r"\ ", r"\s+"))
        else:
            out.append(f"{re.escape(first)}(?:{_factored([p[1:] for p in parts[k:end]])})")
        k = end
    return "|".join(out)


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




def _fragments() -> dict[str, str]:
    """Regex pieces shared by the patterns (each used once per pattern: named groups)."""
    w = _words()
    rel = w["relative"]
    month = rf"(?:ال)?(?:{_alt(w['months'])})"
    weekday = rf"(?:{_alt(w['weekdays'])})"
    relwords = _alt(rel["past"] + rel["future"] + rel["current"])
    # a written year, with the "م" (ميلادي) Gulf and Egyptian outlets add: "4 يناير 2026م"
    yr = r"(?P<y>(?:1[3-9]|20)[0-9][0-9])(?:\s?م(?!\w))?"
    year_word = r"(?:(?:من\s+)?(?:عام|العام|سنه|لعام|بعام)\s+)?"
    # the year after a month or a part of a year: written, relative, or "this year"
    myear = (rf"(?:\s*[،,]?\s+{year_word}{yr}{E}|\s+(?P<rel>{relwords}){E}"
             rf"|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<yrel>{relwords}){E}"
             rf"|\s+(?:من\s+)?(?P<ythis>هذا\s+العام|هذه\s+السنه|العام\s+نفسه){E})")
    # "أكتوبر/ تشرين الأول", "تشرين الأول (أكتوبر)" or "أكتوبر تشرين الأول": two names of one month
    monthx = rf"(?P<m1>{month})(?:\s*[/\-–]\s*(?P<m2>{month})|\s*\(\s*(?P<m3>{month})\s*\)|\s+(?P<m4>{month}))?"
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


def _weekday_of(span: str) -> int | None:
    days = _words()["weekdays"]
    for word in re.findall(r"\w+", span):
        for form in (word, word.removeprefix("و"), word.removeprefix("ب")):
            if form in days:
                return days[form]
    return None


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


Interval = tuple[dt.date, dt.date]
