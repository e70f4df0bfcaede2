"""Ingest: decoding (BOMs, UTF-8, detected GB18030/Big5), HTML, furniture, metadata, script, offsets."""

from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import ingest
from reportgen.errors import InputError
from reportgen.pipeline import summarize
from reportgen.zh import script

from .conftest import ARTICLES, EXAMPLES, fixture_articles, gold_for, sample_articles

SIMPLIFIED_ARTICLE = EXAMPLES / "lvliang_2022h1.txt"
TRADITIONAL_ARTICLE = ARTICLES / "ingest_shantou_2023_hant.txt"
MESSY_PAGE = ARTICLES / "ingest_messy_page.txt"
HTML_PAGE = ARTICLES / "ingest_page.html"


def figures(report) -> Counter:  # noqa: ANN001 - a Report
    """The figures of a report as a multiset of (value, unit, change direction, change basis)."""
    return Counter(
        (m.value, m.unit, m.change.direction if m.change else None, m.change.basis if m.change else None)
        for m in report.metrics
    )


def article_as_html(text: str, title: str) -> str:
    """A page: the article as one <p> per line inside <article>, with a <nav> and a <footer> full of numbers."""
    paragraphs = "\n".join(f"    <p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)} - 警务网</title></head>
<body>
  <nav><a href="/">首页</a> | 2024年第3期 | 警情通报 | 访问量 123456 | 刑事案件同比下降50% | 今日接报警情88起</nav>
  <article>
{paragraphs}
  </article>
  <footer>版权所有 警务网 ICP备12345678号 公网安备11010502030405号 电话 010-12345678 \
总访问量同比上升9.9% 共3万人次</footer>
</body></html>"""


# ------------------------------------------------------------------------------------------
# acceptance: the same figures whatever the encoding or markup
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def simplified_original() -> tuple[str, Counter]:
    text = SIMPLIFIED_ARTICLE.read_text(encoding="utf-8")
    found = figures(summarize(text.encode("utf-8"), name="original.txt"))
    assert sum(found.values()) >= 5, "the original must yield several figures for the comparison to mean anything"
    return text, found


@pytest.mark.parametrize(
    "label,encode",
    [
        ("gb18030", lambda t: t.encode("gb18030")),
        ("gbk", lambda t: t.encode("gbk")),
        ("utf-16", lambda t: t.encode("utf-16")),
        ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
        ("utf-8-bom", lambda t: t.encode("utf-8-sig")),
        ("utf-8-crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encoded_copies_give_the_same_figures(simplified_original, label: str, encode) -> None:  # noqa: ANN001
    text, expected = simplified_original
    data = encode(text)
    assert data != text.encode("utf-8") or label == "utf-8", "the copy really is in another encoding"
    report = summarize(data, name=f"copy-{label}.txt")
    assert figures(report) == expected


def test_html_page_gives_the_same_figures(simplified_original) -> None:  # noqa: ANN001
    text, expected = simplified_original
    page = article_as_html(text, text.splitlines()[0]).encode("utf-8")
    doc = ingest.from_bytes(page, name="copy.html")
    assert doc.kind == "html"
    assert "123456" not in doc.text and "88起" not in doc.text and "9.9%" not in doc.text, "nav and footer are dropped"
    assert figures(summarize(page, name="copy.html")) == expected
    # the same page without a file ending is sniffed as HTML
    assert figures(summarize(page, name="copy")) == expected


def test_big5_copy_of_a_traditional_article_gives_nearly_all_figures() -> None:
    text = TRADITIONAL_ARTICLE.read_text(encoding="utf-8")
    original = figures(summarize(text.encode("utf-8"), name="original.txt"))
    assert sum(original.values()) >= 5
    data = text.encode("big5")
    doc = ingest.from_bytes(data, name="copy-big5.txt")
    assert doc.encoding.startswith("big5") and doc.script == "zh-Hant"
    found = figures(summarize(data, name="copy-big5.txt"))
    kept = sum((found & original).values())
    assert kept >= 0.9 * sum(original.values())
    assert sum((found - original).values()) == 0, "no figure invented from garbled text"


def test_gb18030_copy_of_a_traditional_article_gives_the_same_figures() -> None:
    text = TRADITIONAL_ARTICLE.read_text(encoding="utf-8")
    original = figures(summarize(text.encode("utf-8"), name="original.txt"))
    assert figures(summarize(text.encode("gb18030"), name="copy-gb.txt")) == original


# ------------------------------------------------------------------------------------------
# decoding
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SIMPLIFIED_ARTICLE, TRADITIONAL_ARTICLE], ids=lambda p: p.name)
@pytest.mark.parametrize(
    "codec,expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16"), ("utf-32", "utf-32"), ("gb18030", "gb18030")],
)
def test_decoding_restores_the_exact_text(path: Path, codec: str, expected: str) -> None:
    text = path.read_text(encoding="utf-8")
    decoded, used = ingest.decode(text.encode(codec))
    assert decoded == text
    assert used == expected


def test_big5_is_detected_as_big5_not_garbage_gb18030() -> None:
    text = TRADITIONAL_ARTICLE.read_text(encoding="utf-8")
    data = text.encode("big5")
    garbled = data.decode("gb18030")  # decodes "successfully": the reason a blind fallback is wrong
    assert garbled != text
    assert ingest.garbage_share(garbled) > 0.1 > 0.01 > ingest.garbage_share(text)
    decoded, used = ingest.decode(data)
    assert decoded == text and used.startswith("big5")


def test_a_short_big5_sentence_is_detected() -> None:
    sentence = "今年以來全市破獲詐騙案件120起，同比上升15.2%。"
    decoded, used = ingest.decode(sentence.encode("big5"))
    assert decoded == sentence and used.startswith("big5")


def test_detections_that_produce_garbage_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if the detector ranks GB18030 first for Big5 bytes, the sanity check refuses that reading."""
    import charset_normalizer

    text = TRADITIONAL_ARTICLE.read_text(encoding="utf-8")
    data = text.encode("big5")

    class Match:
        def __init__(self, encoding: str) -> None:
            self.encoding = encoding

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: [Match("gb18030"), Match("big5")])
    assert ingest.decode(data) == (text, "big5")
    # within the Big5 family, the member that keeps ①②③ (not kana) wins
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: [Match("big5hkscs"), Match("big5")])
    assert ingest.decode(data) == (text, "big5")
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: [Match("gb18030")])
    with pytest.raises(InputError, match="cannot decode"):
        ingest.decode(data)


