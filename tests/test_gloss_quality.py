"""Word-by-word CC-CEDICT glosses a reader can follow (the "(gloss)" names of tables).

A name the curated glossary cannot compose is glossed from CC-CEDICT. The sense taken for each word is
chosen (not just the first one listed), function characters standing alone read as function words or
not at all, and report words whose dictionary sense misleads are curated. Phrases here were made up for
these tests.
"""

from __future__ import annotations

import json
import re

import pytest

from reportgen.zh.glossary import indicator_en, is_glossed
from reportgen.zh.glossary_cedict import FUNCTION_WORDS, best_sense, gloss, known, sense
from tests.conftest import run_fresh_python

# ------------------------------------------------------------------------------------------
# 1. which sense of an entry (senses written for these tests, in CC-CEDICT's form)
# ------------------------------------------------------------------------------------------


def test_a_sense_is_split_on_semicolons_before_its_length_is_judged() -> None:
    senses = ["to resign (from a post held for many years); to step down from a position of authority"]
    assert best_sense(senses) == "resign"


def test_classifier_grammar_and_cross_reference_senses_are_never_a_gloss() -> None:
    assert best_sense(["classifier for carriages and wagons", "wheel"]) == "wheel"
    assert best_sense(["(used after a verb to mark a completed action)", "to finish"]) == "finish"
    assert best_sense(["variant of 車|车[che1]", "see 車輛|车辆[che1 liang4]"]) == ""
    assert best_sense(["(after a verb) one who (is) ...", "-er"]) == ""
    assert best_sense(["modal particle expressing doubt", "to doubt"]) == "doubt"


def test_sb_and_sth_are_dropped() -> None:
    assert best_sense(["to reprimand sb"]) == "reprimand"
    assert best_sense(["to confiscate sth from sb"]) == "confiscate"  # no preposition left dangling
    assert best_sense(["to hand sth over to sb; to transfer"]) == "hand over"
    assert best_sense(["to enter sb's shop"]) == "enter shop"


def test_a_plain_sense_comes_before_a_literary_or_dialect_one() -> None:
    assert best_sense(["(literary) a ferry crossing", "(bound form) to be involved"]) == "involved"
    assert best_sense(["(dialect) to chat", "to speak"]) == "speak"
    assert best_sense(["(onom.) clang", "sound of a gong"]) == ""  # an onomatopoeia is never a gloss


def test_a_short_sense_comes_before_a_long_one() -> None:
    long_first = ["to make an official record of the arrival of goods at a port of entry", "customs entry"]
    assert best_sense(long_first) == "customs entry"


def test_a_proper_name_reads_as_the_name() -> None:
    assert best_sense(["Dongshan or Tungshan township in Yilan County 宜蘭縣|宜兰县[Yi2 lan2 Xian4], Taiwan"],
                      proper=True) == "Dongshan Township"
    assert best_sense(["Lianjiang County in Fuzhou 福州[Fu2 zhou1], Fujian"], proper=True) == "Lianjiang County"
    assert best_sense(["surname Lin"], proper=True) == ""


# ------------------------------------------------------------------------------------------
# 2. the shipped dictionary
# ------------------------------------------------------------------------------------------


def test_words_whose_first_listed_sense_was_skipped_or_wrong() -> None:
    assert re.fullmatch(r"retire[ds]?|retirement", sense("退休"))
    assert sense("處分") in ("discipline", "punish")  # never "discipline sb"
    assert sense("建设") == "build"  # was dropped whole: its first sense ran past the length limit


def test_a_character_takes_its_usual_reading() -> None:
    assert sense("强") == "strong" and sense("強") == "strong"
    assert sense("重") == "heavy"
    assert sense("还") == "still"
    assert sense("当") != "dong"  # the onomatopoeia 噹 shares the Simplified form


def test_place_names_known_only_as_proper_nouns() -> None:
    assert sense("油尖旺") == "Yau Tsim Mong District"
    assert "Township" in sense("秀林") and "handsome" not in gloss("秀林")


