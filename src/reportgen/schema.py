"""Generate schemas/report.schema.json from the pydantic models (``python -m reportgen.schema``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportgen.models import Report


def report_schema() -> dict:
    schema = Report.model_json_schema(mode="serialization")
    schema["$id"] = "https://reportgen.invalid/schemas/report.schema.json"
    schema["title"] = "Report"
    return schema


def render_schema() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else Path("schemas/report.schema.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
