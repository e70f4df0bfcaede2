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

from reportgen.engines.offline.region_sources import issuer_place, lower_issuer, shared_parent
from reportgen.ingest.document import Document
from reportgen.models import Bilingual, MetricDraft, Period
from reportgen.zh.period_labels import period_phrase
from reportgen.zh.periods import PeriodMention, context_year, find_periods
from reportgen.zh.place_words import territory_of as territory_of  # the one definition lives in zh
from reportgen.zh.places import PlaceMatch, is_within, place_en
from reportgen.zh.scope import TAIWAN_ONLY, uses_roc_years
from reportgen.zh.script import opencc_converter, to_simplified

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_FIGURE = re.compile(r"\d|[一二三四五六七八九十百千万亿]+[起宗件人名次个万亿%]")
_WHOLE_UNIT = {"市": "prefecture", "州": "prefecture", "盟": "prefecture", "县": "county", "区": "county",
               "旗": "county", "省": "province", "镇": "town", "乡": "town"}

# (pattern, English topic) in priority order; the headline is searched before the body
_TOPICS: tuple[tuple[str, str], ...] = (
    (r"海关", "customs enforcement"),
    (r"廉政公署|廉署", "anti-corruption work"),
    (r"反诈|反电诈|电信网络诈骗|电诈|诈骗", "anti-fraud work"),
    (r"扫黑除恶|黑恶", "crackdown on organized crime"),
    (r"禁毒|毒品", "drug control"),
    (r"交警|交通安全|道路交通|交通事故", "road traffic safety"),
    (r"消防|火灾", "fire safety"),
    (r"检察", "procuratorial work"),
    (r"法院|审判", "court work"),
    (r"公安|警方|民警|警务|平安|治安|罪案", "public security"),
    (r"政府工作报告", "government work"),
    (r"统计公报", "statistical communiqué"),
    (r"经济|生产总值|GDP", "economy"),
    (r"入境旅客|访澳旅客|访港旅客|旅客|游客|旅游", "visitor arrivals"),
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
    return [m for m in doc.place_matches if not doc.is_furniture(m.start, m.end)]


# ------------------------------------------------------------------------------------------
# region
# ------------------------------------------------------------------------------------------


# words by which an article speaks for Hong Kong, Macao or Taiwan as its own place (本港 "this territory")
_TERRITORY_SELF: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (re.compile(r"本港|全港(?![区口])|港府|香港警方|警务处处长|回港"), "香港", "香港", "Hong Kong"),
    (re.compile(r"本澳|全澳|澳府|治安警察局|司法警察局|回澳"), "澳门", "澳門", "Macao"),
    (re.compile(TAIWAN_ONLY), "台湾", "台灣", "Taiwan"),
)
# national bodies: an article they speak in (in its headline or lead) is about China as a whole
_NATIONAL = re.compile(r"公安部|最高人民检察院|最高检|最高人民法院|最高法|国务院新闻办|国新办|国家统计局|全国公安机关|"
                       r"全国检察机关|全国法院|全国禁毒办|国家移民管理局")
# a news agency's dateline (新华社北京3月8日电) says where the story was filed, not what it is about
_DATELINE = re.compile(r"(?:新华社|中新社|中新网|人民网|央视网|央视新闻|法治日报|人民日报|光明日报)[\u4e00-\u9fff]{2,4}"
                       r"\d{1,2}月\d{1,2}日(?:电|讯)")
NATIONAL = Bilingual(zh="全国", en="China")


def infer_region(doc: Document) -> Bilingual | None:
    """The place the article is about, in the article's script, with its English name: the headline's
    place; else the territory the article speaks for (本港, 本澳); else China for a national body's
    report; else the place named most."""
    datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(doc.simplified)]
    places = [p for p in _body_places(doc) if not any(s <= p.start < e for s, e in datelines)]
    title = _title_span(doc)
    in_title = [p for p in places if title and title[0] <= p.start < title[1]]
    if not in_title:
        special = _territory(doc, places) or _national(doc)
        if special is not None:
            return special
    if not places:
        return issuer_place(doc)
    shared = shared_parent(in_title) if in_title else None
    if shared is not None:  # 观塘区升近一成 油尖旺区仍居榜首: a headline about several districts is about their city
        return shared if doc.script != "zh-Hant" else Bilingual(zh=opencc_converter("s2t").convert(shared.zh),
                                                                  en=shared.en)
    chosen = _most_specific(in_title) if in_title else _most_mentioned(doc, places)
    if chosen is None:
        return None
    return Bilingual(zh=chosen.name, en=place_en(chosen.name))


