"""A scripted OpenAI-compatible server: real HTTP, answers written for each fixture article, and faults.

It plays the model for tests and for recording cassettes when no live model is reachable. It
serves ``POST /v1/chat/completions`` over a Unix socket (works with no network at all, e.g. under
``unshare -n``, where even loopback is down) or over TCP on 127.0.0.1 with a random port.

Which article is asked about is read from the prompt (the text between the ``<article-…>``
delimiters is a slice of exactly one fixture article; a reduce prompt quotes its figures). The
answer for attempt N (N = re-asks so far in the conversation) is ``extract[N]`` of
``answers/<article stem>.json``. Answers are shaped for the request's mode: a tool call (tools),
JSON content (json_schema, json) or a fenced JSON block (md_json). A figure is written the way the
sent schema asks: its qualifier as the article's marker (多, 近 ...), its change basis as 同比/环比,
and the keys that do not apply left out.

Usage is counted with reportgen's tokenizer (o200k_base) the way OpenAI documents counting chat
input, in the cookbook "How to count tokens with tiktoken"
(https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken, openai/openai-cookbook
examples/How_to_count_tokens_with_tiktoken.ipynb), and never below it:
  messages     ``num_tokens_from_messages``: 3 per message, the tokens of each of its string values
               (role, content, name +1, tool_call_id), 3 for priming the reply; a value that is
               not a string (a re-ask's ``tool_calls``) counts as its compact JSON.
  tools        the larger of the cookbook's ``num_tokens_for_tools`` (gpt-4o constants) and the
               compact JSON (separators "," and ":") of each tool's function object: the cookbook
               sees only top-level properties, so for a nested schema the JSON is the larger.
  tool_choice, response_format   their compact JSON (the cookbook counts nothing for them; a
               forced tool or a json_schema does reach the model, so they are counted).
Until 2026-11-23 this server counted the whole request's JSON (``json.dumps`` of messages, tools
and response_format, default separators): escaped newlines and quotes and ", "/": " spacing that
no server bills, 130-190 tokens more per call on the benchmark corpus (though it left tool_choice
out). ``raw_request_tokens`` keeps that count and ``SeenRequest`` records both, so benchmarks show
the old figure beside the new one.

Scenario (model name ``scripted-<scenario>`` or header ``X-Scripted-Scenario``):
  ok (default)  the scripted answer          fabricate  every quote absent, every number 999
  http500       HTTP 500 every time          http429    HTTP 429 with Retry-After: 1 every time
  503once       HTTP 503 once per request body, then the answer
  timeout       never answers                nonjson    HTTP 200 with an HTML body
  prose         prose instead of JSON        malformed  JSON with a syntax error
  truncated     half the JSON, finish_reason "length"
  refusal       message.refusal set          empty      no choices
  reask400      the first answer, then HTTP 400 for every re-ask
  fab-*         the scripted answer with one invented text a reader sees (FABRICATIONS)
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import socketserver
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ANSWERS = HERE / "answers"
ARTICLES = HERE.parent / "fixtures" / "articles"
UDS_BASE_URL = "http://scripted-openai.local/v1"  # the host is never resolved: requests go to the socket
SCENARIO_HEADER = "x-scripted-scenario"
FABRICATIONS = {
    # one invented text in a field a reader sees; the figures stay the scripted (true) ones
    "fab-glued": {"summary_zh": "据统计全市破案率提升999%。", "summary_en": "据统计全市破案率提升999%"},
    "fab-chinese": {"summary_zh": "全市共破获案件九百九十九起，抓获嫌疑人三千三百三十三名。"},
    "fab-words": {"summary_en": "Police solved nine hundred and ninety-nine cases, twice the earlier number."},
    "fab-percent": {"summary_en": "Cases solved rose 999% and the clearance rate gained 87.6 percentage points.",
                    "key_points": [{"en": "Fraud fell 99.9%.", "zh": "诈骗案件下降99.9%。", "figure_indexes": [0]}]},
    "fab-year": {"summary_en": "In 1999 the city recorded the best public-security results in its history."},
    "fab-region": {"region_zh": "火星市", "region_en": "Solved cases soared 999% yearly"},
    "fab-region-en": {"region_en": "Solved cases soared 999% yearly"},
    "fab-title": {"title_en": "Crime fell 999 percent since 1999"},
    "fab-names": {"indicator_en": "cases (999 of them)"},
}
SCENARIOS = ("ok", "fabricate", *FABRICATIONS, "reask400", "http500", "http429", "503once", "timeout", "nonjson",
             "prose", "malformed", "truncated", "refusal", "empty")
REASK_MARKERS = ("Validation Error found", "Correct your JSON ONLY RESPONSE", "Recall the function correctly")
CREATED = 1767225600  # fixed, so re-recorded cassettes do not change without reason
_ARTICLE = re.compile(r"<article-([0-9a-f]+)>\n(.*?)\n</article-\1>", re.DOTALL)
_FIGURE_LINE = re.compile(r"^\[(\d+)\] .*? — (-?\d+(?:\.\d+)?)", re.MULTILINE)
_BLANKISH_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)


@dataclass
class SeenRequest:
    """One request as the server saw it (for tests to compare with provenance)."""

    at: float
    scenario: str
    kind: str  # extract | reduce | unknown
    attempt: int
    article: str | None
    mode: str
    status: int = 200
    prompt_tokens: int = 0  # as billed in usage (prompt_tokens())
    request: dict[str, Any] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def raw_request_tokens(self) -> int:
        """The old count (raw_request_tokens()), made only when a benchmark asks: it tokenizes the
        whole request again, CPU a benchmark endpoint would otherwise spend on every request."""
        return raw_request_tokens(self.request)


@dataclass
class Script:
    """Scripted answers for one fixture article."""

    name: str
    text: str
    extract: list[dict[str, Any]]
    reduce: dict[str, Any] | None = None
    filter_by_part: bool = False
    part_summary: dict[str, str] | None = None


def _clean(text: str) -> str:
    return _BLANKISH_LINE.sub("", text).strip("\n")


def load_scripts(answers: Path = ANSWERS, articles: Path = ARTICLES) -> list[Script]:
    scripts = []
    for path in sorted(answers.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        article = articles / data["article"]
        scripts.append(
            Script(
                name=data["article"],
                text=_clean(article.read_text(encoding="utf-8")),
                extract=data["extract"],
                reduce=data.get("reduce"),
                filter_by_part=bool(data.get("filter_by_part")),
                part_summary=data.get("part_summary"),
            )
        )
    return scripts


@dataclass
class Behaviour:
    """Everything the handler needs; shared by every request of one server."""

    scripts: list[Script]
    latency: float = 0.0  # seconds from a request's arrival to its answer (benchmarks model an endpoint's latency)
    seen: list[SeenRequest] = field(default_factory=list)
    failed_once: set[str] = field(default_factory=set)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0  # requests being answered right now
    peak_active: int = 0  # the most answered at once (a client's concurrency bound, as the endpoint sees it)

    # -- reading the request --------------------------------------------------------------------

    @staticmethod
    def scenario(request: dict[str, Any], headers: Any) -> str:
        named = headers.get(SCENARIO_HEADER) or ""
        model = str(request.get("model", ""))
        if not named and model.startswith("scripted-"):
            named = model[len("scripted-") :]
        return named if named in SCENARIOS else "ok"

    @staticmethod
    def mode(request: dict[str, Any]) -> str:
        if request.get("tools"):
            return "tools"
        kind = (request.get("response_format") or {}).get("type")
        return {"json_schema": "json_schema", "json_object": "json"}.get(kind, "md_json")

    @staticmethod
    def attempt(messages: list[dict[str, Any]]) -> int:
        return sum(
            1 for m in messages if isinstance(m.get("content"), str) and any(k in m["content"] for k in REASK_MARKERS)
        )

    def find(self, messages: list[dict[str, Any]]) -> tuple[str, Script | None, str]:
        """(kind, script, text shown) for the conversation's first user message."""
        prompt = "\n".join(
            m["content"] for m in messages if m.get("role") == "user" and isinstance(m.get("content"), str)
        )
        found = _ARTICLE.search(prompt)
        if found:
            part = _clean(found.group(2))
            return "extract", next((s for s in self.scripts if part in s.text), None), part
        if "<figures>" in prompt:
            block = prompt.split("<figures>", 1)[1].split("</figures>", 1)[0]
            quotes = re.findall(r"quote: 「(.*?)」", block)
            script = next((s for s in self.scripts if quotes and all(q in s.text for q in quotes)), None)
            return "reduce", script, block
        if "<reports>" in prompt:  # a briefing's executive summary (prompts/reduce_briefing.j2): plain text
            return "briefing", None, prompt.split("<reports>", 1)[1].split("</reports>", 1)[0]
        return "unknown", None, prompt

    # -- writing the answer ---------------------------------------------------------------------

    def answer(self, kind: str, script: Script, attempt: int, shown: str, scenario: str) -> dict[str, Any]:
        if kind == "reduce":
            assert script.reduce is not None, f"{script.name} has no scripted reduce answer"
            answer = dict(script.reduce)
            values = {int(i): float(v) for i, v in _FIGURE_LINE.findall(shown)}
            answer["key_points"] = [_resolve(kp, list(values.items())) for kp in answer.get("key_points", [])]
            return fabricate(answer) if scenario == "fabricate" else answer
        answer = dict(script.extract[min(attempt, len(script.extract) - 1)])
        figures = answer.get("figures", [])
        if script.filter_by_part:
            figures = [f for f in figures if f["quote"] in shown]
            if script.part_summary:
                answer["summary_zh"], answer["summary_en"] = script.part_summary["zh"], script.part_summary["en"]
        answer["figures"] = figures = [_full_figure(f) for f in figures]
        indexed = [(i, float(f["value"])) for i, f in enumerate(figures)]
        answer["key_points"] = [_resolve(kp, indexed) for kp in answer.get("key_points", [])]
        if script.filter_by_part:
            answer["key_points"] = [kp for kp in answer["key_points"] if kp["figure_indexes"]]
        if scenario in FABRICATIONS:
            return _inject(answer, FABRICATIONS[scenario])
        return fabricate(answer, script.text) if scenario == "fabricate" else answer


