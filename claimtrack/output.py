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


# Tables that fit the terminal (README "Narrow terminals"). Identifiers are never cropped
# or folded: a user copies them into `claimtrack show` and `--doc`. Free text wraps at
# words (a word longer than its column folds, never crops). When the columns' minimum
# widths do not fit, a lighter border is tried, then these columns are hidden in this
# order; if more than half would go, each row is shown as a record (one "field value"
# line each) instead, which always fits.
IDENTIFIER_COLUMNS = {"id", "doc", "file", "name", "claim", "path"}
DROP_ORDER = (
    "claimant", "time text", "names", "n_sentences", "aliases", "wikidata", "source", "with",
    "place", "claims", "ord", "origin", "n_claims", "date_origin", "modality",
)
FREE_TEXT_MIN = 12  # a wrapping column is not squeezed below this unless its text is shorter


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A table that fits the console's width (Arabic cells are shown as they are)."""
    return FitTable(title, list(columns), [["" if v is None else str(v) for v in row] for row in rows])


class FitTable:
    """A rich renderable that lays itself out for the width it is given (see DROP_ORDER)."""

    def __init__(self, title: str | None, columns: list[str], rows: list[list[str]]) -> None:
        self.title, self.columns, self.rows = title, columns, rows
        self._min: dict[int, int] = {}  # per column, computed once: layout asks several times
        self._natural: dict[int, int] = {}

    def min_width(self, col: int) -> int:
        """The narrowest a column may be: a whole identifier, else its longest word (or more)."""
        from rich.cells import cell_len

        if col not in self._min:
            if self.columns[col] in IDENTIFIER_COLUMNS:
                self._min[col] = self.natural_width(col)
            else:
                cells = [r[col] for r in self.rows] + [self.columns[col]]
                word = max((cell_len(w) for c in cells for w in c.split()), default=1)
                self._min[col] = max(word, min(FREE_TEXT_MIN, self.natural_width(col)))
        return self._min[col]

    def natural_width(self, col: int) -> int:
        """The width of a column's longest cell (or header): its width when nothing wraps."""
        from rich.cells import cell_len

        if col not in self._natural:
            self._natural[col] = max(cell_len(c) for c in [r[col] for r in self.rows] + [self.columns[col]])
        return self._natural[col]

    @staticmethod
    def overhead(n: int, full: bool) -> int:
        """Border and padding cells around n columns (heavy box with edges, or the light one)."""
        return 3 * n + 1 if full else 3 * n - 3

    def layout(self, width: int) -> tuple[list[int], bool] | None:
        """Columns to show and whether with full borders; None when records read better."""
        mins = {i: self.min_width(i) for i in range(len(self.columns))}
        shown = list(mins)
        if sum(mins.values()) + self.overhead(len(shown), True) <= width:
            return shown, True
        for name in (n for n in DROP_ORDER if n in self.columns):
            if sum(mins[i] for i in shown) + self.overhead(len(shown), False) <= width:
                break
            shown.remove(self.columns.index(name))
        fits = sum(mins[i] for i in shown) + self.overhead(len(shown), False) <= width
        return (shown, False) if fits and 2 * len(shown) >= len(self.columns) else None

    def widths(self, shown: list[int], room: int) -> dict[int, int]:
        """Column widths within `room`, chosen so that as few cells as possible wrap."""
        from bisect import bisect_right

        from rich.cells import cell_len

        widths = {i: self.min_width(i) for i in shown}
        lengths = {i: sorted(cell_len(r[i]) for r in self.rows) for i in shown}
        spare = room - sum(widths.values())
        while spare > 0:
            best: tuple[float, int, int] | None = None  # (cells made whole per cell of width, col, width)
            for i in shown:
                done = bisect_right(lengths[i], widths[i])
                for target in sorted(set(lengths[i][done:])):
                    if target - widths[i] > spare:
                        break
                    gain = (bisect_right(lengths[i], target) - done) / (target - widths[i])
                    if best is None or gain > best[0]:
                        best = (gain, i, target)
            if best is None:
                break
            spare -= best[2] - widths[best[1]]
            widths[best[1]] = best[2]
        for i in sorted(shown, key=lambda i: widths[i] - self.natural_width(i)):  # long text: the rest
            grow = min(spare, self.natural_width(i) - widths[i])
            widths[i] += grow
            spare -= grow
        return widths

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich import box
        from rich.table import Table

        chosen = self.layout(options.max_width)
        if chosen is None:
            yield from self._records(options.max_width)
            return
        shown, full = chosen
        widths = self.widths(shown, options.max_width - self.overhead(len(shown), full))
        hidden = [c for i, c in enumerate(self.columns) if i not in shown]
        t = Table(title=self.title, header_style="bold", box=box.HEAVY_HEAD if full else box.MINIMAL_HEAVY_HEAD,
                  show_edge=full, pad_edge=full,
                  caption=f"hidden at this width: {', '.join(hidden)} (all in --format json)"
                  if hidden else None, caption_justify="left", caption_style="dim")
        for i in shown:
            t.add_column(self.columns[i], width=widths[i], no_wrap=self.columns[i] in IDENTIFIER_COLUMNS,
                         overflow="fold")
        for row in self.rows:
            t.add_row(*[row[i] for i in shown])
        yield t

    def _records(self, width: int) -> Any:
        """Each row as lines of "column value"; values wrap, identifiers fold only past the width."""
        from rich.table import Table
        from rich.text import Text

        if self.title:
            yield Text(f"{self.title} (as records: too narrow for a table)", style="bold")
        label = max(len(c) for c in self.columns)
        for n, row in enumerate(self.rows, 1):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=label, style="bold", no_wrap=True)
            grid.add_column(overflow="fold", max_width=max(10, width - label - 1))
            for col, value in zip(self.columns, row, strict=True):
                grid.add_row(col, value)
            yield Text(f"── {n}/{len(self.rows)} " + "─" * max(0, min(width, 40) - 8 - len(str(n)) * 2))
            yield grid


def console(stderr: bool = False) -> Any:
    """A rich console on stdout (data) or stderr (progress, warnings)."""
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, soft_wrap=False)
