"""The `prisonwatch` command."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

# Prefect reads its settings at import: give it offline-friendly defaults before any flow is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
os.environ.setdefault("PREFECT_HOME", str(Path.home() / ".prisonwatch" / "prefect"))
# Prefect creates only the last folder of its home; on a fresh account ~/.prisonwatch does not exist yet, and
# its temporary server then cannot open its database and never starts.
Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "prisonwatch")  # storage waits show in flow logs

app = typer.Typer(
    help="Monitor counts of Venezuela's political prisoners and alert chat when they move.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(width=None if sys.stdout.isatty() else 160)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="DuckDB file, or a DuckLake such as ducklake:postgres:dbname=prisonwatch "
        "(default: $PRISONWATCH_DB or data/prisonwatch.duckdb)",
    ),
]
SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Source list (TOML); default: the real sources shipped with prisonwatch"),
]


def _db(db: Path | None) -> Path:
    from storage import default_db_path

    return db or default_db_path()


@app.command()
def run(db: DbOption = None, sources: SourcesOption = None) -> None:
    """One monitoring cycle over the configured sources. Exit 0: all sources read; 2: some failed (or
    another run was in progress)."""
    from flows.monitor import run_once

    summary = run_once(db_path=str(_db(db)), sources_file=str(sources) if sources else None)
    _print_summary(summary)
    raise typer.Exit(0 if summary.ok else 2)


@app.command()
def demo(db: DbOption = None) -> None:
    """The whole pipeline offline: a local site, two runs with a change between, a local chat webhook."""
    import tempfile

    from flows.demo import DemoSite
    from flows.localserver import SiteServer, WebhookReceiver
    from flows.monitor import run_once

    db_path = _db(db)
    with SiteServer() as site, WebhookReceiver() as hook, tempfile.TemporaryDirectory() as tmp:
        demo_site = DemoSite(site)
        sources = Path(tmp) / "sources.toml"
        sources.write_text(demo_site.sources_toml(), encoding="utf-8")
        os.environ["PRISONWATCH_ALERT_URLS"] = hook.url("/chat")
        for round_no in (1, 2):
            demo_site.publish(round_no)
            console.rule(f"Run {round_no}: {site.base_url}")
            before = len(hook.received)
            summary = run_once(db_path=str(db_path), sources_file=str(sources))
            _print_summary(summary)
            for message in hook.received[before:]:
                body = message.body if isinstance(message.body, dict) else {"message": message.body}
                console.print(f"[bold]chat received[/bold] (alert {body.get('alert_id')}):")
                console.print(body.get("message", ""), markup=False, highlight=False)
                console.print()
    console.rule("Stored: latest count per series")
    # read-write: this process already opened the file read-write, and DuckDB keeps one instance per file
    _print_latest(db_path, read_only=False)


@app.command()
def serve(
    db: DbOption = None,
    sources: SourcesOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule")] = "*/30 * * * *",
    timezone: Annotated[str, typer.Option(help="Timezone of the schedule")] = "America/Caracas",
    port: Annotated[int, typer.Option(help="Port of the local Prefect server started when none is set")] = 4200,
) -> None:
    """Run the monitoring flow on a schedule with Prefect's serve (starts a local Prefect server if needed)."""
    from flows.server import local_prefect_server

    with local_prefect_server(port) as api_url:
        console.print(f"Prefect API: {api_url}. Schedule: {cron} ({timezone}). Ctrl-C stops.")
        from flows.monitor import monitor

        params = {"db_path": str(_db(db).resolve()), "sources_file": str(sources.resolve()) if sources else None}
        monitor.serve(name="prisonwatch-serve", cron=cron, parameters=params, limit=1)


