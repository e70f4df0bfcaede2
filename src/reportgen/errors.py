"""A small, precise exception tree: callers catch ``ReportgenError`` and print one line.

Every error carries a message fit for an end user (no traceback, no secret) and, where it
concerns one article, the article's name so a batch can say which one failed. The tree says
whose fault a failure is: the user's (``InputError``, ``ConfigError``), the model's
(``ModelError``), the environment's (``StoreError``) or reportgen's own (``InternalError``, a bug).
Each interface maps the tree to its own codes in one table (cli.EXIT_CODES, api.app.HTTP_STATUSES).
"""

from __future__ import annotations


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(ReportgenError):
    """The article cannot be read: missing, empty, binary, undecodable, too large."""


class ConfigError(ReportgenError):
    """Settings are inconsistent or incomplete (e.g. the llm engine without an endpoint)."""


class ModelError(ReportgenError):
    """The model endpoint gave no usable answer after retries."""


class UpstreamError(ModelError):
    """HTTP-level failure talking to the endpoint: 429, 5xx, timeouts, connection errors."""


class ModelOutputError(ModelError):
    """The endpoint answered, but not with usable structured output (malformed, truncated, refusal)."""


class StoreError(ReportgenError):
    """The report store or cache could not be read or written."""


class InternalError(ReportgenError):
    """A bug in reportgen: neither the user's input nor the model is at fault."""

    @classmethod
    def wrap(cls, exc: BaseException, *, source: str | None = None) -> InternalError:
        """One line for an unexpected exception, so a batch reports it beside the others and goes on."""
        detail = " ".join(str(exc).split())[:200]
        return cls(f"internal error, a bug ({type(exc).__name__}{': ' + detail if detail else ''})", source=source)


class GroundingError(InternalError):
    """An internal invariant of grounding broke (a bug, never the model's fault)."""


class TokenizerError(InternalError):
    """The shipped tokenizer file is missing or corrupt (a packaging bug, never the user's input)."""
