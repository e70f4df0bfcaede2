"""Numerals a reader cannot read with certainty: a digit in parentheses after a number, a katakana or a
dash where 一 belongs, a letter inside digits, one number written twice (in Chinese and in digits)."""

from __future__ import annotations

import re

from reportgen.models import Anomaly, Metric
from reportgen.verify.anomalies.article import CN_NUMERAL, Article
from reportgen.zh.numerals import chinese_to_number

_PAREN_DIGIT = re.compile(r"(?<![\d.表图第件])(\d+(?:\.\d+)?)[(（](\d+)[)）]"
                          r"(?![号条款项期章节版卷页表图班室栋楼单元])")
_KATAKANA_IN_NUMERAL = re.compile(
    rf"(?<![\u30a0-\u30ff])(?:[{CN_NUMERAL}\d]ー+|ー+(?=[{CN_NUMERAL}\d个名人起件次宗项天年月户辆元]))"
    rf"[{CN_NUMERAL}\d]*"
)
# a single dash where 一 belongs: 抓获—百余人, 历时—个月, 全省第— (a route 南宁—百色 is no numeral)
_DASH_AS_ONE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![{CN_NUMERAL}])[—－―─](?![—－―─])"
    r"(?=[十百千万亿]+[余多]?[个名人起件次宗项天年户辆元]|[个名](?:[月人起次]|[^\u4e00-\u9fff]))"
    r"|第[—－―─](?![—－―─])"
)
_LATIN_IN_DIGITS = re.compile(r"(?<=\d)[OoIl]+(?=\d|[%万亿千百个名人起件次宗])|(?<![A-Za-z])[Ol](?=\d{2,})")
# each run is tried from its first character only and taken whole (possessive), so a long run of digits or
# of numerals costs linear time, not a retry from every position inside it (issue #20)
_DOUBLED = re.compile(
    r"(?<![一二两三四五六七八九十])(?P<cn>[一二两三四五六七八九十]++)(?P<cls>个)?(?P<ar>\d++)"
    r"(?:个|名|人|起|件|次|宗|项|天|年|月|小时|户|辆|元)"
    r"|(?<!\d)(?P<ar2>\d++)(?P<cn2>[一二两三四五六七八九十]++)(?:个|名|人|起|件|次|宗|项|天|年|小时|户|辆)"
)


def ambiguous_numerals(article: Article, metrics: list[Metric]) -> list[Anomaly]:
    """Numerals a reader cannot read with certainty: '12(3)起', 'ー千' (katakana for 一), '1O5'
    (a letter inside digits), '一个1小时' (a number written twice)."""
    text, simplified = article.doc.text, article.text
    out: list[Anomaly] = []
    for m in _PAREN_DIGIT.finditer(simplified):
        out.append(article.anomaly(
            "ambiguous_numeral", m.start(), m.end(),
            f"'{text[m.start():m.end()]}': a digit in parentheses right after a number. It is unclear whether "
            f"the figure is {m.group(1)}, {m.group(1)}{m.group(2)}, or {m.group(1)} with {m.group(2)} of a "
            "sub-category; check the original.",
            article.metric_at(m.start(), m.end())))
    # every match holds the mark ー (and the pattern, led by a lookbehind, is tried at every character)
    for m in (_KATAKANA_IN_NUMERAL.finditer(text) if "ー" in text else ()):
        out.append(article.anomaly(
            "ambiguous_numeral", m.start(), m.end(),
            f"'{m.group(0)}' contains the katakana long-vowel mark 'ー' where a numeral is expected: it is most "
            "likely the Chinese numeral 一 (one) mistyped, so the figure cannot be read with certainty.",
            article.metric_at(m.start(), m.end())))
    for m in _DASH_AS_ONE.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in CN_NUMERAL + "0123456789":
            end += 1
        start = m.start()
        out.append(article.anomaly(
            "ambiguous_numeral", start, max(end, start + 1),
            f"'{text[start:max(end, start + 1)]}': a dash stands where a numeral is expected, most likely the "
            "Chinese numeral 一 (one) mistyped, so the figure cannot be read with certainty.",
            article.metric_at(start, end)))
    for m in _LATIN_IN_DIGITS.finditer(text):
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        while end < len(text) and (text[end].isdigit() or text[end] == "."):
            end += 1
        out.append(article.anomaly(
            "ambiguous_numeral", start, end,
            f"'{text[start:end]}' has the letter '{m.group(0)}' inside a number, probably a mistyped digit "
            "(O for 0, l or I for 1); the figure cannot be read with certainty.",
            article.metric_at(start, end)))
    for m in _DOUBLED.finditer(simplified):
        cn, ar = (m.group("cn"), m.group("ar")) if m.group("cn") else (m.group("cn2"), m.group("ar2"))
        if chinese_to_number(cn) != float(ar):
            continue
        out.append(article.anomaly(
            "ambiguous_numeral", m.start(), m.end(),
            f"'{text[m.start():m.end()]}': the same number is written twice, once in Chinese and once in digits. "
            "It is probably an editing slip, but it could also hide a different figure.",
            article.metric_at(m.start(), m.end())))
    return out
