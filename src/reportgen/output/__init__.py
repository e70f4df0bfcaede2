"""Output: verified figures -> readable text (the last stage of the pipeline).

``compose`` (with ``key_points`` and ``clauses``) writes the offline summary and key points from verified
figures only; ``collect`` gathers Reports for a briefing (reusing stored ones), ``briefing`` shapes them into
a view-model, ``executive`` writes its executive summary, ``chart`` lays out the inline SVG, ``render`` fills
the jinja2 templates (Markdown, self-contained HTML; autoescaped). May import: models, errors, config, english,
zh, verify.prose (so composed text is checked like any other), ingest (the Document), storage (briefing stores),
pipeline (collect runs it). Never api or cli.
"""
