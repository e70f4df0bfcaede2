"""The `reportgen` command line, run as a real process: outputs, batches, stdin, errors, no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import __version__
from reportgen.models import Report

from .conftest import ARTICLES, EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "lvliang_2022h1.txt"
TRADITIONAL = ARTICLES / "ingest_shantou_2023_hant.txt"
SHARED_BPE = ROOT.parent / "shared" / "tiktoken" / "o200k_base.tiktoken"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def reportgen_command() -> list[str]:
    """The installed console script when present, else ``python -m reportgen``."""
    script = Path(sys.executable).with_name("reportgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reportgen"]


def run(*args: str, stdin: bytes = b"", prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run reportgen with ``args`` (optionally under ``prefix``, e.g. unshare); output decoded as UTF-8."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTEST_"))}
    done = subprocess.run([*(prefix or []), *reportgen_command(), *args], input=stdin, capture_output=True,
                          env=env, timeout=300)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"),
                                       done.stderr.decode("utf-8"))


def assert_clean_failure(done: subprocess.CompletedProcess[str], name: str) -> None:
    """Non-zero exit, at most three lines on stderr naming the file, no traceback, nothing on stdout."""
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 3, done.stderr
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr.split(":", 1)[0]
    assert name in lines[0]
    assert done.stdout == ""


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "png": tmp_path / "photo.png",
        "png-named-txt": tmp_path / "photo.txt",
        "missing": tmp_path / "missing.txt",
        "directory": tmp_path / "folder",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(" \n\u3000\u3000\r\n\t\n".encode("utf-8"))
    files["png"].write_bytes(PNG_BYTES)
    files["png-named-txt"].write_bytes(PNG_BYTES)
    files["directory"].mkdir()
    return files


@pytest.mark.parametrize("case", ["empty", "blank", "png", "png-named-txt", "missing", "directory"])
def test_bad_input_is_one_clear_line(bad_inputs: dict[str, Path], case: str) -> None:
    path = bad_inputs[case]
    done = run("summarize", str(path))
    assert_clean_failure(done, str(path))


def test_one_path_prints_one_json_report() -> None:
    done = run("summarize", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    report = Report.model_validate_json(done.stdout)
    assert report.source.title_zh == EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert report.source.file == EXAMPLE.name
    assert done.stdout.startswith("{\n"), "a single report is pretty-printed JSON"


def test_several_paths_print_json_lines_and_bad_files_do_not_stop_the_batch(bad_inputs: dict[str, Path]) -> None:
    done = run("summarize", str(EXAMPLE), str(bad_inputs["png"]), str(TRADITIONAL), str(bad_inputs["missing"]))
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2
    reports = [Report.model_validate_json(line) for line in lines]
    assert [r.source.file for r in reports] == [EXAMPLE.name, TRADITIONAL.name]
    assert reports[1].source.script == "zh-Hant"
    errors = done.stderr.strip().splitlines()
    assert any(str(bad_inputs["png"]) in e and "binary" in e for e in errors)
    assert any(str(bad_inputs["missing"]) in e and "no such file" in e for e in errors)
    assert "2 of 4" in errors[-1] and "Traceback" not in done.stderr


def test_out_dir_writes_one_file_per_article(tmp_path: Path, bad_inputs: dict[str, Path]) -> None:
    copy_dir = tmp_path / "other"
    copy_dir.mkdir()
    same_stem = copy_dir / EXAMPLE.name
    shutil.copyfile(EXAMPLE, same_stem)
    out = tmp_path / "out"
    done = run(
        "summarize", str(EXAMPLE), str(TRADITIONAL), str(bad_inputs["empty"]), str(same_stem), "--out-dir", str(out)
    )
    assert done.returncode == 1 and done.stdout == ""
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([f"{EXAMPLE.stem}.json", f"{EXAMPLE.stem}-2.json", f"{TRADITIONAL.stem}.json"])
    first = Report.model_validate_json((out / f"{EXAMPLE.stem}.json").read_text(encoding="utf-8"))
    assert first.id == Report.model_validate_json((out / f"{EXAMPLE.stem}-2.json").read_text(encoding="utf-8")).id
    assert str(bad_inputs["empty"]) in done.stderr


def test_stdin_is_read_and_decoded_like_a_file() -> None:
    text = TRADITIONAL.read_text(encoding="utf-8")
    from_file = Report.model_validate_json(run("summarize", str(TRADITIONAL)).stdout)
    done = run("summarize", "-", stdin=text.encode("big5"))
    assert done.returncode == 0, done.stderr
    from_stdin = Report.model_validate_json(done.stdout)
    assert from_stdin.id == from_file.id
    assert from_stdin.source.script == "zh-Hant"
    assert [m.evidence.quote for m in from_stdin.metrics] == [m.evidence.quote for m in from_file.metrics]


def test_empty_stdin_is_a_clean_failure() -> None:
    assert_clean_failure(run("summarize", "-", stdin=b""), "<stdin>")


def test_markdown_format() -> None:
    done = run("summarize", str(EXAMPLE), "--format", "md")
    assert done.returncode == 0, done.stderr
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[0] in done.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(done.stdout)
    bad = run("summarize", str(EXAMPLE), "--format", "xml")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) <= 3 and "Traceback" not in bad.stderr


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"reportgen {__version__}"
    top = run("--help")
    assert top.returncode == 0 and "summarize" in top.stdout
    sub = run("summarize", "--help")
    assert sub.returncode == 0 and "--out-dir" in sub.stdout and "--format" in sub.stdout


def test_help_does_not_import_heavy_modules() -> None:
    """`reportgen --help` stays fast: the CLI module imports no model, tokenizer or web stack."""
    probe = (
        "import sys, reportgen.cli; heavy = ('openai', 'instructor', 'tiktoken', 'opencc', 'fastapi', 'uvicorn',"
        " 'selectolax', 'charset_normalizer', 'httpx', 'jinja2', 'pydantic');"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _unshare_prefix() -> list[str]:
    """A prefix that runs a command in a new network namespace (no interfaces but a down loopback)."""
    unshare = shutil.which("unshare") or "/usr/bin/unshare"
    if not Path(unshare).exists():
        pytest.skip("unshare is not installed")
    for prefix in ([unshare, "-n"], [unshare, "-rn"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return prefix
    pytest.skip(f"creating a network namespace is not permitted here: {probe.stderr.decode(errors='replace').strip()}")


def test_summarize_works_with_no_network_at_all(tmp_path: Path) -> None:
    prefix = _unshare_prefix()
    # inside the namespace nothing can connect anywhere
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0, "the namespace still has a network"
    done = run("summarize", str(EXAMPLE), prefix=prefix)
    assert done.returncode == 0, done.stderr
    report = Report.model_validate_json(done.stdout)

    if not SHARED_BPE.is_file():
        pytest.skip("../shared/tiktoken is not beside the checkout")
    import tiktoken
    import tiktoken.load
    import tiktoken_ext.openai_public as openai_public

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIKTOKEN_CACHE_DIR", "")
        mp.setattr(
            openai_public,
            "load_tiktoken_bpe",
            lambda _url, expected_hash=None: tiktoken.load.load_tiktoken_bpe(str(SHARED_BPE), expected_hash),
        )
        reference = tiktoken.Encoding(**openai_public.o200k_base())
    text = EXAMPLE.read_text(encoding="utf-8")
    assert report.source.tokens == len(reference.encode_ordinary(text)) > 0
    assert report.source.chars == len(text)


def _exit_probe(body: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter that runs ``body`` and then ends through the CLI's exit."""
    code = "import atexit, sys, threading, time\nfrom reportgen.cli import exit_without_teardown\n" + body
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def test_the_exit_keeps_the_code_and_runs_atexit_handlers(tmp_path: Path) -> None:
    mark = tmp_path / "atexit-ran"
    done = _exit_probe(
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('yes'))\n"
        "print('last line', end='')\nexit_without_teardown(3)\n"
    )
    assert done.returncode == 3 and done.stdout == "last line" and mark.read_text() == "yes"
    assert _exit_probe("exit_without_teardown(None)").returncode == 0


