"""Issue #16: the briefing's executive summary with ``--engine llm``: one model call over the verified
figures of all reports, checked like any prose, the offline summary (with a note) when it fails.

The model's answers are built at run time from the reports' own figures (fixture articles written for
the project), never stored sentences of ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import summarize_file
from reportgen.config import Settings
from reportgen.engines.llm import client as llm_client
from reportgen.english.changes import figure_statement
from reportgen.english.places import place_name
from reportgen.errors import UpstreamError
from reportgen.models import Report
from reportgen.output import executive

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "english"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    names = ("hk_district_review.txt", "county_in_city.txt", "taiwan_fraud.txt")
    return [summarize_file(FIXTURES / n, engine="offline") for n in names]


class FakeClient:
    """Plays the model: answers with ``reply(prompt)`` and keeps the prompts it was sent."""

    def __init__(self, reply) -> None:  # noqa: ANN001 - a function of the prompt
        self.reply, self.prompts = reply, []

    def text(self, messages: list[dict[str, str]]) -> str:
        self.prompts.append(messages[-1]["content"])
        return self.reply(messages[-1]["content"])


def use(monkeypatch: pytest.MonkeyPatch, fake: FakeClient) -> executive.ExecutiveSummarizer:
    monkeypatch.setattr(llm_client, "get_client", lambda settings: fake)
    settings = Settings.from_env(engine="llm", base_url="http://model.invalid/v1", api_key="k")
    summarizer = executive.executive_summarizer(settings)
    assert summarizer is not executive.offline_executive_summary
    return summarizer


def faithful(reports: list[Report]) -> str:
    """A good answer: one sentence per report from its first named figure, as the English module writes it."""
    sentences = []
    for r in reports:
        m = next(m for m in r.metrics if m.change is not None)
        sentences.append(f"In {place_name(r.region)}, {m.indicator.en} {figure_statement(m).split(': ', 1)[-1]}.")
    return " ".join(sentences)


def test_one_call_writes_the_summary_from_the_verified_figures(monkeypatch: pytest.MonkeyPatch,
                                                               reports: list[Report]) -> None:
    answer = faithful(reports)
    fake = FakeClient(lambda prompt: answer)
    text = use(monkeypatch, fake)(reports)
    assert text == answer and len(fake.prompts) == 1
    prompt = fake.prompts[0]
    assert "Hong Kong" in prompt and "Chizhou" in prompt and "Taiwan" in prompt
    figures = prompt.split("<reports>", 1)[1]
    assert "HK$" in figures and "NT$" in figures and "yuan" not in figures  # money as the English module writes it
    assert "pinyin words" in prompt and "Compare like with like" in prompt
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in prompt)  # figures go in English only


@pytest.mark.parametrize(("bad", "why"), [
    (lambda good: good + " Overall, 999 more cases were reported.", "numbers that no verified figure backs"),
    (lambda good: good + " 香港", "Chinese characters"),
    (lambda good: "", "empty"),
])
def test_a_failing_answer_gives_way_to_the_offline_summary(monkeypatch: pytest.MonkeyPatch, reports: list[Report],
                                                           bad, why: str) -> None:  # noqa: ANN001
    text = use(monkeypatch, FakeClient(lambda prompt: bad(faithful(reports))))(reports)
    assert text.startswith(executive.offline_executive_summary(reports))
    assert "the model's summary was not used" in text and why in text
    assert not executive.check_summary(text, reports)  # the fallback, note included, is itself backed


def test_a_failed_call_gives_way_to_the_offline_summary(monkeypatch: pytest.MonkeyPatch,
                                                        reports: list[Report]) -> None:
    def refuse(prompt: str) -> str:
        raise UpstreamError("the endpoint answered HTTP 503")

    text = use(monkeypatch, FakeClient(refuse))(reports)
    assert text.startswith(executive.offline_executive_summary(reports)) and "could not be asked" in text
    assert "503" not in text


def test_the_offline_summary_says_when_a_place_lies_inside_another(reports: list[Report]) -> None:
    text = executive.offline_executive_summary(reports)
    assert "(within Chizhou)" in text