@app.command()
def changes(
    since: Annotated[
        str | None, typer.Option(help="Only changes from documents published on or after this date (YYYY-MM-DD)")
    ] = None,
    db: DbOption = None,
    sources: SourcesOption = None,
    all_outcomes: Annotated[bool, typer.Option("--all", help="Also list unchanged and corroborated")] = False,
) -> None:
    """What would have been alerted, replayed from the stored claims; nothing is sent."""
    from flows.compare import Observation, Rules, replay
    from flows.sources import load_config
    from storage import queries as q
    from storage.db import connect_read

    settings = load_config(sources).alerts
    rules = Rules(settings.media_min_documents, settings.headline_only, settings.min_change)
    with connect_read(_db(db)) as con:
        baselines = {s: (v[0], v[2]) for s, v in q.baselines(con).items()}
        observations = [Observation(c.claim_id, c.claim, c.url, c.published) for c in q.claims_since(con)]
    table = Table(title="Changes (replayed from stored claims, nothing sent)")
    for col in ("published", "outcome", "series", "old", "new", "as_of", "link"):
        table.add_column(col, overflow="fold")
    shown = 0
    for change in replay(observations, baselines, rules):
        published = change.new.published or ""
        if since and published < since:
            continue
        if not (all_outcomes or change.alertable):
            continue
        c = change.new.claim
        table.add_row(
            published,
            change.outcome,
            "/".join(x or "-" for x in change.series),
            "" if change.old_value is None else f"{change.old_value:,}",
            f"{c.value:,}",
            c.as_of or "",
            change.new.url,
        )
        shown += 1
    console.print(table)
    console.print(f"{shown} change(s)")


@app.command()
def deliver(db: DbOption = None) -> None:
    """Send what waits in the outbox now (alerts that could not be sent earlier), without fetching."""
    from flows.delivery import destinations_from_env
    from flows.pipeline import deliver as deliver_outbox

    destinations = destinations_from_env()
    if not destinations:
        console.print("No destination: set PRISONWATCH_ALERT_URLS or PRISONWATCH_ALERT_SECRET_BLOCK.")
        raise typer.Exit(1)
    report = deliver_outbox(_db(db), destinations)
    console.print(f"{report.sent} delivered, {report.failed} failed, {report.pending} pending")
    raise typer.Exit(0 if report.pending == 0 else 2)


@app.command()
def sources(db: DbOption = None) -> None:
    """Each source with its last success, last error, failure streak, and the documents and claims it gave."""
    from storage import queries as q
    from storage.db import connect_read

    with connect_read(_db(db)) as con:
        rows = q.source_overview(con)
    table = Table(title="Sources")
    for col in ("source", "kind", "last success", "last error", "failed runs in a row", "documents", "claims"):
        table.add_column(col, overflow="fold")
    for sid, kind, _url, success, error, streak, docs, claims in rows:
        table.add_row(
            sid,
            kind,
            f"{success:%Y-%m-%d %H:%M}" if success else "never",
            error or "",
            str(streak),
            str(docs),
            str(claims),
        )
    console.print(table)


@app.command()
def history(
    metric: Annotated[
        str,
        typer.Option(
            help="political_prisoners, releases, releases_announced, detentions, disappeared or restricted_liberty"
        ),
    ],
    org: Annotated[str | None, typer.Option(help="Claimant: foro_penal, government, other_ngo, media, other")] = None,
    group: Annotated[str | None, typer.Option(help="A breakdown: men, women, civilians, military...")] = None,
    scope: Annotated[str | None, typer.Option(help="A place")] = None,
    db: DbOption = None,
) -> None:
    """A metric over time: one row per date with the value kept, its documents, and whether it was revised."""
    from storage import queries as q
    from storage.db import connect_read

    with connect_read(_db(db)) as con:
        rows = q.history(con, metric, org, group, scope)
    table = Table(title=f"History of {metric}" + (f" according to {org}" if org else ""))
    for col in ("claimant", "group", "scope", "since", "as_of", "value", "documents", "revised"):
        table.add_column(col)
    for claimant, grp, scp, since, as_of, value, docs, revised in rows:
        table.add_row(claimant, grp, scp, since, as_of, f"{value:,}", str(docs), "yes" if revised else "")
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write into")],
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv")] = "parquet",
    db: DbOption = None,
) -> None:
    """Every view and table to files, from one consistent read of the database."""
    from flows.analyst import export as export_files

    written = export_files(_db(db), out, fmt, _progress)
    console.print(f"{len(written)} files written to {out}")


