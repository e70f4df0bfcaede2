"""A small, precise exception tree: callers catch ``ReportgenError`` and print one line.

Every error carries a message fit for an end user (no traceback, no secret) and, where it
concerns one article, the article's name so a batch can say which one failed.
"""

from __future__ import annotations


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(ReportgenError):
    """The article cannot be read: missing, empty, binary, undecodable, too large."""

    exit_code = 2


class ConfigError(ReportgenError):
    """Settings are inconsistent or incomplete (e.g. the llm engine without an endpoint)."""

    exit_code = 2


class ModelError(ReportgenError):
    """The model endpoint gave no usable answer after retries."""


class UpstreamError(ModelError):
    """HTTP-level failure talking to the endpoint: 429, 5xx, timeouts, connection errors."""


class ModelOutputError(ModelError):
    """The endpoint answered, but not with usable structured output (malformed, truncated, refusal)."""


class GroundingError(ReportgenError):
    """An internal invariant of grounding broke (a bug, never the model's fault)."""


class TokenizerError(ReportgenError):
    """The shipped tokenizer file is missing or corrupt (a packaging bug, never the user's input)."""


class StoreError(ReportgenError):
    """The report store or cache could not be read or written."""
