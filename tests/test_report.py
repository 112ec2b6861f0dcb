"""The HTML report: structure, escaping of article text, and a real browser load."""

from __future__ import annotations

import os
import shutil
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
    bars = [a for t, a in page.tags if t == "a" and "bar" in a.get("class", "")]
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


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")
def test_report_loads_in_headless_chromium_without_errors_or_network(tmp_path, seeds_db, run_cli):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    out = tmp_path / "report.html"
    _report(run_cli, seeds_db, out)
    errors, requests = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(out.as_uri())
        page.select_option("#filter-type", "visit")
        hidden = page.locator("section.event.hidden").count()
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert errors == [] and requests == []
    assert hidden > 0  # the type filter works without a server
    assert shot.stat().st_size > 10_000
    target = os.environ.get("CLAIMTRACK_SCREENSHOT")
    if target:
        shutil.copy(shot, target)
