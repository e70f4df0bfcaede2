"""Where an article's region comes from when neither its headline's one place nor its body settles it.

A headline naming sibling districts (观塘区…油尖旺区…) is about the unit holding them; an article that
names no place but its own (全市经济运行) is about its issuer's place (来源：唐山市统计局, 绵阳日报), and so
is a county's page in a territory's money (屏東縣政府警察局 > 本縣…新臺幣).
"""

from __future__ import annotations

import re

from reportgen.ingest.document import Document
from reportgen.models import Bilingual
from reportgen.zh.gazetteer import gazetteer
from reportgen.zh.places import PlaceMatch, is_within, match_places, place_en
from reportgen.zh.script import to_simplified


def shared_parent(in_title: list[PlaceMatch]) -> Bilingual | None:
    """The unit that holds two or more sibling places a headline names (neither inside the other)."""
    divisions = {p.division.code: p.division for p in in_title if p.division is not None and p.division.code}
    if len(divisions) < 2:
        return None
    units = list(divisions.values())
    if any(is_within(a, b) for a in units for b in units if a is not b):
        return None  # 广东梅州: a chain, the innermost is meant (_most_specific)
    gaz = gazetteer()
    for width in (4, 2):
        prefixes = {d.code[:width] for d in units}
        parent = gaz.by_code.get(prefixes.pop() + "0" * (6 - width)) if len(prefixes) == 1 else None
        if parent is not None and parent.code not in divisions:
            name = parent.stem if parent.level == "province" and parent.suffix == "特别行政区" else parent.name
            return Bilingual(zh=name, en=place_en(name))
    return None


# the article speaks for its own place without naming it (全市经济运行, 本县, 辖内): the issuer names it
_SELF_REFERENCE = re.compile(r"(?:全|本)(?:省|市|州|盟|县|区|旗)|辖(?:内|区)")
# ... for a level below a whole territory (本县, 全市, 辖内; not 全港, 本澳)
_LOWER_SELF = re.compile(r"(?:全|本)(?:市|县|区)|辖(?:内|区)")


# a local paper or outlet named after its city without 市 (绵阳日报, 唐山晚报, 宜宾发布)
_LOCAL_PAPER = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:日报|晚报|新闻网|融媒体中心|发布|广播电视台)")


def _issuer_texts(doc: Document) -> list[str]:
    """Where an issuer names itself: the publisher (来源：…), the masthead or banner lines above the
    headline (屏東縣政府警察局全球資訊網), and the page furniture of the header."""
    header_end = min((s for s, _ in doc.body_spans() if doc.text[s:s + 1].strip()), default=0)
    header = [doc.text[s:e] for s, e in doc.furniture if s < max(header_end, 1) + 400]
    title = doc.title_span
    masthead = [line for line in doc.text[:title[0]].splitlines() if line.strip()] if title else []
    return [doc.publisher or "", *masthead, *header]


def issuer_place(doc: Document) -> Bilingual | None:
    """The place of the body that issued an article that names none but its own (全市): the publisher
    (来源：唐山市统计局) or the masthead or paper above the headline (绵阳日报 > 本地新闻)."""
    if not _SELF_REFERENCE.search(doc.body_simplified):
        return None
    for text in _issuer_texts(doc):
        paper = _LOCAL_PAPER.match(text.strip())
        found = match_places(text) or (match_places(paper.group(1) + "市") if paper else [])
        if found:
            chosen = found[-1]  # 广东省梅州市公安局: the innermost is named last
            return Bilingual(zh=chosen.name, en=place_en(chosen.name))
    return None


def lower_issuer(doc: Document) -> Bilingual | None:
    """The issuer's place when the article speaks for a level below a whole territory (本縣, 全市, 轄內)
    and its issuer names one (屏東縣政府警察局): a county's page in New Taiwan dollars is the county's."""
    if not _LOWER_SELF.search(doc.body_simplified):
        return None
    found = issuer_place(doc)
    if found is None or to_simplified(found.zh) in _WHOLE_TERRITORIES:
        return None
    return found


_WHOLE_TERRITORIES = {"香港", "香港特别行政区", "澳门", "澳门特别行政区", "台湾", "台湾省"}