def test_bomless_utf16_is_recognised() -> None:
    text = SIMPLIFIED_ARTICLE.read_text(encoding="utf-8")
    assert ingest.decode(text.encode("utf-16-le"))[0] == text


def test_declared_html_charset_is_honoured() -> None:
    text = SIMPLIFIED_ARTICLE.read_text(encoding="utf-8")
    page = article_as_html(text, "t").replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    doc = ingest.from_bytes(page, name="page.html")
    assert doc.encoding == "gb18030" and doc.title == text.splitlines()[0]


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"  \n\t\r\n  ", "whitespace"),
        ("\u3000\u3000\n\u00a0\n".encode("utf-8"), "whitespace"),
        (" \n ".encode("utf-16"), "whitespace"),
        (PNG_BYTES, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xff\xfe\x00\xd8\x00\xd8", "invalid utf-16"),
        (bytes([0xC1, 0x80, 0xFE, 0x7F] * 200), "cannot decode"),
    ],
    ids=["empty", "bom-only", "ascii-blank", "fullwidth-blank", "utf16-blank", "png", "pdf", "binary", "bad-utf16",
         "undecodable"],
)
def test_bad_bytes_raise_one_clear_line(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        ingest.from_bytes(data, name="bad.txt")
    message = str(caught.value)
    assert message.startswith("bad.txt: ") and "\n" not in message
    assert reason in message.lower()


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        ingest.from_path(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(caught.value)
    with pytest.raises(InputError, match="directory"):
        ingest.from_path(tmp_path)
    empty = tmp_path / "sub" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        ingest.from_path(empty)
    assert str(caught.value) == f"{empty}: empty file", "errors name the file as the user gave it"


# ------------------------------------------------------------------------------------------
# text as received, offsets, Simplified view
# ------------------------------------------------------------------------------------------


def test_crlf_is_kept_and_offsets_point_into_it() -> None:
    lf = SIMPLIFIED_ARTICLE.read_text(encoding="utf-8")
    crlf = lf.replace("\n", "\r\n")
    doc_lf, doc_crlf = ingest.from_text(lf), ingest.from_text(crlf)
    assert doc_crlf.text == crlf and len(doc_crlf.simplified) == len(crlf)
    assert doc_crlf.id == doc_lf.id
    assert [doc_crlf.text[s:e] for s, e in doc_crlf.furniture] == [doc_lf.text[s:e] for s, e in doc_lf.furniture]
    assert doc_crlf.title == doc_lf.title and doc_crlf.text[slice(*doc_crlf.title_span)] == doc_crlf.title
    assert (doc_crlf.published, doc_crlf.publisher, doc_crlf.byline) == (doc_lf.published, doc_lf.publisher,
                                                                         doc_lf.byline)
    report = summarize(crlf.encode("utf-8"), name="crlf.txt")
    for metric in report.metrics:
        assert crlf[metric.evidence.start:metric.evidence.end] == metric.evidence.quote
    old_mac = ingest.from_text(lf.replace("\n", "\r"))
    assert old_mac.title == doc_lf.title and len(old_mac.furniture) == len(doc_lf.furniture)


def test_traditional_text_is_kept_and_the_view_is_simplified() -> None:
    text = TRADITIONAL_ARTICLE.read_text(encoding="utf-8")
    doc = ingest.from_text(text)
    assert doc.text == text and doc.script == "zh-Hant"
    assert len(doc.simplified) == len(text)
    assert "统计显示" in doc.simplified and "統計顯示" in doc.text
    assert doc.simplified.index("统计显示") == doc.text.index("統計顯示")


@pytest.mark.parametrize(
    "text,script",
    [
        (SIMPLIFIED_ARTICLE.read_text(encoding="utf-8"), "zh-Hans"),
        (TRADITIONAL_ARTICLE.read_text(encoding="utf-8"), "zh-Hant"),
        ("Police in Lüliang reported 3,417 criminal cases in the first half of 2022, down 9.6% year on year.", "en"),
        ("Полиция сообщила о снижении преступности на 9,6 процента.", "other"),
    ],
    ids=["hans", "hant", "en", "other"],
)
def test_script_detection(text: str, script: str) -> None:
    assert ingest.from_text(text).script == script


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("國語萬億發後裡裏麵麪乾幹著着台臺于於鬥斗"
                                             "蘋果电脑電腦下降同比\r\n\u2028 　a1😀")),
               max_size=120))
