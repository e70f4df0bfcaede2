"""The one module that imports openai and instructor: a thread-safe structured-output client.

* Transport: openai's httpx2 client, counting what it sends, so ``provenance.calls`` is the
  number of requests that reached the endpoint (openai's own retries on 429/5xx/timeouts and
  instructor's re-asks included). The count goes to the ``CallAccount`` of the current thread.
* Retries: openai's ``max_retries`` (exponential backoff, Retry-After honoured) for HTTP faults;
  instructor's ``max_retries`` (= ``Settings.max_reasks``) for answers that fail the grounding
  validator. When re-asks run out, the best reviewed answer is kept (see ``GroundingCheck``).
* Faults become one-line ``UpstreamError`` / ``ModelOutputError`` messages, never a traceback,
  never a silent switch to another engine, and never a secret.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from reportgen.errors import ConfigError, ModelError, ModelOutputError, UpstreamError
from reportgen.lane import request_slot

if TYPE_CHECKING:
    import ssl

    from reportgen.config import Settings
    from reportgen.engines.llm.grounding import GroundingCheck

T = TypeVar("T", bound=BaseModel)

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
KEYLESS_PLACEHOLDER = "not-needed"  # local servers (vLLM, Ollama) need no key, but openai wants one
# instructor logs every failed attempt at ERROR with the whole answer; reportgen reports one line
# per article instead, so keep those records away from Python's last-resort stderr handler.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_SECRETISH = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


@dataclass
class CallAccount:
    """Requests and tokens spent for one article (one thread at a time)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


_ACCOUNT: ContextVar[CallAccount | None] = ContextVar("reportgen_llm_account", default=None)


@contextmanager
def accounting() -> Iterator[CallAccount]:
    """Everything the client spends inside the block, in this thread, is added to the yielded account."""
    account = CallAccount()
    token = _ACCOUNT.set(account)
    try:
        yield account
    finally:
        _ACCOUNT.reset(token)


class CountingClient(openai.DefaultHttpxClient):  # type: ignore[misc,valid-type]
    """openai's default httpx2 client (its limits, timeouts and environment proxies) that counts the
    requests reaching the endpoint: every attempt except those that never connected."""

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        account = _ACCOUNT.get()
        try:
            with request_slot():
                response = super().send(request, **kwargs)
        except (httpx2.ConnectError, httpx2.ConnectTimeout):
            raise  # never reached the endpoint
        except httpx2.TransportError:
            if account is not None:  # it reached the endpoint, which never answered in time
                account.calls += 1
            raise
        if account is not None:
            account.calls += 1
        return response


@lru_cache(maxsize=1)
def _tls_context() -> "ssl.SSLContext":
    """The system's CA certificates, loaded once per process (~30 ms each time) rather than once per
    client; a forked batch worker inherits the parent's."""
    return httpx2.create_ssl_context()


def base_transport() -> httpx2.BaseTransport | None:
    """The transport to use; None is httpx2's own (with proxies from the environment). Tests put a
    Unix-socket or in-memory transport here."""
    return None


@lru_cache(maxsize=None)
def _prepared(response_model: type[T]) -> type[T]:
    """instructor's schema-carrying subclass of ``response_model``, built once per class. Handed a
    plain model, instructor builds a new class per request and so regenerates its JSON schema every
    time (about a third of the client's CPU per article); handed this one, it reuses both."""
    return instructor.openai_schema(response_model)  # type: ignore[return-value]


