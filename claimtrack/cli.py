"""The `claimtrack` command: parse options → call the library → render.

No SQL and no NLP here. Heavy modules (camel_tools, the pipeline) are imported
inside the commands that need them, so `claimtrack --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, ExitCode
from claimtrack.output import Format

app = typer.Typer(
    name="claimtrack",
    help="Track the dated claims Arabic news makes about events, and where sources disagree.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export claims, events or contradictions to a file.", no_args_is_help=True)
app.add_typer(export_app, name="export")

DbOption = Annotated[
    Path | None,
    typer.Option("--db", "-d", help="Database file (default: $CLAIMTRACK_DB or ./claimtrack.db).",
                 show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
EntityOption = Annotated[
    list[str] | None,
    typer.Option("--entity", "-e", help="Entity name, Arabic or English (repeat to require several)."),
]
TypeOption = Annotated[
    list[str] | None, typer.Option("--type", "-t", help="Claim type: visit, meeting, call, message, "
                                   "invitation, withdrawal, agreement, shipment (repeatable).")
]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only claims whose time overlaps on/after this date (2025, 2025-10, 2025-10-15).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only claims whose time overlaps on/before this date.")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
ExportFormatOption = Annotated[Format, typer.Option("--format", "-f", help="csv or jsonl.")]
BomOption = Annotated[bool, typer.Option("--bom", help="Start the CSV with a UTF-8 BOM (for Excel).")]
GazetteerOption = Annotated[
    list[Path] | None, typer.Option("--gazetteer", help="Extra gazetteer TOML file merged over the shipped one (repeatable).")
]


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(ExitCode.ERROR)


def handle_errors(func):
    """Turn library errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from claimtrack.interrupt import Interrupted, handling

        try:
            with handling():  # SIGINT/SIGTERM: workers ended, one line, exit 130/143
                return func(*args, **kwargs)
        except ClaimtrackError as exc:
            _fail(str(exc))
        except Interrupted as exc:
            typer.echo(exc.message(), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; whole documents written so far are kept.", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `claimtrack claims | head`
            sys.stderr.close()
            raise typer.Exit(ExitCode.OK) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Track the dated claims Arabic news makes about events, and where sources disagree.

    Example: claimtrack ingest data/seeds/ && claimtrack claims --entity بوتين
    """


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    from claimtrack.dates import parse_date

    try:
        return parse_date(value)
    except ClaimtrackError as exc:
        raise ClaimtrackError(f"{option}: {exc}") from exc


def _since_until(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """--since takes the start of a partial date, --until its end (2025-10 → 2025-10-31)."""
    from claimtrack.dates import parse_interval

    start = end = None
    try:
        if since is not None:
            start = parse_interval(since)[0]
        if until is not None:
            end = parse_interval(until)[1]
    except ClaimtrackError as exc:
        raise ClaimtrackError(f"--since/--until: {exc}.") from exc
    return start, end


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ------------------------------------------------------------------ ingest


def _tagger_conventions(prefer: str | None, week_start: str | None) -> None:
    """--prefer/--week-start for ingest: the tagger reads them from the environment (workers inherit it)."""
    import os

    from claimtrack.dates import options

    options(prefer, week_start)
    for name, value in (("CLAIMTRACK_PREFER", prefer), ("CLAIMTRACK_WEEK_START", week_start)):
        if value is not None:
            os.environ[name] = value


@app.command("ingest")
@handle_errors
def ingest_cli(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders (.txt, .html; feeds: .jsonl, .ndjson, .json, and those gzipped, .jsonl.gz ...). "
             "`seeds/` with no ./seeds/ folder here "
             "means the 5 seed articles bundled with claimtrack.", show_default=False)],
    db: DbOption = None,
    source: Annotated[str | None, typer.Option(help="Outlet for files that do not name one.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Publication date for files that do not give one.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: number of cores).")] = 0,
    morphology_db: Annotated[Path | None, typer.Option("--morphology-db", help="CAMeL morphology database to use.")] = None,
    gazetteer: GazetteerOption = None,
    engine: Annotated[str, typer.Option(help="'local' (worker processes) or 'dask'.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (with --engine dask; default: a local cluster).")] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help="Dates without year or tense: past|future|nearest (as for `dates`).")] = None,
    week_start: Annotated[str | None, typer.Option("--week-start", help="saturday|sunday|monday (as for `dates`).")] = None,
    fields: Annotated[str | None, typer.Option(
        "--fields", help="Which keys of feed records (.jsonl, .json, .gz) hold the article's fields, "
        "replacing the defaults (README: Feeds), e.g. text=body,published=date,source=meta.site.")] = None,
    format: FormatOption = Format.table,
) -> None:
    """Read articles, extract their claims and store them (re-ingesting changes nothing).

    Example: claimtrack ingest data/seeds/ --db news.db

    Try it anywhere: claimtrack ingest seeds/  (the bundled seed articles)
    """
    import os

    from claimtrack.feeds import parse_fields
    from claimtrack.ingest import IngestOptions, ingest
    from claimtrack.load import resolve_inputs
    from claimtrack.output import console, table, to_json
    from claimtrack.store import open_db

    opts = IngestOptions(
        source=source,
        published=_date(date, "--date"),
        morphology_db=morphology_db,
        gazetteer_files=tuple(gazetteer or ()),
        jobs=jobs or os.cpu_count() or 1,
        fields=parse_fields(fields),
    )
    _tagger_conventions(prefer, week_start)
    paths, notes = resolve_inputs(paths)
    for note in notes:
        typer.echo(note, err=True)
    store = open_db(db, create=True)
    try:
        if engine == "dask":
            from claimtrack.distributed import ingest_dask

            summary = ingest_dask(paths, store, opts, scheduler=scheduler)
        elif engine == "local":
            summary = _ingest_with_progress(ingest, paths, store, opts)
        else:
            raise ClaimtrackError(f"Unknown engine {engine!r}. Use --engine local or --engine dask.")
    finally:
        store.close()
    rows = [
        {"file": o.name, "status": o.status, "claims": o.claims, "reason": ""} for o in summary.outcomes
    ] + [{"file": f.path, "status": "failed", "claims": 0, "reason": f.reason} for f in summary.failures]
    if format == Format.json:
        _print(to_json(rows))
    elif format == Format.table:
        out = console()
        out.print(table("Ingest", ["file", "status", "claims", "reason"], _fold_feed_rows(rows)))
        out.print(
            f"{summary.count('new')} new, {summary.count('updated')} re-extracted, "
            f"{summary.count('unchanged')} unchanged, {summary.count('duplicate')} duplicate, "
            f"{len(summary.failures)} failed; {summary.claims} claims extracted into {store.path}"
        )
    else:
        from claimtrack.output import csv_text, write_jsonl

        if format == Format.csv:
            _print(csv_text(rows, ["file", "status", "claims", "reason"]))
        else:
            write_jsonl(rows, sys.stdout)
    if summary.failures:
        stored = len(summary.outcomes)
        rest = f"the other {stored} document(s) are stored." if stored else "nothing was stored."
        typer.echo(
            f"Error: {len(summary.failures)} input(s) could not be ingested (see the table); {rest}",
            err=True,
        )
        raise typer.Exit(ExitCode.ERROR)


FEED_FAILURES_SHOWN = 20


def _fold_feed_rows(rows: list[dict]) -> list[tuple]:
    """Table rows with a feed's records folded: one row per feed and status, the first failures."""
    out: list[list] = []
    folded: dict[tuple[str, str], list] = {}
    for r in rows:
        feed, sep, number = r["file"].rpartition("#")
        if not (sep and number.isdigit()):  # not a feed record (a file may have # in its name)
            out.append([r["file"], r["status"], r["claims"], r["reason"]])
            continue
        row = folded.get((feed, r["status"]))
        if row is None:
            row = folded[(feed, r["status"])] = [feed, r["status"], 0, 0, []]
            out.append(row)
        row[2] += r["claims"]
        row[3] += 1
        if r["status"] == "failed" and len(row[4]) < FEED_FAILURES_SHOWN:
            row[4].append(r)
    table_rows: list[tuple] = []
    for row in out:
        if len(row) == 4:
            table_rows.append(tuple(row))
        elif row[1] != "failed":
            table_rows.append((f"{row[0]} ({row[3]:,} record{'s' if row[3] != 1 else ''})", row[1], row[2], ""))
        else:
            table_rows += [(f["file"], "failed", 0, f["reason"]) for f in row[4]]
            if row[3] > len(row[4]):
                table_rows.append((row[0], "failed", 0, f"… and {row[3] - len(row[4]):,} more failed "
                                                        "records (every row: --format json)"))
    return table_rows


def _ingest_with_progress(ingest, paths, store, opts):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from claimtrack.output import console

    err = console(stderr=True)
    if not err.is_terminal:
        return ingest(paths, store, opts)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=None)
        return ingest(paths, store, opts,
                      on_progress=lambda done, total: progress.update(task, completed=done, total=total))


