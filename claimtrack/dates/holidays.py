"""Holidays of the temporal tagger, resolved per year from data/holidays.toml.

Islamic holidays through the Umm al-Qura calendar (hijridate, which covers
1343–1500 AH, i.e. 1924–2077), Easter by the computus (Western: the anonymous
Gregorian algorithm; Orthodox: Meeus's Julian algorithm moved to the Gregorian
calendar), fixed feasts by their date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from importlib import resources

Interval = tuple[dt.date, dt.date]


@cache
def holidays() -> dict:
    """The holiday table: folded name → its calendar entry, plus relations and cues."""
    text = resources.files("claimtrack").joinpath("data/holidays.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def easter(year: int) -> dt.date:
    """Western Easter Sunday of a Gregorian year."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lt = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lt) // 433
    month = (h + lt - 7 * m + 90) // 25
    day = (h + lt - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def _julian_offset(year: int) -> int:
    """Days from a Julian calendar date to the Gregorian one (13 in 1900–2099)."""
    century = year // 100
    return century - century // 4 - 2


def orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday of a year, as a Gregorian date."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return dt.date(year, month, day + 1) + dt.timedelta(days=_julian_offset(year))


def _hijri(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def hijri_year_of(day: dt.date) -> int | None:
    """The Hijri year a Gregorian date falls in (None outside hijridate's range)."""
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def in_hijri_year(entry: dict, year: int) -> Interval | None:
    """The interval of a Hijri holiday in a Hijri year."""
    start = _hijri(year, entry["month"], entry["day"])
    if start is None:
        return None
    if entry.get("days") == "month":
        nxt = _hijri(year + (entry["month"] == 12), entry["month"] % 12 + 1, 1)
        return (start, nxt - dt.timedelta(days=1)) if nxt else None
    return start, start + dt.timedelta(days=int(entry.get("days", 1)) - 1)


def in_gregorian_year(entry: dict, year: int) -> Interval | None:
    """The (first) interval of a holiday that starts in a Gregorian year."""
    cal = entry["calendar"]
    if cal == "hijri":
        h = hijri_year_of(dt.date(year, 1, 1))
        if h is None:
            return None
        for hy in (h, h + 1):
            got = in_hijri_year(entry, hy)
            if got and got[0].year == year:
                return got
        return None
    if cal == "easter":
        d = easter(year)
    elif cal == "orthodox_easter":
        d = orthodox_easter(year)
    elif cal == "julian":
        # the feast of year Y falls in January of Y+1 for Dec 25 (Jan 7 in 1900–2099)
        d = dt.date(year - 1, entry["month"], entry["day"]) + dt.timedelta(days=_julian_offset(year))
    else:
        d = dt.date(year, entry["month"], entry["day"])
    return d, d


def around(entry: dict, ref: dt.date) -> list[Interval]:
    """The occurrences of a holiday in the years around ref, in order."""
    if entry["calendar"] == "hijri":
        h = hijri_year_of(ref)
        if h is None:
            return []
        found = [in_hijri_year(entry, y) for y in (h - 1, h, h + 1)]
    else:
        found = [in_gregorian_year(entry, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    return [f for f in found if f]