class ModelClient:
    """openai + instructor for one endpoint, mode and retry policy; safe to share between threads."""

    def __init__(self, settings: "Settings", transport: httpx2.BaseTransport | None = None) -> None:
        if settings.mode not in MODES:
            raise ConfigError(f"unknown mode {settings.mode!r} (choose from {', '.join(MODES)})")
        self.settings = settings
        transport = transport or base_transport()
        http_client = CountingClient(transport=transport) if transport is not None else CountingClient(verify=_tls_context())
        self._openai = openai.OpenAI(
            api_key=settings.api_key or KEYLESS_PLACEHOLDER,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            http_client=http_client,
        )
        self._instructor = instructor.from_openai(self._openai, mode=MODES[settings.mode])

    def structured(self, response_model: type[T], messages: list[dict[str, str]],
                   check: "GroundingCheck") -> tuple[T, str | None]:
        """The validated answer, and a note when it was kept with unresolved problems after the re-asks.

        Messages go to instructor as template placeholders whose values are the rendered texts, so
        instructor's own jinja pass over messages can never interpret article text as a template.
        """
        account = _ACCOUNT.get() or CallAccount()
        responses: list[Any] = []

        def on_response(response: Any) -> None:
            responses.append(response)
            usage = getattr(response, "usage", None)
            account.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            account.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

        hooks = Hooks()
        hooks.on("completion:response", on_response)
        context: dict[str, Any] = {"grounding": check}
        placeholders = []
        for i, message in enumerate(messages):
            context[f"reportgen_message_{i}"] = message["content"]
            placeholders.append({"role": message["role"], "content": "{{ reportgen_message_%d }}" % i})
        try:
            answer = self._instructor.create(
                response_model=_prepared(response_model), messages=placeholders, model=self.settings.model,
                max_retries=self.settings.max_reasks, context=context, strict=False, hooks=hooks,
            )
            return answer, None
        except (InstructorRetryException, IncompleteOutputException, openai.OpenAIError) as exc:
            failure: BaseException = exc
        except Exception as exc:  # noqa: BLE001 - an unforeseen failure inside the libraries: one line, no traceback
            failure = exc
        kept = check.best()
        if kept is not None:  # an earlier attempt parsed: keep the best one, refuse its failing parts downstream
            answer, problems, reviewed = kept
            note = None if not problems else (
                f"model answer kept after {reviewed} reviewed answer(s) with {len(problems)} unresolved problem(s); "
                "failing figures and summaries are refused downstream")
            return answer, note  # type: ignore[return-value]
        raise describe_failure(failure, responses, self.settings) from None


def rehearse(settings: "Settings", response_model: type[BaseModel], messages: list[dict[str, str]],
             check: "GroundingCheck") -> None:
    """One structured call against an in-memory endpoint that answers at once with an empty report.

    openai and instructor build much on a process's first request (request and response types,
    the schema, validators): about 0.25 s of CPU. A batch rehearses once in its parent, so forked
    workers inherit all of it instead of each paying it on its first requests, all at once. Nothing
    leaves the process and nothing is counted; a failure here is left for the real requests to report.
    """
    payload = json.dumps({"title_en": "", "summary_zh": "", "summary_en": ""})

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message["tool_calls"] = [{"id": "call_rehearsal", "type": "function",
                                      "function": {"name": name, "arguments": payload}}]
        else:
            message["content"] = f"```json\n{payload}\n```" if settings.mode == "md_json" else payload
        return httpx2.Response(200, json={
            "id": "chatcmpl-rehearsal", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}})

    client = ModelClient(dataclasses.replace(settings, max_retries=0, max_reasks=0),
                         transport=httpx2.MockTransport(answer))
    try:
        client.structured(response_model, messages, check)
    except ModelError:
        pass
    finally:
        client._openai.close()


def describe_failure(exc: BaseException, responses: list[Any], settings: "Settings") -> ModelError:
    """One clear line for a call that produced no usable answer."""
    if isinstance(exc, IncompleteOutputException):
        return ModelOutputError("the model's answer was cut off (finish_reason 'length'): no complete structured "
                                "output; try a model with a larger output limit")
    for cause in _chain(exc):
        if isinstance(cause, openai.APITimeoutError):
            return UpstreamError(f"no answer from the model endpoint within {settings.timeout:g} s "
                                 f"({_attempts(settings)})")
        if isinstance(cause, openai.APIConnectionError):
            inner = cause.__cause__ or cause.__context__
            detail = f" ({type(inner).__name__})" if inner is not None else ""
            return UpstreamError(f"cannot reach the model endpoint {_endpoint(settings)}{detail}")
        if isinstance(cause, openai.APIStatusError):
            return _status_error(cause, settings)
        if isinstance(cause, openai.APIResponseValidationError):
            return ModelOutputError("the model endpoint answered with a body that is not an OpenAI chat completion")
        if isinstance(cause, json.JSONDecodeError) and not responses:
            return ModelOutputError("the model endpoint answered with a body that is not JSON")
    if responses:
        return describe_completion(responses[-1], settings.mode, exc)
    first_line = (str(exc).splitlines() or [""])[0] or type(exc).__name__
    return ModelError(f"no usable answer from the model: {_scrub(_one_line(first_line, 160))}")