@app.command()
def chart(
    metric: Annotated[str, typer.Option(help="The metric to draw")],
    out: Annotated[Path, typer.Option(help="Image path; a PNG and an SVG are written")] = Path("chart.png"),
    org: Annotated[str | None, typer.Option(help="One claimant (default: every claimant)")] = None,
    db: DbOption = None,
) -> None:
    """Draw a metric over time, with the baseline as a reference line and revisions marked."""
    from flows.analyst import chart as draw

    for path in draw(_db(db), metric, out, org):
        console.print(f"written {path}")


@app.command()
def reextract(
    apply: Annotated[bool, typer.Option("--apply", help="Replace the stored claims (default: only show)")] = False,
    db: DbOption = None,
) -> None:
    """Read every stored document again with the current extractor and show (or apply) the differences."""
    from flows.analyst import reextract as run_reextract

    result = run_reextract(_db(db), apply, _progress)
    for url, claim in result.added[:50]:
        console.print(
            f"+ {claim.metric} {claim.value:,} {claim.org} {claim.group or ''} {claim.scope or ''}  {url}",
            markup=False,
            highlight=False,
        )
    for url, claim in result.removed[:50]:
        console.print(
            f"- {claim.metric} {claim.value:,} {claim.org} {claim.group or ''} {claim.scope or ''}  {url}",
            markup=False,
            highlight=False,
        )
    verb = "changed" if apply else "would change"
    console.print(
        f"{result.documents} documents read; {result.changed_documents} {verb}: "
        f"{len(result.added)} claims added, {len(result.removed)} removed"
        + ("" if apply else " (run with --apply to store them)")
    )


@app.command()
def backfill(
    path: Annotated[
        Path, typer.Argument(help="An HTML file, a feed file, a JSONL file (url, published, text) or a folder of them")
    ],
    alert: Annotated[bool, typer.Option("--alert", help="Also alert the changes the history makes")] = False,
    db: DbOption = None,
) -> None:
    """Ingest archived documents as if fetched when published, to build the time series from history."""
    from flows.analyst import backfill as run_backfill

    docs, added = run_backfill(_db(db), path, progress=_progress)
    console.print(f"{docs} documents read, {added} claims stored")
    if alert:
        from flows.compare import Observation
        from flows.pipeline import compare_and_queue
        from storage import connect
        from storage import queries as q

        with connect(_db(db)) as con:
            observations = tuple(Observation(c.claim_id, c.claim, c.url, c.published) for c in q.claims_since(con))
        changes, written = compare_and_queue(_db(db), observations, run_id="backfill")
        console.print(f"{written} alert(s) written to the outbox; `prisonwatch deliver` sends them")


@app.command()
def prune(
    older_than: Annotated[int, typer.Option("--older-than", help="Days")],
    db: DbOption = None,
) -> None:
    """Drop the raw bodies and texts of documents older than N days (claims and fetch records are kept)."""
    from flows.analyst import prune as run_prune

    console.print(f"{run_prune(_db(db), older_than)} documents pruned")


def _progress(items, label, total):  # type: ignore[no-untyped-def]
    """A progress bar for long commands (quiet when the output is not a terminal)."""
    from rich.progress import track

    return track(items, description=label, total=total, console=console, disable=not sys.stdout.isatty())


