"""Ingest: article bytes or text -> ``Document`` (the first stage of the pipeline).

What lives here: ``decoding`` (bytes -> str: BOMs, strict UTF-8, legacy encodings only through
detection), ``html`` (a page -> its article text and metadata), ``furniture`` (breadcrumbs, notices,
bylines, captions... marked as spans, plus title, date and publisher) and ``document`` (the Document
and the entry points below). It may import ``reportgen.errors``, ``reportgen.registry``,
``reportgen.tokens`` and ``reportgen.zh`` (script, numerals, periods, places); nothing downstream
(engines, verify, output, storage) and nothing that imports ingest.
"""

from reportgen.ingest.decoding import decode, garbage_share
from reportgen.ingest.document import MAX_BYTES, Document, from_bytes, from_path, from_text
from reportgen.ingest.html import HtmlPage, html_to_text, looks_like_html

__all__ = ["MAX_BYTES", "Document", "HtmlPage", "decode", "from_bytes", "from_path", "from_text", "garbage_share",
           "html_to_text", "looks_like_html"]