def _inject(answer: dict[str, Any], invented: dict[str, Any]) -> dict[str, Any]:
    """The answer with one invented text (every attempt alike, so no re-ask can mend it)."""
    out = dict(answer)
    for key, value in invented.items():
        if key == "indicator_en":
            out["figures"] = [{**f, "indicator_en": value} for f in out.get("figures", [])]
        elif key == "region_en" and "region_zh" not in invented and not out.get("region_zh"):
            continue  # the answer names no region: there is nothing to mislabel
        else:
            out[key] = value
    return out


BASIS_WORDS = {"year_on_year": "同比", "period_on_period": "环比"}  # "unspecified": the key is left out


def _marker(qualifier: str, quote: str) -> str | None:
    """The marker a model copies from the quote for a contract qualifier (more_than -> 余 when the
    quote has 余); None for exact, which the sent schema expresses by leaving the key out."""
    from reportgen.zh.script import to_simplified
    from reportgen.zh.vocabulary import QUALIFIER_MARKERS, QUALIFIER_WORDS

    if qualifier in (None, "exact"):
        return None
    words = [w for w in QUALIFIER_MARKERS if QUALIFIER_WORDS[w] == qualifier]
    if not words:
        raise ValueError(f"the sent schema has no marker for qualifier {qualifier!r}")
    text = to_simplified(quote)
    return next((w for w in words if w in text), words[0])


