"""Command line: a thin layer over the pipeline. No logic lives here; heavy modules load lazily.

Errors print one line on stderr (``reportgen: <file>: <reason>``) and set the exit code of
``EXIT_CODES``, never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from reportgen import __version__
from reportgen.errors import ConfigError, InputError, InternalError, ReportgenError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reportgen.config import Settings
    from reportgen.pipeline import Article, Outcome
    from reportgen.progress import BatchProgress

# Exit codes, the one table: 0 success; 1 an article failed (the model's fault, a bug, or some
# articles of a batch); 2 the input or the configuration is unusable. First matching class wins.
EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2
EXIT_CODES: tuple[tuple[type[ReportgenError], int], ...] = (
    (InputError, EXIT_UNUSABLE),
    (ConfigError, EXIT_UNUSABLE),
    (ReportgenError, EXIT_FAILED),  # ModelError, InternalError, StoreError, ...
)


def exit_code(exc: ReportgenError) -> int:
    """The exit code for an error, from ``EXIT_CODES``."""
    return next(code for cls, code in EXIT_CODES if isinstance(exc, cls))

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Verified bilingual reports and English briefings from Chinese government and public-security articles.",
)

EngineOpt = Annotated[str, typer.Option("--engine", "-e", help="offline | llm | auto (llm when an endpoint is set)")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="model name (default: $REPORTGEN_MODEL)")]
ModeOpt = Annotated[str | None, typer.Option("--mode", help="tools | json_schema | json | md_json")]
TimeoutOpt = Annotated[float | None, typer.Option("--timeout", help="seconds per model request")]
RetriesOpt = Annotated[int | None, typer.Option("--max-retries", help="retries per request on 429/5xx/timeouts")]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", "-j", help="model requests in flight at once")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="do not read or write the model-answer cache")]
RpmOpt = Annotated[int | None, typer.Option("--rpm", min=1, help="requests per minute the key allows ($REPORTGEN_RPM)")]
TpmOpt = Annotated[int | None, typer.Option("--tpm", min=1, help="prompt tokens per minute ($REPORTGEN_TPM)")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="print articles, calls, tokens and cost; call no model")]
MaxCostOpt = Annotated[float | None, typer.Option("--max-cost", min=0, help="refuse to start above this estimate")]


def fail(message: str, code: int = EXIT_UNUSABLE) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"reportgen: {message}", err=True)
    return typer.Exit(code)


def _settings(engine: str, model: str | None, mode: str | None, timeout: float | None, max_retries: int | None,
              concurrency: int | None, no_cache: bool, rpm: int | None = None, tpm: int | None = None) -> Settings:
    from reportgen.config import Settings

    return Settings.from_env(engine=engine, model=model, mode=mode, timeout=timeout, max_retries=max_retries,
                             concurrency=concurrency, use_cache=False if no_cache else None, rpm=rpm, tpm=tpm)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="show the version")
    ] = False,
) -> None:
    """reportgen turns articles into verified structured reports."""


@app.command()
def summarize(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="article files (.txt or .html); - reads stdin")],
    engine: EngineOpt = "offline",
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | md")] = "json",
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="write <stem>.json (or .md) per article here")
    ] = None,
    model: ModelOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    max_retries: RetriesOpt = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: NoCacheOpt = False,
    rpm: RpmOpt = None,
    tpm: TpmOpt = None,
    dry_run: DryRunOpt = False,
    max_cost: MaxCostOpt = None,
    batch_api: Annotated[bool, typer.Option("--batch-api", help="send through the Batch API (half price, up to 24 h)")
                         ] = False,
    no_wait: Annotated[bool, typer.Option("--no-wait", help="with --batch-api: print the batch id and return")] = False,
) -> None:
    """Summarize articles into verified Reports.

    One path prints one JSON Report; several print JSON Lines, or with --out-dir write <stem>.json each.
    A bad file is named on stderr and the rest go on; the exit code is 1 when any failed (2 when the
    only article given could not be read).
    """
    from reportgen.cli_batch import read_sources
    from reportgen.pipeline import summarize_many
    from reportgen.progress import BatchProgress

    if fmt not in ("json", "md"):
        raise fail(f"unknown format {fmt!r} (json or md)")
    try:
        settings = _settings(engine, model, mode, timeout, max_retries, concurrency, no_cache, rpm, tpm)
        if settings.resolved_engine() not in ("offline", "llm"):
            raise fail(f"unknown engine {engine!r} (offline, llm or auto)")
        sources = read_sources(paths)
        if dry_run or max_cost is not None or batch_api:
            from reportgen import cli_batch

            if dry_run:
                cli_batch.dry_run(sources, settings)
                return
            if max_cost is not None:
                cli_batch.check_budget(sources, settings, max_cost, batch_api)
        progress = BatchProgress("summarize", sys.stderr.isatty() and len(sources) > 1, len(sources))
        if batch_api:
            job, unreadable = cli_batch.submit(sources, settings)
            if no_wait:
                typer.echo(job.id)
                return
            outcomes = cli_batch.wait_and_fetch(job, settings, progress, unreadable)
            total = len(job.articles) + len(unreadable)
        else:
            outcomes, total = summarize_many(sources, settings, on_done=progress.advance), len(sources)
            progress.start()
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    _finish_batch(outcomes, fmt, out_dir, total, progress)


def _finish_batch(outcomes: Iterable[Outcome], fmt: str, out_dir: Path | None, total: int,
                  progress: BatchProgress) -> None:
    """Write the outcomes (``cli_batch.write_outcomes``), then the tally of a batch and the exit code."""
    from reportgen.cli_batch import write_outcomes

    try:
        failures = write_outcomes(outcomes, fmt, out_dir, total, progress)
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    except OSError as exc:
        raise fail(f"{exc.filename or out_dir or 'standard output'}: cannot write ({exc.strerror or exc})", 2) from None
    if total > 1:
        typer.echo(f"reportgen: {progress.tally()}", err=True)
    if failures and total == 1:
        raise typer.Exit(exit_code(failures[0]))
    if failures:
        raise fail(f"{len(failures)} of {total} article(s) failed", EXIT_FAILED)


@app.command("eval")
def eval_command(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="folder of annotated articles: X.txt beside X.json (GOLD_FORMAT)")
    ],
    engine: EngineOpt = "offline",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list misses and extras per article")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print a machine-readable result")] = False,
    model: ModelOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    max_retries: RetriesOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Score an engine against annotated articles: precision, recall, F1, qualifier/basis accuracy, anomalies."""
    import json

    from reportgen.errors import ReportgenError
    from reportgen.evaluation import evaluate, render_text

    try:
        settings = _settings(engine, model, mode, timeout, max_retries, None, no_cache)
        result = evaluate(directory, settings)
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else render_text(result, verbose))


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="address to listen on (non-loopback needs REPORTGEN_API_KEYS)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="server processes")] = 1,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", help="postgresql://... shared by replicas (default: REPORTGEN_DATABASE_URL, else SQLite)",
        show_default=False)] = None,
) -> None:
    """Serve the HTTP API (uvicorn): reports, briefings, jobs; API keys from REPORTGEN_API_KEYS."""
    from reportgen.api.server import run

    if database_url:  # the environment, so uvicorn's worker processes see it too
        import os

        os.environ["REPORTGEN_DATABASE_URL"] = database_url
    try:
        run(host=host, port=port, workers=workers)
    except ReportgenError as exc:  # before anything listens: the configuration (store, port, keys) is unusable
        raise fail(str(exc), 2) from None


