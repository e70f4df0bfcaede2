"""The article's own place and period, and an English headline, inferred from the text.

Region: the place the headline names (the most specific one when it names a chain such as 广东梅州),
else the place the lead and the body name most, with 全市/全县/全区 telling which level the article
speaks for. Period: the period the article's figures are framed in (上半年, 2023年, 1至10月, 一季度),
counted over the headline, the lead and the sentences that carry figures; a mention without its own
year takes the publication year (今年/去年 relative to it), else the year the article names most.
The English headline is templated from region, topic and period only: it never states a fact the
source does not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from reportgen.ingest.document import Document
from reportgen.models import Bilingual, Period
from reportgen.zh.period_labels import period_phrase
from reportgen.zh.periods import PeriodMention, context_year, find_periods
from reportgen.zh.places import PlaceMatch, is_within, match_places, place_en
from reportgen.zh.scope import uses_roc_years

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_FIGURE = re.compile(r"\d|[一二三四五六七八九十百千万亿]+[起宗件人名次个万亿%]")
_WHOLE_UNIT = {"市": "prefecture", "州": "prefecture", "盟": "prefecture", "县": "county", "区": "county",
               "旗": "county", "省": "province", "镇": "town", "乡": "town"}

# (pattern, English topic) in priority order; the headline is searched before the body
_TOPICS: tuple[tuple[str, str], ...] = (
    (r"反诈|反电诈|电信网络诈骗|电诈|诈骗", "anti-fraud work"),
    (r"扫黑除恶|黑恶", "crackdown on organized crime"),
    (r"禁毒|毒品", "drug control"),
    (r"交警|交通安全|道路交通|交通事故", "road traffic safety"),
    (r"消防|火灾", "fire safety"),
    (r"检察", "procuratorial work"),
    (r"法院|审判", "court work"),
    (r"公安|警方|民警|警务|平安|治安", "public security"),
    (r"政府工作报告", "government work"),
    (r"经济|生产总值|GDP", "economy"),
)


def infer_context(doc: Document) -> tuple[Bilingual | None, Period | None, str | None]:
    """(region, period, title_en) of the article; None where the text does not say."""
    region = infer_region(doc)
    period = infer_period(doc)
    return region, period, title_en(doc, region, period)


# ------------------------------------------------------------------------------------------
# structure helpers
# ------------------------------------------------------------------------------------------


def _title_span(doc: Document) -> tuple[int, int] | None:
    if doc.title_span:
        return doc.title_span
    if doc.title:
        at = doc.text.find(doc.title)
        if at >= 0:
            return at, at + len(doc.title)
    return None


def lead_span(doc: Document) -> tuple[int, int] | None:
    """The first real paragraph of the body: after the headline, not furniture, not a caption."""
    title = _title_span(doc)
    for s, e in doc.body_spans():
        for m in re.finditer(r"[^\n]+", doc.text[s:e]):
            start, end = s + m.start(), s + m.end()
            line = m.group(0).strip()
            if title and start < title[1] and end > title[0]:
                continue
            if len(line) < 30:
                continue  # captions, sub-headings, datelines
            return start, end
    return None


def _body_places(doc: Document) -> list[PlaceMatch]:
    return [m for m in match_places(doc.text) if not doc.is_furniture(m.start, m.end)]


# ------------------------------------------------------------------------------------------
# region
# ------------------------------------------------------------------------------------------


def infer_region(doc: Document) -> Bilingual | None:
    """The place the article is about, in the article's script, with its English name."""
    places = _body_places(doc)
    if not places:
        return None
    title = _title_span(doc)
    in_title = [p for p in places if title and title[0] <= p.start < title[1]]
    chosen = _most_specific(in_title) if in_title else _most_mentioned(doc, places)
    if chosen is None:
        return None
    return Bilingual(zh=chosen.name, en=place_en(chosen.name))


def _key(p: PlaceMatch) -> str:
    return p.division.code if p.division and p.division.code else p.name


def _most_specific(cands: list[PlaceMatch]) -> PlaceMatch:
    """Of the headline's places, the innermost of a chain (广东梅州 -> 梅州); else the first named."""
    first = cands[0]
    best = first
    for p in cands[1:]:
        if p.division and best.division and is_within(p.division, best.division) and p.division != best.division:
            best = p
        elif best.division and p.division is None and p.level in ("town", "village") and best is first:
            # a town right after the headline's county (X县Y镇) is what the headline is about
            if p.start == best.end:
                best = p
    return best


def _most_mentioned(doc: Document, places: list[PlaceMatch]) -> PlaceMatch | None:
    lead = lead_span(doc)
    whole = _whole_unit_level(doc)
    score: dict[str, float] = defaultdict(float)
    first_seen: dict[str, PlaceMatch] = {}
    for p in places:
        if p.level == "village":
            continue
        k = _key(p)
        first_seen.setdefault(k, p)
        score[k] += 3.0 if lead and lead[0] <= p.start < lead[1] else 1.0
    if not score:
        return None
    for k, p in first_seen.items():
        if whole and p.level == whole:
            score[k] += 2.0
        if p.level in ("town", "village"):
            score[k] -= 1.0
    best = max(score, key=lambda k: (score[k], -first_seen[k].start))
    return first_seen[best]