def test_simplified_view_always_has_the_same_length(text: str) -> None:
    assert len(script.to_simplified(text)) == len(text)


# ------------------------------------------------------------------------------------------
# furniture and metadata on the articles written for this project
# ------------------------------------------------------------------------------------------


def furniture_lines(doc: ingest.Document) -> dict[str, str]:
    return {doc.text[s:e]: kind for (s, e), kind in zip(doc.furniture, doc.furniture_kinds, strict=False)}


def test_messy_page_furniture_and_metadata() -> None:
    doc = ingest.from_path(MESSY_PAGE)
    marked = furniture_lines(doc)
    expected = {
        "首页 » 公安要闻 » 警务动态": "breadcrumb",
        "【字号：大 中 小】【打印本页】【关闭窗口】": "widget",
        "分享到：": "widget",
        "图为会议现场。（刘畅 摄）": "caption",
        "沙市区民警在学校门口护学。": "caption",
        "本报记者 周敏 通讯员 王磊": "byline",
        "（编辑：孙悦）": "editor",
        "上一篇：荆州交警开展春运安全宣传": "widget",
        "网站地图 | 联系我们 | 关于我们": "widget",
    }
    for line, kind in expected.items():
        assert marked.get(line) == kind, (line, marked.get(line))
    for line in ("下一篇：沙市警方破获一起盗窃案", "主办单位：荆州市公安局\u3000技术支持：荆州某某科技有限公司",
                 "鄂ICP备05001234号-1\u3000网站标识码：4210000001"):
        assert line in marked
    assert any(line.startswith("发布时间：2025年04月08日") for line in marked)
    # body lines: a sentence starting with 记者, a short indented one-liner, one mentioning 著作权 and a body date
    for body in ("记者从荆州市公安局获悉", "命案现案连续19个月全破。", "民警走访辖区商户。", "侦破侵犯著作权案件12起",
                 "2024年12月31日以前立案"):
        pos = doc.text.index(body)
        assert not doc.is_furniture(pos, pos + len(body)), body
    assert doc.title == "荆州市公安局召开一季度治安形势分析会"
    assert doc.published is not None and doc.published.isoformat() == "2025-04-08"
    assert doc.publisher == "荆州市公安局"
    assert doc.byline == "本报记者 周敏 通讯员 王磊"