# -------------------------------------------------------------- documents


@app.command("docs")
@handle_errors
def docs_cli(db: DbOption = None, format: FormatOption = Format.table) -> None:
    """List stored documents: name, outlet, date and where it came from, sentences, claims.

    Example: claimtrack docs --format json
    """
    from claimtrack.store import open_db

    store = open_db(db)
    rows = store.documents()
    store.close()
    columns = ["name", "source", "published", "date_origin", "n_sentences", "n_claims", "names", "id"]
    _render(rows, columns, format, "Documents")


def _render(rows: list[dict], columns: list[str], format: Format, title: str) -> None:
    from claimtrack.output import console, csv_text, table, to_json, write_jsonl

    if format == Format.json:
        _print(to_json(rows))
    elif format == Format.jsonl:
        write_jsonl(rows, sys.stdout)
    elif format == Format.csv:
        _print(csv_text(rows, columns))
    else:
        console().print(table(title, columns, [[r.get(c) for c in columns] for r in rows]))


@app.command("stats")
@handle_errors
def stats_cli(
    db: DbOption = None,
    morphology_db: Annotated[Path | None, typer.Option("--morphology-db", help="CAMeL morphology database to report on.")] = None,
    format: FormatOption = Format.table,
) -> None:
    """Counts of what the database holds, and which morphology database is in use.

    Example: claimtrack stats
    """
    from claimtrack.arabic.morphology import resolve_db
    from claimtrack.store import open_db

    store = open_db(db)
    counts = store.stats()
    store.close()
    path, why = resolve_db(morphology_db)
    rows = [{"item": k, "value": v} for k, v in counts.items()]
    rows += [{"item": "database", "value": str(store.path)},
             {"item": "morphology_db", "value": f"{path} ({why})"}]
    _render(rows, ["item", "value"], format, "claimtrack stats")


