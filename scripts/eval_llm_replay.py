"""Score the llm engine on an annotated folder with a careful model's answers built from the annotations.

The scripted endpoint (tests/scripted) answers each article with its annotation's figures, quotes and
key points (tests/scripted/annotated.py), so the score measures what the project's verifier keeps of a
correct answer: a figure refused here is a true figure lost. No network, no key:

    .venv/bin/python scripts/eval_llm_replay.py tests/fixtures/blind6 [-v]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted import ScriptedServer  # noqa: E402 - the repository root is put on the path above
from tests.scripted.annotated import annotated_script  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: eval_llm_replay.py DIR [reportgen eval options]", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    articles = sorted(folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as home, \
            ScriptedServer(tcp=True, scripts=[annotated_script(a) for a in articles]) as server:
        env = dict(os.environ, OPENAI_API_KEY="sk-replay-not-a-key", OPENAI_BASE_URL=server.base_url,
                   REPORTGEN_HOME=home, REPORTGEN_MODEL="scripted-ok")
        reportgen = Path(sys.executable).with_name("reportgen")
        done = subprocess.run([str(reportgen), "eval", "-e", "llm", "--no-cache", *argv[1:], str(folder)], env=env)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