def test_traditional_fixture_furniture_and_metadata() -> None:
    doc = ingest.from_path(TRADITIONAL_ARTICLE)
    marked = furniture_lines(doc)
    assert marked["當前位置:首頁 > 警務動態 > 工作通報"] == "breadcrumb"
    assert marked["民警在龍湖區街頭開展夜間巡邏。"] == "caption"
    assert marked["汕頭市公安局巡特警支隊民警向市民發放防詐騙宣傳資料。"] == "caption"
    assert marked["(記者 陳志明 通訊員 林曉虹)"] == "byline"
    assert marked["責任編輯:黃麗"] == "editor"
    clauses = [line for line in marked if line[:1] in "①②③"]
    assert len(clauses) == 3 and all(marked[c] == "notice" for c in clauses), "the whole notice block is furniture"
    assert {"網友評論", "用戶登錄"} <= set(marked)
    assert (doc.title, doc.publisher, doc.byline) == ("汕頭市公安局通報2023年全市公安工作成效", "汕頭警方在線",
                                                      "記者 陳志明 通訊員 林曉虹")
    assert doc.published is not None and doc.published.isoformat() == "2024-01-18"
    report = summarize(TRADITIONAL_ARTICLE)
    assert len(report.metrics) >= 5
    assert not any(doc.is_furniture(m.evidence.start, m.evidence.end) for m in report.metrics)
    assert all(m.value != 30 for m in report.metrics), "the notice's 30日內 is not a figure of the article"


def test_html_page_furniture_and_metadata() -> None:
    doc = ingest.from_path(HTML_PAGE)
    assert doc.kind == "html"
    for junk in ("设为首页", "办事服务", "当前位置", "微博", "相关新闻", "网友评论", "ICP", "98765", "123456", "0710"):
        assert junk not in doc.text, junk
    assert doc.text.splitlines()[0] == doc.title == "襄阳警方通报前两个月全市治安情况"
    assert doc.published is not None and doc.published.isoformat() == "2025-03-06"
    assert doc.publisher == "襄阳平安网"
    assert doc.byline == "记者 何静 通讯员 蒋涛"
    marked = furniture_lines(doc)
    assert marked["民警在火车站广场开展安全宣传。"] == "caption"
    assert marked["责任编辑：马越"] == "editor"
    for line in doc.text.splitlines():
        if "同比" in line:
            pos = doc.text.index(line)
            assert not doc.is_furniture(pos, pos + len(line))