# ------------------------------------------------------------------ claims


def _entity_groups(names: list[str] | None, gazetteer_files, db=None) -> list[list[str]]:
    if not names:
        return []
    from claimtrack.entities import Gazetteer
    from claimtrack.errors import UnknownEntityError

    gaz = _with_learned(Gazetteer.load(tuple(gazetteer_files or ())), db)
    groups = []
    for name in names:
        found = gaz.lookup(name)
        if not found:
            close = gaz.suggest(name)
            hint = f" Did you mean: {', '.join(close)}?" if close else " See `claimtrack entities`."
            raise UnknownEntityError(f"No known entity is called {name!r}.{hint}")
        groups.append([e.id for e in found])
    return groups


def _with_learned(gaz, db):
    """The gazetteer plus the database's learned entities (people and facilities read from
    the articles), so `--entity "Anwar Ibrahim"` finds a person no gazetteer file lists."""
    from claimtrack.errors import DatabaseError
    from claimtrack.store import open_db

    try:
        store = open_db(db)
    except DatabaseError:
        return gaz  # no database yet: the gazetteer alone
    try:
        return gaz.with_learned(store.learned_entities())
    finally:
        store.close()


def _check_types(types: list[str] | None) -> list[str]:
    from claimtrack.models import CLAIM_TYPES

    for t in types or []:
        if t not in CLAIM_TYPES:
            raise ClaimtrackError(f"Unknown claim type {t!r}. Use one of: {', '.join(CLAIM_TYPES)}.")
    return list(types or [])