def test_the_exit_leaves_as_python_does_when_work_is_still_running(tmp_path: Path) -> None:
    """A thread still running is joined (Python's own exit), not killed by the fast exit."""
    mark = tmp_path / "thread-finished"
    done = _exit_probe(
        f"threading.Thread(target=lambda: (time.sleep(0.3), open({str(mark)!r}, 'w').write('done'))).start()\n"
        "exit_without_teardown(4)\n"
    )
    assert done.returncode == 4 and mark.read_text() == "done"
    message = _exit_probe("exit_without_teardown('reportgen: stopped')")  # sys.exit's message form
    assert message.returncode == 1 and message.stderr.strip() == "reportgen: stopped"


def test_a_closed_pipe_is_one_line_naming_standard_output() -> None:
    reader = subprocess.Popen(
        [*reportgen_command(), "summarize", str(EXAMPLE), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # the reader went away before the report was written (as `| head -c 0` does)
    err = reader.stderr.read().decode("utf-8")
    assert reader.wait(timeout=120) == 2
    assert err.strip() == "reportgen: standard output: cannot write (Broken pipe)" and "Traceback" not in err


def test_exit_codes_come_from_one_table() -> None:
    from reportgen.cli import EXIT_CODES, exit_code
    from reportgen.errors import (
        ConfigError,
        GroundingError,
        InputError,
        InternalError,
        ModelOutputError,
        StoreError,
        UpstreamError,
    )

    assert exit_code(InputError("x")) == exit_code(ConfigError("x")) == 2  # unusable input or configuration
    for error in (UpstreamError("x"), ModelOutputError("x"), InternalError("x"), GroundingError("x"), StoreError("x")):
        assert exit_code(error) == 1  # an article failed: the model's fault or a bug
    assert all(isinstance(code, int) for _, code in EXIT_CODES)
