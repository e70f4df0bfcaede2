"""The one module importing openai, instructor and httpx2: structured output, Batch API calls, ``Catch``.

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

import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from openai.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)
from pydantic import BaseModel, ValidationError

from reportgen import registry
from reportgen.engines.llm.accounting import CURRENT_ACCOUNT, REQUEST_SLOTS, CallAccount
from reportgen.engines.llm.budget import body_prompt_tokens
from reportgen.engines.llm.ratelimit import RateLimiter, billed, limiter_for
from reportgen.errors import ConfigError, InternalError, ModelError, ModelOutputError, UpstreamError

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


class CountingClient(openai.DefaultHttpxClient):
    """openai's default httpx2 client (its limits, timeouts and environment proxies) that counts the
    requests reaching the endpoint: every attempt except those that never connected. With a rate
    limiter every attempt (openai's retries and instructor's re-asks too) waits for its turn first."""

    limiter: RateLimiter | None = None

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        account = CURRENT_ACCOUNT.get()
        limiter = self.limiter if request.url.path.endswith("/chat/completions") else None
        slot = REQUEST_SLOTS.get() or nullcontext()  # a batch's -j
        with slot, limiter.turn(body_prompt_tokens(request.read())) if limiter is not None else nullcontext() as turn:
            try:
                response = super().send(request, **kwargs)
            except (httpx2.ConnectError, httpx2.ConnectTimeout):
                raise  # never reached the endpoint
            except httpx2.TransportError:
                if account is not None:  # it reached the endpoint, which never answered in time
                    account.calls += 1
                raise
            if turn is not None:
                streamed = kwargs.get("stream", False) or not hasattr(response, "_content")
                turn.answered(*billed(response.status_code, response.headers.get("retry-after"),
                                      None if streamed else response.content))
        if account is not None:
            account.calls += 1
        return response


@registry.table
def _tls_context() -> ssl.SSLContext:
    """The system's CA certificates, loaded once per process (~30 ms each time) rather than once per client."""
    return httpx2.create_ssl_context()


def base_transport() -> httpx2.BaseTransport | None:
    """The transport (None: httpx2's own, with proxies from the environment); tests put theirs here."""
    return None


@registry.memo(maxsize=None)
def _prepared(response_model: type[T]) -> type[T]:
    """instructor's schema-carrying subclass of ``response_model``, built once per class (else instructor
    rebuilds class and JSON schema per request, a third of the client's CPU per article)."""
    return instructor.openai_schema(response_model)


class ModelClient:
    """openai + instructor for one endpoint, mode and retry policy; safe to share between threads."""

    def __init__(self, settings: Settings, transport: httpx2.BaseTransport | None = None) -> None:
        if settings.mode not in MODES:
            raise ConfigError(f"unknown mode {settings.mode!r} (choose from {', '.join(MODES)})")
        self.settings = settings
        transport = transport or base_transport()
        http_client = (CountingClient(transport=transport) if transport is not None
                       else CountingClient(verify=_tls_context()))
        http_client.limiter = limiter_for(settings.rpm, settings.tpm, settings.rate_window)
        self._openai = openai.OpenAI(
            api_key=settings.api_key or KEYLESS_PLACEHOLDER,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            http_client=http_client,
        )
        self._instructor = instructor.from_openai(self._openai, mode=MODES[settings.mode])

    def structured(
        self, response_model: type[T], messages: list[dict[str, str]], check: GroundingCheck
    ) -> tuple[T, str | None]:
        """The validated answer, and a note when it was kept with unresolved problems after the re-asks.

        Messages go to instructor as template placeholders whose values are the rendered texts, so
        instructor's own jinja pass over messages can never interpret article text as a template.
        """
        account = CURRENT_ACCOUNT.get() or CallAccount()
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
            placeholders.append(_placeholder(message["role"], f"{{{{ reportgen_message_{i} }}}}"))
        try:
            answer = self._instructor.create(
                response_model=_prepared(response_model),
                messages=placeholders,
                model=self.settings.model,
                max_retries=self.settings.max_reasks,
                context=context,
                strict=False,
                hooks=hooks,
            )
            return answer, None
        except (InstructorRetryException, IncompleteOutputException, openai.OpenAIError) as exc:
            failure: BaseException = exc
        except Exception as exc:  # an unforeseen failure inside the libraries: one line, no traceback
            failure = exc
        kept = check.best()
        if kept is not None:  # an earlier attempt parsed: keep the best one, refuse its failing parts downstream
            best, problems, reviewed = kept
            if not isinstance(best, response_model):
                raise InternalError(
                    f"a reviewed answer is a {type(best).__name__}, not the {response_model.__name__} asked for"
                )
            note = None
            if problems:
                note = (f"model answer kept after {reviewed} reviewed answer(s) with {len(problems)} unresolved "
                        "problem(s); failing figures and summaries are refused downstream")
            refused = next((c for c in _chain(failure) if isinstance(c, openai.APIStatusError)
                            and 400 <= c.status_code < 500), None)
            if refused is not None:  # issue #15: a re-ask the endpoint refuses keeps the first answer's verified parts
                note = (f"the endpoint refused the re-ask (HTTP {refused.status_code}); "
                        + (note or "the reviewed answer is kept"))
            return best, note
        raise describe_failure(failure, responses, self.settings) from None


    def parse(self, response_model: type[T], completion: dict[str, Any], check: GroundingCheck) -> T | None:
        """A chat completion that came another way (a Batch API result) as the validated answer; None
        when it does not parse or fails the check (the caller then asks again, as an ordinary call)."""
        from openai.types.chat import ChatCompletion

        try:
            schema: Any = _prepared(response_model)  # instructor's subclass adds from_response, untyped here
            answer = schema.from_response(ChatCompletion.model_validate(completion), strict=False,
                                          validation_context={"grounding": check}, mode=MODES[self.settings.mode])
            return answer if isinstance(answer, response_model) else None
        except Exception:  # any way an answer can be unusable: the ordinary call describes it if it recurs
            return None

    def batch(self, op: str, arg: str | bytes) -> Any:
        """The Batch API through openai: ``upload`` JSONL -> file id, ``create`` (file id) and ``get`` (batch
        id) -> the batch as a dict, ``content`` (file id) -> bytes. Faults are one-line UpstreamErrors."""
        o = self._openai
        try:
            if op == "upload":
                data = arg if isinstance(arg, bytes) else arg.encode("utf-8")
                return o.files.create(file=("reportgen-batch.jsonl", data, "application/jsonl"), purpose="batch").id
            if op == "create":
                return o.batches.create(input_file_id=str(arg), endpoint="/v1/chat/completions",
                                        completion_window="24h").model_dump(mode="json")
            if op == "get":
                return o.batches.retrieve(str(arg)).model_dump(mode="json")
            return o.files.content(str(arg)).content
        except openai.OpenAIError as exc:
            raise describe_failure(exc, [], self.settings) from None


    def text(self, messages: list[dict[str, str]]) -> str:
        """A plain-text answer (the briefing's executive summary, issue #16): no schema, no re-ask; the
        caller checks the prose and falls back when it fails."""
        account = CURRENT_ACCOUNT.get() or CallAccount()
        try:
            response = self._openai.chat.completions.create(
                model=self.settings.model, messages=[_placeholder(m["role"], m["content"]) for m in messages])
        except openai.OpenAIError as exc:
            raise describe_failure(exc, [], self.settings) from None
        usage = getattr(response, "usage", None)
        account.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        account.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        choice = response.choices[0] if response.choices else None
        return (choice.message.content or "") if choice else ""


