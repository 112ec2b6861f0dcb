"""Events across sources on the seeds, and contradictions from altered copies of them."""

from __future__ import annotations

import csv
import json

import pytest

from claimtrack.origins import origin_groups
from tests.conftest import SEEDS

S002, S003, S004 = "002_03263a87d93ab0a1.txt", "003_15d941f743c9238d.txt", "004_095f6d28d59887e7.txt"


def _events(run_cli, db):
    result = run_cli("diff", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _docs(event) -> set[str]:
    return {c["doc"][:3] for c in event["claims"]}


def test_diff_seeds_find_the_two_visits_and_the_pull_back(seeds_db, run_cli):
    events = _events(run_cli, seeds_db)
    visits = {e["start"]: e for e in events if e["type"] == "visit" and e["start"]}
    assert _docs(visits["2026-01-28"]) >= {"000", "002", "003"}
    assert _docs(visits["2025-10-15"]) >= {"000", "002", "004"}
    assert visits["2025-10-15"]["place"]["id"] == visits["2026-01-28"]["place"]["id"] == "moscow"
    (pullback,) = [e for e in events if e["type"] == "withdrawal" and e["place"]
                   and e["place"]["id"] in ("qamishli", "qamishli-airport")]
    assert _docs(pullback) >= {"000", "002"}
    assert [(k["kind"], k["severity"]) for k in pullback["conflicts"]] == [("extent_mismatch", "low")]
    assert not [k for e in events for k in e["conflicts"] if k["severity"] == "high"]


def test_diff_undated_claims_take_the_event_date_as_inferred(seeds_db, run_cli):
    events = _events(run_cli, seeds_db)
    jan = next(e for e in events if e["type"] == "visit" and e["start"] == "2026-01-28")
    inferred = [c for c in jan["claims"] if c["time"]["resolved_by"] == "inferred"]
    assert inferred and all(c["time"]["start"] == "2026-01-28" for c in inferred)
    assert {c["doc"][:3] for c in inferred} >= {"000"}


def test_diff_timeline_in_date_order_with_origins(seeds_db, run_cli):
    result = run_cli("timeline", "--db", seeds_db, "--entity", "al-Sharaa", "--format", "json")
    rows = json.loads(result.stdout)
    dated = [r["start"] for r in rows if r["start"]]
    assert dated == sorted(dated) and "2025-10-15" in dated and "2026-01-28" in dated
    assert all(r["origins"] >= 1 for r in rows)


ALTERATIONS = {
    "changed-date": (S004, "يوم 15 أكتوبر 2025", "يوم 19 أكتوبر 2025", "date_mismatch"),
    "changed-ordinal": (S003, "في ثاني زيارة رسمية له", "في ثالث زيارة رسمية له", "ordinal_mismatch"),
    "withdrawal-denied": (S002, "أبرزها بدء انسحاب القوات الروسية", "أبرزها نفي موسكو انسحاب القوات الروسية",
                          "modality_mismatch"),
}


@pytest.mark.parametrize("case", list(ALTERATIONS), ids=list(ALTERATIONS))
def test_diff_altered_copy_yields_its_contradiction(tmp_path, run_cli, seeds_plus_copy, case):
    name, old, new, kind = ALTERATIONS[case]
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert old in text
    db = seeds_plus_copy(f"copy_{name}", text.replace(old, new))
    out = tmp_path / "c.csv"
    assert run_cli("export", "contradictions", "-o", out, "--db", db).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    found = [r for r in rows if r["kind"] == kind and f"copy_{name}" in (r["doc_a"], r["doc_b"])]
    assert found, rows
    assert found[0]["explanation"].endswith(".")
    assert found[0]["severity"] in ("high", "medium")


def test_diff_republished_copy_is_one_origin_and_no_conflict(run_cli, seeds_plus_copy):
    text = (SEEDS / S003).read_text(encoding="utf-8")
    db = seeds_plus_copy("republished.txt", text + "\nالمصدر: الجزيرة نت\n")
    events = _events(run_cli, db)
    jan = next(e for e in events if e["type"] == "visit" and e["start"] == "2026-01-28")
    groups = [g for g in jan["origins"] if "republished.txt" in g]
    assert groups == [[S003, "republished.txt"]]
    assert not [k for e in events for k in e["conflicts"] if "republished.txt" in (k["doc_a"], k["doc_b"])]


def test_origins_group_near_identical_texts_only(seed_texts):
    texts = dict(seed_texts)
    texts["copy.txt"] = seed_texts[S002].replace("اليوم الأربعاء", "الأربعاء")
    groups = origin_groups(texts)
    assert [S002, "copy.txt"] in groups
    assert sum(len(g) for g in groups) == 6 and len(groups) == 5


def test_diff_export_csv_contract_and_bom(tmp_path, seeds_db, run_cli):
    out = tmp_path / "c.csv"
    assert run_cli("export", "contradictions", "-o", out, "--bom", "--db", seeds_db).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,kind,severity,event_type,subject,attribute,value_a,doc_a,source_a,evidence_a,"
                      "value_b,doc_b,source_b,evidence_b,explanation")  # new columns only after these
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows and all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)
    assert any("القامشلي" in r["evidence_a"] + r["evidence_b"] for r in rows)


@pytest.mark.parametrize("what", ["claims", "events"], ids=["claims", "events"])
def test_diff_export_claims_and_events(tmp_path, seeds_db, run_cli, what):
    out = tmp_path / f"{what}.jsonl"
    assert run_cli("export", what, "-o", out, "--format", "jsonl", "--db", seeds_db).exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(line["id"] for line in lines)
