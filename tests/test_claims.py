"""The claims contract on the seeds, through the real CLI."""

from __future__ import annotations

import json

import pytest

CONTRACT_KEYS = {
    "id", "doc", "source", "type", "cameo", "plover", "plover_mode", "agent", "participants", "place",
    "time", "ordinal", "count", "quantity", "roles", "modality", "attributed_to", "trigger", "evidence", "span",
}


def test_claims_json_follows_the_contract(seeds_db, claims_json, seed_texts):
    claims = claims_json(seeds_db)
    assert len(claims) > 30
    for c in claims:
        assert set(c) == CONTRACT_KEYS
        assert set(c["time"]) == {"text", "start", "end", "grain", "resolved_by", "inconsistent"}
        assert isinstance(c["cameo"], str) and c["cameo"][0] == "0"
        text = seed_texts[c["doc"]]
        assert text[c["span"][0] : c["span"][1]] == c["evidence"]
        assert c["trigger"] in c["evidence"]


def test_claims_putin_call_is_12_february_2025(seeds_db, claims_json):
    (call,) = claims_json(seeds_db, "--entity", "Putin", "--type", "call")
    assert call["time"]["start"] == call["time"]["end"] == "2025-02-12"
    assert call["agent"]["id"] == "vladimir-putin"
    assert [p["id"] for p in call["participants"]] == ["ahmed-al-sharaa"]
    assert (call["cameo"], call["plover"], call["plover_mode"]) == ("041", "CONSULT", "phone")
    assert "اتصالاً هاتفياً" in call["evidence"]


@pytest.mark.parametrize("name", ["الشرع", "al-Sharaa", "Sharaa", "أحمد الشرع", "احمد الشرع"],
                         ids=["arabic", "english", "english-short", "arabic-full", "arabic-no-hamza"])
def test_claims_sharaa_visits_to_moscow_both_dates(seeds_db, claims_json, name):
    visits = claims_json(seeds_db, "--entity", name, "--type", "visit")
    dated = {(c["doc"][:3], c["time"]["start"]) for c in visits if c["time"]["start"]}
    assert ("004", "2025-10-15") in dated
    assert ("002", "2025-10-15") in dated
    assert ("002", "2026-01-28") in dated
    assert ("003", "2026-01-28") in dated
    assert ("000", "2025-10-01") in dated  # "أكتوبر/ تشرين الأول 2025", month grain
    firsts = [c for c in visits if c["ordinal"] == 1 and c["agent"]["id"] == "ahmed-al-sharaa"]
    seconds = [c for c in visits if c["ordinal"] == 2]
    assert {c["doc"][:3] for c in firsts} >= {"000"}
    assert {c["doc"][:3] for c in seconds} == {"002", "003"}
    assert all(c["agent"]["id"] == "ahmed-al-sharaa" for c in seconds)


def test_claims_claimant_is_never_the_actor(seeds_db, claims_json):
    withdrawals = claims_json(seeds_db, "--type", "withdrawal", "--doc", "002_03263a87d93ab0a1.txt")
    reuters = [c for c in withdrawals if c["attributed_to"] == "Reuters"]
    assert reuters, withdrawals
    for c in reuters:
        assert c["agent"]["id"] == "russian-forces"
        assert "reuters" not in {p["id"] for p in c["participants"]}
    assert reuters[0]["time"]["start"] == "2026-01-21" and reuters[0]["time"]["grain"] == "days"


def test_claims_modality_and_count(seeds_db, claims_json):
    shaibani = claims_json(seeds_db, "--entity", "Shaibani", "--type", "visit", "--doc", "003_15d941f743c9238d.txt")
    assert [c["count"] for c in shaibani] == [{"op": ">", "value": 3}]
    expected = claims_json(seeds_db, "--modality", "expected", "--doc", "003_15d941f743c9238d.txt")
    assert expected and all(c["type"] == "meeting" for c in expected)


def test_claims_filters_since_until_by_overlap(seeds_db, claims_json):
    october = claims_json(seeds_db, "--type", "visit", "--since", "2025-10", "--until", "2025-10")
    assert october and all(c["time"]["start"] <= "2025-10-31" and c["time"]["end"] >= "2025-10-01" for c in october)


def test_claims_unknown_entity_suggests_close_matches(seeds_db, run_cli):
    result = run_cli("claims", "--db", seeds_db, "--entity", "Puttin")
    assert result.exit_code == 1
    assert "Vladimir Putin" in result.stderr and result.stderr.startswith("Error:")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"], ids=["jsonl", "csv"])
def test_claims_other_formats(seeds_db, run_cli, fmt):
    result = run_cli("claims", "--db", seeds_db, "--entity", "بوتين", "--format", fmt)
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    if fmt == "jsonl":
        assert all(json.loads(line)["id"] for line in lines)
    else:
        assert lines[0].startswith("id,doc,source,type,cameo")


def test_claims_show_highlights_evidence_and_context(seeds_db, claims_json, run_cli):
    (call,) = claims_json(seeds_db, "--entity", "Putin", "--type", "call")
    result = run_cli("show", call["id"], "--db", seeds_db, "--format", "json")
    assert result.exit_code == 0
    (shown,) = json.loads(result.stdout)
    assert shown["claim"]["evidence"] == call["evidence"]
    assert len(shown["context"]) == 3
    assert {m["entity_id"] for m in shown["mentions"]} >= {"vladimir-putin", "ahmed-al-sharaa"}
    table = run_cli("show", call["id"], "--db", seeds_db)
    assert table.exit_code == 0 and "12 شباط 2025" in table.stdout


def test_claims_show_unknown_id_is_an_error(seeds_db, run_cli):
    result = run_cli("show", "nope", "--db", seeds_db)
    assert result.exit_code == 1 and "No claim has the id" in result.stderr