def test_published_date_never_comes_from_the_body() -> None:
    text = ("某市公安局通报打击整治成果\n"
            "　　2023年3月15日，某市公安局召开新闻发布会。2023年一季度全市刑事警情同比下降8.1%。\n"
            "　　下一步，将持续推进平安建设。\n")
    assert ingest.from_text(text).published is None
    dated = text.replace("\n", "\n发布日期：2023-03-16\n", 1)
    assert ingest.from_text(dated).published.isoformat() == "2023-03-16"


@pytest.mark.parametrize("line,kind", [
    ("当前位置：首页 > 新闻中心 > 本地新闻", "breadcrumb"),
    ("某某县政府警察局全球资讯网 > 最新消息", "breadcrumb"),
    ("文/图 张三", "byline"),
    ("记者 李四 通讯员 王五 摄", "byline"),
    ("（通讯员 赵六）", "byline"),
    ("责任编辑 钱七", "editor"),
    ("【打印】【关闭】", "widget"),
    ("扫一扫在手机打开当前页", "widget"),
    ("Copyright © 2024 某某公安网 All Rights Reserved", "notice"),
    ("京公网安备 11010502030405号", "notice"),
    ("本网站所载文章未经授权不得转载，违者必究。", "notice"),
])
def test_furniture_lines_in_a_page(line: str, kind: str) -> None:
    text = ("某市公安局通报一季度治安形势\n"
            f"{line}\n"
            "　　一季度，全市共接报刑事警情1520起，同比下降9.8%；破获刑事案件860起，同比上升6.1%。\n"
            "　　全市共抓获违法犯罪嫌疑人430余人，同比上升12.6%，挽回经济损失1200余万元。\n"
            "　　记者从市公安局获悉，下一步将持续推进平安建设，不断提升群众安全感。\n")
    doc = ingest.from_text(text)
    assert furniture_lines(doc).get(line) == kind
    assert len(doc.furniture) == 1, furniture_lines(doc)


# ------------------------------------------------------------------------------------------
# the real samples (read from ../shared/samples at run time)
# ------------------------------------------------------------------------------------------

_OBVIOUS_FURNITURE = re.compile(r"^(?:文|图)/|版权|免责|ICP|公网安备|登录|评论|当前位置|^来源[:：]|^字号")


@pytest.mark.parametrize("path", sample_articles(), ids=lambda p: p.name)
def test_samples_furniture_title_and_body(path: Path) -> None:
    gold = gold_for(path)
    doc = ingest.from_path(path)
    assert doc.title == gold["title_zh"]
    assert doc.script == gold["script"]
    if gold.get("published"):
        assert doc.published is not None and doc.published.isoformat() == gold["published"]
    if gold.get("publisher_zh"):
        assert doc.publisher == gold["publisher_zh"]
    lines, pos = [], 0
    for raw in doc.text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped)
            lines.append((start, start + len(stripped), doc.simplified[start:start + len(stripped)]))
        pos += len(raw)
    marked = 0
    for start, end, simp in lines:
        if "同比" in simp or "%" in simp:
            assert not doc.is_furniture(start, end), simp[:40]
        if _OBVIOUS_FURNITURE.search(simp) and len(simp) < 40:
            assert doc.is_furniture(start, end), simp[:40]
            marked += 1
    assert marked >= 3
    for metric in gold["metrics"]:
        at = doc.text.find(metric["evidence"])
        assert at >= 0 and not doc.is_furniture(at, at + len(metric["evidence"])), metric["evidence"]


@pytest.mark.parametrize("path", sample_articles(), ids=lambda p: p.name)
def test_samples_captions_in_the_header_are_marked(path: Path) -> None:
    """Short one-sentence lines before the first body paragraph are photo captions."""
    doc = ingest.from_path(path)
    title_end = doc.title_span[1]
    first_paragraph = next(m.start() for m in re.finditer(r"[^\r\n]{60,}", doc.text)
                           if "，" in m.group() or "," in m.group())
    for m in re.finditer(r"[^\r\n]+", doc.text[title_end:first_paragraph]):
        line = m.group().strip()
        if line.endswith("。") and len(line) <= 40 and not re.search(r"[，,\d]", line):
            start = title_end + m.start() + m.group().index(line)
            assert doc.furniture_kind(start, start + len(line)) == "caption", line


