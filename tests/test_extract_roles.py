"""Who did what: agents, participants, places and modality in sentence shapes news uses.

Each sentence was written for this test; the whole pipeline (segmenter, shipped CAMeL
database, gazetteer, tagger, extractor) runs on it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimtrack.models import Document
from claimtrack.pipeline import Resources, process


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture
def claims_of(resources):
    def run(text: str) -> list[dict]:
        doc = Document(id="t", name="t.txt", text=text, published=dt.date(2025, 12, 9))
        return [
            {"type": c.type, "agent": c.agent.id if c.agent else None,
             "participants": [p.id for p in c.participants], "place": c.place.id if c.place else None,
             "modality": c.modality, "ordinal": c.ordinal}
            for c in process(doc, resources).claims
        ]
    return run


def _only(claims: list[dict], type_: str) -> dict:
    found = [c for c in claims if c["type"] == type_]
    assert len(found) == 1, claims
    return found[0]


def test_roles_a_call_received_from_someone_was_made_by_them(claims_of):
    c = _only(claims_of("تلقى الرئيس المصري عبد الفتاح السيسي اتصالاً هاتفياً من نظيره الفرنسي إيمانويل ماكرون."),
              "call")
    assert (c["agent"], c["participants"]) == ("emmanuel-macron", ["abdel-fattah-el-sisi"])


def test_roles_the_first_of_a_coordinated_subject_is_the_agent(claims_of):
    c = _only(claims_of("السيسي وماكرون يبحثان هاتفياً الأوضاع في المنطقة"), "call")
    assert (c["agent"], c["participants"]) == ("abdel-fattah-el-sisi", ["emmanuel-macron"])
    c = _only(claims_of("وقعت الحكومة اللبنانية ودولة قطر اتفاقية لتمويل مشاريع الطاقة."), "agreement")
    assert c["agent"] == "lebanese-government"


def test_roles_the_guest_of_a_reception_is_the_visitor_and_a_regnal_number_is_no_ordinal(claims_of):
    c = _only(claims_of("استقبل الرئيس المصري عبد الفتاح السيسي، اليوم الثلاثاء، العاهل الأردني "
                        "الملك عبد الله الثاني في القاهرة."), "visit")
    assert c == {"type": "visit", "agent": "abdullah-ii", "participants": ["abdel-fattah-el-sisi"],
                 "place": "cairo", "modality": "asserted", "ordinal": None}


@pytest.mark.parametrize(
    "text, modality",
    [("وكان الرئيس السوري أحمد الشرع قد زار موسكو في تشرين الأول 2025.", "asserted"),
     ("قد يزور الرئيس السوري أحمد الشرع موسكو.", "possible"),
     ("نفى الكرملين أن يكون الرئيس فلاديمير بوتين قد زار دمشق.", "negated")],
    ids=["pluperfect", "may", "denied-perfect"],
)
def test_roles_qad_with_a_perfect_is_a_past_not_a_possibility(claims_of, text, modality):
    assert _only(claims_of(text), "visit")["modality"] == modality


def test_roles_a_shipment_arrives_it_does_not_visit(claims_of):
    claims = claims_of("شحنة مساعدات فرنسية تصل بيروت وماكرون يبعث برسالة إلى عون")
    assert not [c for c in claims if c["type"] == "visit"]
    c = _only(claims, "shipment")
    assert (c["agent"], c["place"]) == ("france", "beirut")
    assert _only(claims, "message")["agent"] == "emmanuel-macron"


def test_roles_the_definite_noun_refers_to_the_event_reported_before(claims_of):
    claims = claims_of("وجّه العاهل الأردني الملك عبد الله الثاني دعوة إلى الرئيس اللبناني جوزيف عون لزيارة عمّان.\n"
                       "وقالت الرئاسة اللبنانية إن عون رحّب بالدعوة إلى زيارة الأردن.")
    invitations = [c for c in claims if c["type"] == "invitation"]
    assert [c["agent"] for c in invitations] == ["abdullah-ii", "abdullah-ii"]


def test_roles_what_is_discussed_during_a_call_is_not_a_meeting(claims_of):
    claims = claims_of("أجرى الرئيس التركي رجب طيب أردوغان اتصالاً هاتفياً بالرئيس السوري أحمد الشرع، "
                       "بحثا خلاله التعاون في مجال الطاقة.")
    assert [c["type"] for c in claims] == ["call"]
    claims = claims_of("يزور الرئيس السوري أحمد الشرع موسكو الأربعاء، يلتقي خلالها بنظيره الروسي فلاديمير بوتين.")
    assert sorted(c["type"] for c in claims) == ["meeting", "visit"]


def test_roles_a_state_named_after_its_ministry_claims_is_still_the_actor(claims_of):
    c = _only(claims_of("أعلنت وزارة الدفاع الفرنسية أن فرنسا ستسحب نحو 200 جندي من جنوب لبنان."), "withdrawal")
    assert (c["agent"], c["place"], c["modality"]) == ("france", "lebanon", "expected")