def _full_figure(figure: dict[str, Any]) -> dict[str, Any]:
    """Answer files are written in the Report contract's values; the answer lists the figure's keys in
    schema order, in what the sent schema asks for (qualifier marker, 同比/环比), and, as a model
    following it does (optional keys carry no null there), leaves out the ones that do not apply."""
    order = (
        "indicator_zh",
        "indicator_en",
        "value",
        "unit",
        "qualifier",
        "change_direction",
        "change_basis",
        "from_value",
        "region_zh",
        "region_en",
        "period",
        "quote",
    )
    merged = dict(figure)
    merged["qualifier"] = _marker(merged.get("qualifier") or "exact", merged["quote"])
    merged["change_basis"] = BASIS_WORDS.get(merged.get("change_basis") or "", merged.get("change_basis"))
    if merged["change_basis"] == "unspecified":
        merged["change_basis"] = None
    return {key: merged[key] for key in order if merged.get(key) is not None}


def _resolve(point: dict[str, Any], indexed: list[tuple[int, float]]) -> dict[str, Any]:
    """Key points written with ``figure_values`` get the indexes of the figures with those values."""
    point = dict(point)
    if "figure_values" in point:
        wanted = [float(v) for v in point.pop("figure_values")]
        point["figure_indexes"] = [
            next(i for i, v in indexed if abs(v - w) < 1e-9)
            for w in wanted
            if any(abs(v - w) < 1e-9 for _, v in indexed)
        ]
    return point


