"""Pure-function tests of the diff on Claim objects built directly: quantities (which the
extractor does not fill yet on this branch), weekdays, phases and the actor hierarchy."""

from __future__ import annotations

import datetime as dt

import pytest

from claimtrack.diff import diff
from claimtrack.entities import Gazetteer
from claimtrack.models import Claim, ClaimTime, EntityRef, Quantity

REF = dt.date(2025, 11, 9)


def _ref(entity_id: str) -> EntityRef:
    return Gazetteer.load().get(entity_id).ref()


def _claim(doc, agent, *, quantity=None, evidence="انسحبت القوات الفرنسية من قاعدة نيامي الجوية في النيجر اليوم",
           day=REF, text="اليوم", inconsistent=False, type="withdrawal", place="niamey-air-base") -> Claim:
    return Claim(id=f"{doc}-{agent}-{day}", doc=doc, source=doc.upper(), type=type, cameo="0874", plover="RETREAT",
                 agent=_ref(agent), place=_ref(place) if place else None,
                 time=ClaimTime(text=text, start=day, end=day, grain="day", resolved_by="explicit",
                                inconsistent=inconsistent),
                 quantity=quantity, trigger="انسحبت", evidence=evidence, span=(0, len(evidence)))


QUANTITIES = {
    "exact-differs": (Quantity(value=200, unit="troops", text="200 جندي"),
                      Quantity(value=500, unit="troops", text="500 جندي"), "high"),
    "about-within-slack": (Quantity(value=200, unit="troops", op="~", text="نحو 200 جندي"),
                           Quantity(value=220, unit="troops", text="220 جنديا"), None),
    "more-than-agrees": (Quantity(value=100, unit="troops", op=">", text="أكثر من 100 جندي"),
                         Quantity(value=150, unit="troops", text="150 جنديا"), None),
    "more-than-contradicts": (Quantity(value=100, unit="troops", op=">", text="أكثر من 100 جندي"),
                              Quantity(value=90, unit="troops", text="90 جنديا"), "medium"),
    "other-units": (Quantity(value=200, unit="troops", text="200 جندي"),
                    Quantity(value=30, unit="vehicles", text="30 آلية"), None),
}


@pytest.mark.parametrize("case", list(QUANTITIES), ids=list(QUANTITIES))
def test_diff_quantity_mismatch_with_tolerance(diff_ctx, case):
    qa, qb, severity = QUANTITIES[case]
    events = diff([_claim("a.txt", "french-forces", quantity=qa), _claim("b.txt", "france", quantity=qb)], diff_ctx)
    assert len(events) == 1  # France and its forces: one actor
    found = [k for k in events[0].conflicts if k.kind == "quantity_mismatch"]
    assert [k.severity for k in found] == ([severity] if severity else [])


def test_diff_weekday_that_misses_its_date_inside_one_document(diff_ctx):
    c = _claim("a.txt", "french-forces", text="الاثنين 9 تشرين الثاني", inconsistent=True)
    (event,) = diff([c], diff_ctx)
    (k,) = event.conflicts
    assert k.kind == "weekday_mismatch" and k.doc_a == k.doc_b == "a.txt" and "Sunday" in k.explanation


PHASES = {
    "completed-vs-ongoing": ("أكملت القوات الفرنسية انسحابها من قاعدة نيامي الجوية بالكامل اليوم",
                             "لا تزال القوات الفرنسية تنسحب من قاعدة نيامي الجوية اليوم", ["phase_mismatch"]),
    "begun-vs-completed": ("بدأت القوات الفرنسية الانسحاب من قاعدة نيامي الجوية اليوم",
                           "أكملت القوات الفرنسية انسحابها من قاعدة نيامي الجوية بالكامل اليوم", []),
}


@pytest.mark.parametrize("case", list(PHASES), ids=list(PHASES))
def test_diff_phase_mismatch_only_completed_against_still_ongoing(diff_ctx, case):
    ea, eb, kinds = PHASES[case]
    events = diff([_claim("a.txt", "french-forces", evidence=ea), _claim("b.txt", "french-forces", evidence=eb)], diff_ctx)
    assert len(events) == 1
    assert [k.kind for k in events[0].conflicts] == kinds


