"""The README documents every command, and the house rules hold."""

from __future__ import annotations

import re

import pytest

from claimtrack.cli import app, export_app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name for c in app.registered_commands)
EXPORTS = sorted(c.name for c in export_app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS)
def test_docs_every_command_is_in_the_readme(command):
    assert re.search(rf"claimtrack {command}\b", README), command


@pytest.mark.parametrize("what", EXPORTS, ids=EXPORTS)
def test_docs_every_export_is_in_the_readme(what):
    assert f"claimtrack export {what}" in README


def test_docs_readme_starts_with_the_two_commands():
    first_section = README.split("## ", 2)[1]
    assert first_section.startswith("Two commands") and "make run" in first_section and "make test" in first_section


def test_docs_only_arabic_package_imports_camel_tools():
    offenders = [
        p.relative_to(ROOT) for p in (ROOT / "claimtrack").rglob("*.py")
        if "arabic" not in p.parts and re.search(r"^\s*(from|import) camel_tools", p.read_text(), re.M)
    ]
    assert offenders == []


def test_docs_library_names_no_seed_file():
    seeds = [p.stem for p in (ROOT / "data" / "seeds").glob("*.txt")]
    for p in (ROOT / "claimtrack").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert not [s for s in seeds if s.split("_")[1][:8] in text], p