def fabricate(answer: dict[str, Any], article: str = "") -> dict[str, Any]:
    """The same answer with every figure invented: quotes absent from the article, every number 999."""
    out = dict(answer)
    figures = []
    for i, figure in enumerate(
        answer.get("figures", [])[:6] or [{"indicator_zh": "刑事案件", "indicator_en": "criminal cases", "unit": "%"}]
    ):
        quote = f"全市{figure['indicator_zh']}同比猛增999%（第{i + 1}项）"
        assert quote not in article
        invented = {**figure, "value": 999, "change_direction": "up", "change_basis": "同比", "quote": quote}
        invented.pop("qualifier", None)
        invented.pop("from_value", None)
        figures.append(invented)
    out["figures"] = figures
    out["summary_zh"], out["summary_en"] = (
        "全市各类案件同比猛增999%。",
        "Every kind of case in the city rose 999% year on year.",
    )
    out["key_points"] = [
        {"en": f"{f['indicator_en']} rose 999%.", "zh": f"{f['indicator_zh']}猛增999%。", "figure_indexes": [i]}
        for i, f in enumerate(figures)
    ]
    return out


# the cookbook's num_tokens_for_tools constants for gpt-4o / gpt-4o-mini (o200k_base)
FUNC_INIT, PROP_INIT, PROP_KEY, ENUM_INIT, ENUM_ITEM, FUNC_END = 7, 3, 3, -3, 3, 12
TOKENS_PER_MESSAGE, TOKENS_PER_NAME, REPLY_PRIMING = 3, 1, 3


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def message_tokens(messages: list[dict[str, Any]]) -> int:
    """The cookbook's num_tokens_from_messages (see the module docstring)."""
    from reportgen.tokens import count_tokens

    total = REPLY_PRIMING
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if value is None:
                continue
            total += count_tokens(value if isinstance(value, str) else _compact(value))
            if key == "name":
                total += TOKENS_PER_NAME
    return total


def cookbook_tool_tokens(tools: list[dict[str, Any]]) -> int:
    """The cookbook's num_tokens_for_tools, tools part, as written there (top-level properties only);
    a property without a type or a description reads as an empty one instead of failing."""
    from reportgen.tokens import count_tokens

    if not tools:
        return 0
    total = 0
    for tool in tools:
        function = tool.get("function", {})
        total += FUNC_INIT + count_tokens(
            f"{function.get('name', '')}:{function.get('description', '').removesuffix('.')}"
        )
        properties = (function.get("parameters") or {}).get("properties") or {}
        if properties:
            total += PROP_INIT
            for name, prop in properties.items():
                total += PROP_KEY
                if "enum" in prop:
                    total += ENUM_INIT + sum(ENUM_ITEM + count_tokens(str(item)) for item in prop["enum"])
                description = str(prop.get("description", "")).removesuffix(".")
                total += count_tokens(f"{name}:{prop.get('type', '')}:{description}")
    return total + FUNC_END


def tool_tokens(tools: list[dict[str, Any]] | None) -> int:
    """Tools as counted: the compact JSON of each function object, or the cookbook's count if larger."""
    return _tool_tokens(_compact(tools or []))


@functools.lru_cache(maxsize=32)
def _tool_tokens(compact_tools: str) -> int:
    """By the tools' JSON: every request of a run sends the same schema, counted once."""
    from reportgen.tokens import count_tokens

    tools = json.loads(compact_tools)
    return max(sum(count_tokens(_compact(t.get("function", t))) for t in tools), cookbook_tool_tokens(tools))


def prompt_token_parts(request: dict[str, Any]) -> dict[str, int]:
    """Prompt tokens by request field, as ``usage.prompt_tokens`` sums them."""
    from reportgen.tokens import count_tokens

    return {
        "messages": message_tokens(request.get("messages") or []),
        "tools": tool_tokens(request.get("tools")),
        "tool_choice": count_tokens(_compact(request["tool_choice"])) if request.get("tool_choice") is not None else 0,
        "response_format": (
            count_tokens(_compact(request["response_format"])) if request.get("response_format") is not None else 0
        ),
    }


def prompt_tokens(request: dict[str, Any]) -> int:
    """``usage.prompt_tokens`` of a request (see the module docstring)."""
    return sum(prompt_token_parts(request).values())


def raw_request_tokens(request: dict[str, Any]) -> int:
    """The count this server used before 2026-11: the JSON of messages, tools and response_format
    with default separators, escapes included. Kept for comparison only; usage does not use it."""
    from reportgen.tokens import count_tokens

    return count_tokens(
        json.dumps([request.get("messages"), request.get("tools"), request.get("response_format")], ensure_ascii=False)
    )


