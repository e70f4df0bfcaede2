"""Run the scripted server on TCP for manual use:

.venv/bin/python -m tests.scripted --port 8765
OPENAI_BASE_URL=http://127.0.0.1:8765/v1 reportgen summarize --engine llm tests/fixtures/articles/llm_mianyang_q3.txt
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .server import ANSWERS, ARTICLES, ScriptedServer


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.scripted", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds from a request's arrival to its answer")
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="folder of scripted answers")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of the articles they answer")
    args = parser.parse_args()
    with ScriptedServer(
        tcp=True, host=args.host, port=args.port, latency=args.latency, answers=args.answers, articles=args.articles
    ) as server:
        print(f"scripted OpenAI-compatible server at {server.base_url} (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
