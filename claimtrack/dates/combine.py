"""Combinators of the temporal tagger: they join what the rules found (a weekday with its date,
a date with its other calendar, two dates into a range, "the Nth day/week/weekday of" an interval)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from claimtrack.dates.words import (
    W,
    _add_months,
    _fragments,
    _valid_day,
    _weekday_of,
    _words,
)
from claimtrack.models import TimeExpr

# a weekday, then its date: "الأربعاء، 15 أكتوبر"، "يوم الخميس الموافق 12 شباط"
INTERSECT_GAP = re.compile(r"[\s،,]*(?:(?:الموافق|المصادف|الموافق\s+ل)[\s،,]*)?(?:في\s+)?")
# a date, then the same day in the other calendar: "الموافق لـ 14 شعبان 1447"
SAME_DAY_GAP = re.compile(r"[\s،,(]*(?:الموافق|المصادف)\s*(?:ل\s*\u0640*)?\s*")
RANGE_GAP = re.compile(r"\s*(?P<sep>[-–]|و|(?:الي|حتي)(?=\s))\s*")
RANGE_BEFORE = re.compile(r"(?:^|\s)(?P<pre>من|بين|منذ)\s+$")
RANGE_OWN = re.compile(r"(?P<pre>من|بين|منذ)\s")


def _combine(out: list[tuple[TimeExpr, bool]], folded: str) -> list[TimeExpr]:
    """Join neighbours: a weekday or the other calendar with a date, then ranges and "Nth … of"."""
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
    # ranges and "the Nth … of" compose ("أول يوم من آخر أسبوع من رمضان"): apply them
    # until nothing changes
    exprs = [expr for expr, _ in merged]
    while True:
        joined = _ranges_and_heads(exprs, folded)
        if _spans(joined) == _spans(exprs):
            return joined
        exprs = joined


def _spans(exprs: list[TimeExpr]) -> list[tuple]:
    return [(e.start_char, e.end_char, e.start, e.end) for e in exprs]


def _ranges_and_heads(exprs: list[TimeExpr], folded: str) -> list[TimeExpr]:
    """One pass of the range and "of" combinators, left to right."""
    out: list[TimeExpr] = []
    for expr in exprs:
        if out and (joined := _join_range(out[-1], expr, folded)) is not None:
            out[-1] = joined
            continue
        expr = _nth_of(expr, folded)
        while out and out[-1].end_char > expr.start_char:
            out.pop()  # "الجمعة الأخيرة" was the head of "الجمعة الأخيرة من رمضان"
        out.append(expr)
    return out


@cache
def _heads() -> tuple[re.Pattern, re.Pattern]:
    """"آخر جمعة من" / "اليوم الأول من" before an interval: the Nth day, week or weekday of it."""
    f = _fragments()
    pre = rf"{W}{f['opre']}\s+(?:(?P<u>يوم|اسبوع)|(?:يوم\s+)?(?P<wd>{f['weekday']}))\s+(?:من|في)\s+$"
    suf = rf"{W}(?:(?P<u>اليوم|الاسبوع)|(?P<wd>ال{f['weekday_bare']}))\s+{f['osuf']}\s+(?:من|في)\s+$"
    return re.compile(pre), re.compile(suf)


def _nth_of(expr: TimeExpr, folded: str) -> TimeExpr:
    """The "of" combinator over any interval: "آخر جمعة من رمضان 2025", "أول يوم من العام المقبل"."""
    if expr.kind != "date" or expr.start is None or expr.start == expr.end:
        return expr
    lo = max(0, expr.start_char - 40)
    if not _ends_with_of(folded[lo : expr.start_char]):
        return expr  # the common case, told without a regex search
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


def _ends_with_of(before: str) -> bool:
    """Whether text ends like the heads of _heads do: a space, من or في, a space."""
    words = before.rstrip()
    return len(words) < len(before) and words.endswith(("من", "في")) and words[-3:-2].isspace()


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