@app.command()
def brief(
    paths: Annotated[list[str], typer.Argument(help="article files (.txt or .html) or folders of them")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="briefing.md or briefing.html (format from the suffix)")
    ],
    engine: EngineOpt = "offline",
    title: Annotated[str | None, typer.Option("--title", help="title of the briefing")] = None,
    model: ModelOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    max_retries: RetriesOpt = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="redo every article: reuse no stored report and no cached model answer")
    ] = False,
    rpm: RpmOpt = None,
    tpm: TpmOpt = None,
    dry_run: DryRunOpt = False,
    max_cost: MaxCostOpt = None,
) -> None:
    """Write one English briefing (Markdown or self-contained HTML) over many articles.

    Finished reports are kept under REPORTGEN_HOME, so a rerun only does the articles not done before.
    Exit code 1 when some articles could not be processed (the briefing is still written, listing them).
    """

    fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(output.suffix.lower())
    if fmt is None:
        raise fail(f"{output}: the output must end in .md or .html")
    try:
        from reportgen.output import briefing, collect, executive, render
        from reportgen.progress import BatchProgress

        settings = _settings(engine, model, mode, timeout, max_retries, concurrency, no_cache, rpm, tpm)
        if dry_run or max_cost is not None:
            from reportgen import cli_batch

            files: list[tuple[str, Article]] = [(str(p), p) for p in collect.expand_paths(paths)]
            if dry_run:
                cli_batch.dry_run(files, settings)
                return
            cli_batch.check_budget(files, settings, max_cost or 0.0, batch_api=False)
        progress = BatchProgress("briefing", sys.stderr.isatty())
        collected = collect.collect(paths, settings, reuse=not no_cache, progress=progress)
        for warning in collected.warnings:
            typer.echo(f"reportgen: {warning}", err=True)
        for failure in collected.failures:
            typer.echo(f"reportgen: {failure.name}: {failure.reason}", err=True)
        view = briefing.build_briefing(
            collected,
            title=title,
            engine=settings.resolved_engine(),
            summarizer=executive.executive_summarizer(settings),
        )
        body = render.briefing_html(view) if fmt == "html" else render.briefing_markdown(view)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.partial")
        partial.write_text(body, encoding="utf-8")
        partial.replace(output)
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    except OSError as exc:
        raise fail(f"{output}: cannot write the briefing ({exc.strerror or exc})", 2) from None
    total = len(collected.reports) + len(collected.failures)
    typer.echo(f"reportgen: {progress.tally()}", err=True)
    if sys.stderr.isatty():
        typer.echo(
            f"reportgen: wrote {output} ({len(collected.reports)} article(s), {collected.reused} reused)", err=True
        )
    if collected.failures:
        raise fail(
            f"{len(collected.failures)} of {total} article(s) not processed (listed in the briefing)", EXIT_FAILED
        )


