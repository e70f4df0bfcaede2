"""Storage: reports, jobs, the model-answer cache and briefing stores.

``store`` defines the Store protocol (reports by id, paginated listing, jobs as leased rows), ``sqlite`` the
embedded default under REPORTGEN_HOME, ``postgres`` (with ``pgpool`` and ``migrations``) the shared database for
API replicas, ``answers``/``cache`` the model-answer cache and briefing stores, ``backend`` picks one from
REPORTGEN_DATABASE_URL, ``jobs`` runs queued articles. May import: models, errors, config. Never engines,
output, api or cli (jobs receives the pipeline function from its caller).
"""