@app.command()
def doctor(
    db: DbOption = None,
    sources: SourcesOption = None,
    send_test: Annotated[bool, typer.Option("--send-test", help="Send a test message to each destination")] = False,
    network: Annotated[bool, typer.Option("--network/--no-network", help="Try every source")] = True,
) -> None:
    """Check the configuration, the database, the chat destinations and the sources; say what to fix."""
    from flows.doctor import run_checks

    checks = run_checks(_db(db), sources, send_test, network)
    table = Table(title="prisonwatch doctor")
    for col in ("", "area", "finding"):
        table.add_column(col, overflow="fold")
    marks = {"ok": "[green]ok[/green]", "warn": "[yellow]warn[/yellow]", "fail": "[red]FAIL[/red]"}
    for c in checks:
        table.add_row(marks[c.status], c.area, c.message)
    console.print(table)
    failed = [c for c in checks if c.status == "fail"]
    console.print(f"{len(failed)} problem(s) to fix" if failed else "nothing to fix")
    raise typer.Exit(1 if failed else 0)


@app.command()
def baseline() -> None:
    """Show the baseline: the founding article's figures every change is compared with."""
    from storage.db import baseline_data

    data = baseline_data()
    table = Table(title=f"Baseline as of {data['as_of']}", caption=data["citation"])
    for col in ("metric", "value", "qualifier", "claimant", "since", "derived", "evidence"):
        table.add_column(col)
    for f in data["figures"]:
        table.add_row(
            f["metric"],
            f"{f['value']:,}",
            f["qualifier"],
            f["org"],
            f["since"] or "",
            "yes" if f["derived"] else "",
            f["evidence"],
        )
    console.print(table)


@app.command()
def extract(
    target: Annotated[str | None, typer.Argument(help="A text/HTML file or an http(s) URL")] = None,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", help="JSONL of documents: id, text, lang?, published?, url?")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language code; detected when omitted")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD")] = None,
) -> None:
    """Extract count claims: one JSON line per document with --jsonl, or a table for one document."""
    from parsers import extract_claims

    if jsonl is not None:
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                doc = json.loads(line)
                claims = extract_claims(doc["text"], doc.get("lang"), doc.get("published"), doc.get("url"))
                sys.stdout.write(
                    json.dumps({"id": doc["id"], "claims": [c.to_dict() for c in claims]}, ensure_ascii=False) + "\n"
                )
        return
    if target is None:
        raise typer.BadParameter("give a FILE_OR_URL or --jsonl IN.jsonl")
    text, pub = _read_target(target)
    claims = extract_claims(text, lang, published or pub, target if "://" in target else None)
    table = Table(title=f"{len(claims)} claim(s) in {target}")
    for col in ("metric", "value", "qualifier", "org", "group", "scope", "as_of", "since", "evidence"):
        table.add_column(col, overflow="fold")
    for c in claims:
        table.add_row(
            c.metric,
            f"{c.value:,}",
            c.qualifier,
            c.org,
            c.group or "",
            c.scope or "",
            c.as_of or "",
            c.since or "",
            c.evidence,
        )
    console.print(table)


