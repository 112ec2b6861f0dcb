"""CSV and JSON rendering: formula-safe cells, BOM, Arabic round-trip."""

from __future__ import annotations

import csv
import io

import pytest

from claimtrack.output import safe_cell, write_csv


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("وصل الرئيس", "وصل الرئيس"),
        (None, ""),
        (3, "3"),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return", "arabic", "none", "number"],
)
def test_output_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_output_csv_round_trips_arabic(bom):
    buf = io.StringIO()
    write_csv([{"a": "بوتين", "b": "=1+1"}], ["a", "b"], buf, bom=bom)
    text = buf.getvalue()
    assert text.startswith("\ufeff") is bom
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [{"a": "بوتين", "b": "'=1+1"}]
