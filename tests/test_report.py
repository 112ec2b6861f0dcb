"""The HTML report: structure, escaping of article text, and a real browser load."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _report(run_cli, db: Path, out: Path, *args: str) -> _Collector:
    result = run_cli("report", "-o", out, "--db", db, *args)
    assert result.exit_code == 0, result.output
    parser = _Collector()
    parser.feed(out.read_text(encoding="utf-8"))
    return parser


def test_report_structure_of_the_seeds(tmp_path, seeds_db, run_cli):
    page = _report(run_cli, seeds_db, tmp_path / "r.html")
    events = [a for t, a in page.tags if t == "section" and "event" in a.get("class", "")]
    assert len(events) >= 8
    conflicted = [a for a in events if "has-conflict" in a["class"]]
    assert len(conflicted) == 1  # the Qamishli pull-back
    bars = [a for t, a in page.tags if "bar" in a.get("class", "").split()]
    assert bars and all("left:" in a["style"] and "width:" in a["style"] for a in bars)
    rtl = [a for t, a in page.tags if a.get("dir") == "rtl"]
    assert rtl and all(a.get("lang") == "ar" for a in rtl)
    text = " ".join(page.text)
    assert "Ahmed al-Sharaa" in text and "أحمد الشرع" in text and "extent_mismatch" in text
    assert not [a for t, a in page.tags if t in ("script", "link", "img") and ("src" in a or "href" in a)]


def test_report_filters_by_entity_and_type(tmp_path, seeds_db, run_cli):
    page = _report(run_cli, seeds_db, tmp_path / "r.html", "--type", "call")
    events = [a for t, a in page.tags if t == "section" and "event" in a.get("class", "")]
    assert [a["data-type"] for a in events] == ["call"]


HOSTILE = ('<script>alert(1)</script> وصل الرئيس الروسي فلاديمير بوتين إلى دمشق اليوم في زيارة رسمية '
           '<img src=x onerror="alert(2)"> والتقى الرئيس أحمد الشرع.')


def test_report_escapes_hostile_article_text(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.txt").write_text("date 2026-02-01\n" + HOSTILE, encoding="utf-8")
    db = tmp_path / "h.db"
    assert run_cli("ingest", folder, "--db", db).exit_code == 0
    out = tmp_path / "r.html"
    page = _report(run_cli, db, out)
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert not [a for t, a in page.tags if "onerror" in a]
    assert [t for t, _ in page.tags].count("script") == 1  # only the report's own filter script


def test_report_every_timeline_row_is_labelled_and_undated_events_are_grouped(tmp_path, seeds_db, run_cli):
    import json

    events = json.loads(run_cli("diff", "--db", seeds_db, "--format", "json").stdout)
    out = tmp_path / "r.html"
    _report(run_cli, seeds_db, out)
    html = out.read_text(encoding="utf-8")
    rows = re.findall(r'<a class="tl-row" href="#([^"]+)">(.*?)</a>', html, flags=re.S)
    assert sorted(i for i, _ in rows) == sorted(e["id"] for e in events)  # one labelled row per event
    by_id = {e["id"]: e for e in events}
    for event_id, inner in rows:
        e, text = by_id[event_id], re.sub(r"<[^>]+>", "", inner)
        origins = len(e["origins"])
        assert f"{e['type']} · " in text
        assert f"{origins} independent origin{'' if origins == 1 else 's'}" in text
        if e["place"]:
            assert f"→ {e['place']['name']}" in text
        if e["start"]:
            assert f'datetime="{e["start"]}"' in inner
        else:
            assert "undated" in text
        assert ("⚠ conflict" in text) == bool(e["conflicts"])
    undated = Counter(e["type"] for e in events if not e["start"])
    groups = dict(re.findall(r'data-group="(\w+)">\s*<summary>.*?data-total="(\d+)"', html, flags=re.S))
    assert {t: int(n) for t, n in groups.items()} == dict(undated)


@pytest.mark.parametrize("day, end, expected", [
    ("2025-10-15", "2025-10-15", "15 Oct 2025"),
    ("2025-10-01", "2025-10-31", "Oct 2025"),
    ("2026-01-21", "2026-01-27", "21 Jan – 27 Jan 2026"),
    ("2025-01-01", "2025-12-31", "2025"),
    ("2025-12-29", "2026-01-02", "29 Dec 2025 – 2 Jan 2026"),
], ids=["day", "month", "week", "year", "across-years"])
def test_report_timeline_dates_read_as_people_write_them(day, end, expected):
    import datetime as dt

    from claimtrack.report import when_label

    assert when_label(dt.date.fromisoformat(day), dt.date.fromisoformat(end)) == expected


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install -y chromium)")
def test_report_loads_in_headless_chromium_without_errors_or_network(tmp_path, seeds_db, run_cli):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    out = tmp_path / "report.html"
    _report(run_cli, seeds_db, out)
    errors, requests, shots, seen = [], [], {}, {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        for width, height in ((1280, 900), (375, 812)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(out.as_uri())
            seen[width] = page.evaluate("""() => ({
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                labels: [...document.querySelectorAll('#timeline .tl-row')].map(r => {
                    const l = r.querySelector('.tl-label').getBoundingClientRect();
                    const b = r.querySelector('.bar').getBoundingClientRect();
                    return {text: r.innerText, labelWidth: l.width, barInside: b.left >= 0 && b.right <= innerWidth,
                            overlap: b.top < l.bottom && l.top < b.bottom && b.left < l.right && l.left < b.right};
                })})""")
            shots[width] = tmp_path / f"report-{width}.png"
            page.screenshot(path=str(shots[width]), full_page=False)
        # keyboard: Tab reaches a timeline row, its focus ring shows, arrows move, Enter opens the event
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(out.as_uri())
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('tl-row')"):
                break
        first = page.evaluate("document.activeElement.getAttribute('href')")
        ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        page.keyboard.press("ArrowDown")
        second = page.evaluate("document.activeElement.getAttribute('href')")
        page.keyboard.press("Enter")
        url = page.url
        # filters from disk: the type filter hides events, re-counts the undated groups, says so
        page.select_option("#filter-type", "visit")
        hidden = page.locator("section.event.hidden").count()
        status = page.inner_text("#status")
        counts = page.locator(".undated-group:not(.hidden) .count").all_inner_texts()
        groups = page.locator(".undated-group:not(.hidden)").count()
        browser.close()
    assert errors == [] and requests == []
    for width in (1280, 375):
        assert seen[width]["overflow"] <= 0, f"the page scrolls sideways at {width} px"
        for row in seen[width]["labels"]:
            assert " · " in row["text"] and "independent origin" in row["text"]
            assert row["barInside"] and not row["overlap"], row
            assert row["labelWidth"] > 150  # a readable label, not a squeezed column
        assert shots[width].stat().st_size > 10_000
    assert first and second and first != second and ring != "none"
    assert url.endswith(second)
    assert hidden > 0 and re.fullmatch(r"Showing \d+ of \d+ events\.", status)
    assert groups == 1 and counts == ["2 events"]  # only the undated visits are left
    target = os.environ.get("CLAIMTRACK_SCREENSHOTS")  # a folder, e.g. docs/
    if target:
        for width, shot in shots.items():
            shutil.copy(shot, Path(target) / f"report-{width}.png")
