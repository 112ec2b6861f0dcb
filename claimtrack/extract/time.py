"""Time of the event, not of the statement.

Each date expression dates the nearest trigger of each type in its clause. It dates no
event when it is a reference point ("بعد سقوط النظام أواخر 2024"), or when it governs a
reporting verb rather than the event ("أعلنت الوزارة، الاثنين، انسحاب القوات": the
announcement's date). After a deadline word ("بحلول أيلول", "قبل نهاية العام") it is the
end of an interval that starts at the document's date, not a point.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_left, bisect_right

from claimtrack.extract.attribution import clause
from claimtrack.extract.lexicon import words
from claimtrack.extract.syntax import phrase_before
from claimtrack.extract.triggers import Trigger
from claimtrack.models import ClaimTime, TimeExpr, Token

REFERENCE_REACH = 4  # "منذ توليه منصبه في مارس": words between a reference word and its date
STATEMENT_REACH = 10  # tokens after a reporting verb (its subject, titles) in which a date governs the report
DEADLINE_GRAIN = "deadline"
DEADLINE_REACH = 3  # "قبل نهاية هذا": the words of a deadline phrase


def _token_at(tokens: list[Token], char: int) -> int:
    """The first token that ends after a character offset (else the last token)."""
    return min(bisect_right(tokens, char, key=lambda tok: tok.end), len(tokens) - 1)


def _deadline(words_before: list[str], t: TimeExpr) -> bool:
    """A deadline word or phrase right before the expression ("بحلول", "قبل نهاية");
    `words_before`: the words before it (see phrase_before)."""
    marks = words("deadline")
    before = words_before[-DEADLINE_REACH:]
    if any(" ".join(before[k:]) in marks for k in range(len(before))):
        return True
    # "قبل نهاية هذا العام": the tagger may take "نهاية" into the expression
    head = t.text.split()[0] if t.text.split() else ""
    return bool(before) and f"{before[-1]} {head}".replace("ة", "ه") in marks


def _reference_point(words_before: list[str]) -> bool:
    """"بعد سقوط النظام أواخر 2024", "منذ توليه منصبه في مارس": the date of another event
    that the claim is placed after or since (a reference word a few words before)."""
    if (words_before[-1] if words_before else "") in words("reference_time"):
        return True
    before = words_before[-REFERENCE_REACH:]
    refs = [k for k, w in enumerate(before) if w in words("reference_time")]
    # "بعد ظهر اليوم" is a time of day, not a reference
    return bool(refs) and before[refs[-1] + 1 : refs[-1] + 2] != [] and before[refs[-1] + 1] not in words("time_of_day")


def _dateline(tokens: list[Token], t: TimeExpr) -> bool:
    """"وطنا اليوم:" or "القاهرة - اليوم:": an outlet's name or a dateline before a colon
    dates the article, not the event the sentence then tells."""
    k = bisect_left(tokens, t.end_char, key=lambda tok: tok.start)  # the first token after it
    return k < len(tokens) and tokens[k].text in (":", "：")


def _dates_statement(at: int, reporting: list[int], triggers: list[Trigger], bounds: list[int]) -> bool:
    """A date right after a reporting verb, before the event it reports and before the
    reported clause begins ("أعلن X، الاثنين، انسحاب ..."), dates the report."""
    verb = next((v for v in reversed(reporting) if v < at), None)
    if verb is None or at - verb > STATEMENT_REACH:
        return False
    if any(verb < b <= at for b in bounds):
        return False  # "أعلن أن ... الاثنين": the date is inside what was reported
    return not any(verb < trig.index < at for trig in triggers)


def assign_times(
    tokens: list[Token], triggers: list[Trigger], times: list[TimeExpr], bounds: list[int],
    reporting: list[int], published: dt.date | None,
) -> dict[int, TimeExpr]:
    """Give each date expression to the nearest trigger of each type in its clause.

    Per type, so that "التقى ... في أكتوبر 2025، في أول زيارة" dates both the meeting and
    the visit; one trigger per type, so that "زيارة ... بعد زيارة سابقة جرت في 15 تشرين"
    dates only the earlier visit.
    """
    owner: dict[int, TimeExpr] = {}
    best: dict[int, int] = {}
    for t in times:
        if t.kind == "duration":
            continue
        # the words before it, read once for both tests (a deadline's phrase is the shorter)
        words_before = phrase_before(tokens, t.start_char, max(REFERENCE_REACH, DEADLINE_REACH))
        deadline = _deadline(words_before, t)
        if not deadline and (_reference_point(words_before) or _dateline(tokens, t)):
            continue  # a reference point or a dateline, not the event's time
        at = _token_at(tokens, t.start_char)
        if _dates_statement(at, reporting, triggers, bounds):
            continue
        if deadline and t.end is not None:
            start = published if published is not None and published <= t.end else t.start
            t = dataclasses.replace(t, start=start, grain=DEADLINE_GRAIN)
        span = clause(at, bounds)
        for kind in {trig.type for trig in triggers}:
            same = [trig for trig in triggers if trig.type == kind and span[0] <= trig.index < span[1]]
            if not same:
                continue

            def distance(trig: Trigger, t: TimeExpr = t) -> int:
                tok = tokens[trig.index]
                return min(abs(tok.start - t.end_char), abs(t.start_char - tok.end))

            nearest = min(same, key=distance)
            d = distance(nearest)
            if nearest.index not in best or d < best[nearest.index]:
                best[nearest.index] = d
                owner[nearest.index] = t
    return owner


def claim_time(t: TimeExpr | None) -> ClaimTime:
    """The contract form of an event's time."""
    if t is None:
        return ClaimTime()
    return ClaimTime(text=t.text, start=t.start, end=t.end, grain=t.grain, resolved_by=t.resolved_by,
                     inconsistent=getattr(t, "inconsistent", False))
