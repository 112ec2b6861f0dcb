"""Feeds: JSON lines and JSON arrays of article records, plain or gzip, read one record at a time.

A feed is never held whole: JSON lines are read line by line, a JSON array value by value
(a small scanner finds where each element ends; `json` parses only that element), and a
gzip file is decompressed as it is read. Limits apply per record: a record whose text is
over the per-document limit, a line that is not JSON, a record without text are each
reported as `feed.jsonl#N` (N is the line of a JSON-lines file, the position in an array)
and the other records are read on.

Record fields are mapped by data/feed_fields.toml (first key present wins), or by the
user's `--fields text=body,published=date`.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import math
import re
import tomllib
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from claimtrack.errors import LoadError
from claimtrack.models import LoadFailure

FEED_SUFFIXES = (".jsonl", ".ndjson", ".json")
FIELDS = ("text", "title", "source", "published", "url")
MB = 1024 * 1024
MAX_TEXT_BYTES = 10 * MB  # the per-document limit (load.MAX_BYTES), on the text of one record
# A record's JSON may be several times its text (a \u escape is 6 bytes for 2): longer
# lines are skipped unread rather than held.
MAX_RECORD_BYTES = 8 * MAX_TEXT_BYTES
READ_CHARS = 1 << 20


def is_feed(path: Path) -> bool:
    """A JSON-lines or JSON file, or one of those gzipped (.jsonl.gz, .json.gz, .ndjson.gz)."""
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return name.endswith(FEED_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Record:
    """One article record of a feed, its fields mapped, ready to become a Document in a worker."""

    feed: str  # the feed's path
    n: int  # line number (JSON lines) or position (JSON array), from 1
    text: str
    doc_id: str  # load.document_id(text), computed while reading (the re-ingest check)
    meta: dict = field(default_factory=dict)  # title, source, published, url as found

    @property
    def name(self) -> str:
        return f"{Path(self.feed).name}#{self.n}"

    @property
    def path(self) -> str:
        return f"{self.feed}#{self.n}"


# ------------------------------------------------------------------ fields


@lru_cache(maxsize=1)
def default_fields() -> dict[str, tuple[str, ...]]:
    """The shipped field mapping (data/feed_fields.toml)."""
    text = resources.files("claimtrack").joinpath("data/feed_fields.toml").read_text(encoding="utf-8")
    return {k: tuple(v) for k, v in tomllib.loads(text).items()}


def parse_fields(spec: str | None) -> tuple[tuple[str, str], ...]:
    """`text=body,published=date` → (("text", "body"), ("published", "date")); LoadError if wrong."""
    pairs = []
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, sep, theirs = (x.strip() for x in part.partition("="))
        if not sep or not theirs or ours not in FIELDS:
            raise LoadError(f"--fields: cannot read {part.strip()!r}. Write FIELD=KEY pairs separated "
                            f"by commas, FIELD one of {', '.join(FIELDS)} (e.g. text=body,published=date).")
        pairs.append((ours, theirs))
    return tuple(pairs)


def field_keys(overrides: tuple[tuple[str, str], ...] = ()) -> dict[str, tuple[str, ...]]:
    """Keys tried for each field: the shipped lists, with the user's choices replacing them."""
    keys = dict(default_fields())
    keys.update({ours: (theirs,) for ours, theirs in overrides})
    return keys


def _lookup(record: dict, key: str):
    if "." not in key:
        return record.get(key)
    value = record
    for part in key.split("."):  # "meta.date" walks into nested objects
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _first(record: dict, keys: tuple[str, ...], want: Callable[[object], object]):
    for key in keys:
        value = want(_lookup(record, key))
        if value is not None:
            return value
    return None


def _string(value) -> str | None:
    if isinstance(value, dict):  # {"id": "bbc", "name": "BBC News"}
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date_value(value) -> str | None:
    return _string(value) if not isinstance(value, int | float) else None


