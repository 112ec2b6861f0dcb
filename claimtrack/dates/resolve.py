"""Resolvers of the temporal tagger: a rule's match (its named groups) → a TimeExpr with its
interval, against the reference date and the conventions."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from claimtrack.dates import holidays as hol
from claimtrack.dates.words import (
    DECADES,
    DUAL_RELATIVE,
    FUTURE_CUES,
    NUMBERED,
    PLURAL_DAYS,
    Interval,
    Options,
    _add_months,
    _key,
    _month_end,
    _month_num,
    _shift_months,
    _valid_day,
    _weekday_of,
    _words,
)
from claimtrack.models import TimeExpr


def _mk(start, end, grain, ref_used: bool, kind="date") -> TimeExpr:
    return TimeExpr("", 0, 0, start, end, grain, kind,
                    "document_date" if ref_used else "explicit")


def _unresolved(grain: str, kind: str = "date") -> TimeExpr:
    return TimeExpr("", 0, 0, None, None, grain, kind, None)


def _month_of(m: re.Match) -> int:
    return _month_num(m.group("m1"))


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
    """A Hijri day: with its year, or the occurrence around ref the conventions pick."""
    w = _words()
    g = m.groupdict()
    day = int(g["d"]) if g.get("d") else w["ordinal_days"][_key(g["od"])] if g.get("od") else 1
    entry = {"month": w["hijri_months"].get(_key(m.group("hm"))), "day": day}
    if g.get("y"):
        got = hol.in_hijri_year(entry, int(g["y"]))
        return _mk(got[0], got[0], "day", False) if got else None
    if ref is None:
        return _unresolved("day")
    h = hol.hijri_year_of(ref)
    found = [c for y in (h - 1, h, h + 1) if (c := hol.in_hijri_year(entry, y))] if h else []
    got = _pick(found, ref, _direction(folded, m.start(), o))
    return _mk(got[0], got[0], "day", True) if got else None


def _hijri_month(m, ref, folded, o):
    """A Hijri month, or its first, middle or last ten days (مطلع/منتصف/أواخر)."""
    g = m.groupdict()
    entry = {"month": _words()["hijri_months"].get(_key(g["hm"])), "day": 1, "days": "month"}
    if g.get("y"):
        got, used = hol.in_hijri_year(entry, int(g["y"])), False
    elif ref is None:
        return _unresolved("days")
    else:
        h = hol.hijri_year_of(ref)
        found = [c for y in (h - 1, h, h + 1) if (c := hol.in_hijri_year(entry, y))] if h else []
        got, used = _pick(found, ref, _direction(folded, m.start(), o)), True
    if got is None:
        return None
    if g.get("fz"):
        got = _month_part_of(*got, ("early", "middle", "late").index(_part(m)))
    return _mk(*got, "days", used)


def _season(m, ref, folded, o):
    """Three months from a season's first (winter: December to February)."""
    g = m.groupdict()
    first = _words()["seasons"][g["season"] or g["season2"]]

    def months(y: int) -> Interval:
        return dt.date(y, first, 1), _month_end(*_shift_months(y, first, 2))

    year = g.get("y") or g.get("y2")
    if year:
        return _mk(*months(int(year)), "season", False)
    if ref is None:
        return _unresolved("season")
    rel = g.get("rel") or g.get("rel2")
    candidates = [months(y) for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1)]
    if rel and _delta(rel) < 0:
        got = [c for c in candidates if c[1] < ref][-1]
    elif rel and _delta(rel) > 0:
        got = next(c for c in candidates if c[0] > ref)
    else:
        got = _pick(candidates, ref, "nearest" if rel else _direction(folded, m.start(), o))
    return _mk(*got, "season", True)


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
    paired = m.group("m2") or m.group("m3") or m.group("m4")
    if not month or (m.group("m1") in _words()["ambiguous_months"]["names"] and not paired):
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
    g = m.groupdict()
    delta = 0 if g.get("this") else (-2 if g["two"].startswith("قبل") else 2) if g.get("two") else _delta(g["rel"])
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
    "numeric": _numeric, "numeric_month": _numeric_month, "hijri": _hijri, "hijri_month": _hijri_month,
    "season": _season, "day_range": _day_range,
    "day_month": _day_month, "nth_of_month": _nth_of_month, "year_part_n": _year_part_n,
    "fuzzy_month": _fuzzy_month, "fuzzy_year": _fuzzy_year, "fuzzy_relative": _fuzzy_relative,
    "named_month": _named_month, "bare_month": _bare_month,
    "year_only": _year_only, "year_range": _year_range, "decade": _decade, "today": _today,
    "weekday": _weekday, "weekday_pair": _weekday_pair, "unit_relative": _unit_relative, "plural_relative": _plural_relative,
    "counted_relative": _counted_relative, "holiday": _holiday, "since_few": _since_few, "ago": _ago,
    "duration": _duration,
}
