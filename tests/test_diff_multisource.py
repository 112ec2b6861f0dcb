"""One happening told by several outlets (tests/fixtures/multisource/): one event each,
every planted disagreement found, no high-severity contradiction that was not planted."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import MULTISOURCE_HAPPENINGS as HAPPENINGS
from tests.conftest import SEEDS


def _pair(k: dict) -> tuple[str, str, str]:
    a, b = sorted([k["doc_a"][:2], k["doc_b"][:2]])
    return k["kind"], a, b


@pytest.mark.parametrize("name", list(HAPPENINGS), ids=list(HAPPENINGS))
def test_diff_multisource_one_event_per_happening(multisource, name):
    claim_type, outlets, _ = HAPPENINGS[name]
    _, events = multisource[name]
    main = [e for e in events if e["type"] == claim_type]
    assert len(main) == 1, [(e["id"], sorted({c["doc"] for c in e["claims"]})) for e in main]
    assert len({c["doc"] for c in main[0]["claims"]}) == outlets


@pytest.mark.parametrize("name", list(HAPPENINGS), ids=list(HAPPENINGS))
def test_diff_multisource_planted_disagreements_and_no_others(multisource, name):
    _, _, planted = HAPPENINGS[name]
    _, events = multisource[name]
    found = [k for e in events for k in e["conflicts"]]
    assert planted <= {_pair(k) for k in found}, found
    unplanted_high = [k for k in found if k["severity"] == "high" and _pair(k) not in planted]
    assert not unplanted_high, unplanted_high
    assert all(k["explanation"].endswith(".") for k in found)


def test_diff_multisource_denial_names_who_denies(multisource):
    _, events = multisource["aoun_riyadh"]
    (k, *_) = [k for e in events for k in e["conflicts"] if k["kind"] == "modality_mismatch"]
    assert "Lebanese Presidency" in k["explanation"] and k["severity"] == "high"


def test_diff_multisource_topic_country_is_not_a_venue(multisource):
    _, events = multisource["erdogan_baghdad"]
    (visit,) = [e for e in events if e["type"] == "visit"]
    (meeting,) = [e for e in events if e["type"] == "meeting"]
    assert visit["place"]["id"] == "baghdad"
    assert visit["related"] == [meeting["id"]]  # the meeting held during the visit: linked, not merged
    assert not [k for e in events for k in e["conflicts"] if k["kind"] == "place_mismatch"]


def test_diff_multisource_consensus_and_copies_count_once(multisource):
    _, events = multisource["sisi_macron_call"]
    (call,) = [e for e in events if e["type"] == "call"]
    assert ["a_nile_wire.txt", "d_delta_reprint.txt"] in call["origins"]
    assert call["consensus"]["date"] == "2026-03-03"  # three origins against one
    dates = [k for k in call["conflicts"] if k["kind"] == "date_mismatch"]
    assert len(dates) == 2  # the reprint repeats the wire story: one disagreement, not two


def test_diff_multisource_export_contradictions_new_columns(multisource, tmp_path, run_cli):
    db, _ = multisource["niger_withdrawal"]
    out = tmp_path / "c.csv"
    assert run_cli("export", "contradictions", "-o", out, "--db", db).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:15] == ["id", "kind", "severity", "event_type", "subject", "attribute", "value_a",
                                  "doc_a", "source_a", "evidence_a", "value_b", "doc_b", "source_b",
                                  "evidence_b", "explanation"]
    assert list(rows[0])[15:] == ["event_id", "phase_a", "phase_b"]
    phase = next(r for r in rows if r["kind"] == "phase_mismatch")
    assert {phase["phase_a"], phase["phase_b"]} == {"completed", "ongoing"}


def test_diff_explain_prints_features_and_nearest_event(multisource, run_cli):
    db, events = multisource["niger_withdrawal"]
    (event,) = [e for e in events if e["type"] == "withdrawal"]
    result = run_cli("diff", "--db", db, "--explain", event["id"][:8], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["event"] == event["id"] and len(data["claims"]) == len(event["claims"])
    features = [f["feature"] for r in data["claims"] if r["best_link"] for f in r["best_link"]["features"]]
    assert any(f.startswith("actor part of state") for f in features)  # France ~ French forces
    table = run_cli("diff", "--db", db, "--explain", event["id"][:8])
    assert table.exit_code == 0 and "same actor (French Armed Forces)" in table.stdout


def test_diff_explain_names_the_nearest_event_not_joined(seeds_db, run_cli):
    events = json.loads(run_cli("diff", "--db", seeds_db, "--format", "json").stdout)
    visits = {e["start"]: e["id"] for e in events if e["type"] == "visit" and e["start"]}
    result = run_cli("diff", "--db", seeds_db, "--explain", visits["2026-01-28"], "--format", "json")
    near = json.loads(result.stdout)["nearest_other_event"]
    assert near["event"] == visits["2025-10-15"]
    assert near["blocked"] or near["features"]  # why it was not joined, or how close it came
    table = run_cli("diff", "--db", seeds_db, "--explain", visits["2026-01-28"][:10])
    assert "nearest event not joined: " + visits["2025-10-15"] in table.stdout.replace("\n", "")


def test_diff_explain_unknown_event_is_one_line_error(multisource, run_cli):
    db, _ = multisource["hussein_lavrov"]
    result = run_cli("diff", "--db", db, "--explain", "zzzz")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1


SEED_DATES = {
    "call": ("001_71cf752dea56cd4a.txt", "وفي 12 شباط 2025", "وفي 14 شباط 2025"),
    "visit": ("004_095f6d28d59887e7.txt", "يوم 15 أكتوبر 2025", "يوم 19 أكتوبر 2025"),
    "message": ("001_71cf752dea56cd4a.txt", "وفي 20 آذار 2025", "وفي 23 آذار 2025"),
}


@pytest.mark.parametrize("case", list(SEED_DATES), ids=list(SEED_DATES))
def test_diff_seed_copy_with_one_date_changed_is_a_date_mismatch(run_cli, seeds_plus_copy, case):
    name, old, new = SEED_DATES[case]
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert old in text
    db = seeds_plus_copy(f"copy_{name}", text.replace(old, new))
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    found = [k for e in events if e["type"] == case for k in e["conflicts"]
             if k["kind"] == "date_mismatch" and {k["doc_a"], k["doc_b"]} == {name, f"copy_{name}"}]
    assert found and found[0]["severity"] == "high"


def test_diff_seeds_alone_have_no_high_contradiction(seeds_db, run_cli):
    events = json.loads(run_cli("diff", "--db", seeds_db, "--format", "json").stdout)
    assert not [k for e in events for k in e["conflicts"] if k["severity"] == "high"]


def test_diff_report_shows_consensus_and_origin_groups(multisource, tmp_path, run_cli):
    db, _ = multisource["sisi_macron_call"]
    out = tmp_path / "r.html"
    assert run_cli("report", "-o", out, "--db", db).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "Most origins say: date 2026-03-03" in html
    assert html.count("d_delta_reprint.txt · origin 1") == html.count("a_nile_wire.txt · origin 1") >= 1


def test_diff_export_events_appends_phase_and_consensus(multisource, tmp_path, run_cli):
    db, _ = multisource["niger_withdrawal"]
    out = tmp_path / "e.csv"
    assert run_cli("export", "events", "-o", out, "--db", db).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "type", "start", "end", "grain", "participants", "place", "sources", "origins",
                             "claims", "conflicts", "phase", "consensus"]
    (withdrawal,) = [r for r in rows if r["type"] == "withdrawal"]
    assert withdrawal["phase"] == "begun" and "place=Niamey Air Base" in withdrawal["consensus"]


def test_diff_multisource_quantity_and_weekday_exactly_the_planted(multisource, tmp_path, run_cli):
    db, events = multisource["tabqa_withdrawal"]
    (event,) = [e for e in events if e["type"] == "withdrawal"]
    found = {(_pair(k), k["severity"]) for k in event["conflicts"]}
    assert found == {(("quantity_mismatch", "a_", "b_"), "high"), (("quantity_mismatch", "b_", "c_"), "high"),
                     (("weekday_mismatch", "d_", "d_"), "medium")}
    out = tmp_path / "c.csv"
    assert run_cli("export", "contradictions", "-o", out, "--db", db).exit_code == 0
    rows = {(r["kind"], r["value_a"], r["value_b"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ("quantity_mismatch", "نحو 200 جندي", "1500 جندي") in rows  # "نحو 200" and "210" agree
    assert ("weekday_mismatch", "يوم الخميس 5 أيار 2026", "2026-05-05 is a Tuesday") in rows
    assert len(rows) == 3


def test_diff_multisource_learned_base_is_one_place_inside_its_country(multisource):
    _, events = multisource["tabqa_withdrawal"]
    (event,) = [e for e in events if e["type"] == "withdrawal"]
    assert event["place"]["kind"] == "facility" and event["place"]["id"].startswith("learned-")
    places = {c["place"]["id"] for c in event["claims"] if c["place"]}
    assert "syria" in places and len(places) == 3  # Syria, and the base with and without its country
    assert not [k for k in event["conflicts"] if k["kind"] == "place_mismatch"]


def test_diff_undated_claim_does_not_join_an_event_dated_years_before_its_article(ingest_text, run_cli):
    db = ingest_text("زار الرئيس التركي رجب طيب أردوغان بغداد يوم 3 آذار 2024.\n", "2024-03-04", name="old.txt")
    ingest_text("وصل الرئيس التركي رجب طيب أردوغان إلى بغداد في زيارة رسمية.\n", "2026-05-06", db=db, name="new.txt")
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    visits = {tuple(sorted({c["doc"] for c in e["claims"]})): e["start"] for e in events if e["type"] == "visit"}
    assert visits == {("old.txt",): "2024-03-03", ("new.txt",): None}


def test_diff_learned_minister_acts_for_his_state(ingest_text, run_cli):
    # the minister is no gazetteer entry: learned from his title, stored with learned=1
    db = ingest_text("وصل وزير الدفاع الماليزي حسن بن عمر إلى بغداد يوم 4 أيار 2026 في زيارة رسمية.\n", "2026-05-04")
    ingest_text("زارت ماليزيا بغداد يوم 4 أيار 2026 بوفد عسكري رفيع.\n", "2026-05-04", db=db)
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    (visit,) = [e for e in events if e["type"] == "visit"]
    agents = {c["agent"]["id"] for c in visit["claims"]}
    assert "malaysia" in agents and any(a.startswith("learned-") for a in agents)


def test_diff_undated_reports_do_not_join_the_call_an_article_recalls(tmp_path, run_cli):
    folder = tmp_path / "calls"
    folder.mkdir()
    texts = {  # the second call, told undated; the first recalled with "وكان ... قد"
        "a_kremlin_watch.txt": "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع نظيره الإيراني مسعود بزشكيان "
                               "لبحث التطورات في المنطقة.\nوكان الرئيسان قد أجريا اتصالا هاتفيا يوم الجمعة 6 آذار 2026.\n",
        "b_tehran_line.txt": "بحث الرئيس الإيراني مسعود بزشكيان مع الرئيس الروسي فلاديمير بوتين في اتصال هاتفي "
                             "التطورات في المنطقة.\n",
        "c_caspian_news.txt": "تلقى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا من نظيره الإيراني مسعود بزشكيان "
                              "تناول الأوضاع الإقليمية.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    assert run_cli("ingest", folder, "--db", db, "--date", "2026-03-10").exit_code == 0
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    calls = {e["start"]: sorted({c["doc"] for c in e["claims"]}) for e in events if e["type"] == "call"}
    assert calls == {"2026-03-06": ["a_kremlin_watch.txt"], None: sorted(texts)}


def test_diff_a_misread_name_holding_the_same_office_is_no_participant_conflict(ingest_text, run_cli):
    # "الرئيس الروسي مستجدات الحرب": the learner takes the words after the title for a name
    db = ingest_text("أجرى أردوغان اتصالا هاتفيا يوم 4 أيار 2026 مع الرئيس الروسي مستجدات الحرب في أوكرانيا\n\n"
                     "وتناول الاتصال العلاقات الثنائية.\n", "2026-05-04")
    ingest_text("أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع الرئيس التركي رجب طيب أردوغان يوم 4 أيار 2026.\n",
                "2026-05-04", db=db)
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    (call,) = [e for e in events if e["type"] == "call"]
    assert len({c["doc"] for c in call["claims"]}) == 2
    assert any(p["id"].startswith("learned-") for c in call["claims"] for p in c["participants"])
    assert not call["conflicts"]


def test_diff_learned_airport_named_after_its_city_is_the_known_airport(ingest_text, run_cli):
    db = ingest_text("انسحبت القوات الروسية من مطار القامشلي يوم 4 أيار 2026 بحسب مصادر محلية.\n", "2026-05-04")
    ingest_text("انسحبت القوات الروسية من مطار قامشلو يوم 4 أيار 2026 وفق شهود عيان.\n", "2026-05-04", db=db)
    events = json.loads(run_cli("diff", "--db", db, "--format", "json").stdout)
    (withdrawal,) = [e for e in events if e["type"] == "withdrawal"]
    assert len({c["doc"] for c in withdrawal["claims"]}) == 2
    assert {c["place"]["kind"] for c in withdrawal["claims"]} == {"facility"}
    assert withdrawal["place"]["id"] == "qamishli-airport"
    assert not [k for k in withdrawal["conflicts"] if k["kind"] == "place_mismatch"]
