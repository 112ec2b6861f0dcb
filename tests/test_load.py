"""The loader: encodings, the three formats, metadata and where it came from, boilerplate."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from claimtrack.errors import LoadError
from claimtrack.load import boilerplate_spans, decode_bytes, document_id, load_file, load_paths

ARTICLE = (
    "وصل الرئيس السوري أحمد الشرع إلى العاصمة الروسية موسكو اليوم الأربعاء لإجراء مباحثات ثنائية "
    "مع الرئيس الروسي فلاديمير بوتين، في ثاني زيارة رسمية له إلى روسيا. وقال مدير المكتب إن "
    "المباحثات ستتناول التعاون بين البلدين في المجالات التجارية والاقتصادية."
)
SHORT = "زار الوزير القاهرة أمس."


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", ARTICLE), ("utf-8-sig", ARTICLE), ("utf-16", ARTICLE), ("cp1256", ARTICLE),
        ("iso8859_6", ARTICLE), ("utf-16-le", ARTICLE), ("cp1256", SHORT), ("iso8859_6", SHORT),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "windows-1256", "iso-8859-6", "utf16-no-bom",
         "windows-1256-short", "iso-8859-6-short"],
)
def test_load_decodes_every_supported_encoding(tmp_path, encoding, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = load_file(path)
    assert doc.text == text
    assert doc.id == document_id(text)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"), (b"  \n\t \n", "empty"), (bytes(range(256)) * 40, "binary"),
        ("وصل الرئيس إلى موسكو".encode() * 50 + b"\xd9", "invalid UTF-8"),
    ],
    ids=["empty", "whitespace", "binary", "truncated-utf8"],
)
def test_load_rejects_non_text_with_a_reason(data, reason):
    with pytest.raises(LoadError, match=reason):
        decode_bytes(data)


def test_load_seed_metadata_from_manifest_and_markers(seeds_dir):
    docs = {d.name: d for d in load_paths([seeds_dir])}
    assert len(docs) == 5
    assert (docs["002_03263a87d93ab0a1.txt"].published, docs["002_03263a87d93ab0a1.txt"].date_origin) == (
        dt.date(2026, 1, 28), "manifest")
    assert docs["003_15d941f743c9238d.txt"].source == "Al Jazeera"
    assert docs["000_8cc7f7fd5e0e96f4.txt"].published is None
    assert docs["000_8cc7f7fd5e0e96f4.txt"].date_origin == "unknown"
    assert docs["000_8cc7f7fd5e0e96f4.txt"].title == "الشرع يزور روسيا لإعادة ضبط العلاقات"
    assert not docs["003_15d941f743c9238d.txt"].title.startswith("date")


@pytest.mark.parametrize(
    "name, source, date",
    [("002_03263a87d93ab0a1.txt", "Syria 24", dt.date(2026, 1, 28)),
     ("003_15d941f743c9238d.txt", None, dt.date(2026, 1, 28))],
    ids=["aggregator-line", "date-marker"],
)
def test_load_in_text_markers_without_a_manifest(tmp_path, seeds_dir, name, source, date):
    copy = tmp_path / name
    copy.write_bytes((seeds_dir / name).read_bytes())
    (doc,) = load_file(copy)
    assert (doc.source, doc.published, doc.date_origin) == (source, date, "marker")


def test_load_options_fill_what_the_file_does_not_say(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (doc,) = load_file(path, source="Reuters", published=dt.date(2025, 5, 1))
    assert (doc.source, doc.published, doc.date_origin) == ("Reuters", dt.date(2025, 5, 1), "option")


def test_load_boilerplate_of_the_seeds(seed_texts):
    t001 = seed_texts["001_71cf752dea56cd4a.txt"]
    spans = boilerplate_spans(t001)
    assert any(t001[s:e].startswith("آخر الأخبار") and e == len(t001) for s, e in spans)
    t002 = seed_texts["002_03263a87d93ab0a1.txt"]
    texts = [t002[s:e] for s, e in boilerplate_spans(t002)]
    assert any("نشر أولاً على موقع Syria 24" in t for t in texts)
    assert any("لا يتحمل موقعنا مضمونه" in t for t in texts)
    assert any(t.strip().endswith("سوريا محلي") for t in texts)
    assert boilerplate_spans(seed_texts["004_095f6d28d59887e7.txt"]) == []


def test_load_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": ARTICLE, "title": "زيارة", "source": "Wire", "published": "2026-01-28"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": SHORT, "url": "https://example.org/a"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = load_file(path)
    docs = [d for d in items if hasattr(d, "text")]
    failures = [f for f in items if not hasattr(f, "text")]
    assert [d.name for d in docs] == ["feed.jsonl#1", "feed.jsonl#4"]
    assert docs[0].published == dt.date(2026, 1, 28) and docs[0].date_origin == "metadata"
    assert docs[0].source == "Wire" and docs[1].url == "https://example.org/a"
    assert [f.path.split("#")[1] for f in failures] == ["2", "3"]


def test_load_json_array_and_non_article(tmp_path):
    good = tmp_path / "a.json"
    good.write_text(json.dumps([{"text": ARTICLE}, {"text": SHORT}], ensure_ascii=False), encoding="utf-8")
    assert len(load_file(good)) == 2
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    (failure,) = load_file(bad)
    assert "not an article record" in failure.reason


def test_load_html_article_with_metadata_and_no_scripts(tmp_path):
    page = f"""<html><head><title>الشرع في موسكو</title>
    <meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2026-01-28T10:00:00Z">
    <script>fetch('https://evil.example/x')</script></head>
    <body><nav>الرئيسية | سياسة</nav><article><h1>الشرع في موسكو</h1>
    <p>{ARTICLE}</p><p>{ARTICLE}</p></article><footer>حقوق النشر</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (doc,) = load_file(path)
    assert "وصل الرئيس السوري" in doc.text
    assert "fetch(" not in doc.text
    assert doc.published == dt.date(2026, 1, 28) and doc.date_origin == "metadata"


def test_load_html_without_article_is_a_failure(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><div></div></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="no article text"):
        load_file(path)


def test_load_bad_file_among_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an article format: skipped, not a failure
    items = list(load_paths([tmp_path, tmp_path / "missing"]))
    assert [d.name for d in items if hasattr(d, "text")] == ["good.txt"]
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in items if not hasattr(f, "text")}
    assert reasons == {"bad.txt": "binary file, not text", "missing": "no such file or folder"}
