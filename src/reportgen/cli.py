"""Command line: a thin layer over the pipeline. No logic lives here; heavy modules load lazily.

Errors print one line on stderr (``reportgen: <file>: <reason>``) and set a non-zero exit code,
never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Verified bilingual reports and English briefings from Chinese government and public-security articles.",
)

EngineOpt = Annotated[str, typer.Option("--engine", "-e", help="offline | llm | auto (llm when an endpoint is configured)")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="model name (default: $REPORTGEN_MODEL)")]
ModeOpt = Annotated[Optional[str], typer.Option("--mode", help="tools | json_schema | json | md_json")]
TimeoutOpt = Annotated[Optional[float], typer.Option("--timeout", help="seconds per model request")]
RetriesOpt = Annotated[Optional[int], typer.Option("--max-retries", help="retries per request on 429/5xx/timeouts")]
ConcurrencyOpt = Annotated[Optional[int], typer.Option("--concurrency", "-j", help="articles in flight at once (llm engine)")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="do not read or write the model-answer cache")]


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"reportgen: {message}", err=True)
    return typer.Exit(code)


def _settings(engine: str, model: str | None, mode: str | None, timeout: float | None, max_retries: int | None,
              concurrency: int | None, no_cache: bool):  # noqa: ANN202
    from .config import Settings

    return Settings.from_env(engine=engine, model=model, mode=mode, timeout=timeout, max_retries=max_retries,
                             concurrency=concurrency, use_cache=False if no_cache else None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="show the version")] = False,
) -> None:
    """reportgen turns articles into verified structured reports."""


def _read_sources(paths: list[str]) -> list[tuple[str, object]]:
    sources: list[tuple[str, object]] = []
    for p in paths:
        if p == "-":
            sources.append(("<stdin>", sys.stdin.buffer.read()))
        else:
            sources.append((p, Path(p)))
    return sources


@app.command()
def summarize(
    paths: Annotated[list[str], typer.Argument(help="article files (.txt or .html); - reads stdin")],
    engine: EngineOpt = "offline",
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | md")] = "json",
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", "-o", help="write <stem>.json (or .md) per article here")] = None,
    model: ModelOpt = None, mode: ModeOpt = None, timeout: TimeoutOpt = None, max_retries: RetriesOpt = None,
    concurrency: ConcurrencyOpt = None, no_cache: NoCacheOpt = False,
) -> None:
    """Summarize articles into verified Reports (JSON on stdout, JSON Lines for several)."""
    from .errors import ReportgenError
    from .pipeline import summarize_many

    if fmt not in ("json", "md"):
        raise fail(f"unknown format {fmt!r} (json or md)")
    try:
        settings = _settings(engine, model, mode, timeout, max_retries, concurrency, no_cache)
        if settings.resolved_engine() not in ("offline", "llm"):
            raise fail(f"unknown engine {engine!r} (offline, llm or auto)")
        sources = _read_sources(paths)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        failed = 0
        for outcome in summarize_many(sources, settings):
            if outcome.error is not None:
                failed += 1
                typer.echo(f"reportgen: {outcome.error}", err=True)
                continue
            report = outcome.report
            assert report is not None
            if fmt == "md":
                from .render import report_markdown

                body = report_markdown(report)
            else:
                body = report.model_dump_json(indent=2 if len(sources) == 1 or out_dir else None)
            if out_dir is not None:
                stem = Path(outcome.name).stem if outcome.name != "<stdin>" else f"stdin-{report.id}"
                (out_dir / f"{stem}.{'md' if fmt == 'md' else 'json'}").write_text(body + "\n", encoding="utf-8")
            else:
                typer.echo(body)
    except ReportgenError as exc:
        raise fail(str(exc), exc.exit_code) from None
    if failed:
        raise fail(f"{failed} of {len(sources)} article(s) failed", 1)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("reportgen: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