def to_record(feed: str, n: int, value, keys: Mapping[str, tuple[str, ...]]) -> Record | LoadFailure:
    """A parsed JSON value → a Record, or the reason it is not an article (naming the record)."""
    from claimtrack.load import document_id

    where = f"{feed}#{n}"
    if not isinstance(value, dict):  # json gives dicts (and an ABC check is slow per record)
        return LoadFailure(path=where, reason="not an article record (a JSON object is needed)")
    text = _first(value, keys["text"], lambda v: v if isinstance(v, str) and v.strip() else None)
    if text is None:
        tried = ", ".join(keys["text"][:4]) + (", ..." if len(keys["text"]) > 4 else "")
        return LoadFailure(path=where, reason=f"not an article record: no text (looked for {tried}; "
                                               "name yours with --fields text=KEY)")
    data = text.encode("utf-8", "surrogatepass")  # encoded once: for the limit and the hash
    size = len(data)
    if size > MAX_TEXT_BYTES:
        return LoadFailure(path=where, reason=f"text of {math.ceil(size / MB)} MB is over the per-document "
                                               f"limit of {MAX_TEXT_BYTES // MB} MB")
    meta = {}
    for name in ("title", "source", "url"):
        found = _first(value, keys[name], _string)
        if found:
            meta[name] = found
    published = _first(value, keys["published"], _date_value)
    if published:
        meta["published"] = published
    return Record(feed, n, text, document_id(data), meta)


# ----------------------------------------------------------------- reading


def read_feed(path: Path, fields: tuple[tuple[str, str], ...] = ()) -> Iterator[Record | LoadFailure]:
    """Every record of a feed file, in order; bad records come back as LoadFailure, never raise."""
    keys = field_keys(fields)
    feed = str(path)
    any_value = False
    try:
        with _open(path) as raw:
            for n, value in _values(path, raw):
                any_value = True
                yield value if isinstance(value, LoadFailure) else to_record(feed, n, value, keys)
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a damaged gzip stream
        why = getattr(exc, "strerror", None) or exc
        rest = "; the records before it were read" if any_value else ""
        yield LoadFailure(path=feed, reason=f"cannot read the feed ({why}){rest}")
        return
    if not any_value:
        yield LoadFailure(path=feed, reason="no article records in the file")


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _values(path: Path, raw: BinaryIO) -> Iterator[tuple[int, object]]:
    """(record number, parsed value or LoadFailure) of a feed stream."""
    head = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    encoding = "utf-8"
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            encoding = enc
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".json"):
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        yield from _json_values(path, text.read)
    elif encoding == "utf-16":
        yield from _json_lines(path, _lines(io.TextIOWrapper(raw, encoding=encoding).readline, "\n"))
    else:  # bytes, so that one line of bad UTF-8 is one failure, not the end of the feed
        if encoding == "utf-8-sig":
            raw.read(3)
        yield from _json_lines(path, _lines(raw.readline, b"\n"))


def _lines(readline: Callable[[int], bytes | str], newline: bytes | str) -> Iterator[bytes | str | None]:
    """Lines of a stream; None for a line over MAX_RECORD_BYTES (skipped as it is read, never held)."""
    while line := readline(MAX_RECORD_BYTES):
        if len(line) == MAX_RECORD_BYTES and not line.endswith(newline):
            while (more := readline(MAX_RECORD_BYTES)) and not more.endswith(newline):
                pass
            yield None
        else:
            yield line


def _json_lines(path: Path, lines: Iterator[bytes | str | None]) -> Iterator[tuple[int, object]]:
    for n, line in enumerate(lines, start=1):
        where = f"{path}#{n}"
        if line is None:
            yield n, LoadFailure(path=where, reason=f"record of more than {MAX_RECORD_BYTES // MB} MB, over the "
                                                    f"per-document limit of {MAX_TEXT_BYTES // MB} MB")
            continue
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except UnicodeDecodeError as exc:
            yield n, LoadFailure(path=where, reason=f"invalid UTF-8 on line {n} (byte {exc.start})")
        except json.JSONDecodeError as exc:
            yield n, LoadFailure(path=where, reason=f"invalid JSON on line {n}: {exc.msg}")