def briefing_answer(block: str) -> str:
    """What a careful model writes for a briefing: per report, its place and first listed figure, every
    number exactly as the prompt gives it."""
    sentences = []
    for report in re.split(r"\n(?=Report \d+:)", block.strip()):
        head, _, rest = report.partition("\n")
        place = head.split(":", 1)[1].split(";", 1)[0].split(" (", 1)[0].strip() if ":" in head else "One place"
        figures = [line[2:].strip() for line in rest.splitlines() if line.startswith("- ")]
        if figures:
            name, _, value = figures[0].rstrip(".").partition(": ")
            verb = "were" if value.startswith(("up", "down")) else "came to"
            sentences.append(f"In {place}, {name} {verb} {value}." if value else f"In {place}, {name}.")
    return " ".join(sentences)


def completion(
    request: dict[str, Any],
    mode: str,
    payload: str,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prose: bool = False,
    prompt: int | None = None,
) -> dict[str, Any]:
    """An OpenAI chat completion carrying ``payload`` the way the request's mode expects it
    (``prompt``: the request's prompt tokens, when already counted)."""
    from reportgen.tokens import count_tokens

    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": refusal}
    if refusal is None:
        if mode == "tools" and not prose:
            tool = request["tools"][0]["function"]["name"]
            call_id = "call_" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
            message["tool_calls"] = [
                {"id": call_id, "type": "function", "function": {"name": tool, "arguments": payload}}
            ]
        elif mode == "md_json" and not prose:
            message["content"] = f"```json\n{payload}\n```"
        else:
            message["content"] = payload
    prompt = prompt_tokens(request) if prompt is None else prompt
    answer = count_tokens(payload or refusal or "")
    body = json.dumps(request, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "id": "chatcmpl-" + hashlib.sha256(body).hexdigest()[:24],
        "object": "chat.completion",
        "created": CREATED,
        "model": request.get("model", ""),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": answer, "total_tokens": prompt + answer},
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    behaviour: Behaviour  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return

    def address_string(self) -> str:
        return "scripted-client"

    def _send(
        self, status: int, body: bytes, content_type: str = "application/json", extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Scripted-Server", "reportgen-tests")
        self.send_header("X-Request-Id", "req_" + hashlib.sha256(body).hexdigest()[:16])
        # what a real endpoint sends and cassettes must never keep
        self.send_header("Set-Cookie", "__cf_bm=scripted-cookie-value; path=/; HttpOnly")
        self.send_header("OpenAI-Organization", "scripted-org-id")
        self.send_header("OpenAI-Project", "scripted-project-id")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str, kind: str, extra: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": {"message": message, "type": kind, "param": None, "code": None}}).encode()
        self._send(status, body, extra=extra)

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        b = self.behaviour
        with b.lock:
            b.active += 1
            b.peak_active = max(b.peak_active, b.active)
        try:
            self._answer_post()
        finally:
            with b.lock:
                b.active -= 1

    def _answer_post(self) -> None:
        b = self.behaviour
        arrived = time.monotonic()
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._error(404, f"no route {self.path}", "invalid_request_error")
            return
        try:
            request = json.loads(raw)
        except json.JSONDecodeError:
            self._error(400, "the request body is not JSON", "invalid_request_error")
            return
        messages = request.get("messages") or []
        scenario, mode, attempt = b.scenario(request, self.headers), b.mode(request), b.attempt(messages)
        kind, script, shown = b.find(messages)
        seen = SeenRequest(
            time.monotonic(),
            scenario,
            kind,
            attempt,
            script.name if script else None,
            mode,
            prompt_tokens=prompt_tokens(request),
            request=request,
        )
        with b.lock:
            b.seen.append(seen)
        if scenario == "reask400" and attempt > 0:  # an endpoint that refuses a re-ask (say its context is full)
            seen.status = 400
            self._error(400, "This model's maximum context length is exceeded.", "invalid_request_error")
            return
        fault = self._fault(scenario, request, raw, mode)
        if fault is not None:
            seen.status = fault
            return
        if kind == "briefing":
            text = briefing_answer(shown)
            body = json.dumps(completion(request, mode, text, prose=True, prompt=seen.prompt_tokens)).encode()
            if b.latency:
                time.sleep(max(0.0, arrived + b.latency - time.monotonic()))
            self._send(200, body)
            return
        if script is None:
            seen.status = 400
            self._error(400, f"the scripted server has no answer for this {kind} request", "invalid_request_error")
            return
        answer = b.answer(kind, script, attempt, shown, scenario)
        payload = json.dumps(answer, ensure_ascii=False)
        body = json.dumps(completion(request, mode, payload, prompt=seen.prompt_tokens), ensure_ascii=False).encode(
            "utf-8"
        )
        if b.latency:  # the answer leaves ``latency`` seconds after the request arrived, its making included
            time.sleep(max(0.0, arrived + b.latency - time.monotonic()))
        self._send(200, body)

    def _fault(self, scenario: str, request: dict[str, Any], raw: bytes, mode: str) -> int | None:
        """Serve the scenario's fault, returning its status; None when the request should be answered."""
        b = self.behaviour
        if scenario == "http500":
            self._error(500, "The server had an error while processing your request.", "server_error")
            return 500
        if scenario == "http429":
            self._error(429, "Rate limit reached for requests.", "requests", extra={"Retry-After": "1"})
            return 429
        if scenario == "503once":
            digest = hashlib.sha256(raw).hexdigest()
            with b.lock:
                first = digest not in b.failed_once
                b.failed_once.add(digest)
            if first:
                self._error(503, "The engine is currently overloaded, please try again later.", "server_error")
                return 503
            return None
        if scenario == "timeout":
            b.stopping.wait(600)  # never answers; the client gives up first
            self.close_connection = True
            return 0
        if scenario == "nonjson":
            self._send(200, b"<html><body><h1>Welcome to nginx!</h1></body></html>", "text/html")
            return 200
        if scenario == "prose":
            text = ("Sure! The article says crime went down this year and the police worked hard. "
                    "Let me know if you need more.")
            self._send(200, json.dumps(completion(request, mode, text, prose=True)).encode())
            return 200
        if scenario == "malformed":
            text = "{'title_en': 'Police report', 'summary_zh': 治安形势平稳, summary_en: 'stable',}"
            self._send(200, json.dumps(completion(request, mode, text)).encode())
            return 200
        if scenario == "truncated":
            text = json.dumps(
                {
                    "title_en": "Police report",
                    "summary_zh": "全市治安形势平稳",
                    "summary_en": "Order stayed stable",
                    "figures": [{"indicator_zh": "刑事案件"}],
                },
                ensure_ascii=False,
            )[:70]
            self._send(
                200, json.dumps(completion(request, mode, text, finish_reason="length"), ensure_ascii=False).encode()
            )
            return 200
        if scenario == "refusal":
            self._send(
                200,
                json.dumps(completion(request, mode, "", refusal="I'm sorry, but I can't help with that.")).encode(),
            )
            return 200
        if scenario == "empty":
            body = completion(request, mode, "")
            body["choices"] = []
            self._send(200, json.dumps(body).encode())
            return 200
        return None


# A real endpoint accepts every connection a batch opens at once. socketserver's default listen backlog
# is 5: a burst of -j 32 connects overflows it, the kernel drops the SYNs and the client retries them
# a second later (TCP's initial retransmission timeout), which the concurrency benchmark then measured
# as a one-second stall of a third of every wave.
LISTEN_BACKLOG = 1024


class _TCPHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG


class _UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG


class ScriptedServer:
    """Start in a thread (context manager); ``base_url`` and ``transport()`` tell a client where it is."""

    def __init__(
        self,
        *,
        unix_socket: str | Path | None = None,
        tcp: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        answers: Path = ANSWERS,
        articles: Path = ARTICLES,
        latency: float = 0.0,
        scripts: list[Script] | None = None,
    ) -> None:
        """``scripts``: answers for further articles (say built at run time from annotation files)."""
        self.behaviour = Behaviour([*load_scripts(answers, articles), *(scripts or [])], latency=latency)
        handler = type("Handler", (_Handler,), {"behaviour": self.behaviour})
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if tcp:
            self.socket_path = None
            self._server: socketserver.BaseServer = _TCPHTTPServer((host, port), handler)
            host_, port_ = self._server.server_address[:2]  # type: ignore[misc]
            self.base_url = f"http://{host_}:{port_}/v1"
        else:
            if unix_socket is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="scripted-openai-")
                unix_socket = Path(self._tmp.name) / "scripted-openai.sock"
            self.socket_path = str(unix_socket)
            self._server = _UnixHTTPServer(self.socket_path, handler)
            self.base_url = UDS_BASE_URL
        self._thread = threading.Thread(target=self._server.serve_forever, name="scripted-openai", daemon=True)

    @property
    def seen(self) -> list[SeenRequest]:
        return self.behaviour.seen

    def transport(self):  # noqa: ANN201 - httpx2 is imported lazily
        """An httpx2 transport that reaches this server (a Unix-socket one, or plain TCP)."""
        import httpx2

        return httpx2.HTTPTransport(uds=self.socket_path) if self.socket_path else httpx2.HTTPTransport()

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.behaviour.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- issue #19: rate limits per sliding window, and the files and batches endpoints (appended) -----------------


@dataclass
class Limits:
    """Requests and prompt tokens allowed per sliding ``window`` seconds (None: no limit), as a provider
    enforces rpm/tpm; a request past either gets 429 with Retry-After and is not counted."""

    requests: int | None = None
    tokens: int | None = None
    window: float = 60.0
    log: list[tuple[float, int]] = field(default_factory=list)  # (arrival, prompt tokens) of admitted requests
    rejected: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, tokens: int, now: float) -> float | None:
        """None when the request may be answered (it is counted), else seconds until it could be."""
        with self.lock:
            self.log = [(t, n) for t, n in self.log if t + self.window > now]
            over_requests = self.requests is not None and len(self.log) + 1 > self.requests
            over_tokens = self.tokens is not None and sum(n for _, n in self.log) + tokens > self.tokens
            if (over_requests or over_tokens) and self.log:
                self.rejected += 1
                return max(0.0, self.log[0][0] + self.window - now)
            self.log.append((now, tokens))
            return None