_NONSENSE = re.compile(r"\b(?:sb|sth|quilt|classifier|one who|exist|oneself|one's)\b|\(is\)|\.\.\.")

PHRASES = ["被盗车辆在停车场", "退休教师被骗", "涉毒人员已受处分", "未成年者", "在逃人员之中", "嫌疑人被抓获",
           "各类隐患", "冒领养老金者", "被困群众与车辆", "为群众办实事", "对辖区进行巡查", "将嫌疑人移交",
           "其所得已追缴", "七十岁以上者", "入户走访群众", "民警在岗率", "被害人年龄为", "逾期未归者",
           "被撞电动车", "已处分干部之比例", "至年底", "和解案件", "並協助家屬", "於轄區內被竊"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_no_gloss_reads_as_dictionary_notes(phrase: str) -> None:
    for text in (gloss(phrase), indicator_en(phrase)):
        assert not _NONSENSE.search(text), (phrase, text)
        assert text == text.strip() and "  " not in text


def test_function_characters_standing_alone() -> None:
    assert gloss("被") == "" and gloss("之") == "" and gloss("的") == ""
    assert gloss("与") == "and" and gloss("與") == "and" and gloss("至") == "to" and gloss("在") == "in"
    assert gloss("者") == "persons"
    assert gloss("嫌疑人被抓获").split()[-1] == sense("抓获")  # the passive marker is left out
    assert "in" in gloss("车辆在停车场").split()
    for simplified, traditional in (("为", "為"), ("与", "與"), ("将", "將"), ("经", "經"), ("对", "對")):
        assert FUNCTION_WORDS[simplified] == FUNCTION_WORDS[traditional]


def test_inside_a_word_a_function_character_is_left_alone() -> None:
    assert gloss("被告") == sense("被告") != ""
    assert gloss("之间") == "between"
    assert gloss("在校") == sense("在校") != "in"


def test_traditional_and_simplified_read_the_same() -> None:
    for simplified, traditional in (("退休教师被骗", "退休教師被騙"), ("被困群众与车辆", "被困群眾與車輛"),
                                    ("逾期未归者", "逾期未歸者")):
        assert gloss(simplified) == gloss(traditional)


# ------------------------------------------------------------------------------------------
# 3. curated report words, ages and numerals inside words
# ------------------------------------------------------------------------------------------


def test_report_words_are_curated_not_glossed() -> None:
    assert indicator_en("重大刑事案件") == "major criminal cases" and not is_glossed("重大刑事案件")
    assert indicator_en("重大事故隐患").startswith(("major", "serious"))
    assert "current" in indicator_en("现案破案率") and not is_glossed("现案破案率")
    assert "retir" in indicator_en("退休人员被骗数") and not is_glossed("退休人员被骗数")
    assert indicator_en("缓起诉") == "deferred prosecution"
    assert indicator_en("入户盗窃") == indicator_en("入室盗窃")


def test_an_age_limit_reads_as_an_age() -> None:
    assert indicator_en("未满16岁的驾驶人") == "drivers aged under 16"
    assert "aged under 14" in indicator_en("未滿14歲者")
    assert "aged 65 and over" in indicator_en("年满65周岁老人")


def test_a_numeral_inside_a_word_is_not_a_number() -> None:
    assert "1" not in indicator_en("统一指挥平台") and is_glossed("统一指挥平台")
    assert "0" not in indicator_en("零售药店")
    assert "kilowatt" in indicator_en("用电量千瓦时")
    assert known("统一") and not known("一店")


def test_a_name_with_glossed_parts_is_still_marked_as_a_gloss() -> None:
    assert is_glossed("统一指挥平台") and is_glossed("鼹鼠被骗数")
    assert not is_glossed("未满16岁的驾驶人")


def test_glossing_does_not_load_pypinyin() -> None:
    code = ("import json, sys\n"
            "from reportgen.zh.glossary_cedict import gloss\n"
            "print(json.dumps([gloss('强'), gloss('退休'), 'pypinyin' in sys.modules]))\n")
    strong, retire, loaded = json.loads(run_fresh_python(code))
    assert (strong, retire) == ("strong", "retire") and not loaded
