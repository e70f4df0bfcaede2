"""The check instructor's validator runs on every answer: the project's grounding, applied early.

It reuses ``reportgen.verify`` (locate, check value and direction, unbacked numbers) so the
re-ask reasons are exactly the reasons the pipeline would reject a figure for later. Every
reviewed answer is remembered with its problems, so when the re-asks run out the best answer
is kept and its failing figures are rejected one by one downstream, not the whole article.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.engines.llm.merge import figure_drafts
from reportgen.engines.llm.schema import PERIOD_LABEL, Extraction, Synthesis
from reportgen.models import Draft, MetricDraft, Period
from reportgen.verify import grounding as ground
from reportgen.verify.prose import backing
from reportgen.verify.texts import text_problem
from reportgen.zh.numerals import numeral_values

if TYPE_CHECKING:
    from reportgen.ingest.document import Document

MAX_REASONS = 12


@dataclass
class GroundingCheck:
    """Per-call state: the article, where the chunk starts, and what each attempt got wrong.

    ``figures`` are the already-merged figures a reduce (Synthesis) answer may cite.
    """

    doc: Document
    near: int | None = None
    figures: list[MetricDraft] = field(default_factory=list)
    attempts: list[tuple[Extraction | Synthesis, list[str]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def review(self, answer: Extraction | Synthesis) -> list[str]:
        """Every reason the answer disagrees with the article (empty: it holds)."""
        extraction = isinstance(answer, Extraction)  # a reduce (Synthesis) answer cites the merged figures
        if isinstance(answer, Extraction):
            proposed = figure_drafts(answer, self.doc, near=self.near)
        else:
            proposed = list(self.figures)
        grounded = ground.ground_metrics(self.doc, Draft(engine="llm", metrics=proposed))
        problems: list[str] = []
        if extraction:
            dumped = [p.model_dump(mode="json") for p in proposed]
            taken: set[int] = set()
            for rejected in grounded.rejected:
                i = next((k for k, d in enumerate(dumped) if k not in taken and d == rejected.draft), None)
                if i is None:
                    continue
                taken.add(i)
                problems.append(f"figures[{i}] (quote {_short(proposed[i].quote)!r}): {rejected.reason}")
        back = backing(grounded.metrics, self.doc, _period(answer.period), extra=numeral_values(self.doc.title or ""))
        texts = [("summary_zh", answer.summary_zh, False), ("summary_en", answer.summary_en, True),
                 ("title_en", answer.title_en, None)]  # None: English, and no gloss of the article's words
        for i, kp in enumerate(answer.key_points):
            texts += [(f"key_points[{i}].zh", kp.zh, False), (f"key_points[{i}].en", kp.en, True)]
        for where, text, english in texts:
            problem = text_problem(text or "", back, english=english is not False,
                                   source=self.doc.text if english else None)
            if problem:
                problems.append(f"{where} {problem}")
        # a region the article does not name is not re-asked: the offline reader's region replaces it (merge.py)
        with self._lock:
            self.attempts.append((answer, problems))
        return problems

    @staticmethod
    def reask_message(problems: list[str]) -> str:
        """What instructor sends back to the model: the reasons, and how to fix them."""
        lines = problems[:MAX_REASONS]
        more = len(problems) - len(lines)
        text = "The answer does not agree with the article:\n" + "\n".join(f"- {p}" for p in lines)
        if more > 0:
            text += f"\n- … and {more} more"
        return text + ("\nCopy every quote character for character from the article, take each value from its quote, "
                       "drop a figure you cannot quote, use only the article's numbers in the summaries, key points "
                       "and title, and write English fields in English.")

    def best(self) -> tuple[Extraction | Synthesis, list[str], int] | None:
        """The reviewed answer with the fewest problems (the later one on a tie), its problems, and
        how many answers were reviewed; None when no answer ever parsed."""
        with self._lock:
            if not self.attempts:
                return None
            index = min(range(len(self.attempts)), key=lambda i: (len(self.attempts[i][1]), -i))
            answer, problems = self.attempts[index]
            return answer, problems, len(self.attempts)


def _period(label: str | None) -> Period | None:
    """The answer's period label, when it is one (its years may be written in the summaries)."""
    return Period(label=label) if label and PERIOD_LABEL.match(label) else None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
