"""Prompt tokens of a chat request, counted before it is sent, with the shipped tokenizer.

WHY here: the rate limiter must charge a request's tokens before the endpoint bills them, and
``--dry-run`` must promise the count the run will then send. Both count the request body exactly
as it goes out, the way OpenAI's cookbook "How to count tokens with tiktoken" counts chat input
(3 per message plus its string values, 3 to prime the reply); tools, tool_choice and
response_format as compact JSON (never below the cookbook's count for tools). The scripted test
server bills usage the same way, so the limiter's estimate and the endpoint's usage agree there;
against a real provider the limiter corrects itself from ``usage`` (see ``ratelimit``).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from reportgen.tokens import count_tokens

TOKENS_PER_MESSAGE, TOKENS_PER_NAME, REPLY_PRIMING = 3, 1, 3
# the cookbook's num_tokens_for_tools constants for gpt-4o / gpt-4o-mini (o200k_base)
FUNC_INIT, PROP_INIT, PROP_KEY, ENUM_INIT, ENUM_ITEM, FUNC_END = 7, 3, 3, -3, 3, 12


def compact(value: Any) -> str:
    """JSON without spaces, as a request field reaches the model's context."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def message_tokens(messages: list[dict[str, Any]]) -> int:
    """The cookbook's ``num_tokens_from_messages``."""
    total = REPLY_PRIMING
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if value is None:
                continue
            total += count_tokens(value if isinstance(value, str) else compact(value))
            if key == "name":
                total += TOKENS_PER_NAME
    return total


def _cookbook_tool_tokens(tools: list[dict[str, Any]]) -> int:
    """The cookbook's ``num_tokens_for_tools`` (top-level properties only)."""
    if not tools:
        return 0
    total = 0
    for tool in tools:
        function = tool.get("function", {})
        description = function.get("description", "").removesuffix(".")
        total += FUNC_INIT + count_tokens(f"{function.get('name', '')}:{description}")
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


@functools.lru_cache(maxsize=32)
def _tool_tokens(compact_tools: str) -> int:
    """By the tools' JSON: every request of a run sends the same schema, counted once."""
    tools = json.loads(compact_tools)
    return max(sum(count_tokens(compact(t.get("function", t))) for t in tools), _cookbook_tool_tokens(tools))


def prompt_tokens(body: dict[str, Any]) -> int:
    """Prompt tokens of one chat-completions request body."""
    total = message_tokens(body.get("messages") or [])
    if body.get("tools"):
        total += _tool_tokens(compact(body["tools"]))
    for key in ("tool_choice", "response_format"):
        if body.get(key) is not None:
            total += count_tokens(compact(body[key]))
    return total


def body_prompt_tokens(content: bytes) -> int:
    """Prompt tokens of a request's raw JSON body; 0 for a body that is not a chat request."""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return 0
    return prompt_tokens(body) if isinstance(body, dict) and "messages" in body else 0
