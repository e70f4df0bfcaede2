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
    from reportgen.config import Settings
    from reportgen.pipeline import Article

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

EngineOpt = Annotated[
    str, typer.Option("--engine", "-e", help="offline | llm | auto (llm when an endpoint is configured)")
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="model name (default: $REPORTGEN_MODEL)")]
ModeOpt = Annotated[str | None, typer.Option("--mode", help="tools | json_schema | json | md_json")]
TimeoutOpt = Annotated[float | None, typer.Option("--timeout", help="seconds per model request")]
RetriesOpt = Annotated[int | None, typer.Option("--max-retries", help="retries per request on 429/5xx/timeouts")]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", "-j", help="model requests in flight at once (llm engine)")
]
# Accepted and ignored, hidden: batches run in one process since #14 (worker processes did not pay for
# an offline batch; an llm batch is threads). Kept only so existing scripts passing ``-p 1`` still run.
ProcessesOpt = Annotated[int | None, typer.Option("--processes", "-p", min=1, hidden=True)]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="do not read or write the model-answer cache")]


def fail(message: str, code: int = EXIT_UNUSABLE) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"reportgen: {message}", err=True)
    return typer.Exit(code)


def _settings(
    engine: str,
    model: str | None,
    mode: str | None,
    timeout: float | None,
    max_retries: int | None,
    concurrency: int | None,
    no_cache: bool,
) -> Settings:
    from reportgen.config import Settings

    return Settings.from_env(
        engine=engine,
        model=model,
        mode=mode,
        timeout=timeout,
        max_retries=max_retries,
        concurrency=concurrency,
        use_cache=False if no_cache else None,
    )


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


def _read_sources(paths: list[str]) -> list[tuple[str, Article]]:
    """(name, source) per argument; ``-`` is stdin, read once as bytes (decoded like a file)."""
    sources: list[tuple[str, Article]] = []
    stdin: bytes | None = None
    for p in paths:
        if p == "-":
            stdin = sys.stdin.buffer.read() if stdin is None else stdin
            sources.append(("<stdin>", stdin))
        else:
            sources.append((p, Path(p)))
    return sources


def _out_name(name: str, report_id: str, suffix: str, taken: set[str]) -> str:
    """``<stem>.<suffix>``; stdin becomes ``stdin-<id>``; a repeated stem gets ``-2``, ``-3`` ..."""
    stem = f"stdin-{report_id}" if name == "<stdin>" else Path(name).stem
    candidate, n = f"{stem}.{suffix}", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}"
    taken.add(candidate)
    return candidate


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
    processes: ProcessesOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Summarize articles into verified Reports.

    One path prints one JSON Report; several print JSON Lines, or with --out-dir write <stem>.json each.
    A bad file is named on stderr and the rest go on; the exit code is 1 when any failed (2 when the
    only article given could not be read).
    """
    from reportgen.pipeline import summarize_many

    if fmt not in ("json", "md"):
        raise fail(f"unknown format {fmt!r} (json or md)")
    suffix = "md" if fmt == "md" else "json"
    failures: list[ReportgenError] = []
    try:
        settings = _settings(engine, model, mode, timeout, max_retries, concurrency, no_cache)
        if settings.resolved_engine() not in ("offline", "llm"):
            raise fail(f"unknown engine {engine!r} (offline, llm or auto)")
        sources = _read_sources(paths)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for outcome in summarize_many(sources, settings):
            if outcome.error is not None:
                failures.append(outcome.error)
                typer.echo(f"reportgen: {outcome.error}", err=True)
                continue
            report = outcome.report
            assert report is not None
            if fmt == "md":
                from reportgen.output.render import report_markdown

                body = report_markdown(report)
            else:
                body = report.model_dump_json(indent=2 if len(sources) == 1 or out_dir else None)
            if out_dir is not None:
                (out_dir / _out_name(outcome.name, report.id, suffix, taken)).write_text(body + "\n", encoding="utf-8")
            else:
                typer.echo(body)
    except ReportgenError as exc:
        raise fail(str(exc), exit_code(exc)) from None
    except OSError as exc:
        raise fail(f"{exc.filename or out_dir or 'standard output'}: cannot write ({exc.strerror or exc})", 2) from None
    if failures and len(sources) == 1:
        raise typer.Exit(exit_code(failures[0]))
    if failures:
        raise fail(f"{len(failures)} of {len(sources)} article(s) failed", EXIT_FAILED)


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
    processes: ProcessesOpt = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="redo every article: reuse no stored report and no cached model answer")
    ] = False,
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

        settings = _settings(engine, model, mode, timeout, max_retries, concurrency, no_cache)
        collected = collect.collect(paths, settings, reuse=not no_cache, progress=sys.stderr.isatty())
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
    if sys.stderr.isatty():
        typer.echo(
            f"reportgen: wrote {output} ({len(collected.reports)} article(s), {collected.reused} reused)", err=True
        )
    if collected.failures:
        raise fail(
            f"{len(collected.failures)} of {total} article(s) not processed (listed in the briefing)", EXIT_FAILED
        )


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
