"""What one article's model calls cost: requests and tokens, counted per thread of work.

Kept apart from ``client`` (which imports openai) so the engine can open an account without loading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class CallAccount:
    """Requests and tokens spent for one article (one thread at a time)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


CURRENT_ACCOUNT: ContextVar[CallAccount | None] = ContextVar("reportgen_llm_account", default=None)


@contextmanager
def accounting() -> Iterator[CallAccount]:
    """Everything the client spends inside the block, in this thread, is added to the yielded account."""
    account = CallAccount()
    token = CURRENT_ACCOUNT.set(account)
    try:
        yield account
    finally:
        CURRENT_ACCOUNT.reset(token)
