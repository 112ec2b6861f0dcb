"""Rendering for people (rich tables) and for scripts (JSON, JSON lines, CSV).

CSV cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
return at the start) get a leading apostrophe; `bom=True` writes a UTF-8 BOM so
Excel shows Arabic correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import IO, Any

from pydantic import BaseModel

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    """Output formats of the read commands."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_json(records: Iterable[Any]) -> str:
    """A JSON array, Arabic kept readable (not \\u-escaped)."""
    return json.dumps([_plain(r) for r in records], ensure_ascii=False, indent=2)


def write_jsonl(records: Iterable[Any], out: IO[str]) -> None:
    """One JSON object a line."""
    for r in records:
        out.write(json.dumps(_plain(r), ensure_ascii=False) + "\n")


def safe_cell(value: Any) -> str:
    """A CSV cell that spreadsheets show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(
    rows: Iterable[dict], header: Sequence[str], out: IO[str], *, bom: bool = False
) -> None:
    """CSV with a fixed header, formula-like cells neutralised."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(row.get(col)) for col in header])


def csv_text(rows: Iterable[dict], header: Sequence[str]) -> str:
    """CSV as a string (for printing to stdout)."""
    buf = io.StringIO()
    write_csv(rows, header, buf)
    return buf.getvalue()


def flatten_claim(claim: Any) -> dict:
    """A claim as one flat row (CSV and tables)."""
    c = _plain(claim)
    t = c.get("time") or {}
    return {
        "id": c["id"],
        "doc": c["doc"],
        "source": c.get("source"),
        "type": c["type"],
        "cameo": c["cameo"],
        "plover": c["plover"],
        "plover_mode": c.get("plover_mode"),
        "agent": (c.get("agent") or {}).get("name"),
        "agent_ar": (c.get("agent") or {}).get("name_ar"),
        "participants": "; ".join(p["name"] for p in c.get("participants", [])),
        "place": (c.get("place") or {}).get("name"),
        "time_text": t.get("text"),
        "start": t.get("start"),
        "end": t.get("end"),
        "grain": t.get("grain"),
        "resolved_by": t.get("resolved_by"),
        "ordinal": c.get("ordinal"),
        "count": f"{c['count']['op']}{c['count']['value']}" if c.get("count") else None,
        "modality": c["modality"],
        "attributed_to": c.get("attributed_to"),
        "trigger": c["trigger"],
        "evidence": c["evidence"],
        "span_start": c["span"][0],
        "span_end": c["span"][1],
        # appended columns (the header only ever gains columns at its end)
        "quantity_value": (c.get("quantity") or {}).get("value"),
        "quantity_unit": (c.get("quantity") or {}).get("unit"),
        "quantity_op": (c.get("quantity") or {}).get("op"),
        "quantity_text": (c.get("quantity") or {}).get("text"),
        "time_inconsistent": t.get("inconsistent", False),
    }


CLAIM_CSV_HEADER = [
    "id", "doc", "source", "type", "cameo", "plover", "plover_mode", "agent", "agent_ar",
    "participants", "place", "time_text", "start", "end", "grain", "resolved_by", "ordinal",
    "count", "modality", "attributed_to", "trigger", "evidence", "span_start", "span_end",
    "quantity_value", "quantity_unit", "quantity_op", "quantity_text", "time_inconsistent",
]


SHORT_COLUMNS = {"id", "doc", "type", "ord", "modality", "status", "claims", "origins", "conflict",
                 "kind", "when", "interval", "claim", "origin", "start_char", "end_char", "grain", "n_sentences", "n_claims", "names"}


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A rich Table (Arabic cells are shown as they are; terminals may not shape them)."""
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        short = col in SHORT_COLUMNS
        t.add_column(col, overflow="ellipsis" if short else "fold", no_wrap=short)
    for row in rows:
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


def console(stderr: bool = False) -> Any:
    """A rich console on stdout (data) or stderr (progress, warnings)."""
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, soft_wrap=False)
