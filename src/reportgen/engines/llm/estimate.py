"""What a batch will cost, before anything is sent: ``--dry-run`` and ``--max-cost``.

WHY counted and not guessed: the prompt tokens are counted on the very request bodies the run
would send (``outgoing.RequestMaker``, ``budget.prompt_tokens``); only the answers' length is
estimated, from the article's tokens and the ratio this project measured (``COMPLETION_RATIO``).
The reduce call of a long article depends on its chunks' answers, so its prompt is estimated too
(as large as one chunk's overhead plus the chunk answers' length) and shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.errors import InputError

if TYPE_CHECKING:
    from reportgen.config import Settings
    from reportgen.pipeline import Article

# Completion tokens per article token, pooled over the 23 realistic articles of benchmarks/model_cost.py
# (RESULTS.md, 2026-12-06: 126,548 completion tokens for 32,288 article tokens). The figures' verbatim
# quotes make an answer several times longer than the article's own figure-bearing text.
COMPLETION_RATIO = 3.9
BATCH_DISCOUNT = 0.5  # the Batch API's price: half of the synchronous one


@dataclass
class Estimate:
    """The cost of a run, without calling the model."""

    model: str
    articles: int = 0
    unreadable: int = 0
    cached: int = 0
    calls: int = 0
    prompt_tokens: int = 0  # counted on the extraction requests the run will send
    reduce_calls: int = 0
    reduce_prompt_tokens: int = 0  # estimated: long articles' reduce calls
    completion_tokens: int = 0  # estimated
    cost_usd: float | None = None
    batch_cost_usd: float | None = None

    def lines(self) -> list[str]:
        """The estimate as a short table for a terminal."""
        def usd(value: float | None) -> str:
            return "unknown (no price for this model in the price table)" if value is None else f"${value:,.4f}"

        rows = [
            ("articles", f"{self.articles}" + (f" ({self.unreadable} unreadable)" if self.unreadable else "")),
            ("cached answers reused", f"{self.cached}"),
            ("model calls", f"{self.calls}" + (f" ({self.reduce_calls} reduce)" if self.reduce_calls else "")),
            ("prompt tokens", f"{self.prompt_tokens:,} counted"
             + (f" + {self.reduce_prompt_tokens:,} estimated (reduce calls)" if self.reduce_prompt_tokens else "")),
            ("completion tokens", f"{self.completion_tokens:,} estimated ({COMPLETION_RATIO:g} per article token)"),
            ("estimated cost", usd(self.cost_usd)),
            ("with the Batch API", usd(self.batch_cost_usd)),
        ]
        return [f"dry run, model {self.model}: nothing was sent"] + [f"  {k:<22} {v}" for k, v in rows]


def estimate(sources: list[tuple[str, Article]], settings: Settings) -> Estimate:
    """Articles, cached answers, calls, tokens and cost of running ``sources`` with ``settings``."""
    from reportgen.chunking import chunk_text
    from reportgen.engines.llm.budget import prompt_tokens
    from reportgen.engines.llm.engine import LLMEngine
    from reportgen.engines.llm.outgoing import RequestMaker
    from reportgen.engines.llm.pricing import estimate_cost
    from reportgen.pipeline import load
    from reportgen.storage.backend import open_answer_cache

    engine, maker = LLMEngine(settings), RequestMaker(settings)
    cache = open_answer_cache(settings.home) if settings.use_cache else None
    result = Estimate(model=settings.model)
    for name, source in sources:
        result.articles += 1
        try:
            doc = load(source, name=name)
        except InputError:
            result.unreadable += 1
            continue
        request = engine.build_request(doc, chunk_text(doc.text, settings.chunk_tokens))
        if cache is not None and cache.get(request.cache_key) is not None:
            result.cached += 1
            continue
        counted = [prompt_tokens(body) for body in maker.bodies(request)]
        answer = round(doc.token_count * COMPLETION_RATIO)
        result.calls += len(counted)
        result.prompt_tokens += sum(counted)
        result.completion_tokens += answer
        if len(counted) > 1:  # one reduce call: the framing of a call plus the chunks' answers
            result.reduce_calls += 1
            result.calls += 1
            overhead = max(0, counted[0] - doc.token_count // len(counted))
            result.reduce_prompt_tokens += overhead + answer
    prompt = result.prompt_tokens + result.reduce_prompt_tokens
    result.cost_usd = estimate_cost(settings.model, prompt, result.completion_tokens)
    result.batch_cost_usd = None if result.cost_usd is None else round(result.cost_usd * BATCH_DISCOUNT, 6)
    return result
