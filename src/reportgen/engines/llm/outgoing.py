"""The exact chat-completions bodies an article's extraction calls will send, without sending them.

WHY: ``--dry-run`` promises the prompt tokens the run will send, and the Batch API uploads the very
requests the synchronous path would make. Both must see what instructor makes of the messages
(tools or response_format, the rendered templates), so the requests are built by the real client
and caught by a transport that answers no request (``client.Catch``: nothing leaves the machine).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportgen.errors import InternalError, ReportgenError

if TYPE_CHECKING:
    from reportgen.config import Settings
    from reportgen.engines.llm.engine import Messages, ModelRequest


class RequestMaker:
    """Builds request bodies through a client of its own (no retries, no re-asks, no rate limit)."""

    def __init__(self, settings: Settings) -> None:
        from reportgen.engines.llm.client import Catch, ModelClient

        self._catch = Catch()
        quiet = replace(settings, max_retries=0, max_reasks=0, rpm=None, tpm=None)
        self._client = ModelClient(quiet, transport=self._catch)

    def body(self, request: ModelRequest, messages: Messages, near: int | None = None) -> dict[str, Any]:
        """The body of one extraction call of ``request``."""
        from reportgen.engines.llm.grounding import GroundingCheck
        from reportgen.engines.llm.schema import Extraction

        before = len(self._catch.bodies)
        try:
            self._client.structured(Extraction, messages, GroundingCheck(request.doc, near=near))
        except ReportgenError:
            pass  # the caught request's refusal, as expected
        if len(self._catch.bodies) != before + 1:
            raise InternalError("building a model request did not produce exactly one request body")
        return self._catch.bodies.pop()

    def bodies(self, request: ModelRequest) -> list[dict[str, Any]]:
        """The bodies of every extraction call of ``request`` (one per chunk)."""
        chunks = request.chunks
        nears = [c.start for c in chunks] if len(chunks) > 1 else [None]
        return [self.body(request, m, near) for m, near in zip(request.extractions, nears, strict=True)]
