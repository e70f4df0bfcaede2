"""What one article's model calls cost: requests and tokens, counted per thread of work.

Kept apart from ``client`` (which imports openai) so the engine can open an account without loading it.
"""

from __future__ import annotations

import threading
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


#: a batch's requests on the wire at once (-j): set by the batch around each article, taken by the client only
#: while a request is out, so the batch can prepare more articles than it sends at once
REQUEST_SLOTS: ContextVar[threading.BoundedSemaphore | None] = ContextVar("reportgen_llm_slots", default=None)
