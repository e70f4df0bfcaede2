"""Chinese-language knowledge, independent of any one article or stage.

``script`` (Simplified view, script detection), ``numerals`` (numbers as Chinese writes them),
``periods`` and ``period_labels`` (reporting periods, their labels and English), ``gazetteer`` and
``places`` (administrative divisions, finding place names, their English), ``pinyin``, and the
glossary (``glossary`` with ``glossary_table``, ``term_composition`` with ``term_parts``,
``term_rendering``). Tables built from shipped data are ``reportgen.registry`` tables.
Modules here may import ``reportgen.registry``, ``reportgen.config`` and each other, never ingest, engines,
verify, output or storage.
"""