def _read_target(target: str) -> tuple[str, str | None]:
    from parsers.html import html_to_page

    if target.startswith(("http://", "https://")):
        from flows.fetch import fetch, make_client
        from flows.sources import Settings

        settings = Settings(allow_loopback=True, allow_private=True)  # the user named this URL
        with make_client(settings) as client:
            got = fetch(client, target, settings)
        if got.outcome != "ok":
            raise typer.BadParameter(f"could not fetch {target}: {got.error}")
        page = html_to_page(got.body or b"")
        return f"{page.title}\n{page.text}", page.published
    raw = Path(target).read_text(encoding="utf-8")
    if "<html" in raw[:2000].lower() or "<body" in raw[:5000].lower():
        page = html_to_page(raw)
        return f"{page.title}\n{page.text}", page.published
    return raw, None


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Labeled JSONL (LABELS.md schema)")],
    min_f1: Annotated[float | None, typer.Option("--min-f1", help="Exit 1 when headline F1 is below this")] = None,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List misses and false claims")] = True,
) -> None:
    """Score the extractor on a labeled file with the same figures as score.py."""
    from flows.evaluate import load_jsonl, misses, score
    from parsers import extract_claims

    docs = load_jsonl(gold)
    gold_claims = {d["id"]: d.get("claims") or [] for d in docs}
    pred = {
        d["id"]: [c.to_dict() for c in extract_claims(d["text"], d.get("lang"), d.get("published"), d.get("url"))]
        for d in docs
    }
    result = score(gold_claims, pred)
    if errors:
        for m in misses(gold_claims, pred):
            console.print(f"{m.kind:6} {m.doc_id:8} {m.key}  {m.evidence[:120]}", markup=False, highlight=False)
    for key, value in result.items():
        console.print(f"{key}: {value}", markup=False, highlight=False)
    if min_f1 is not None and result["headline"]["f1"] < min_f1:
        console.print(f"headline F1 {result['headline']['f1']} is below --min-f1 {min_f1}")
        raise typer.Exit(1)


@app.command()
def latest(db: DbOption = None) -> None:
    """The latest count of every series, with who says it and as of when."""
    _print_latest(_db(db), read_only=True)


def _print_latest(db: Path, read_only: bool) -> None:
    from storage import connect
    from storage import queries as q
    from storage.db import connect_read

    with connect_read(db) if read_only else connect(db) as con:
        rows = q.latest_counts(con)
    table = Table(title="Latest counts")
    for col in ("metric", "claimant", "group", "scope", "since", "value", "qualifier", "as_of", "documents"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[f"{v:,}" if isinstance(v, int) else str(v) for v in row[:-1]])
    console.print(table)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A read-only SQL query")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | parquet")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="File for --format parquet")] = None,
) -> None:
    """Run a read-only SQL query against the database (or its snapshot while a run is writing)."""
    import csv

    from storage import queries as q
    from storage.db import connect_read

    with connect_read(_db(db)) as con:
        columns, rows = q.run_query(con, sql)
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(columns, row, strict=True)), default=str, ensure_ascii=False) + "\n")
    else:
        table = Table()
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)


def _print_summary(summary: object) -> None:
    from flows.pipeline import RunSummary

    assert isinstance(summary, RunSummary)
    if summary.overlapped:
        console.print("[yellow]another monitoring run is in progress: this one did nothing[/yellow]")
        return
    console.print(
        f"run {summary.run_id}: {summary.sources} source(s), {len(summary.failed_sources)} failed, "
        f"{summary.documents} document(s) read, {summary.claims_added} new claim(s), "
        f"{summary.alerts_written} alert(s) written"
        + (f", {summary.delivery.sent} delivered, {summary.delivery.pending} pending" if summary.delivery else "")
    )
    for change in summary.changes:
        c = change.new.claim
        console.print(
            f"  {change.outcome:9} {'/'.join(x or '-' for x in change.series)}: "
            f"{change.old_value if change.old_value is not None else '-'} -> {c.value}",
            markup=False,
        )
    if summary.skipped_sources:
        console.print(f"not due this run (interval): {', '.join(summary.skipped_sources)}")
    for event in summary.health:
        console.print(f"[yellow]{event.text}[/yellow]", highlight=False)
    if summary.failed_sources:
        console.print(
            f"[yellow]failed sources: {', '.join(summary.failed_sources)}[/yellow] "
            "(see the fetches table for each error)"
        )


def main() -> None:
    """The command, with prisonwatch's own errors said in one line instead of a traceback."""
    from parsers.errors import PrisonwatchError

    try:
        app()
    except PrisonwatchError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise SystemExit(1) from None
    finally:
        # The process ends here: its last garbage collection over a run's thousands of documents would take
        # half a second (measured) only to free memory the system takes back anyway.
        gc.freeze()


if __name__ == "__main__":
    main()