class Catch(httpx2.BaseTransport):
    """Keeps each request's JSON body and answers it with an error, so nothing leaves the machine."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.bodies.append(json.loads(request.read()))
        return httpx2.Response(418, json={"error": {"message": "caught, not sent", "type": "dry_run"}})


def _placeholder(role: str, content: str) -> ChatCompletionMessageParam:
    """One chat message of the request, typed as openai wants it."""
    if role == "system":
        return ChatCompletionSystemMessageParam(role="system", content=content)
    if role == "assistant":
        return ChatCompletionAssistantMessageParam(role="assistant", content=content)
    if role == "user":
        return ChatCompletionUserMessageParam(role="user", content=content)
    raise InternalError(f"a prompt template produced a message with the role {role!r}")


def describe_failure(exc: BaseException, responses: list[Any], settings: Settings) -> ModelError:
    """One clear line for a call that produced no usable answer."""
    if isinstance(exc, IncompleteOutputException):
        return ModelOutputError(
            "the model's answer was cut off (finish_reason 'length'): no complete structured "
            "output; try a model with a larger output limit"
        )
    for cause in _chain(exc):
        if isinstance(cause, openai.APITimeoutError):
            return UpstreamError(
                f"no answer from the model endpoint within {settings.timeout:g} s ({_attempts(settings)})"
            )
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
        return ModelOutputError(
            "the model endpoint answered with a body that is not JSON (an HTML page?): check OPENAI_BASE_URL"
        )
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


def _status_error(err: openai.APIStatusError, settings: Settings) -> UpstreamError:
    status = err.status_code
    if status == 429:
        return UpstreamError(f"the model endpoint is rate limiting (HTTP 429) and still was after {_retries(settings)}")
    if status >= 500:
        return UpstreamError(f"the model endpoint failed with HTTP {status} ({_attempts(settings)})")
    if status in (401, 403):
        return UpstreamError(f"the model endpoint refused the credentials (HTTP {status}): check OPENAI_API_KEY")
    if status == 404:
        return UpstreamError(
            "the model endpoint has no such model or path (HTTP 404): check --model and OPENAI_BASE_URL"
        )
    detail = _scrub(_one_line(str(getattr(err, "message", "") or ""), 160))
    return UpstreamError(f"the model endpoint rejected the request (HTTP {status}){': ' + detail if detail else ''}")


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _retries(settings: Settings) -> str:
    n = settings.max_retries
    return f"{n} retr{'y' if n == 1 else 'ies'}"


def _attempts(settings: Settings) -> str:
    n = settings.max_retries + 1
    return f"{n} attempt{'s' if n != 1 else ''}"


def _endpoint(settings: Settings) -> str:
    url = httpx2.URL(settings.base_url or "https://api.openai.com/v1")
    return f"{url.scheme}://{url.host}{':' + str(url.port) if url.port else ''}"


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _scrub(text: str) -> str:
    return _SECRETISH.sub("[redacted]", text)


@registry.table
def _clients() -> dict[tuple[object, ...], ModelClient]:
    """The shared clients of this process by endpoint configuration (``registry.reset()`` forgets them)."""
    return {}


_CLIENTS_LOCK = threading.Lock()


def get_client(settings: Settings) -> ModelClient:
    """One shared client per endpoint configuration (connection pooling across articles and threads)."""
    key = (settings.base_url, settings.api_key, settings.mode, settings.timeout, settings.max_retries,
           settings.max_reasks, settings.model, settings.rpm, settings.tpm, settings.rate_window, base_transport)
    clients = _clients()
    with _CLIENTS_LOCK:
        client = clients.get(key)
        if client is None:
            client = clients[key] = ModelClient(settings)
        return client
