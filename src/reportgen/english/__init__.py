"""The one place that writes figures, units, currencies, places and periods in English for readers.

Every English surface (the offline summary and key points, the Markdown report, the briefings, the
anomaly explanations) phrases a figure through these modules, so a value reads the same everywhere
("24.881 million yuan", "more than 1,200 people", "down 7.03% year on year", "Changzhi"):

- ``numbers``: a value in words and digits, with its qualifier and unit (``number_en``, ``quantity``)
- ``units``: a metric's unit for a reader (the offline engine's measure-word table, plus plurals)
- ``changes``: a metric's change, basis and from->to (``change_phrase``, ``figure_statement``)
- ``places``: place names, through ``reportgen.zh.places.place_en``
- ``periods``: period labels and dates, through ``reportgen.zh.periods.period_phrase``

May import: models, zh (places, periods, vocabulary, numerals) and the measure-word table of the offline engine
(``engines.offline.units``). Never verify, output or anything above them.
"""
