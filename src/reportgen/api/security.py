"""Who may call the API and how much they may send: pure ASGI middleware, so both checks run on the
request headers before any body is read.

* API keys (``Authorization: Bearer <key>`` or ``X-API-Key: <key>``) are compared in constant time.
  With no keys configured the server answers loopback clients only (``reportgen serve`` also refuses
  to listen on a non-loopback address without keys).
* The body limit answers 413 from ``Content-Length`` alone when it is too large, and counts the bytes
  of bodies without one (chunked uploads), stopping at the limit; the body is then handed to the
  application already read, so nothing downstream can read more.

Keys are never logged or echoed.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json"})


async def send_problem(send: Send, status: int, detail: str, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def presented_key(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The key a request carries (Bearer token first, then X-API-Key), or None."""
    bearer = api_key = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                bearer = token.strip()
        elif name == b"x-api-key":
            api_key = value.decode("latin-1").strip() or None
    return bearer or api_key


def conflicting_credentials(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """True when the request also carries a credential that is not the one ``presented_key`` reads (an
    Authorization header that is no Bearer token beside an X-API-Key, or two different keys): such a request
    is refused whole, so a wrong credential is never ignored because another one is right."""
    authorization = [v for n, v in headers if n == b"authorization"]
    api_keys = [v for n, v in headers if n == b"x-api-key"]
    if len(authorization) > 1 or len(api_keys) > 1:
        return True
    if not authorization:
        return False
    scheme, _, token = authorization[0].decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return True
    return bool(api_keys) and api_keys[0].decode("latin-1").strip() != token.strip()


def key_matches(candidate: str, keys: Iterable[str]) -> bool:
    """Constant-time comparison against every configured key (no early exit on a match)."""
    matched = False
    raw = candidate.encode("utf-8", "surrogateescape")
    for key in keys:
        matched |= hmac.compare_digest(raw, key.encode("utf-8"))
    return matched


class APIKeyMiddleware:
    """401 unless the request carries a configured key (or, with no keys configured, comes from loopback)."""

    def __init__(self, app: ASGIApp, keys: Iterable[str]) -> None:
        self.app = app
        self.keys = tuple(keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        if self.keys:
            candidate = presented_key(scope["headers"])
            if candidate is None:
                await send_problem(send, 401, "missing API key (Authorization: Bearer <key> or X-API-Key)",
                                   [(b"www-authenticate", b"Bearer")])
                return
            if conflicting_credentials(scope["headers"]) or not key_matches(candidate, self.keys):
                await send_problem(send, 401, "invalid API key", [(b"www-authenticate", b"Bearer")])
                return
        elif not is_loopback((scope.get("client") or (None,))[0]):
            await send_problem(send, 401, "this server has no API keys configured and serves loopback clients only")
            return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """413 for a body over ``max_bytes`` - decided before the body is read when Content-Length says so."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
        if declared is not None:
            if not declared.strip().isdigit():
                await send_problem(send, 400, "invalid Content-Length")
                return
            if int(declared) > self.max_bytes:
                await send_problem(send, 413, self._too_large())
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await send_problem(send, 413, self._too_large())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    def _too_large(self) -> str:
        return f"request body too large (limit {self.max_bytes} bytes)"


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that first yields the already-read body, then defers to the server (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