def _json_values(path: Path, read: Callable[[int], str]) -> Iterator[tuple[int, object]]:
    """Elements of a JSON array, or top-level values one after another (a single object)."""
    scan = _Scanner(read)
    try:
        first = scan.peek()
        array = first == "["
        if array:
            scan.pos += 1
        n = 0
        while True:
            char = scan.peek()
            if not char or (array and char == "]"):
                if not char and array:
                    yield n + 1, LoadFailure(path=f"{path}#{n + 1}", reason="the file ends inside the JSON "
                                             "array (truncated?); the records before were read")
                return
            if array and n:
                if char != ",":
                    yield n + 1, LoadFailure(path=f"{path}#{n + 1}", reason="invalid JSON after record "
                                             f"{n} (expected ',' or ']'); the rest of the file was not read")
                    return
                scan.pos += 1
                char = scan.peek()
            n += 1
            where = f"{path}#{n}"
            source = scan.value()
            if scan.truncated:
                yield n, LoadFailure(path=where, reason="the file ends inside this record (truncated?)")
                return
            if source is None:
                yield n, LoadFailure(path=where, reason=f"record of more than {MAX_RECORD_BYTES // MB} MB, "
                                     f"over the per-document limit of {MAX_TEXT_BYTES // MB} MB")
                continue
            try:
                yield n, json.loads(source)
            except json.JSONDecodeError as exc:
                yield n, LoadFailure(path=where, reason=f"invalid JSON in record {n}: {exc.msg}")
    except UnicodeDecodeError as exc:
        yield 0, LoadFailure(path=str(path), reason=f"invalid UTF-8 (byte {exc.start} of a block); "
                             "the records before it were read")


STRUCTURE = re.compile(r'["{}\[\]]')
STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)  # unrolled: no alternation per character
SCALAR_END = re.compile(r"[,\]\s]")
NON_SPACE = re.compile(r"\S")


class _Scanner:
    """Finds where each JSON value of a stream ends (strings, nesting) without parsing it.

    Only the value being scanned is kept (one chunk plus that value); a value longer than
    MAX_RECORD_BYTES is skipped with its content dropped as it is read.
    """

    def __init__(self, read: Callable[[int], str]) -> None:
        self.read = read
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.truncated = False

    def _fill(self, keep: int) -> bool:
        """Drop the buffer before `keep`, read a chunk on; False at the end of the input."""
        if self.eof:
            return False
        chunk = self.read(READ_CHARS)
        self.buf = self.buf[keep:] + chunk
        self.pos -= keep
        self.eof = not chunk
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space ('' at the end); pos moves onto it."""
        while True:
            m = NON_SPACE.search(self.buf, self.pos)
            if m:
                self.pos = m.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._fill(self.pos):
                return ""

    def value(self) -> str | None:
        """The source text of the value at pos (None if too long); pos moves past it."""
        start = i = self.pos
        if self.buf[start] not in '{["':
            return self._scalar()
        depth, in_string, oversized = 0, False, False
        while True:
            if in_string:
                i = STRING_BODY.match(self.buf, i).end()
                if i < len(self.buf) and self.buf[i] == '"':
                    in_string = False
                    i += 1
                    if depth == 0:
                        break
                    continue
            else:
                m = STRUCTURE.search(self.buf, i)
                if m:
                    i = m.end()
                    char = m.group()
                    if char == '"':
                        in_string = True
                    elif char in "{[":
                        depth += 1
                    else:
                        depth -= 1
                        if depth == 0:
                            break
                    continue
                i = len(self.buf)
            # the value goes on past the buffer: read more (dropping what a long value needs not)
            if not oversized and i - start > MAX_RECORD_BYTES:
                oversized = True
            keep = i if oversized else start
            self.pos = i
            more = self._fill(keep)
            i, start = self.pos, start - keep
            if not more:
                self.truncated = True
                return None
        self.pos = i
        return None if oversized else self.buf[start:i]

    def _scalar(self) -> str:
        start = self.pos
        while True:
            m = SCALAR_END.search(self.buf, self.pos)
            if m or self.eof:
                end = m.start() if m else len(self.buf)
                self.pos = end
                return self.buf[start:end]
            self.pos = len(self.buf)
            self._fill(start)
            start = 0
