"""Accuracy, measured: `claimtrack eval` on the seeds, the extra and the held-out articles,
held above a bar.

The bars only rise. They sit just under the figures measured when they were set:
seeds P 1.00 / R 0.98 / agent 0.93, extra articles P 0.97 / R 0.93 / agent 0.96,
held-out articles P 0.90 / R 1.00 / agent 1.00, frame shapes P 1.00 / R 1.00 / agent 1.00
(first measured, before any rule was tuned to them, at P 0.89 / R 0.87 / agent 0.71; see the
README); world articles (20+ countries the seeds do not mention) P 0.96 / R 0.98 / agent 1.00,
first measured before the world gazetteer at P 1.00 / R 0.11 / agent 0.00.
"""

from __future__ import annotations

import json

import pytest

from claimtrack.evaluate import GoldClaim, GoldError, evaluate, load_gold
from claimtrack.models import Claim
from tests.conftest import FIXTURES, GOLD, SEEDS

# corpus → (articles, gold, precision, recall, agent accuracy)
BARS = {
    "seeds": (SEEDS, GOLD / "seeds.jsonl", 0.95, 0.95, 0.90),
    "extra": (FIXTURES / "articles", GOLD / "extra.jsonl", 0.90, 0.90, 0.90),
    "heldout": (FIXTURES / "heldout", GOLD / "heldout.jsonl", 0.90, 0.95, 0.90),
    "frames": (FIXTURES / "frames", GOLD / "frames.jsonl", 0.95, 0.95, 0.95),
    "world": (FIXTURES / "world", GOLD / "world.jsonl", 0.93, 0.95, 0.95),
}


@pytest.mark.parametrize("name", list(BARS), ids=list(BARS))
def test_evaluate_precision_and_recall_hold_the_bar(tmp_path, run_cli, name):
    articles, gold, min_p, min_r, min_agent = BARS[name]
    db = tmp_path / "eval.db"
    result = run_cli("eval", gold, "--articles", articles, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    overall = report["overall"]
    print(f"\n{name}: precision {overall['precision']:.2f}, recall {overall['recall']:.2f}, "
          f"f1 {overall['f1']:.2f}; attributes {report['attribute_accuracy']}")
    assert overall["precision"] >= min_p, report["false_positives"]
    assert overall["recall"] >= min_r, report["misses"]
    assert report["attribute_accuracy"]["date"] >= 0.9
    assert report["attribute_accuracy"]["agent"] >= min_agent, report["wrong_attributes"]
    assert report["attribute_accuracy"].get("quantity", 1.0) >= 0.9, report["wrong_attributes"]


def _claim(doc: str, type_: str, span: tuple[int, int], trigger: str = "زار") -> Claim:
    return Claim(id=f"{doc}{span}", doc=doc, type=type_, cameo="042", plover="CONSULT", trigger=trigger,
                 evidence="x", span=span)


def _gold(doc: str, type_: str, evidence: str, trigger: str = "زار") -> GoldClaim:
    return GoldClaim(doc=doc, type=type_, trigger=trigger, evidence=evidence)


TEXT = "زار الرئيس موسكو. ثم التقى بوتين."


@pytest.mark.parametrize(
    "predicted, tp, fp, fn",
    [
        ([_claim("a", "visit", (0, 17))], 1, 0, 1),
        ([_claim("a", "visit", (0, 17)), _claim("a", "meeting", (18, 33), "التقى")], 2, 0, 0),
        ([_claim("a", "visit", (0, 17)), _claim("a", "visit", (0, 17))], 1, 1, 1),
        ([_claim("a", "call", (0, 17))], 0, 1, 2),
        ([], 0, 0, 2),
        ([_claim("other", "visit", (0, 17))], 0, 0, 2),
    ],
    ids=["one-of-two", "both", "duplicate-prediction", "wrong-type", "nothing", "other-docs-ignored"],
)
def test_evaluate_matching(predicted, tp, fp, fn):
    gold = [_gold("a", "visit", "زار الرئيس موسكو."), _gold("a", "meeting", "ثم التقى بوتين.", "التقى")]
    report = evaluate(gold, predicted, {"a": TEXT})
    assert (report.overall["tp"], report.overall["fp"], report.overall["fn"]) == (tp, fp, fn)


def test_evaluate_bad_gold_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"doc": "a", "type": "visit", "trigger": "x", "evidence": "y"}\n{oops\n', encoding="utf-8")
    with pytest.raises(GoldError, match="line 2"):
        load_gold(path)


@pytest.mark.parametrize(
    "gold_quantity, predicted, accuracy",
    [({"value": 200, "unit": "troops", "op": "~"}, ("troops", "~"), 1.0),
     ({"value": 200, "unit": "troops", "op": None}, ("troops", "~"), 0.0),
     (None, None, 1.0),
     ("unannotated", ("troops", "~"), None)],
    ids=["same", "other-op", "both-none", "gold-without-the-key"],
)
def test_evaluate_quantity_only_where_the_gold_gives_it(gold_quantity, predicted, accuracy):
    from claimtrack.models import Quantity

    fields = {"doc": "a", "type": "withdrawal", "trigger": "زار", "evidence": "زار الرئيس موسكو."}
    gold = GoldClaim(**fields) if gold_quantity == "unannotated" else GoldClaim(**fields, quantity=gold_quantity)
    claim = _claim("a", "withdrawal", (0, 17))
    if predicted:
        claim = claim.model_copy(update={"quantity": Quantity(value=200, unit=predicted[0], op=predicted[1],
                                                              text="نحو 200 جندي")})
    report = evaluate([gold], [claim], {"a": TEXT})
    assert report.attribute_accuracy.get("quantity") == accuracy


@pytest.mark.parametrize(
    "gold_place, predicted_place, accuracy",
    [("beirut", "beirut-airport", 1.0), ("beirut", "beirut", 1.0), ("beirut-airport", "beirut", 0.0),
     ("damascus", "beirut-airport", 0.0), (None, "beirut", 0.0)],
    ids=["finer-place-refines", "same-place", "coarser-place-is-wrong", "other-place", "place-not-annotated"],
)
def test_evaluate_place_inside_the_annotated_one_is_right(gold_place, predicted_place, accuracy):
    from claimtrack.entities import Gazetteer
    from claimtrack.models import EntityRef

    gaz = Gazetteer.load().with_learned([{"id": "beirut-airport", "kind": "facility", "name": "Beirut Airport",
                                          "name_ar": "مطار بيروت", "parent": "beirut"}])
    gold = [_gold("a", "visit", "زار الرئيس موسكو.").model_copy(update={"place": gold_place})]
    claim = _claim("a", "visit", (0, 17)).model_copy(update={"place": EntityRef(
        id=predicted_place, name=predicted_place, name_ar="", kind="city")})
    report = evaluate(gold, [claim], {"a": TEXT}, gaz.contains)
    assert report.attribute_accuracy["place"] == accuracy