def describe_completion(response: Any, mode: str, exc: BaseException | None = None) -> ModelOutputError:
    """Why a chat completion that did arrive is not a usable structured answer."""
    if isinstance(response, (str, bytes)):  # openai hands over the raw body when it is not JSON
        return ModelOutputError("the model endpoint answered with a body that is not JSON (an HTML page?): "
                                "check OPENAI_BASE_URL")
    choices = getattr(response, "choices", None)
    if not choices:
        return ModelOutputError("the model endpoint returned a completion with no choices")
    choice = choices[0]
    message = getattr(choice, "message", None)
    if getattr(choice, "finish_reason", None) == "length":
        return ModelOutputError("the model's answer was cut off (finish_reason 'length')")
    if getattr(choice, "finish_reason", None) == "content_filter":
        return ModelOutputError("the endpoint's content filter blocked the model's answer")
    refusal = getattr(message, "refusal", None)
    if refusal:
        return ModelOutputError(f"the model refused to answer: {_scrub(_one_line(refusal, 120))}")
    tool_calls = getattr(message, "tool_calls", None) or []
    text = tool_calls[0].function.arguments if tool_calls else (getattr(message, "content", None) or "")
    if not text.strip():
        return ModelOutputError("the model returned an empty answer")
    payload = text.strip()
    if mode == "md_json" and not tool_calls:
        fenced = re.search(r"```(?:json)?\s*(.*?)```", payload, re.DOTALL)
        payload = fenced.group(1).strip() if fenced else payload
    if not payload.startswith(("{", "[")):
        where = "instead of calling the answer tool" if mode == "tools" else "instead of JSON"
        return ModelOutputError(f"the model answered in prose {where}: {_scrub(_one_line(payload, 80))!r}")
    try:
        json.loads(payload)
    except json.JSONDecodeError as err:
        return ModelOutputError(f"the model's answer is not valid JSON ({err.msg} at character {err.pos})")
    validation = next((c for c in _chain(exc) if isinstance(c, ValidationError)), None) if exc else None
    if validation is not None and validation.errors():
        first = validation.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "answer"
        return ModelOutputError(f"the model's JSON does not match the response schema ({where}: {first.get('msg')})")
    return ModelOutputError("the model gave no usable structured answer")


def _status_error(err: "openai.APIStatusError", settings: "Settings") -> UpstreamError:
    status = err.status_code
    if status == 429:
        return UpstreamError(f"the model endpoint is rate limiting (HTTP 429) and still was after {_retries(settings)}")
    if status >= 500:
        return UpstreamError(f"the model endpoint failed with HTTP {status} ({_attempts(settings)})")
    if status in (401, 403):
        return UpstreamError(f"the model endpoint refused the credentials (HTTP {status}): check OPENAI_API_KEY")
    if status == 404:
        return UpstreamError("the model endpoint has no such model or path (HTTP 404): check --model and OPENAI_BASE_URL")
    detail = _scrub(_one_line(str(getattr(err, "message", "") or ""), 160))
    return UpstreamError(f"the model endpoint rejected the request (HTTP {status}){': ' + detail if detail else ''}")


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _retries(settings: "Settings") -> str:
    n = settings.max_retries
    return f"{n} retr{'y' if n == 1 else 'ies'}"


def _attempts(settings: "Settings") -> str:
    n = settings.max_retries + 1
    return f"{n} attempt{'s' if n != 1 else ''}"


def _endpoint(settings: "Settings") -> str:
    url = httpx2.URL(settings.base_url or "https://api.openai.com/v1")
    return f"{url.scheme}://{url.host}{':' + str(url.port) if url.port else ''}"


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _scrub(text: str) -> str:
    return _SECRETISH.sub("[redacted]", text)


_CLIENTS: dict[tuple, ModelClient] = {}
_CLIENTS_LOCK = threading.Lock()


def get_client(settings: "Settings") -> ModelClient:
    """One shared client per endpoint configuration (connection pooling across articles and threads)."""
    key = (settings.base_url, settings.api_key, settings.mode, settings.timeout, settings.max_retries,
           settings.max_reasks, settings.model, base_transport)
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = _CLIENTS[key] = ModelClient(settings)
        return client


def _renew_clients_in_child() -> None:
    """A forked batch worker gets clients of its own (connection pools never cross a fork), built
    here, before the worker starts its threads, which would otherwise queue to build the first one."""
    global _CLIENTS_LOCK
    _CLIENTS_LOCK = threading.Lock()
    for key, client in list(_CLIENTS.items()):
        _CLIENTS[key] = ModelClient(client.settings)


os.register_at_fork(after_in_child=_renew_clients_in_child)


def reset_clients() -> None:
    """Forget shared clients (tests that swap the transport call this)."""
    with _CLIENTS_LOCK:
        for client in _CLIENTS.values():
            client._openai.close()
        _CLIENTS.clear()
