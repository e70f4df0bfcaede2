"""LLMEngine: the model writes the summaries and names the figures; grounding keeps it honest.

One call per article when it fits one chunk; a long article costs one extraction call per
chunk plus one reduce call for the summaries. The answer (before the offline cross-check) is
cached under REPORTGEN_HOME, so a rerun of the same article makes no request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.errors import ConfigError
from reportgen.models import Draft, Usage
from reportgen.engines.llm.grounding import GroundingCheck
from reportgen.engines.llm.merge import answer_to_draft, apply_synthesis, cross_check, merge_parts
from reportgen.engines.llm.prompts import glossary_terms, load_prompts
from reportgen.engines.llm.schema import Extraction, Synthesis

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Executor

    from reportgen.chunking import Chunk
    from reportgen.config import Settings
    from reportgen.ingest.document import Document


MODES = ("tools", "json_schema", "json", "md_json")


class LLMEngine:
    """An OpenAI-compatible model through instructor, cross-checked by the offline engine."""

    name = "llm"

    def __init__(self, settings: "Settings") -> None:
        if settings.mode not in MODES:
            raise ConfigError(f"unknown mode {settings.mode!r} (choose from {', '.join(MODES)})")
        self.settings = settings
        self.prompts = load_prompts(settings.prompts_dir)

    @property
    def prompt_version(self) -> str:
        return self.prompts.version

    def warm(self, doc: "Document | None" = None) -> None:
        """Import openai/instructor and build the shared client once, before a batch starts its
        threads (so they do not queue on the import lock one after another); with ``doc``, also
        rehearse a request for it (see ``client.rehearse``)."""
        from reportgen.engines.llm.client import get_client, rehearse

        get_client(self.settings)
        if doc is not None:
            messages = self.prompts.extract_messages(doc, None, 1, 1, glossary_terms(doc))
            rehearse(self.settings, Extraction, messages, GroundingCheck(doc))

    def extract(self, doc: "Document", chunks: list["Chunk"]) -> Draft:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-cross-check") as side:
            return self.begin(doc, chunks, side)()

    def begin(self, doc: "Document", chunks: list["Chunk"], cpu: "Executor") -> "Callable[[], Draft]":
        """Ask the model on this thread; the offline cross-check (CPU work) runs on ``cpu`` while the
        model thinks, not after its answer, when every article of a batch wave would do its CPU work
        at the same moment. Returns the merge of the two."""
        from reportgen.engines.offline import OfflineEngine

        glossary = glossary_terms(doc)
        offline = cpu.submit(OfflineEngine().extract, doc, chunks)
        try:
            model_draft = self._cached_or_asked(doc, chunks, glossary)
        except BaseException:
            offline.cancel()
            raise
        return lambda: cross_check(doc, model_draft, offline.result())

    # -- the model's draft, from the cache or from the endpoint ----------------------------------

    def _cache_key(self, doc: "Document", chunks: list["Chunk"], glossary: list[tuple[str, str]]) -> str:
        from reportgen.storage.cache import cache_key

        return cache_key("llm-draft-v1", self.settings.model, self.prompts.version, self.prompts.schema_hash,
                         [(c.start, c.end) for c in chunks], glossary, doc.title or "", doc.text)

    def _cached_or_asked(self, doc: "Document", chunks: list["Chunk"], glossary: list[tuple[str, str]]) -> Draft:
        from reportgen.storage.backend import open_answer_cache

        cache = open_answer_cache(self.settings.home) if self.settings.use_cache else None
        key = self._cache_key(doc, chunks, glossary) if cache is not None else ""
        if cache is not None:
            hit = cache.get(key)
            if hit is not None:
                draft = Draft.model_validate_json(hit)
                draft.usage = Usage(calls=0, prompt_tokens=0, completion_tokens=0, cached=True, chunks=len(chunks) or 1,
                                    model=self.settings.model, prompt_version=self.prompts.version, cost_usd=0.0)
                return draft
        draft = self._ask(doc, chunks, glossary)
        if cache is not None:
            cache.put(key, draft.model_dump_json())
        return draft

    def _ask(self, doc: "Document", chunks: list["Chunk"], glossary: list[tuple[str, str]]) -> Draft:
        from reportgen.engines.llm.pricing import estimate_cost
        from reportgen.engines.llm.client import accounting, get_client

        client = get_client(self.settings)
        notes: list[str] = []
        with accounting() as account:
            if len(chunks) <= 1:
                check = GroundingCheck(doc)
                answer, note = client.structured(Extraction, self.prompts.extract_messages(doc, None, 1, 1, glossary), check)
                draft = answer_to_draft(answer, doc)
                notes += [note] if note else []
            else:
                parts = []
                for number, chunk in enumerate(chunks, 1):
                    check = GroundingCheck(doc, near=chunk.start)
                    messages = self.prompts.extract_messages(doc, chunk, number, len(chunks), glossary)
                    answer, note = client.structured(Extraction, messages, check)
                    parts.append((chunk, answer))
                    notes += [f"part {number}: {note}"] if note else []
                draft = merge_parts(doc, parts)
                check = GroundingCheck(doc, figures=draft.metrics)
                messages = self.prompts.reduce_messages(doc, [(a.summary_zh, a.summary_en) for _, a in parts],
                                                        draft.metrics, glossary)
                synthesis, note = client.structured(Synthesis, messages, check)
                draft = apply_synthesis(draft, synthesis)
                notes += [f"summary: {note}"] if note else []
        draft.notes = [*draft.notes, *notes]
        draft.usage = Usage(
            calls=account.calls, prompt_tokens=account.prompt_tokens, completion_tokens=account.completion_tokens,
            cached=False, chunks=max(1, len(chunks)), model=self.settings.model, prompt_version=self.prompts.version,
            cost_usd=estimate_cost(self.settings.model, account.prompt_tokens, account.completion_tokens),
        )
        return draft