HEADS = {
    "two-heads-of-state-never-one-visitor": ("emmanuel-macron", "abdel-fattah-el-sisi", 2),
    "a-state-and-its-forces-one-actor": ("france", "french-forces", 1),
    "two-bodies-of-one-state-stay-two": ("french-forces", "french-armed-forces-ministry", 2),
}


@pytest.mark.parametrize("case", list(HEADS), ids=list(HEADS))
def test_diff_actor_hierarchy(diff_ctx, case):
    a, b, n = HEADS[case]
    claims = [_claim("a.txt", a, type="visit", place="cairo", evidence="زيارة رسمية قصيرة إلى القاهرة للقاء المسؤولين"),
              _claim("b.txt", b, type="visit", place="cairo", evidence="وصل اليوم إلى القاهرة لبحث التعاون")]
    assert len(diff(claims, diff_ctx)) == n


PARTICIPANTS = {
    "putin-vs-lavrov": ("vladimir-putin", "sergei-lavrov", ["participant_mismatch"]),
    "same-counterpart": ("vladimir-putin", "vladimir-putin", []),
}


@pytest.mark.parametrize("case", list(PARTICIPANTS), ids=list(PARTICIPANTS))
def test_diff_participant_mismatch_is_low(diff_ctx, case):
    pa, pb = PARTICIPANTS[case][:2]
    claims = []
    for doc, other, evidence in (("a.txt", pa, "التقى الشرع في موسكو اليوم لبحث العلاقات الثنائية"),
                                 ("b.txt", pb, "اجتمع الرئيس السوري أحمد الشرع اليوم في العاصمة موسكو")):
        c = _claim(doc, "ahmed-al-sharaa", type="meeting", place="moscow", evidence=evidence)
        claims.append(c.model_copy(update={"participants": [_ref(other)]}))
    (event,) = diff(claims, diff_ctx)
    assert [k.kind for k in event.conflicts] == PARTICIPANTS[case][2]
    assert all(k.severity == "low" for k in event.conflicts)


ORDINALS = {
    "month-name-is-not-an-ordinal": ("وصل ماكرون إلى القاهرة يوم 3 تشرين الثاني 2025 في زيارة رسمية", 2, []),
    "written-ordinal-differs": ("وصل ماكرون إلى القاهرة يوم 3 تشرين الثاني 2025 في ثاني زيارة له", 2,
                                ["ordinal_mismatch"]),
}


@pytest.mark.parametrize("case", list(ORDINALS), ids=list(ORDINALS))
def test_diff_ordinal_only_when_written_outside_the_date(diff_ctx, case):
    evidence, ordinal, kinds = ORDINALS[case]
    day = dt.date(2025, 11, 3)
    a = _claim("a.txt", "emmanuel-macron", type="visit", place="cairo", evidence=evidence, day=day,
               text="3 تشرين الثاني 2025").model_copy(update={"ordinal": ordinal})
    b = _claim("b.txt", "emmanuel-macron", type="visit", place="cairo", day=day, text="3 تشرين الثاني 2025",
               evidence="وصل الرئيس الفرنسي إلى القاهرة في ثالث زيارة له").model_copy(update={"ordinal": 3})
    events = diff([a, b], diff_ctx)
    assert len(events) == 1
    assert [k.kind for k in events[0].conflicts] == kinds


COUNTERPARTS = {
    "different-states-two-calls": ("recep-tayyip-erdogan", "abdel-fattah-el-sisi", 2),
    "same-counterpart-one-call": ("recep-tayyip-erdogan", "recep-tayyip-erdogan", 1),
}


@pytest.mark.parametrize("case", list(COUNTERPARTS), ids=list(COUNTERPARTS))
def test_diff_undated_calls_with_different_counterparts_stay_apart(diff_ctx, case):
    pa, pb, n = COUNTERPARTS[case]
    claims = []
    for doc, other in (("a.txt", pa), ("b.txt", pb)):
        c = _claim(doc, "vladimir-putin", type="call", place=None, evidence="أجرى بوتين اتصالا هاتفيا بحثا خلاله العلاقات")
        claims.append(c.model_copy(update={"participants": [_ref(other)], "time": ClaimTime()}))
    assert len(diff(claims, diff_ctx)) == n


