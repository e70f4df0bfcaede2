"""Verification: nothing an engine proposes is trusted.

``grounding`` locates each figure's quote and checks its value and direction (rejecting what fails),
``prose`` defines "backed" (every number of a text, in either language, equals a verified figure, an
article number or a period year), ``texts`` holds every reader-facing text of a draft to it and lists
the offline-only figures as unconfirmed, ``anomalies`` flags figures that cannot all be right.
The words they read (rise/fall, basis, qualifiers) come from ``reportgen.zh.vocabulary``,
a figure's place and period from ``reportgen.zh.scope``: the same ones the offline engine proposes with.

May import: models, ingest (the Document), zh, english (anomaly explanations), registry. Never engines,
output, storage, api or cli.
"""