@app.command("claims")
@handle_errors
def claims_cli(
    entity: EntityOption = None,
    type: TypeOption = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Outlet name (repeatable).")] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Document name or id (repeatable).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[list[str] | None, typer.Option("--modality", help="asserted, expected, possible or negated.")] = None,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Claims in the database, filtered by entity, type, source, document, date, modality.

    Example: claimtrack claims --entity Putin --type call --since 2025-01-01 --format json
    """
    from claimtrack.output import (
        CLAIM_CSV_HEADER,
        console,
        csv_text,
        flatten_claim,
        table,
        to_json,
        write_jsonl,
    )
    from claimtrack.store import open_db

    start, end = _since_until(since, until)
    groups = _entity_groups(entity, gazetteer, db)
    store = open_db(db)
    claims = store.claims(
        entity_groups=groups, types=_check_types(type), sources=source or [], docs=doc or [],
        since=start, until=end, modalities=modality or [],
    )
    store.close()
    if format == Format.json:
        _print(to_json(claims))
    elif format == Format.jsonl:
        write_jsonl(claims, sys.stdout)
    elif format == Format.csv:
        _print(csv_text((flatten_claim(c) for c in claims), CLAIM_CSV_HEADER))
    else:
        rows = []
        by_prefix: dict[str, set[str]] = {}
        for c in claims:
            by_prefix.setdefault(c.doc[:3], set()).add(c.doc)
        for c in claims:
            f = flatten_claim(c)
            when = f["start"] if f["start"] == f["end"] else f"{f['start'] or '?'} … {f['end'] or '?'}"
            short = c.doc[:3].isdigit() and len(by_prefix[c.doc[:3]]) == 1  # "001" only when unambiguous
            rows.append([c.id[:8], c.doc[:3] if short else c.doc, c.type, f["agent"],
                         f["participants"], f["place"], when if f["start"] else (f["time_text"] or ""),
                         c.ordinal, c.modality])
        console().print(table(f"{len(claims)} claims (ids are prefixes: claimtrack show ID)",
                              ["id", "doc", "type", "agent", "with", "place", "time", "ord", "modality"], rows))


@app.command("show")
@handle_errors
def show_cli(
    claim_id: Annotated[str, typer.Argument(help="A claim id from `claimtrack claims`.")],
    context: Annotated[int, typer.Option(help="Sentences of context on each side.")] = 1,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """One claim: its evidence with trigger, entities and time highlighted, context, metadata.

    Example: claimtrack show 3f2a9c0e1b7d4a55
    """
    from claimtrack.arabic.normalize import has_invisible
    from claimtrack.output import console, to_json
    from claimtrack.store import open_db

    store = open_db(db)
    found = store.claims(claim_ids=[claim_id]) or store.claims_by_prefix(claim_id)
    if len(found) > 1:
        store.close()
        raise ClaimtrackError(f"{claim_id!r} is the start of {len(found)} claim ids. Give more characters.")
    if not found:
        store.close()
        raise ClaimtrackError(f"No claim has the id {claim_id!r}. List ids with `claimtrack claims`.")
    claim = found[0]
    ctx = store.claim_context(claim.id, context)
    store.close()
    doc = ctx["document"]
    warnings = []
    if has_invisible(claim.evidence):
        warnings.append("the evidence contains invisible bidi or zero-width characters; "
                        "what you see may differ from the stored text")
    if format == Format.json:
        _print(to_json([{"claim": claim, "context": ctx["sentences"], "mentions": ctx["mentions"],
                         "document": {k: doc[k] for k in ("id", "name", "title", "source", "published", "date_origin")},
                         "warnings": warnings}]))
        return
    from rich.text import Text

    out = console()
    out.print(f"[bold]{claim.type}[/bold] {claim.id}  ({claim.cameo} {claim.plover}/{claim.plover_mode})")
    out.print(f"document: {doc['name']}  source: {doc['source'] or 'unknown'}  "
              f"published: {doc['published'] or 'unknown'} ({doc['date_origin']})")
    if doc["title"]:
        out.print(f"title: {doc['title']}")
    names = lambda refs: ", ".join(f"{r.name} ({r.name_ar})" for r in refs)  # noqa: E731
    out.print(f"agent: {names([claim.agent]) if claim.agent else '-'}   with: {names(claim.participants) or '-'}   "
              f"place: {names([claim.place]) if claim.place else '-'}")
    t = claim.time
    out.print(f"time: {t.text or '-'} → {t.start or '?'} … {t.end or '?'} ({t.grain or '-'}, {t.resolved_by or 'unresolved'})   "
              f"ordinal: {claim.ordinal or '-'}   count: {claim.count.op + str(claim.count.value) if claim.count else '-'}   "
              f"modality: {claim.modality}   attributed to: {claim.attributed_to or '-'}")
    for s in ctx["sentences"]:
        line = Text(s["text"], style=None if s["idx"] == ctx["idx"] else "dim")
        if s["idx"] == ctx["idx"]:
            for m in ctx["mentions"]:
                line.stylize("bold cyan", m["start"] - s["start"], m["end"] - s["start"])
            ev = claim.evidence
            trig_at = ev.find(claim.trigger)
            if trig_at >= 0:
                off = claim.span[0] - s["start"] + trig_at
                line.stylize("bold reverse", off, off + len(claim.trigger))
            if t.text:
                at = s["text"].find(t.text)
                if at >= 0:
                    line.stylize("bold green", at, at + len(t.text))
        out.print(line)
    for w in warnings:
        typer.echo(f"Warning: {w}", err=True)


@app.command("entities")
@handle_errors
def entities_cli(
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind (person, country, city, ...).")] = None,
    format: FormatOption = Format.table,
) -> None:
    """Known entities with their aliases, Wikidata ids and how many claims involve them.

    Example: claimtrack entities --kind person
    """
    from claimtrack.entities import Gazetteer
    from claimtrack.errors import DatabaseError
    from claimtrack.store import open_db

    counts: dict[str, int] = {}
    learned: list[dict] = []
    try:
        store = open_db(db)
        counts = store.claim_counts_by_entity()
        learned = store.learned_entities()
        store.close()
    except DatabaseError:
        pass  # no database yet: list the gazetteer alone, counts are zero
    gaz = Gazetteer.load(tuple(gazetteer or ())).with_learned(learned)
    rows = [
        {"id": e.id, "kind": e.kind, "name": e.name, "name_ar": e.name_ar,
         "aliases": "، ".join(e.aliases_ar), "wikidata": e.wikidata, "claims": counts.get(e.id, 0),
         "learned": "learned" if e.learned else ""}
        for e in gaz
        if kind is None or e.kind == kind
    ]
    _render(rows, ["id", "kind", "name", "name_ar", "aliases", "wikidata", "claims", "learned"],
            format, "Entities")


@app.command("search")
@handle_errors
def search_cli(
    query: Annotated[str, typer.Argument(help="Words to find; spelling variants and clitics are folded.")],
    limit: Annotated[int, typer.Option(help="At most this many sentences.")] = 20,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Full-text search over stored sentences ("اعلنت" finds "أعلنت", "زار" finds "وزار").

    Example: claimtrack search "انسحاب القوات"
    """
    from claimtrack.store import open_db

    store = open_db(db)
    rows = store.search_sentences(query, limit)
    store.close()
    _render(rows, ["doc", "idx", "text"], format, f"Sentences matching {query}")


# ------------------------------------------------------------------- dates


PreferOption = Annotated[str | None, typer.Option(
    "--prefer", help="past|future|nearest: the occurrence a date without year or tense names "
                     "(default past, or the verb's future tense; also $CLAIMTRACK_PREFER).")]
WeekStartOption = Annotated[str | None, typer.Option(
    "--week-start", help="saturday|sunday|monday: the first day of 'this/last/next week' "
                         "(default saturday; also $CLAIMTRACK_WEEK_START).")]


@app.command("dates")
@handle_errors
def dates_cli(
    text: Annotated[str | None, typer.Argument(help="Arabic text to scan for dates.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from this file instead.")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="Reference (publication) date, e.g. 2026-01-28.")] = None,
    prefer: PreferOption = None,
    week_start: WeekStartOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Run the temporal tagger alone and print every date expression it resolves.

    Example: claimtrack dates "وصل اليوم الأربعاء" --ref 2026-01-28 --format json
    """
    from claimtrack.dates import options, tag

    options(prefer, week_start)  # a bad value is an error before any text is read

    if (text is None) == (file is None):
        raise ClaimtrackError("Give either TEXT or --file FILE.")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ClaimtrackError(f"Cannot read {file}: {exc}.") from exc
    exprs = tag(text, ref=_date(ref, "--ref"), prefer=prefer, week_start=week_start)
    rows = [
        {"text": e.text, "start_char": e.start_char, "end_char": e.end_char,
         "start": e.start.isoformat() if e.start else None, "end": e.end.isoformat() if e.end else None,
         "grain": e.grain, "inconsistent": e.inconsistent}
        | ({"kind": e.kind, "op": e.op, "duration_days": e.duration_days} if e.kind == "duration" else {})
        | ({"kind": e.kind} if e.kind == "range" else {})
        for e in exprs
    ]
    _render(rows, ["text", "start_char", "end_char", "start", "end", "grain", "inconsistent"], format, "Dates")


# -------------------------------------------------------------------- eval


@app.command("eval")
@handle_errors
def eval_cli(
    gold: Annotated[Path, typer.Argument(help="Hand annotation, one JSON claim a line (see tests/gold/README.md).")],
    articles: Annotated[list[Path] | None, typer.Option("--articles", help="Ingest these files/folders first.")] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
    errors: Annotated[bool, typer.Option("--errors", help="Also list missed claims, false claims and "
                                                          "wrong attributes (table format).")] = False,
) -> None:
    """Precision, recall and F1 per claim type, and date accuracy, against a hand annotation.

    Example: claimtrack eval tests/gold/seeds.jsonl --articles data/seeds/ --errors
    """
    from claimtrack.evaluate import evaluate, load_gold
    from claimtrack.output import console, table, to_json
    from claimtrack.store import open_db

    records = load_gold(gold)
    if articles:
        from claimtrack.ingest import IngestOptions, ingest

        store = open_db(db, create=True)
        summary = ingest(articles, store, IngestOptions(jobs=1))
        store.close()
        if summary.failures:
            raise ClaimtrackError(f"{len(summary.failures)} article(s) could not be ingested: "
                                  f"{summary.failures[0].path}: {summary.failures[0].reason}")
    store = open_db(db)
    docs = sorted({g.doc for g in records})
    claims = store.claims(docs=docs)
    texts = {}
    for d in docs:
        row = store.document(d)
        if row is None:
            raise ClaimtrackError(f"The gold names {d!r}, which is not in the database. Ingest it first or use --articles.")
        texts[d] = row["text"]
    from claimtrack.entities import Gazetteer

    # the place hierarchy, with the facilities the documents taught (a finer place refines)
    places = Gazetteer.load().with_learned(store.learned_entities())
    store.close()
    report = evaluate(records, claims, texts, places.contains)
    if format == Format.json:
        _print(to_json([report]))
        return
    data = report.model_dump()
    rows = [[t, v["tp"], v["fp"], v["fn"], f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}"]
            for t, v in data["per_type"].items()]
    o = data["overall"]
    rows.append(["ALL", o["tp"], o["fp"], o["fn"], f"{o['precision']:.2f}", f"{o['recall']:.2f}", f"{o['f1']:.2f}"])
    out = console()
    out.print(table(f"eval {gold.name}", ["type", "tp", "fp", "fn", "precision", "recall", "f1"], rows))
    out.print("attributes of matched claims: " + ", ".join(
        f"{k} {v:.2f}" for k, v in data["attribute_accuracy"].items()))
    if errors:
        _print_eval_errors(out, data)


def _print_eval_errors(out, data: dict) -> None:
    from claimtrack.output import table

    for title, key in (("missed (in the gold, not found)", "misses"),
                       ("false (found, not in the gold)", "false_positives")):
        if data[key]:
            out.print(table(title, ["doc", "type", "trigger", "evidence"],
                            [[e["doc"], e["type"], e["trigger"], e["evidence"]] for e in data[key]]))
    if data["wrong_attributes"]:
        out.print(table("wrong attributes of matched claims",
                        ["doc", "type", "trigger", "attribute", "gold", "predicted"],
                        [[e["doc"], e["type"], e["trigger"], e["attribute"], e["gold"], e["predicted"]]
                         for e in data["wrong_attributes"]]))


# -------------------------------------------------------------- events


def _events(db, gazetteer, entity, type, since, until):
    from claimtrack.entities import Gazetteer
    from claimtrack.events import load_events
    from claimtrack.store import open_db

    start, end = _since_until(since, until)
    groups = _entity_groups(entity, gazetteer, db)
    types = _check_types(type)
    store = open_db(db)
    try:
        return load_events(store, Gazetteer.load(tuple(gazetteer or ())), entity_groups=groups,
                           types=types, since=start, until=end)
    finally:
        store.close()


def _span(claim) -> str:
    t = claim.time
    if t.start is None:
        return ""
    text = t.start.isoformat() if t.start == t.end else f"{t.start} … {t.end}"  # spaces: it wraps
    return text + (" (inferred)" if t.resolved_by == "inferred" else "")


def _when(event) -> str:
    if event.start is None:
        return "undated"
    if event.start == event.end:
        return event.start.isoformat()
    return f"{event.start.isoformat()} … {event.end.isoformat()}"


@app.command("diff")
@handle_errors
def diff_cli(
    entity: EntityOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    format: FormatOption = Format.table,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="EVENT_ID",
        help="Why each claim is in this event (features and weights) and the nearest event it was not "
             "joined to. An id prefix is enough.")] = None,
) -> None:
    """Events across sources: who reports each, independent origins, agreement and conflicts.

    Example: claimtrack diff --entity الشرع --type visit

    Why an event holds its claims: claimtrack diff --explain 3f2a9c
    """
    from claimtrack.output import console, table, to_json, write_jsonl

    if explain is not None:
        _explain(db, gazetteer, explain, format)
        return
    events = _events(db, gazetteer, entity, type, since, until)
    if format == Format.json:
        _print(to_json(events))
        return
    if format in (Format.jsonl, Format.csv):
        if format == Format.jsonl:
            write_jsonl(events, sys.stdout)
        else:
            from claimtrack.events import EVENT_HEADER, event_row
            from claimtrack.output import csv_text

            _print(csv_text((event_row(e) for e in events), EVENT_HEADER))
        return
    out = console()
    for e in events:
        subject = ", ".join(sorted({c.agent.name for c in e.claims if c.agent}) or {"?"})
        place = f" → {e.place.name}" if e.place else ""
        mark = "  [bold red]CONFLICT[/bold red]" if e.conflicts else ""
        out.print(f"\n[bold]{e.type}[/bold] {subject}{place}  {_when(e)}  "
                  f"({len({c.doc for c in e.claims})} documents, {len(e.origins)} independent origins){mark}")
        origin_of = {doc: n + 1 for n, group in enumerate(e.origins) for doc in group}
        rows = [[c.doc, c.source or "", origin_of.get(c.doc, ""), c.time.text or "", _span(c),
                 c.ordinal or "", c.place.name if c.place else "", c.modality, c.attributed_to or "",
                 c.id[:8]] for c in e.claims]
        out.print(table(None, ["doc", "source", "origin", "time text", "interval", "ord", "place",
                               "modality", "claimant", "claim"], rows))
        if e.related:
            out.print("  linked events: " + ", ".join(r[:8] for r in e.related))
        if e.consensus and len(e.origins) > 1:
            out.print("  consensus: " + "; ".join(f"{k}={v}" for k, v in sorted(e.consensus.items())))
        for a in e.additions:
            out.print(f"  only {a['source'] or a['doc']} adds: {a['attribute']}={a['value']}")
        for k in e.conflicts:
            out.print(f"  [{'red' if k.severity == 'high' else 'yellow'}]{k.severity} {k.kind}[/]: {k.explanation}")
            if k.doc_a != k.doc_b:  # both sentences side by side
                out.print(table(None, [f"{k.source_a or k.doc_a}: {k.value_a}", f"{k.source_b or k.doc_b}: {k.value_b}"],
                                [[k.evidence_a, k.evidence_b]]))
    if not events:
        out.print("No events match.")


def _explain(db, gazetteer, event_id: str, format: Format) -> None:
    from claimtrack.entities import Gazetteer
    from claimtrack.events import explain_event
    from claimtrack.output import console, table
    from claimtrack.store import open_db

    store = open_db(db)
    try:
        data = explain_event(store, Gazetteer.load(tuple(gazetteer or ())), event_id)
    finally:
        store.close()
    if data is None:
        raise ClaimtrackError(f"No single event has the id {event_id!r}. Use an id from `claimtrack diff`.")
    if format != Format.table:
        _print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    out = console()
    out.print(f"[bold]{data['type']}[/bold] event {data['event']}  (link at {data['link']}, an undated claim "
              f"at {data['link_undated']} and {data['margin']} above the next event)")
    for row in data["claims"]:
        best = row["best_link"]
        out.print(f"\nclaim {row['claim'][:8]} {row['doc']} ({row['source'] or '?'}) — {row['how']}"
                  + (f", phase {row['phase']}" if row["phase"] else ""))
        if best:
            out.print(table(None, ["feature", "weight"], [[f["feature"], f["weight"]] for f in best["features"]]
                            + [[f"total with claim {best['claim'][:8]} ({best['doc']})", best["score"]]]))
        if row.get("candidates"):
            out.print("  events it could join: " + ", ".join(f"{c['event'][:8]} ({c['score']})"
                                                          for c in row["candidates"]))
    near = data["nearest_other_event"]
    if near is None:
        out.print("\nNo other event shares a block with this one.")
    else:
        reason = f"cannot join: {near['blocked']}" if near["blocked"] else f"score {near['score']}"
        out.print(f"\nnearest event not joined: {near['event']} (claim {near['claim'][:8]} in {near['doc']}, "
                  f"against {near['from_claim'][:8]}): {reason}")
        if near["features"]:
            out.print(table(None, ["feature", "weight"], [[f["feature"], f["weight"]] for f in near["features"]]))


@app.command("timeline")
@handle_errors
def timeline_cli(
    entity: EntityOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Events in date order with their number of independent origins and a conflict mark.

    Example: claimtrack timeline --entity al-Sharaa
    """
    from claimtrack.events import EVENT_HEADER, event_row

    events = _events(db, gazetteer, entity, type, since, until)
    rows = [event_row(e) | {"when": _when(e), "conflict": "!" if e.conflicts else ""} for e in events]
    _render(rows, ["when", "type", "participants", "place", "origins", "claims", "conflict", "id"]
            if format == Format.table else EVENT_HEADER, format, "Timeline")


@export_app.command("claims")
@handle_errors
def export_claims_cli(
    output: OutputOption,
    format: ExportFormatOption = Format.csv,
    bom: BomOption = False,
    db: DbOption = None,
) -> None:
    """Export every claim (one row or one JSON object each).

    Example: claimtrack export claims -o claims.csv --bom
    """
    from claimtrack.output import CLAIM_CSV_HEADER, flatten_claim
    from claimtrack.store import open_db

    store = open_db(db)
    try:
        _write_export(output, format, bom, store.iter_claims(), CLAIM_CSV_HEADER, flatten_claim)
    finally:
        store.close()


@export_app.command("events")
@handle_errors
def export_events_cli(
    output: OutputOption,
    format: ExportFormatOption = Format.csv,
    bom: BomOption = False,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Export the events across sources (one row each).

    Example: claimtrack export events -o events.csv
    """
    from claimtrack.events import EVENT_HEADER, event_row

    events = _events(db, gazetteer, None, None, None, None)
    _write_export(output, format, bom, events, EVENT_HEADER, event_row)


@export_app.command("contradictions")
@handle_errors
def export_contradictions_cli(
    output: OutputOption,
    format: ExportFormatOption = Format.csv,
    bom: BomOption = False,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Export the contradictions between sources, one row each (the CSV contract).

    Example: claimtrack export contradictions -o out.csv --bom
    """
    from claimtrack.events import CONTRADICTION_HEADER, conflicts_of

    events = _events(db, gazetteer, None, None, None, None)
    _write_export(output, format, bom, conflicts_of(events), CONTRADICTION_HEADER,
                  lambda c: c.model_dump(mode="json"))


@app.command("report")
@handle_errors
def report_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    entity: EntityOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Write a self-contained HTML report: timeline, sources side by side, contradictions.

    Example: claimtrack report -o report.html --entity الشرع
    """
    from claimtrack.events import conflicts_of
    from claimtrack.report import render_report

    events = _events(db, gazetteer, entity, type, since, until)
    html = render_report(events, conflicts_of(events),
                         filters={"entity": entity, "type": type, "since": since, "until": until})
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClaimtrackError(f"Cannot write {output}: {exc.strerror}.") from exc
    except KeyboardInterrupt:  # Ctrl-C/SIGTERM: no half-written file is left behind
        tmp.unlink(missing_ok=True)
        raise
    typer.echo(f"Wrote {output} ({len(events)} events)", err=True)


def _write_export(output: Path, format: Format, bom: bool, records, header, to_row) -> None:
    from claimtrack.output import write_csv, write_jsonl

    if format not in (Format.csv, Format.jsonl):
        raise ClaimtrackError("export writes --format csv or jsonl.")
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            if format == Format.csv:
                write_csv((to_row(r) for r in records), header, fh, bom=bom)
            else:
                write_jsonl(records, fh)
        tmp.replace(output)  # a failed export never leaves a half-written file under the name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClaimtrackError(f"Cannot write {output}: {exc.strerror}.") from exc
    except KeyboardInterrupt:  # Ctrl-C/SIGTERM: no half-written file is left behind
        tmp.unlink(missing_ok=True)
        raise
    typer.echo(f"Wrote {output}", err=True)


def main() -> None:
    """Entry point of the `claimtrack` console script."""
    app()
