"""Verification: nothing an engine proposes is trusted.

``grounding`` locates each figure's quote and checks its value and direction (rejecting what fails),
``prose`` checks that every number in English prose is backed, ``anomalies`` flags figures that cannot
all be right. The words they read (rise/fall, basis, qualifiers) come from ``reportgen.zh.vocabulary``,
a figure's place and period from ``reportgen.zh.scope``: the same ones the offline engine proposes with.

May import: models, ingest (the Document), zh, english (anomaly explanations), registry. Never engines,
output, storage, api or cli.
"""
