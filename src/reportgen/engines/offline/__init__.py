"""The offline engine: deterministic rules (regex + glossary); no key, no network.

``mention_scan`` finds numerals with their measure words (``mentions``, ``word_mentions``), ``clauses`` lays out
the article, ``figures`` reads each run of values against the words before it (``changes``, ``indicators``,
``units``; ``borrowing`` for figures whose own words name nothing), ``restatements`` keeps a restated figure once,
``context`` finds the article's place and period (``region_sources`` when the headline and body do not settle it).
May import: models, ingest (the Document), zh. Never verify, english, output, storage, api or cli.
"""

from __future__ import annotations

from reportgen.chunking import Chunk
from reportgen.engines.offline.context import infer_context, localise_money
from reportgen.engines.offline.figures import find_figures
from reportgen.ingest.document import Document
from reportgen.models import Draft, Usage


class OfflineEngine:
    name = "offline"

    def extract(self, doc: Document, chunks: list[Chunk]) -> Draft:
        region, period, title_en = infer_context(doc)
        metrics = localise_money(doc, find_figures(doc, region=region, period=period), region)
        return Draft(
            engine=self.name,
            title_en=title_en,
            region=region,
            period=period,
            metrics=metrics,
            usage=Usage(calls=0, chunks=len(chunks)),
        )
