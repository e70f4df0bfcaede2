"""A statement the article makes twice is one figure.

Reports open with a summary and restate it in the body; a headline rounds a body figure. Two
figures are one statement when unit and change agree, the value is the same, and either both
come from the same list of several values (分别同比下降18.35%、1.26%、24.83% written twice), or
one's wording contains the other's, or both say zero about the same thing in one breath. A
restatement that adds something (the level beside a change first given alone) is a new figure.
A figure in the headline yields to a body figure within 10% of it (下降两成 for 20.6%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.engines.offline.mentions import Mention

Span = tuple[int, int]
_DIGITS = re.compile(r"\d")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fff]|[的了和与及共]")
#: earlier figures of the same unit, direction and value a figure is compared with: an article restates a
#: figure a few times; an endless run of equal values would otherwise cost quadratic time
_PARTNERS = 16
#: how far before its number a figure's quote may start: a change in a sentence of hundreds of bare changes
#: borrows a name stated far back, and quotes that grew with the sentence would make the article quadratic
QUOTE_REACH = 240


@dataclass
class Figure:
    """A figure read from a clause, before it becomes a MetricDraft."""

    mention: Mention
    ind: list[Span]
    quote: Span
    change: tuple[str, str] | None = None      # (direction, basis)
    from_value: float | None = None
    run: tuple[float, ...] = ()                # the values of the list the figure came in
    in_title: bool = False
    subject: int = 0                           # which of the subjects sharing one value (A、B均达到100%)
    at: int | None = None                      # where its place is named, when not the nearest before it
    repeats: list[Span] = field(default_factory=list)  # quotes of the other statements of this figure

    @property
    def direction(self) -> str | None:
        return self.change[0] if self.change else None


def drop_repeats(simp: str, figures: list[Figure]) -> list[Figure]:
    """``figures`` without restatements: the first statement stays, and a headline figure yields to the body one."""
    body: dict[tuple[str, str | None], list[Figure]] = {}
    for f in figures:
        if not f.in_title:
            body.setdefault((f.mention.unit, f.direction), []).append(f)
    kept: list[Figure] = []
    said: dict[tuple[str, str | None, float], list[Figure]] = {}
    follows: dict[int, Figure] = {}   # id(kept figure) -> the figure stated right after it
    repeated: dict[int, Figure] = {}  # id(dropped figure) -> the kept figure it restates
    listed: dict[int, set[Span]] = {}  # id(kept figure) -> its repeats, for a membership test in constant time
    previous: Figure | None = None
    for f in figures:
        level = repeated.get(id(previous)) if previous is not None else None
        previous = f
        after = follows.get(id(level)) if level is not None else None
        if (after is not None and f.change is not None and after.change == f.change
                and after.mention.value == f.mention.value and after.mention.unit == f.mention.unit):
            after.repeats.append(reach(f))  # 录得罪案3,126宗，按年下跌8.1% said again: the change goes with its level
            repeated[id(f)] = after
            continue
        rounded = next((g for g in body.get((f.mention.unit, f.direction), []) if _headline_rounds(f, g)), None) \
            if f.in_title else None
        if rounded is not None:
            rounded.repeats.append(reach(f))
            repeated[id(f)] = rounded
            continue
        key = (f.mention.unit, f.direction, f.mention.value)
        first = next((g for g in said.get(key, [])[-_PARTNERS:] if _same_statement(simp, f, g)), None)
        if first is not None:
            seen = listed.get(id(first))
            if seen is None:
                seen = listed[id(first)] = set(first.repeats)
            if first.quote != f.quote and reach(f) not in seen:
                first.repeats.append(reach(f))
                seen.add(reach(f))
            repeated[id(f)] = first
            continue
        said.setdefault(key, []).append(f)
        if kept:
            follows.setdefault(id(kept[-1]), f)
        kept.append(f)
    return kept


def reach(f: Figure) -> Span:
    """The figure's quote, starting no further than QUOTE_REACH before its number."""
    return max(f.quote[0], f.mention.start - QUOTE_REACH), f.quote[1]


def _headline_rounds(title: Figure, body: Figure) -> bool:
    """The headline restates the body's figure rounded: within a tenth, or a bound its qualifier sets
    (降逾3成 over 33.6%, 升近一成 over 8.7%, 约两成 over 21.4%)."""
    a, b = title.mention.value, body.mention.value
    if abs(a - b) <= 0.1 * max(abs(a), abs(b), 1e-9):
        return True
    qualifier = title.mention.qualifier
    if qualifier in ("over", "more_than", "at_least"):
        return a <= b <= a * 1.35
    if qualifier in ("nearly", "under"):
        return a * 0.8 <= b <= a
    return qualifier == "about" and abs(a - b) <= 0.15 * a


def _same_statement(simp: str, a: Figure, b: Figure) -> bool:
    if a.mention.start == b.mention.start:
        return a.subject == b.subject  # one numeral read twice (but 命案、两抢案件零发案 are two zeros)
    if a.change != b.change:
        return False
    za, zb = a.mention.zero_noun, b.mention.zero_noun
    if za and zb and simp[za[0]:za[1]] == simp[zb[0]:zb[1]] and abs(a.mention.start - b.mention.start) < 40:
        return True  # 两抢案件零发案，实现连续12个月两抢零发案
    if len(a.run) > 1 and a.run == b.run:
        return True
    qa = simp[reach(a)[0]:a.mention.end]
    qb = simp[reach(b)[0]:b.mention.end]
    shortest = min(len(_DIGITS.sub("", qa)), len(_DIGITS.sub("", qb)))
    if shortest >= 6 and (qa in qb or qb in qa):
        return True
    if len(a.run) > 1 or len(b.run) > 1:
        return False  # one end of a range or a member of a list is its own figure
    return _distinctive(a.mention) and _alike(_words(simp, a), _words(simp, b))


def _distinctive(m: Mention) -> bool:
    """A value unlikely to recur by chance (195, 3.5万): small counts and round shares do."""
    if m.kind not in ("count", "bare") or m.unit in ("rank", "%", "percentage points"):
        return False
    digits = f"{m.value:.6f}".replace(".", "").strip("0")
    return len(digits) >= 3  # 186, 3,126, 8643万; but not 2000 or 2.1万


def _words(simp: str, f: Figure) -> set[str]:
    """The character pairs of the figure's wording (its quote without the numbers)."""
    text = simp[slice(*reach(f))]
    text = _NOT_WORD.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _alike(a: set[str], b: set[str]) -> bool:
    """Two wordings of one thing: most of the shorter one's character pairs recur in the longer."""
    small = min(len(a), len(b))
    return small >= 3 and len(a & b) >= 0.6 * small