def _whole_unit_level(doc: Document) -> str | None:
    """Which level 全市/全县/全区 speaks for, if the article uses one of them clearly more than others."""
    counts: dict[str, int] = defaultdict(int)
    for m in re.finditer(r"全([市州盟县区旗省镇乡])", doc.simplified):
        if not doc.is_furniture(m.start()):
            counts[_WHOLE_UNIT[m.group(1)]] += 1
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


# ------------------------------------------------------------------------------------------
# period
# ------------------------------------------------------------------------------------------


def reference_year(doc: Document) -> int | None:
    """The year 今年 refers to: the publication year, else the year the article names most."""
    if doc.published:
        return doc.published.year
    roc = uses_roc_years(doc)
    body = "".join(doc.simplified[s:e] for s, e in doc.body_spans())
    return context_year(body, roc=roc) or context_year(doc.simplified, roc=roc)


def infer_period(doc: Document) -> Period | None:
    """The reporting period: the one the headline, the lead and the figure sentences name most."""
    ref = reference_year(doc)
    title = _title_span(doc)
    lead = lead_span(doc)
    votes: dict[str, float] = defaultdict(float)
    first_at: dict[str, int] = {}
    chosen: dict[str, PeriodMention] = {}
    so_far: dict[int, float] = defaultdict(float)  # 今年以来 votes, by year
    carried = ref  # a mention without its own year takes the year the text last named
    roc = uses_roc_years(doc)
    for s, e in doc.body_spans():
        for sm in _SENTENCE.finditer(doc.simplified, s, e):
            sentence = sm.group(0)
            weight = 1.0 if _FIGURE.search(sentence) else 0.5
            mentions = find_periods(sentence, ref, carried, roc=roc, published=doc.published)
            named = [pm for pm in mentions if pm.year_named]
            if named:
                carried = named[-1].first.year
            for pm in mentions:
                at = sm.start() + pm.start
                w = weight
                if title and title[0] <= at < title[1]:
                    w = 3.0
                elif lead and lead[0] <= at < lead[1]:
                    w = max(w, 2.0)
                if pm.kind == "month" and pm.explicit_year:
                    w *= 0.5  # 2023年8月 usually dates one event, not the report
                if pm.kind == "ytd":
                    so_far[pm.first.year] += w
                    first_at.setdefault(pm.label, at)
                    chosen.setdefault(pm.label, pm)
                    continue
                votes[pm.label] += w
                first_at.setdefault(pm.label, at)
                chosen.setdefault(pm.label, pm)
    _credit_year_so_far(so_far, votes, chosen)
    if not votes:
        return None
    label = max(votes, key=lambda k: (votes[k], -first_at.get(k, len(doc.text))))
    pm = chosen[label]
    return Period(label=pm.label, start=pm.first, end=pm.last)


def _credit_year_so_far(so_far: dict[int, float], votes: dict[str, float], chosen: dict[str, PeriodMention]) -> None:
    """今年以来 ("so far this year") backs the span the text gives for it (今年以来…1至10月 -> January to
    October), the part of that year starting in January with most votes; with none, the year itself."""
    for year, weight in so_far.items():
        partial = [label for label, pm in chosen.items() if label in votes and pm.first == dt.date(year, 1, 1)
                   and pm.last < dt.date(year, 12, 31)]
        target = max(partial, key=lambda label: votes[label]) if partial else str(year)
        votes[target] += weight
        if target not in chosen:
            chosen[target] = PeriodMention(0, 0, target, dt.date(year, 1, 1), dt.date(year, 12, 31), False, "year")


# ------------------------------------------------------------------------------------------
# English headline
# ------------------------------------------------------------------------------------------


def article_topic(doc: Document) -> str | None:
    """What the article reports on, in English ("public security", "anti-fraud work"), from keywords:
    the headline's first, else the body's most frequent."""
    span = _title_span(doc)
    title = doc.simplified[span[0]:span[1]] if span else ""
    for pattern, topic in _TOPICS:
        if re.search(pattern, title):
            return topic
    body = "".join(doc.simplified[s:e] for s, e in doc.body_spans())
    counts = [(len(re.findall(pattern, body)), -i, topic) for i, (pattern, topic) in enumerate(_TOPICS)]
    best = max(counts)
    return best[2] if best[0] >= 2 else None


def title_en(doc: Document, region: Bilingual | None, period: Period | None) -> str | None:
    """A templated English headline: place, topic and period, nothing else."""
    topic = article_topic(doc)
    place = region.en if region else None
    when = period_phrase(period.label) if period else ""
    if place and topic:
        head = f"{place} {topic}"
    elif place:
        head = place
    elif topic:
        head = topic
    else:
        return f"Report for {when}" if when else None
    if not place and not when:
        return None  # a topic alone is no headline
    text = f"{head} in {when}" if when else head
    return text[:1].upper() + text[1:]