def _territory(doc: Document, places: list[PlaceMatch]) -> Bilingual | None:
    """Hong Kong, Macao or Taiwan when the article speaks for it (本港, 全澳, 新台币), the one it does most:
    twice, or once when the places it names lie there (a mainland article may mention a trip 回港)."""
    counts = [(len(pattern.findall(doc.simplified)), zh_s, zh_t, en) for pattern, zh_s, zh_t, en in _TERRITORY_SELF]
    best = max(counts, key=lambda c: c[0])
    if best[0] == 0:
        return None
    top = _most_mentioned(doc, places) if places else None
    if top is not None and territory_of(top.name) == best[3] and top.level != "province":
        named = sum(1 for p in places if _key(p) == _key(top))
        if named >= best[0]:
            return None  # a city or district there (高雄市, 油尖旺區), named as often as the whole territory
    if best[0] == 1 and top is not None and territory_of(top.name) != best[3]:
        return None
    lower = lower_issuer(doc)
    if lower is not None and territory_of(lower.zh) == best[3]:
        return lower  # 屏東縣政府警察局 > 本縣…新臺幣: the county speaks, in the territory's money
    return Bilingual(zh=best[2] if doc.script == "zh-Hant" else best[1], en=best[3])


CURRENCIES = {"Hong Kong": "HKD", "Macao": "MOP", "Taiwan": "TWD"}
_NAMED_CURRENCY = ((re.compile(r"港元|港币|HK\$"), "HKD"), (re.compile(r"澳门元|葡币|MOP"), "MOP"),
                   (re.compile(r"新台币|台币|NT\$"), "TWD"))


def localise_money(doc: Document, metrics: list[MetricDraft], region: Bilingual | None) -> list[MetricDraft]:
    """Amounts read as yuan carry the currency their words name (港元, 葡幣, NT$), else, in a Hong Kong,
    Macao or Taiwan article, that territory's: bare 元 there is never the mainland's yuan."""
    local = CURRENCIES.get(territory_of(region.zh) or "") if region and region.zh else None
    out = []
    for m in metrics:
        if m.unit == "yuan":
            start = m.start if m.start is not None else doc.text.find(m.quote)
            near = m.quote if start < 0 else doc.text[start:start + len(m.quote) + 4]
            simp = to_simplified(near)
            code = next((code for pattern, code in _NAMED_CURRENCY if pattern.search(simp)), None) or local
            if code:
                m = m.model_copy(update={"unit": code})
        out.append(m)
    return out


def _national(doc: Document) -> Bilingual | None:
    """China for a national body's report: one named in the headline or the lead."""
    for span in (_title_span(doc), lead_span(doc)):
        if span and _NATIONAL.search(doc.simplified, span[0], span[1]):
            return NATIONAL
    return None


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
        if whole and (p.level == whole or whole == "prefecture" and p.division is not None
                      and p.division.suffix == "市"):  # 全市 speaks for a city, prefecture- or county-level (项城市)
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
    quarter = _headline_quarter(doc, ref, roc)
    for s, e in doc.body_spans():
        for sm in _SENTENCE.finditer(doc.simplified, s, e):
            sentence = sm.group(0)
            weight = 1.0 if _FIGURE.search(sentence) else 0.5
            mentions = find_periods(sentence, ref, carried, roc=roc, published=doc.published, this_quarter=quarter)
            named = [pm for pm in mentions if pm.year_named]
            if named:
                carried = named[-1].first.year
            for pm in mentions:
                at = sm.start() + pm.start
                w = weight
                in_title = bool(title and title[0] <= at < title[1])
                if in_title:
                    w = 3.0
                elif lead and lead[0] <= at < lead[1]:
                    w = max(w, 2.0)
                if pm.kind == "month" and pm.explicit_year and not in_title:
                    w *= 0.5  # 2023年8月 usually dates one event, not the report (a headline's month is its period)
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
        return _this_month(doc)
    label = max(votes, key=lambda k: (votes[k], -first_at.get(k, len(doc.text))))
    pm = chosen[label]
    return Period(label=pm.label, start=pm.first, end=pm.last)


def _headline_quarter(doc: Document, ref: int | None, roc: bool) -> str | None:
    """The quarter the headline, a line above the lead or the lead names (海關公布二○二五年第三季執法數字):
    what 本季 means."""
    spans = [span for span in (_title_span(doc), lead_span(doc)) if span]
    head = (0, max(end for _, end in spans)) if spans else None
    for span in [*spans[:1], *([head] if head else [])]:
        for s, e in doc.body_spans():
            lo, hi = max(s, span[0]), min(e, span[1])
            if lo >= hi:
                continue
            found = find_periods(doc.simplified[lo:hi], ref, roc=roc, published=doc.published)
            quarter = next((pm.label for pm in found if pm.kind == "quarter"), None)
            if quarter:
                return quarter
    return None


def _this_month(doc: Document) -> Period | None:
    """A bulletin that counts 本月 ("this month") and names no month: the month of the date it gives."""
    if doc.published is None or not any("本月" in doc.simplified[s:e] for s, e in doc.body_spans()):
        return None
    first = doc.published.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Period(label=f"{first.year}-{first.month:02d}", start=first, end=last)


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