@pytest.mark.parametrize("path", fixture_articles() + sample_articles(), ids=lambda p: p.name)
def test_furniture_spans_are_whole_lines_of_the_text(path: Path) -> None:
    doc = ingest.from_path(path)
    assert len(doc.furniture) == len(doc.furniture_kinds)
    for s, e in doc.furniture:
        assert 0 <= s < e <= len(doc.text)
        assert s == 0 or doc.text[s - 1] in "\r\n" or not doc.text[:s].splitlines()[-1].strip()
        assert e == len(doc.text) or doc.text[e] in "\r\n" or not doc.text[e:].splitlines()[0].strip()
    if doc.title_span:
        assert doc.text[slice(*doc.title_span)] == doc.title
        assert not doc.is_furniture(*doc.title_span)


@pytest.mark.parametrize(("text", "date"), [
    ("２０２５年１月２４日（星期五）", "2025-01-24"),  # full-width digits (Hong Kong releases)
    ("２０２５－０１－２４", "2025-01-24"),
    ("二〇二四年十二月三十一日", "2024-12-31"),  # Chinese numerals
    ("二○二三年一月九日", "2023-01-09"),
    ("民国113年10月18日", "2024-10-18"),  # a year of the Republic, named as such
    ("发布日期：113-10-18", "2024-10-18"),  # or after a date label
    ("113-10-18", None),  # bare: not a date
    ("二〇二四年十三月一日", None),  # no such month
])
def test_parse_date_reads_every_script(text: str, date: str | None) -> None:
    from reportgen.ingest.dates import parse_date

    parsed = parse_date(text)
    assert (parsed.isoformat() if parsed else None) == date


def test_published_from_a_full_width_dateline_at_the_foot() -> None:
    text = ("新聞公報\n二〇二四年罪案情況\n\n　　警務處處長今日公布二〇二四年全年罪案數字，整體罪案共錄得50,123宗，"
            "較二〇二三年上升2.3%。\n\n完\n\n２０２５年１月２４日（星期五）\n香港時間１８時３０分\n")
    doc = ingest.from_text(text)
    assert doc.published is not None and doc.published.isoformat() == "2025-01-24"
    foot = doc.text.index("２０２５年")
    assert doc.is_furniture(foot, foot + 11)


def test_published_from_a_chinese_numeral_date_line() -> None:
    text = ("某市人民政府关于2024年工作情况的通报\n二〇二五年一月十日\n\n"
            "　　2024年，全市地区生产总值增长5.2%，一般公共预算收入增长3.1%，城镇新增就业4.2万人。\n")
    doc = ingest.from_text(text)
    assert doc.published is not None and doc.published.isoformat() == "2025-01-10"


def test_published_from_a_taiwan_meta_line() -> None:
    text = ("臺中市政府警察局 > 最新消息\n中市警公布治安統計\n"
            "發布單位：刑事警察大隊　發布日期：113-10-18　點閱次數：2,864\n\n"
            "臺中市政府警察局今日公布本（113）年1至9月治安統計資料，全般刑案發生2萬1,836件，較去年同期減少5.81%。\n")
    doc = ingest.from_text(text)
    assert doc.published is not None and doc.published.isoformat() == "2024-10-18"


def test_a_site_name_breadcrumb_above_the_headline_is_not_the_title() -> None:
    text = ("某某市政府警察局全球資訊網 > 新聞稿\n\n114年5月份住宅竊盜案件統計　發生數持續下降\n"
            "發布日期：114年6月9日\n\n"
            "　　本局今日公布114年5月份住宅竊盜案件統計，全市發生住宅竊盜52件，較上月減少9件，破獲49件。\n")
    doc = ingest.from_text(text)
    assert doc.title == "114年5月份住宅竊盜案件統計　發生數持續下降"


