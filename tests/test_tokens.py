"""The shipped o200k_base tokenizer: hash-checked, identical to tiktoken's own o200k_base, never downloads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportgen import tokens
from reportgen.errors import ReportgenError, TokenizerError

from .conftest import EXAMPLES, ROOT, fixture_articles

SHARED_BPE = ROOT.parent / "shared" / "tiktoken" / "o200k_base.tiktoken"

MIXED_TEXTS = [
    "上半年全市共接报刑事治安警情2.86万起，同比下降12.4%；破案2051起。",
    "臺中市政府警察局公布113年治安統計，較去年同期減少5.3%。",
    "Crime fell 12.4% year on year in H1 2022; 1,800 suspects were arrested.\r\n\r\nNext   paragraph\t!",
    "<|endoftext|> special strings count as plain text 😀🚓 \u3000全角空格",
    "",
]


@pytest.fixture(scope="module")
def reference_encoding():
    """tiktoken's own o200k_base definition (pattern, special tokens) over the verified shared BPE file."""
    if not SHARED_BPE.is_file():
        pytest.skip("../shared/tiktoken/o200k_base.tiktoken is not beside the checkout")
    import tiktoken
    import tiktoken.load
    import tiktoken_ext.openai_public as openai_public

    mp = pytest.MonkeyPatch()
    mp.setenv("TIKTOKEN_CACHE_DIR", "")  # no cache reads or writes

    def local_only(blobpath: str, expected_hash: str | None = None) -> dict[bytes, int]:
        assert blobpath.endswith("/o200k_base.tiktoken"), blobpath
        return tiktoken.load.load_tiktoken_bpe(str(SHARED_BPE), expected_hash=expected_hash)

    mp.setattr(openai_public, "load_tiktoken_bpe", local_only)
    try:
        return tiktoken.Encoding(**openai_public.o200k_base())
    finally:
        mp.undo()


def test_shipped_file_matches_the_verified_shared_file() -> None:
    if not SHARED_BPE.is_file():
        pytest.skip("../shared/tiktoken is not beside the checkout")
    assert tokens.shipped_file().read_bytes() == SHARED_BPE.read_bytes()


@pytest.mark.parametrize("text", MIXED_TEXTS)
def test_count_matches_tiktoken_o200k_base(reference_encoding, text: str) -> None:
    assert tokens.count_tokens(text) == len(reference_encoding.encode_ordinary(text))
    assert tokens.encoding().encode_ordinary(text) == reference_encoding.encode_ordinary(text)


@pytest.mark.parametrize("path", fixture_articles(), ids=lambda p: p.name)
def test_count_matches_tiktoken_on_articles(reference_encoding, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert tokens.count_tokens(text) == len(reference_encoding.encode_ordinary(text)) > 0


def test_corrupted_copy_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "o200k_base.tiktoken"
    shutil.copyfile(tokens.shipped_file(), good)
    assert tokens.build_encoding(good).encode_ordinary("同比下降") == tokens.encoding().encode_ordinary("同比下降")

    corrupt = tmp_path / "corrupt.tiktoken"
    data = bytearray(good.read_bytes())
    data[1000] = ord("A") if data[1000] != ord("A") else ord("B")
    corrupt.write_bytes(bytes(data))
    with pytest.raises(TokenizerError, match="corrupt"):
        tokens.build_encoding(corrupt)

    truncated = tmp_path / "truncated.tiktoken"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(TokenizerError):
        tokens.read_verified(truncated)
    with pytest.raises(TokenizerError, match="missing"):
        tokens.read_verified(tmp_path / "absent.tiktoken")
    assert issubclass(TokenizerError, ReportgenError)


def test_shipped_tokenizer_is_loaded_without_any_network(tmp_path: Path) -> None:
    """A fresh interpreter whose sockets all raise still tokenizes and summarizes."""
    script = textwrap.dedent(
        f"""
        import socket
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(args)
            raise OSError("network disabled by the test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from reportgen.tokens import count_tokens
        from reportgen import summarize_file
        n = count_tokens("上半年全市刑事治安警情同比下降7.03%")
        report = summarize_file({str(EXAMPLES / "lvliang_2022h1.txt")!r})
        assert not attempts, attempts
        print(n, report.source.tokens)
        """
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TIKTOKEN_CACHE_DIR": str(tmp_path / "tiktoken-cache"),
           "REPORTGEN_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    first, second = map(int, done.stdout.split())
    assert first > 0 and second == tokens.count_tokens((EXAMPLES / "lvliang_2022h1.txt").read_text(encoding="utf-8"))
    assert not (tmp_path / "tiktoken-cache").exists(), "tiktoken's download cache must never be used"