@dataclass
class BatchState:
    """Uploaded files and batch jobs; a batch is worked off when created (``polls_before_done``
    retrievals say in_progress first, so a test can interrupt a wait)."""

    polls_before_done: int = 0
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id -> (purpose, content)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _multipart_fields(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]]:
    """name -> (filename, bytes) of a multipart/form-data body."""
    found = re.search(r'boundary="?([^";]+)"?', content_type)
    if not found:
        return {}
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in raw.split(b"--" + found.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, body = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]*)"', head)
        filename = re.search(rb'filename="([^"]*)"', head)
        if name:
            fields[name.group(1).decode()] = (filename.group(1).decode() if filename else None, body[:-2])
    return fields


def _batch_line(b: Behaviour, line: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """(answered, output line) for one request of a batch input file."""
    request = line.get("body") or {}
    messages = request.get("messages") or []
    scenario, mode, attempt = b.scenario(request, {}), b.mode(request), b.attempt(messages)
    kind, script, shown = b.find(messages)
    tokens = prompt_tokens(request)
    seen = SeenRequest(time.monotonic(), scenario, kind, attempt, script.name if script else None, mode,
                       prompt_tokens=tokens, request=request)
    custom = line.get("custom_id")
    rid = "batch_req_" + hashlib.sha256(str(custom).encode()).hexdigest()[:20]
    if script is None or scenario not in ("ok", "fabricate"):
        seen.status = 400 if script is None else 500
        error = {"message": f"the scripted server has no answer for this {kind} request" if script is None
                 else "The server had an error while processing your request.", "type": "server_error"}
        with b.lock:
            b.seen.append(seen)
        return False, {"id": rid, "custom_id": custom,
                       "response": {"status_code": seen.status, "request_id": rid, "body": {"error": error}},
                       "error": None}
    with b.lock:
        b.seen.append(seen)
    payload = json.dumps(b.answer(kind, script, attempt, shown, scenario), ensure_ascii=False)
    body = completion(request, mode, payload, prompt=tokens)
    return True, {"id": rid, "custom_id": custom, "response": {"status_code": 200, "request_id": rid, "body": body},
                  "error": None}


class _ExtendedHandler(_Handler):
    """_Handler plus rate limits on chat completions and the files/batches endpoints."""

    limits: Limits
    batch_state: BatchState

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        import io

        path = self.path.rstrip("/")
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path in ("/v1/files", "/files"):
            self._upload(raw)
            return
        if path in ("/v1/batches", "/batches"):
            self._create_batch(raw)
            return
        if path in ("/v1/chat/completions", "/chat/completions") and (self.limits.requests or self.limits.tokens):
            try:
                tokens = prompt_tokens(json.loads(raw))
            except (json.JSONDecodeError, AttributeError):
                tokens = 0
            wait = self.limits.admit(tokens, time.monotonic())
            if wait is not None:
                self._error(429, "Rate limit reached for requests per window.", "requests",
                            extra={"Retry-After": f"{max(1, int(wait + 0.999))}"})
                return
        connection, self.rfile = self.rfile, io.BytesIO(raw)
        try:
            super().do_POST()
        finally:
            # the keep-alive loop reads the next request from rfile: it must be the connection again, or the
            # server drops a connection the client still holds open (a ReadError on its next request)
            self.rfile = connection

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        parts = [p for p in self.path.split("?")[0].strip("/").split("/") if p]
        parts = parts[1:] if parts[:1] == ["v1"] else parts
        state = self.batch_state
        if len(parts) == 2 and parts[0] == "batches":
            with state.lock:
                batch = state.batches.get(parts[1])
                if batch is not None:
                    state.polls[parts[1]] = polls = state.polls.get(parts[1], 0) + 1
                    shown = dict(batch)
                    if polls <= state.polls_before_done:
                        shown.update(status="in_progress", output_file_id=None, error_file_id=None)
            if batch is None:
                self._error(404, f"no batch {parts[1]}", "invalid_request_error")
            else:
                self._send(200, json.dumps(shown).encode())
            return
        if len(parts) == 3 and parts[0] == "files" and parts[2] == "content":
            with state.lock:
                stored = state.files.get(parts[1])
            if stored is None:
                self._error(404, f"no file {parts[1]}", "invalid_request_error")
            else:
                self._send(200, stored[1], "application/octet-stream")
            return
        self._error(404, f"no route {self.path}", "invalid_request_error")

    def _store_file(self, purpose: str, filename: str, content: bytes) -> dict[str, Any]:
        state = self.batch_state
        with state.lock:
            file_id = f"file-{hashlib.sha256(content).hexdigest()[:24]}-{len(state.files)}"
            state.files[file_id] = (purpose, content)
        return {"id": file_id, "object": "file", "bytes": len(content), "created_at": CREATED, "filename": filename,
                "purpose": purpose, "status": "processed"}

    def _upload(self, raw: bytes) -> None:
        fields = _multipart_fields(self.headers.get("Content-Type") or "", raw)
        if "file" not in fields:
            self._error(400, "a multipart 'file' field is required", "invalid_request_error")
            return
        purpose = fields.get("purpose", (None, b"batch"))[1].decode()
        filename, content = fields["file"]
        self._send(200, json.dumps(self._store_file(purpose, filename or "upload.jsonl", content)).encode())

    def _create_batch(self, raw: bytes) -> None:
        try:
            request = json.loads(raw)
        except json.JSONDecodeError:
            self._error(400, "the request body is not JSON", "invalid_request_error")
            return
        state = self.batch_state
        with state.lock:
            stored = state.files.get(str(request.get("input_file_id")))
        if stored is None:
            self._error(400, "no such input file", "invalid_request_error")
            return
        lines = [json.loads(line) for line in stored[1].decode("utf-8").splitlines() if line.strip()]
        done = [_batch_line(self.behaviour, line) for line in lines]
        output = "".join(json.dumps(out, ensure_ascii=False) + "\n" for ok, out in done if ok).encode("utf-8")
        errors = "".join(json.dumps(out, ensure_ascii=False) + "\n" for ok, out in done if not ok).encode("utf-8")
        with state.lock:
            batch_id = f"batch_{hashlib.sha256(stored[1]).hexdigest()[:20]}_{len(state.batches)}"
        out_file = self._store_file("batch_output", "output.jsonl", output)["id"] if output else None
        err_file = self._store_file("batch_output", "errors.jsonl", errors)["id"] if errors else None
        batch = {"id": batch_id, "object": "batch", "endpoint": request.get("endpoint"), "errors": None,
                 "input_file_id": request["input_file_id"], "completion_window": request.get("completion_window"),
                 "status": "completed", "output_file_id": out_file, "error_file_id": err_file,
                 "created_at": CREATED, "completed_at": CREATED, "metadata": request.get("metadata"),
                 "request_counts": {"total": len(done), "completed": sum(ok for ok, _ in done),
                                    "failed": sum(not ok for ok, _ in done)}}
        with state.lock:
            state.batches[batch_id] = batch
        self._send(200, json.dumps(batch).encode())


class ExtendedScriptedServer(ScriptedServer):
    """ScriptedServer with rate limits (``rpm``/``tpm`` per ``window`` seconds, sliding) and the files and
    batches endpoints of OpenAI's Batch API."""

    def __init__(self, *, rpm: int | None = None, tpm: int | None = None, window: float = 60.0,
                 polls_before_done: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limits = Limits(rpm, tpm, window)
        self.batch_state = BatchState(polls_before_done)
        handler = type("Handler", (_ExtendedHandler,), {"behaviour": self.behaviour, "limits": self.limits,
                                                        "batch_state": self.batch_state})
        self._server.RequestHandlerClass = handler  # type: ignore[attr-defined]  # set before serving starts