def test_a_site_banner_with_its_sponsor_credit_is_not_the_title() -> None:
    text = ("某某网 | 某某日报社主办\n首页 > 本地新闻\n全市前三季度刑事警情同比下降9.2%\n"
            "　　记者从市公安局获悉，前三季度全市刑事警情同比下降9.2%，破获刑事案件1,260起。\n")
    assert ingest.from_text(text).title == "全市前三季度刑事警情同比下降9.2%"


def test_a_skip_navigation_mark_is_passed_over_and_a_deck_is_found() -> None:
    text = ("某某市政府全球資訊網 > 新聞稿\n:::\n本市7月份住宅竊盜案件下降\n——發生數較上月減少11.2%\n"
            "　　本市7月份住宅竊盜案件發生87件，較上月減少11.2%，破獲81件。\n")
    doc = ingest.from_text(text)
    assert doc.title == "本市7月份住宅竊盜案件下降"
    assert doc.deck_span is not None and doc.text[slice(*doc.deck_span)] == "——發生數較上月減少11.2%"


@pytest.mark.parametrize("top", [
    "某某平安网　首页　|　工作动态　|　普法宣传　|　队伍建设",  # a navigation bar
    "您当前的位置：首页 > 新闻中心 > 工作动态",
    "某某特别行政区政府　新闻公报",  # a masthead and the page's genre
])
def test_page_labels_above_the_headline_are_not_the_title(top: str) -> None:
    text = (f"{top}\n关于全区上半年治安形势的通报\n"
            "　　上半年，全区共接报刑事警情812起，同比下降7.7%；破获刑事案件355起，同比上升4.1%。\n")
    assert ingest.from_text(text).title == "关于全区上半年治安形势的通报"


def test_a_roc_looking_number_in_the_body_is_not_a_date() -> None:
    text = "某县公安局通报工作\n　　全县共设置检查点113-10-18处，巡逻车辆113辆。全县刑事案件同比下降8%，破案率上升。\n"
    assert ingest.from_text(text).published is None


def test_related_news_block_at_the_foot_is_furniture() -> None:
    text = ("某县公安局通报前三季度治安形势\n"
            "　　前三季度，全县立刑事案件812起，同比下降9.4%，破获电诈案件57起，为群众挽回损失1260万元。\n\n"
            "延伸阅读：\n"
            "· 某县民警破获一起特大跨境赌博案 涉案流水超8亿元（2025-09-02）\n"
            "某县交警开展夜查行动 查处酒驾46起\n\n"
            "· 全省反诈宣传月启动 发放资料3万份\n")
    doc = ingest.from_text(text)
    body = doc.text.index("前三季度")
    assert not doc.is_furniture(body, body + 10)
    for headline in ("· 某县民警破获", "某县交警开展夜查", "· 全省反诈"):
        at = doc.text.index(headline)
        assert doc.is_furniture(at, at + 5), headline
    from reportgen.engines.offline.figures import find_figures
    assert sorted(d.value for d in find_figures(doc)) == [9.4, 57, 812, 12600000]


def test_the_document_holds_its_token_count_and_places_once() -> None:
    from reportgen.tokens import count_tokens
    from reportgen.zh.places import match_places

    doc = ingest.from_text("廣東省梅州市蕉嶺縣公安局通報：上半年全縣破獲刑事案件68宗。\n", name="t")
    assert doc.token_count == count_tokens(doc.text)
    assert list(doc.place_matches) == match_places(doc.text)  # the Traditional text, looked up through its view
    assert [m.surface for m in doc.place_matches][:1] == ["廣東省"]
    assert doc.place_matches is doc.place_matches  # worked out once per Document


def test_chunking_takes_a_known_token_count() -> None:
    from reportgen.chunking import chunk_text

    doc = ingest.from_text("全市破获刑事案件68宗。" * 3, name="t")
    assert chunk_text(doc.text, total_tokens=doc.token_count) == chunk_text(doc.text)