batch_app = typer.Typer(help="Batch API jobs of `summarize --batch-api`: status, fetch.", no_args_is_help=True)
app.add_typer(batch_app, name="batch")
BatchIdArg = Annotated[str, typer.Argument(metavar="ID", help="the batch id `summarize --batch-api` printed")]


@batch_app.command("status")
def batch_status(batch_id: BatchIdArg) -> None:
    """Where a Batch API job stands (from any machine sharing REPORTGEN_HOME or the database)."""
    from reportgen import cli_batch

    try:
        typer.echo(cli_batch.status_line(batch_id, _settings("llm", None, None, None, None, None, False)))
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None


@batch_app.command("fetch")
def batch_fetch(
    batch_id: BatchIdArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | md")] = "json",
    out_dir: Annotated[Path | None, typer.Option("--out-dir", "-o", help="write <stem>.json (or .md) here")] = None,
) -> None:
    """Wait for a Batch API job if needed, then write its Reports as `summarize` would."""
    from reportgen import cli_batch
    from reportgen.progress import BatchProgress

    if fmt not in ("json", "md"):
        raise fail(f"unknown format {fmt!r} (json or md)")
    try:
        job = cli_batch.load(batch_id, settings := _settings("llm", None, None, None, None, None, False))
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    progress = BatchProgress("batch", sys.stderr.isatty() and len(job.articles) > 1)
    _finish_batch(cli_batch.wait_and_fetch(job, settings, progress), fmt, out_dir, len(job.articles), progress)


def main() -> None:
    """Console-script entry point."""
    code: str | int | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        typer.echo("reportgen: interrupted", err=True)
        code = 130
    except Exception as exc:  # a bug: still one line, never a traceback
        typer.echo(f"reportgen: {InternalError.wrap(exc)}", err=True)
        code = EXIT_FAILED
    exit_without_teardown(code)


def exit_without_teardown(code: str | int | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, minus the interpreter's teardown.

    Freeing every module at exit (openai alone defines some 1,900 pydantic classes) took 0.2 s after
    an offline run and 0.5 s after an llm run, on every invocation, after the work was done. The
    atexit handlers still run (temporary files, logging, executors); only the teardown is skipped,
    and only when the output streams flushed cleanly and no other thread or child process is left;
    otherwise Python exits as usual.
    """
    import atexit
    import threading

    clean = isinstance(code, int) or code is None
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # e.g. a closed pipe: let Python report it as it always has
        clean = False
    multiprocessing = sys.modules.get("multiprocessing")
    if not clean or threading.active_count() > 1 or (multiprocessing and multiprocessing.active_children()):
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
