"""The one place that names the tokenizer: o200k_base, shipped in the package and hash-checked.

Nothing is ever downloaded: the BPE file is read from ``reportgen/data`` and its sha256 compared
with the published hash before use.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import ReportgenError

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


class TokenizerError(ReportgenError):
    """The shipped tokenizer file is missing or corrupt (a packaging bug)."""


def _load_ranks() -> dict[bytes, int]:
    data = resources.files("reportgen").joinpath("data").joinpath(ENCODING_FILE).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != ENCODING_SHA256:
        raise TokenizerError(f"{ENCODING_FILE} is corrupt (sha256 {digest[:12]}…, expected {ENCODING_SHA256[:12]}…)")
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@lru_cache(maxsize=1)
def encoding() -> "tiktoken.Encoding":
    """The o200k_base encoding, built from the shipped file (loaded once per process)."""
    import tiktoken

    return tiktoken.Encoding(
        name=ENCODING_NAME,
        pat_str=_O200K_PAT_STR,
        mergeable_ranks=_load_ranks(),
        special_tokens=_SPECIAL_TOKENS,
    )


def count_tokens(text: str) -> int:
    """Number of o200k_base tokens in ``text`` (special-token strings count as plain text)."""
    return len(encoding().encode_ordinary(text))
