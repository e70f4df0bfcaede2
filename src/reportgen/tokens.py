"""The one place that names the tokenizer: o200k_base, shipped in the package and hash-checked.

Nothing is ever downloaded: the BPE file is read from ``reportgen/data`` and its sha256 compared
with the published hash before use.
"""

from __future__ import annotations

import binascii
import hashlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import registry
from reportgen.errors import TokenizerError

__all__ = ["ENCODING_NAME", "TokenizerError", "build_encoding", "count_tokens", "encoding", "read_verified"]

if TYPE_CHECKING:
    import tiktoken

ENCODING_NAME = "o200k_base"
ENCODING_FILE = "o200k_base.tiktoken"
ENCODING_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

# Copied from tiktoken_ext.openai_public.o200k_base (the pattern is part of the encoding's definition).
_O200K_PAT_STR = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_SPECIAL_TOKENS = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}


def shipped_file() -> Path:
    """Path of the BPE file shipped inside the package."""
    return Path(str(resources.files("reportgen").joinpath("data").joinpath(ENCODING_FILE)))


def read_verified(path: Path) -> bytes:
    """The BPE file's bytes, after checking its sha256 against the published hash."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TokenizerError(f"{ENCODING_FILE} is missing from the package ({exc.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != ENCODING_SHA256:
        raise TokenizerError(f"{ENCODING_FILE} is corrupt (sha256 {digest[:12]}…, expected {ENCODING_SHA256[:12]}…)")
    return data


def _ranks(data: bytes) -> dict[bytes, int]:
    """token -> rank from ``<base64 token> <rank>`` lines; map/zip keep the 200k-line loop in C (about
    twice as fast as a Python loop, which was most of the tokenizer's start-up). The verified file
    lists its ranks in order from 0 (tests/test_startup_paths.py checks it), so the rank is the line number:
    parsing 200k numbers was about a fifth of the parse."""
    fields = data.split()
    if len(fields) % 2:
        raise TokenizerError(f"{ENCODING_FILE} is malformed (odd number of fields)")
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), range(len(fields) // 2), strict=True))


def build_encoding(path: Path) -> tiktoken.Encoding:
    """An o200k_base encoding from a verified BPE file; no network, no tiktoken cache."""
    import tiktoken

    return tiktoken.Encoding(
        name=ENCODING_NAME,
        pat_str=_O200K_PAT_STR,
        mergeable_ranks=_ranks(read_verified(path)),
        special_tokens=_SPECIAL_TOKENS,
    )


@registry.table
def encoding() -> tiktoken.Encoding:
    """The o200k_base encoding, built from the shipped file (loaded and checked once per process)."""
    return build_encoding(shipped_file())


_WINDOW = 8192


def encode(text: str) -> list[int]:
    """o200k_base tokens of ``text`` (special-token strings as plain text), encoded a window at a time.

    The tokenizer's merge step is quadratic in the length of one unbroken run (a line of Chinese with no
    space or punctuation); windows of at most 8192 characters, cut after a line end or 。 where one is
    near, keep any input linear. Texts up to a window long, i.e. every real article, are encoded whole.
    """
    enc = encoding()
    if len(text) <= _WINDOW:
        return enc.encode_ordinary(text)
    ids: list[int] = []
    start = 0
    while start < len(text):
        end = min(start + _WINDOW, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", end - _WINDOW // 4, end), text.rfind("。", end - _WINDOW // 4, end))
            end = cut + 1 if cut > start else end
        ids += enc.encode_ordinary(text[start:end])
        start = end
    return ids


def count_tokens(text: str) -> int:
    """Number of o200k_base tokens in ``text`` (special-token strings count as plain text)."""
    return len(encode(text))
