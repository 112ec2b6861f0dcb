"""The command line: help, version, exit codes and errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimtrack import __version__
from claimtrack.cli import app

runner = CliRunner()

COMMANDS = ["ingest", "docs", "stats", "claims", "show", "entities", "search", "dates", "eval",
            "diff", "timeline", "report"]


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"claimtrack {__version__}"


def test_cli_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from claimtrack.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in sys.modules if m.startswith(('camel_tools', 'torch', 'sqlite_utils', 'trafilatura'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS)
def test_cli_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: claimtrack" in result.stdout


def test_cli_wrong_usage_exits_2():
    result = runner.invoke(app, ["claims", "--no-such-option"])
    assert result.exit_code == 2


def test_cli_missing_database_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["claims", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No database at")
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
