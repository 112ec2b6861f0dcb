"""Files → Documents: decoding, the three input formats, metadata and boilerplate.

Metadata precedence (first that knows wins): a manifest entry (`sources.toml` in
the file's folder, keyed by file name) > the record's or page's own metadata
(JSON fields, HTML meta) > an in-text marker (`date 2026-01-28` at the start; an
aggregator's "نشر أولاً على موقع X ... بتاريخ ...") > the `--source`/`--date`
options, which fill in what a file does not say > unknown. `Document.date_origin`
records which one gave the date.

The text is stored exactly as decoded; boilerplate (aggregator disclaimers, a
trailing "آخر الأخبار" link list, trailing section labels) is kept in the text and
listed as spans that later stages skip.
"""

from __future__ import annotations

import datetime as dt
import difflib
import email.utils
import hashlib
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from claimtrack.errors import LoadError
from claimtrack.feeds import Record, is_feed, read_feed
from claimtrack.models import Document, LoadFailure

TEXT_SUFFIXES = {".txt", ".text"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES
MANIFEST = "sources.toml"
# The five seed articles ship inside the package (byte for byte data/seeds/ of the repository),
# so `claimtrack ingest seeds/` works wherever claimtrack is installed.
BUNDLED_SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
SEEDS_ARGUMENT = Path("seeds")
# A news article is far below this; a bigger file is a dump or a mistake, and analysing it
# would hold up a whole ingest (50 MB of text takes minutes), so it is reported instead.
MAX_BYTES = 10 * 1024 * 1024
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
DATE_MARKER = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
AGGREGATOR = re.compile(
    r"نشر\s+(?:أولا|أولاً|اولا|اولاً)\s+على\s+موقع\s+(?P<source>[^\n]{1,60}?)\s+و\s*تم\s+جلبه"
    r"[^\n]{0,60}?بتاريخ\s+(?P<date>[^\n.]{4,40})"
)
DATELINE = re.compile(r"(?:^|\n)[ \t]*[^\n،,\-–]{2,25}[،,][ \t]*(?P<date>[^\n\-–]{6,40}?)[ \t]*[-–]")
# Whole lines. Anchored at a line start: a leading [^\n]* alone is tried from every
# position of a line and rescans it each time (quadratic; it was a fifth of ingest).
DISCLAIMERS = [
    re.compile(r"^[^\n]*هذا الخبر بعنوان[^\n]*نشر\s+(?:أولا|أولاً|اولا)[^\n]*", re.MULTILINE),
    re.compile(r"^[^\n]*لا\s+يتحمل\s+موقعنا\s+مضمونه[^\n]*", re.MULTILINE),
]
LINK_LIST_HEADINGS = re.compile(
    r"^[ \t]*(?:آخر الأخبار|اخر الاخبار|آخر الاخبار|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|أخبار ذات صلة|اخبار ذات صلة"
    r"|الأكثر قراءة|مواضيع ذات صلة)[ \t:]*$",
    re.MULTILINE,
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
MAX_LABEL_WORDS = 3
MIN_ARTICLE_WORDS = 8


def document_id(text: str | bytes) -> str:
    """Identity of a document: the first 16 hex digits of the SHA-256 of its decoded text
    (given as text, or as that text already encoded to UTF-8)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


# --------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an article's bytes; return (text, encoding). Raises LoadError for non-text."""
    if not data.strip():
        raise LoadError("empty file")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {enc} text (byte {exc.start})") from exc
    if b"\x00" in data[:4096]:  # UTF-16 without a BOM is full of NULs (and valid UTF-8 too)
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise LoadError("binary file, not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_truncated_utf8(data, utf8_error):
        raise LoadError(f"invalid UTF-8 (truncated or corrupt at byte {utf8_error.start})")
    return _legacy_arabic(data)


def _checked(text: str, enc: str) -> tuple[str, str]:
    controls = len(CONTROL.findall(text, 0, 20000))
    if controls > max(8, len(text[:20000]) // 100):
        raise LoadError("binary file, not text")
    if not text.strip():
        raise LoadError("empty file (whitespace only)")
    return text, enc


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    # Arabic in UTF-16: the high byte is 0x06 and ASCII's is 0x00; one of the two halves is
    # dominated by those bytes.
    for half, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(1 for b in half if b in (0, 6)) / len(half)
        if share > 0.9:
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                return None
    return None


def _looks_truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> bool:
    """Mostly-valid UTF-8 with a bad tail or a stray byte is a damaged UTF-8 file, not cp1256."""
    valid = data[: exc.start]
    return len(valid) > 0.9 * len(data) and bool(ARABIC.search(valid.decode("utf-8", "ignore")))


def _legacy_arabic(data: bytes) -> tuple[str, str]:
    """Windows-1256 or ISO-8859-6, chosen by charset-normalizer among Arabic-capable encodings."""
    from charset_normalizer import from_bytes

    candidates = []
    best = from_bytes(data, cp_isolation=["cp1256", "iso8859_6"]).best()
    if best is not None:
        candidates.append(best.encoding)
    candidates += ["cp1256", "iso8859_6"]
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ch.isalpha()]
        arabic = sum(1 for ch in letters if ARABIC.match(ch))
        if letters and arabic / len(letters) > 0.5:
            return _checked(text, enc)
    raise LoadError("not text in a known encoding (tried UTF-8, UTF-16, Windows-1256, ISO-8859-6)")


# ------------------------------------------------------------------ files


def resolve_inputs(raw: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The paths to read and notes for the user; a missing path raises LoadError naming the nearest.

    `seeds` (or `seeds/`) means ./seeds/ when that exists, else the bundled seed articles.
    """
    paths, notes = [], []
    for arg in raw:
        path = Path(arg)
        if path.exists():
            paths.append(path)
        elif path == SEEDS_ARGUMENT:
            count = len(list(BUNDLED_SEEDS.glob("*.txt")))
            notes.append(f"No ./seeds/ here; ingesting the {count} bundled seed articles.")
            paths.append(BUNDLED_SEEDS)
        else:
            raise LoadError(missing_reason(path, str(arg)))
    return paths, notes


def missing_reason(path: Path, shown: str | None = None) -> str:
    """'No such file or folder: X', with the nearest existing path when one is close."""
    near = nearest_path(path)
    hint = f"Did you mean {near}?" if near else "Check the path and try again."
    return f"No such file or folder: {shown or path}. {hint}"


def nearest_path(missing: Path, limit: int = 2000) -> str | None:
    """The existing file or folder whose name is closest to a missing path's (two levels deep)."""
    anchor = missing.parent
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    want = missing.name.lower()
    best: tuple[float, int, str] | None = None
    for depth, entry in _shallow_entries(anchor, limit):
        score = difflib.SequenceMatcher(None, want, entry.name.lower()).ratio()
        if score >= 0.75 and (best is None or (score, -depth) > best[:2]):
            shown = str(Path(entry.path)) + ("/" if entry.is_dir() else "")
            best = (score, -depth, shown)
    return best[2] if best else None


def _shallow_entries(folder: Path, limit: int) -> Iterator[tuple[int, os.DirEntry]]:
    """Entries of a folder and of its subfolders (not hidden), at most `limit` of them."""
    queue, seen = [(0, folder)], 0
    while queue:
        depth, current = queue.pop(0)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            seen += 1
            if seen > limit:
                return
            yield depth, entry
            if depth < 2 and entry.is_dir(follow_symlinks=False):
                queue.append((depth + 1, Path(entry.path)))


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path | LoadFailure]:
    """Every article file under the paths (sorted, recursive, symlink loops visited once)."""
    seen: set[str] = set()
    for root in paths:
        root = Path(root)
        if not root.exists():
            near = nearest_path(root)
            reason = "no such file or folder" + (f"; did you mean {near}?" if near else "")
            yield LoadFailure(path=str(root), reason=reason)
            continue
        if root.is_file():
            yield root
            continue
        yield from _walk(root, seen)


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | LoadFailure]:
    try:
        real = os.path.realpath(folder)
    except OSError as exc:
        yield LoadFailure(path=str(folder), reason=f"cannot resolve ({exc.strerror})")
        return
    if real in seen:
        return  # a symlink loop, or a folder reached twice
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield LoadFailure(path=str(folder), reason=f"cannot list folder ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                yield from _walk(path, seen)
            elif entry.is_file() and (path.suffix.lower() in SUFFIXES or is_feed(path)) and entry.name != MANIFEST:
                yield path
        except OSError as exc:
            yield LoadFailure(path=str(path), reason=f"cannot read ({exc.strerror})")


def load_paths(
    paths: Sequence[Path], *, source: str | None = None, published: dt.date | None = None
) -> Iterator[Document | LoadFailure]:
    """Every document under the paths; bad inputs come back as LoadFailure, never raise."""
    for item in iter_input_files(paths):
        if isinstance(item, LoadFailure):
            yield item
            continue
        try:
            yield from load_file(item, source=source, published=published)
        except LoadError as exc:
            yield LoadFailure(path=str(item), reason=str(exc))
        except OSError as exc:
            yield LoadFailure(path=str(item), reason=f"cannot read the file ({exc.strerror})")


def text_id(path: Path) -> str | None:
    """The document id of a plain-text file without building the Document (None for other formats)."""
    if path.suffix.lower() not in TEXT_SUFFIXES or path.stat().st_size > MAX_BYTES:
        return None
    try:
        text, _ = decode_bytes(path.read_bytes())
    except LoadError:
        return None
    return document_id(text)


def load_file(
    path: Path, *, source: str | None = None, published: dt.date | None = None
) -> list[Document | LoadFailure]:
    """One file → its documents (a feed's records, in a list). Raises LoadError if unusable."""
    path = Path(path)
    if is_feed(path):  # the per-document limit applies to each record, not to the feed
        return [record_document(r, source=source, published=published) if isinstance(r, Record) else r
                for r in read_feed(path)]
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(f"file too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    manifest = _manifest(str(path.parent)).get(path.name, {})
    text, encoding = decode_bytes(data)
    meta: dict = {}
    if suffix in HTML_SUFFIXES:
        text, meta = _html_article(text)
    return [_document(path, path.name, text, encoding, manifest, meta, source, published)]


@lru_cache(maxsize=256)
def _manifest(folder: str) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise LoadError(f"the manifest {path} is not valid TOML ({exc})") from exc


def record_document(record: Record, *, source: str | None = None, published: dt.date | None = None) -> Document:
    """A feed record → its Document (the manifest of the feed's folder may name it `feed.jsonl#N`)."""
    feed = Path(record.feed)
    manifest = _manifest(str(feed.parent)).get(record.name, {})
    return _document(feed, record.name, record.text, "utf-8", manifest, record.meta, source, published)


def _html_article(html: str) -> tuple[str, dict]:
    """Main text and metadata of a news page (never fetches anything: input is a string)."""
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                        include_tables=False)
    doc = found.as_dict() if found is not None and hasattr(found, "as_dict") else (found or {})
    text = doc.get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:  # a menu or a footer is not an article
        raise LoadError("no article text found in the HTML page")
    meta = {"title": doc.get("title"), "source": doc.get("sitename"), "published": doc.get("date"),
            "url": doc.get("url")}
    return text, {k: v for k, v in meta.items() if v}


# --------------------------------------------------------------- metadata


def _document(path, name, text, encoding, manifest, meta, source, published) -> Document:
    marker_source, marker_date = _markers(text)
    date, origin = None, "unknown"
    for value, why in ((manifest.get("published"), "manifest"), (meta.get("published"), "metadata"),
                       (marker_date, "marker"), (published, "option")):
        parsed = _as_date(value)
        if parsed is not None:
            date, origin = parsed, why
            break
    outlet = manifest.get("source") or meta.get("source") or marker_source or source
    return Document(
        id=document_id(text),
        name=name,
        path=str(path) if "#" not in name else f"{path}#{name.split('#')[1]}",
        text=text,
        title=manifest.get("title") or meta.get("title") or _title(text),
        source=outlet,
        published=date,
        date_origin=origin,
        url=meta.get("url") or manifest.get("url"),
        encoding=encoding,
        boilerplate=boilerplate_spans(text),
    )


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        pass
    try:  # RSS's pubDate: "Wed, 28 Jan 2026 09:30:00 GMT"
        return email.utils.parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError, IndexError):
        return None


def _markers(text: str) -> tuple[str | None, dt.date | None]:
    """Outlet and date stated by the text itself."""
    m = DATE_MARKER.match(text)
    if m:
        return None, _as_date(m.group(1))
    from claimtrack.dates import tag

    a = AGGREGATOR.search(text[:3000])
    if a:
        days = [e for e in tag(a.group("date")) if e.resolved and e.grain == "day"]
        return a.group("source").strip(), days[0].start if days else None
    d = DATELINE.search(text[:600])
    if d:  # "الرياض، ١٥ رجب ١٤٤٧ هـ - استقبل ...": a dateline that gives the full date
        days = [e for e in tag(d.group("date")) if e.resolved and e.grain == "day" and e.resolved_by == "explicit"]
        if days:
            return None, days[0].start
    return None, None


def _title(text: str) -> str | None:
    for line in text.splitlines():
        line = DATE_MARKER.sub("", line).strip()
        if line:
            return line if len(line) <= 200 else line[:200].rsplit(" ", 1)[0] + "…"
    return None


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text that are not the article: disclaimers, link lists, section labels, markers."""
    spans: list[tuple[int, int]] = []
    m = DATE_MARKER.match(text)
    if m:
        spans.append((m.start(1) - len("date "), m.end()))
    for pattern in DISCLAIMERS:
        spans += [(x.start(), x.end()) for x in pattern.finditer(text[:5000])]
    heading = None
    for h in LINK_LIST_HEADINGS.finditer(text):
        if h.start() > len(text) // 3:
            heading = h
    if heading is not None:
        spans.append((heading.start(), len(text)))
    else:
        spans += _trailing_labels(text)
    return sorted(spans)


def _trailing_labels(text: str) -> list[tuple[int, int]]:
    """Short section-label lines at the very end ("سياسة", "سوريا محلي")."""
    end = len(text.rstrip())
    start = end
    while start > 0:
        line_start = text.rfind("\n", 0, start - 1) + 1
        line = text[line_start:start].strip()
        if not line:
            start = line_start
            continue
        if len(line.split()) > MAX_LABEL_WORDS or re.search(r"[.!?؟،:]", line):
            break
        start = line_start
    return [(start, end)] if start < end and start > len(text) // 2 else []