QUOTES = {
    "same-quote-joins": ("قال الرئيس الفرنسي في مكالمة إن «التنسيق بين البلدين أساسي» للمنطقة", 1),
    "no-quote-stays-apart": ("قال الرئيس الفرنسي في مكالمة إن المنطقة تحتاج إلى الهدوء", 2),
}


@pytest.mark.parametrize("case", list(QUOTES), ids=list(QUOTES))
def test_diff_quoted_words_tie_a_date_disagreement(diff_ctx, case):
    """Two calls four days apart are one event only when a distinctive detail agrees."""
    evidence_b, n = QUOTES[case]
    claims = []
    for doc, day, evidence in (("a.txt", dt.date(2025, 11, 3), "أكد ماكرون هاتفيا أن «التنسيق بين البلدين أساسي» اليوم"),
                               ("b.txt", dt.date(2025, 11, 7), evidence_b)):
        c = _claim(doc, "emmanuel-macron", type="call", place=None, evidence=evidence, day=day)
        claims.append(c.model_copy(update={"participants": [_ref("abdel-fattah-el-sisi")]}))
    events = diff(claims, diff_ctx)
    assert len(events) == n
    assert [k.kind for e in events for k in e.conflicts] == (["date_mismatch"] if n == 1 else [])


NEGATIONS = {
    "denial-verb": ("نفت الرئاسة اليوم أن يكون الرئيس قد زار القاهرة", ["modality_mismatch"]),
    "negated-description": ("ليست زيارة عادية إلى القاهرة بل زيارة تاريخية اليوم", []),
}


@pytest.mark.parametrize("case", list(NEGATIONS), ids=list(NEGATIONS))
def test_diff_denial_only_when_the_event_is_denied(diff_ctx, case):
    evidence, kinds = NEGATIONS[case]
    a = _claim("a.txt", "emmanuel-macron", type="visit", place="cairo", evidence="زار ماكرون القاهرة اليوم في زيارة رسمية")
    b = _claim("b.txt", "emmanuel-macron", type="visit", place="cairo", evidence=evidence)
    b = b.model_copy(update={"modality": "negated", "trigger": "زيارة" if "ليست" in evidence else "زار"})
    (event,) = diff([a, b], diff_ctx)
    assert [k.kind for k in event.conflicts] == kinds


def test_diff_a_country_and_a_foreign_leader_are_two_visitors(diff_ctx):
    a = _claim("a.txt", "recep-tayyip-erdogan", type="visit", place="baghdad", evidence="وصل أردوغان إلى بغداد اليوم")
    b = _claim("b.txt", "iraq", type="visit", place="baghdad", evidence="زيارة عراقية إلى بغداد اليوم")
    assert len(diff([a, b], diff_ctx)) == 2


def test_diff_month_names_never_make_a_calendar_ordinal_conflict(diff_ctx):
    """Two withdrawals dated in November: "تشرين الثاني" is a month, not "the second" twice."""
    claims = [_claim(doc, "french-forces", day=day, text=f"{day.day} تشرين الثاني 2025",
                     evidence=f"انسحبت القوات الفرنسية من قاعدة نيامي الجوية يوم {day.day} تشرين الثاني 2025")
              .model_copy(update={"ordinal": 2})
              for doc, day in (("a.txt", dt.date(2025, 11, 1)), ("b.txt", dt.date(2025, 11, 28)))]
    events = diff(claims, diff_ctx)
    assert len(events) == 2
    assert not [k for e in events for k in e.conflicts]


def test_diff_undated_claims_do_not_chain_across_venues(diff_ctx):
    """Baghdad, a visit with no place, and Paris: the placeless one may join one, never both."""
    claims = []
    for doc, place in (("a.txt", "baghdad"), ("b.txt", None), ("c.txt", "paris")):
        c = _claim(doc, "recep-tayyip-erdogan", type="visit", place=place,
                   evidence="يقوم الرئيس التركي أردوغان بزيارة رسمية يلتقي خلالها كبار المسؤولين")
        claims.append(c.model_copy(update={"time": ClaimTime()}))
    events = diff(claims, diff_ctx)
    places = [{c.place.id for c in e.claims if c.place} for e in events]
    assert {"baghdad", "paris"} not in places and len(events) >= 2
