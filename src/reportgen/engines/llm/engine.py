"""LLMEngine: the model writes the summaries and names the figures; grounding keeps it honest.

One call per article when it fits one chunk; a long article costs one extraction call per
chunk plus one reduce call for the summaries. The answer (before the offline cross-check) is
cached under REPORTGEN_HOME, so a rerun of the same article makes no request.

The engine is two plain steps around the model's answer: ``build_request`` (CPU only: prompts,
glossary, cache key) and ``finish`` (CPU only: the offline cross-check and merge). ``extract``
puts the waiting between them; a batch interface (say OpenAI's Batch API) can call the two itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.engines.llm.grounding import GroundingCheck
from reportgen.engines.llm.merge import answer_to_draft, apply_synthesis, cross_check, merge_parts
from reportgen.engines.llm.prompts import glossary_terms, load_prompts
from reportgen.engines.llm.schema import Extraction, Synthesis
from reportgen.errors import ConfigError
from reportgen.models import Draft, Usage

if TYPE_CHECKING:
    from reportgen.chunking import Chunk
    from reportgen.config import Settings
    from reportgen.engines.llm.client import ModelClient
    from reportgen.ingest.document import Document


MODES = ("tools", "json_schema", "json", "md_json")

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class ModelRequest:
    """Everything one article's model calls need, built before anything is sent."""

    doc: Document
    chunks: list[Chunk]
    glossary: list[tuple[str, str]]
    extractions: list[Messages]  # one extraction call per chunk (a typical article: one in all)
    cache_key: str


class LLMEngine:
    """An OpenAI-compatible model through instructor, cross-checked by the offline engine."""

    name = "llm"

    def __init__(self, settings: Settings) -> None:
        if settings.mode not in MODES:
            raise ConfigError(f"unknown mode {settings.mode!r} (choose from {', '.join(MODES)})")
        self.settings = settings
        self.prompts = load_prompts(settings.prompts_dir)

    @property
    def prompt_version(self) -> str:
        return self.prompts.version

    def extract(self, doc: Document, chunks: list[Chunk]) -> Draft:
        """``build_request``, the model's answer (cached or asked), ``finish``. The offline cross-check
        is CPU work and the answer takes seconds, so it runs meanwhile, on a thread of its own."""
        from concurrent.futures import ThreadPoolExecutor

        from reportgen.engines.offline import OfflineEngine

        request = self.build_request(doc, chunks)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-cross-check") as side:
            offline = side.submit(OfflineEngine().extract, doc, chunks)
            model_draft = self._cached_or_asked(request)
            return self.finish(request, model_draft, offline.result())

    def build_request(self, doc: Document, chunks: list[Chunk]) -> ModelRequest:
        """The prompts for the article's extraction call(s) and the key of its cached answer."""
        from reportgen.storage.cache import cache_key

        glossary = glossary_terms(doc)
        total = max(1, len(chunks))
        if len(chunks) <= 1:
            extractions = [self.prompts.extract_messages(doc, None, 1, 1, glossary)]
        else:
            extractions = [self.prompts.extract_messages(doc, chunk, number, total, glossary)
                           for number, chunk in enumerate(chunks, 1)]
        key = cache_key("llm-draft-v1", self.settings.model, self.prompts.version, self.prompts.schema_hash,
                        [(c.start, c.end) for c in chunks], glossary, doc.title or "", doc.text)
        return ModelRequest(doc=doc, chunks=chunks, glossary=glossary, extractions=extractions, cache_key=key)

    def finish(self, request: ModelRequest, model_draft: Draft, offline: Draft | None = None) -> Draft:
        """The model's draft (its answer, parsed) cross-checked by the offline engine's draft of the
        same article (made here unless given)."""
        if offline is None:
            from reportgen.engines.offline import OfflineEngine

            offline = OfflineEngine().extract(request.doc, request.chunks)
        return cross_check(request.doc, model_draft, offline)

    # -- the model's draft, from the cache or from the endpoint ----------------------------------

    def _cached_or_asked(self, request: ModelRequest) -> Draft:
        from reportgen.storage.backend import open_answer_cache

        cache = open_answer_cache(self.settings.home) if self.settings.use_cache else None
        if cache is not None:
            hit = cache.get(request.cache_key)
            if hit is not None:
                draft = Draft.model_validate_json(hit)
                draft.usage = Usage(calls=0, prompt_tokens=0, completion_tokens=0, cached=True,
                                    chunks=len(request.chunks) or 1, model=self.settings.model,
                                    prompt_version=self.prompts.version, cost_usd=0.0)
                return draft
        draft = self._ask(request)
        if cache is not None:
            cache.put(request.cache_key, draft.model_dump_json())
        return draft

    def _ask(self, request: ModelRequest, given: list[Extraction | None] | None = None) -> Draft:
        """The model's draft from the endpoint; ``given`` answers (say from the Batch API) stand in for
        their extraction calls, the rest (and the reduce call) are asked as ordinary calls."""
        from reportgen.engines.llm.accounting import accounting
        from reportgen.engines.llm.client import get_client
        from reportgen.engines.llm.pricing import estimate_cost

        client = get_client(self.settings)
        with accounting() as account:
            draft, notes = self._answers(client, request, given)
        draft.notes = [*draft.notes, *notes]
        draft.usage = Usage(
            calls=account.calls, prompt_tokens=account.prompt_tokens, completion_tokens=account.completion_tokens,
            cached=False, chunks=max(1, len(request.chunks)), model=self.settings.model,
            prompt_version=self.prompts.version,
            cost_usd=estimate_cost(self.settings.model, account.prompt_tokens, account.completion_tokens),
        )
        return draft

    def draft_from_answers(self, request: ModelRequest, given: list[Extraction | None]) -> Draft:
        """The article's draft from answers obtained elsewhere (None: ask that one now), kept in the
        answer cache as an ordinary answer would be, so the pipeline then finishes it as usual."""
        from reportgen.storage.backend import open_answer_cache

        draft = self._ask(request, given)
        open_answer_cache(self.settings.home).put(request.cache_key, draft.model_dump_json())
        return draft

    def _answers(self, client: ModelClient, request: ModelRequest,
                 given: list[Extraction | None] | None = None) -> tuple[Draft, list[str]]:
        """The model's draft: one call, or one per chunk and a reduce call for the summaries."""
        doc, chunks = request.doc, request.chunks
        given = given or [None] * max(1, len(chunks))
        if len(chunks) <= 1:
            answer, note = ((given[0], None) if given[0] is not None
                            else client.structured(Extraction, request.extractions[0], GroundingCheck(doc)))
            return answer_to_draft(answer, doc), [note] if note else []
        notes: list[str] = []
        parts = []
        for number, (chunk, messages) in enumerate(zip(chunks, request.extractions, strict=True), 1):
            known = given[number - 1]
            answer, note = ((known, None) if known is not None
                            else client.structured(Extraction, messages, GroundingCheck(doc, near=chunk.start)))
            parts.append((chunk, answer))
            notes += [f"part {number}: {note}"] if note else []
        draft = merge_parts(doc, parts)
        check = GroundingCheck(doc, figures=draft.metrics)
        messages = self.prompts.reduce_messages(doc, [(a.summary_zh, a.summary_en) for _, a in parts],
                                                draft.metrics, request.glossary)
        synthesis, note = client.structured(Synthesis, messages, check)
        notes += [f"summary: {note}"] if note else []
        return apply_synthesis(draft, synthesis), notes
