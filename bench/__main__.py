"""Run every benchmark, write bench/results.json and print a summary table.

Sizes of the generated ingest corpora come from BENCH_SIZES (default "2000,10000";
the full run is BENCH_SIZES=1000,10000,100000, which takes a while on 2 cores); the
feed case's size from BENCH_FEED_MB (default 20; the archive-scale case is 1024).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def _flatten(prefix: str, value, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else k, v, out)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, v in enumerate(value):
            _flatten(f"{prefix}[{i}]", v, out)
    else:
        out.append((prefix, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value))


def main() -> None:
    """Run the benchmarks that exist and report them."""
    sizes = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "2000,10000").split(",") if s)
    results: dict = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "cores": os.cpu_count()},
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    suites = [("dates", {}), ("morphology", {}), ("diff", {}), ("ingest", {"sizes": sizes}), ("feed", {})]
    for name, kwargs in suites:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as exc:
            results[name] = {"skipped": str(exc)}
            continue
        print(f"running bench_{name} ...", file=sys.stderr)
        t0 = time.perf_counter()
        results[name] = module.run(**kwargs)
        results[name + "_wall_s"] = round(time.perf_counter() - t0, 1)
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    rows: list[tuple[str, str]] = []
    _flatten("", results, rows)
    table = Table(title="claimtrack benchmarks (bench/results.json)")
    table.add_column("measure")
    table.add_column("value", overflow="fold")
    for k, v in rows:
        table.add_row(k, v)
    Console().print(table)


if __name__ == "__main__":
    from claimtrack.interrupt import Interrupted, handling

    try:
        with handling():  # Ctrl-C ends the workers of a running ingest benchmark too
            main()
    except Interrupted as exc:
        print("Interrupted: bench/results.json was not written; run `make bench` again.", file=sys.stderr)
        sys.exit(exc.exit_code)
