"""The vocabulary of the report genres an editor reviewed in our English briefings.

Hong Kong, Macao and Taiwan police, customs, ICAC and statistics pages, and mainland statistical
communiqués, court and procuratorate reports, fire and rescue, drug-control and traffic bulletins: their
general terms read as a professional translator would write them (official English where there is one:
Hong Kong Police "burglary", Macao DSEC "same-day visitors", Taiwan NPA "money mules"), inside names
composed around them, never as a word-by-word dictionary gloss. The names here were made up for these
tests; each holds one of the terms.
"""

from __future__ import annotations

import re

import pytest

from reportgen.zh.glossary import indicator_en, is_glossed

_HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(("zh", "en"), [
    # Hong Kong police and courts
    ("西九總區爆竊案", "burglary cases in Kowloon West Region"),
    ("東九龍總區劫案宗數", "robbery cases in Kowloon East Region"),
    ("西九罪案", "crimes in Kowloon West"),
    ("全港傷人及嚴重毆打案件", "wounding and serious assault cases"),
    ("截查人數", "persons stopped and searched"),
    ("被檢控人數", "persons prosecuted"),
    ("定罪率", "conviction rate"),
    ("因洗黑錢罪行被控人士", "persons charged with money laundering offences"),
    ("拘捕涉及爆竊的人士", "persons involved in burglary arrested"),
    # Hong Kong Customs
    ("私煙應課稅值", "duty-payable value of illicit cigarettes"),
    ("檢獲侵權物品", "infringing goods seized"),
    ("違禁品及侵權物品總值", "total value of contraband and infringing goods"),
    ("估計市值", "estimated market value"),
    ("抽查陽性率", "spot-check detection rate"),
    ("涉及不良營商手法的投訴", "complaints involving unfair trade practices"),
    # Macao visitor statistics
    ("入境旅客", "visitor arrivals"),
    ("不過夜旅客人均消費", "per-capita spending of same-day visitors"),
    ("留宿旅客人均消費", "per-capita spending of overnight visitors"),
    ("旅客總消費（不包括博彩）", "total visitor spending (excluding gaming)"),
    ("酒店場所平均入住率", "average hotel occupancy rate"),
    ("內地旅客佔入境旅客比例", "mainland visitors as a share of visitor arrivals"),
    ("個人遊旅客", "Individual Visit Scheme visitors"),
    # Taiwan police and anti-fraud
    ("查獲第三級毒品愷他命", "Schedule III drug ketamine seized"),
    ("第二級毒品安非他命淨重", "net weight of Schedule II drug amphetamine"),
    ("詐欺財損金額", "fraud losses"),
    ("民眾財產損失金額", "amount of losses to members of the public"),
    ("查獲詐欺車手及水房成員", "fraud money mule and money-laundering den members seized"),
    ("人頭帳戶數量", "dummy accounts"),
    ("通報下架涉詐廣告", "fraud-related ads taken down"),
    ("165反詐騙諮詢專線來電", "165 anti-fraud hotline incoming calls"),
    ("公共危險（酒駕）", "offences against public safety (drink driving)"),
    # mainland statistical communiqués
    ("三次产业结构", "three-sector structure"),
    ("城乡居民收入比", "urban-rural income ratio"),
    ("规上工业增加值", "value added of industry above designated size"),
    ("限额以上单位消费品零售额", "retail sales of consumer goods by enterprises above designated size"),
    ("粗钢和钢材产量", "crude steel and finished steel output"),
    ("食品烟酒价格", "food, tobacco and alcohol prices"),
    ("国有控股企业增加值", "value added of state-controlled enterprises"),
    ("商品房销售面积", "floor space of commercial housing sold"),
    ("营业收入利润率", "profit margin on operating revenue"),
    ("出生率", "birth rate"),
    # courts and procuratorates
    ("审结破产案件", "bankruptcy cases concluded"),
    ("诉讼标的额", "amount in dispute"),
    ("调解成功率", "mediation success rate"),
    ("改判发回率", "rate of judgments revised or remanded"),
    ("起诉破坏环境资源犯罪", "crimes damaging the environment and resources prosecuted"),
    ("督促收回国有财产及土地出让金", "state assets and land-transfer fees recovered"),
    # fire, drugs and traffic
    ("电气故障引发火灾起数", "fires caused by electrical faults"),
    ("城乡结合部火灾", "fires in urban-rural fringe areas"),
    ("未佩戴安全头盔驾驶人", "drivers not wearing safety helmets"),
    ("县道和乡道事故", "county road and township road accidents"),
    ("盗窃电瓶案件", "battery theft cases"),
])
def test_genre_terms_compose(zh: str, en: str) -> None:
    assert indicator_en(zh) == en
    assert not is_glossed(zh)


def test_a_title_reads_as_its_english_name() -> None:
    assert indicator_en("涉及《商品說明條例》的投訴") == "complaints involving the Trade Descriptions Ordinance"
    assert indicator_en("接獲涉及《版權條例》的投訴") == "complaints involving the Copyright Ordinance received"
    assert indicator_en("《消防法》") == "the Fire Protection Law"


@pytest.mark.parametrize(("zh", "en"), [
    ("涉及《某某條例》的案件", "cases involving the cited law"),
    ("涉及《某某辦法》的案件", "cases involving the cited regulations"),
    ("涉及《某某某某》的案件", "cases involving the cited document"),
])
def test_an_unknown_title_is_marked_plainly_never_glossed(zh: str, en: str) -> None:
    assert indicator_en(zh) == en
    assert not is_glossed(zh) and not _HAN.search(indicator_en(zh))


@pytest.mark.parametrize(("zh", "en"), [
    ("第2季受理詐騙案件", "fraud cases accepted"),  # the quarter is the figure's period
    ("首季電話及網絡詐騙", "phone and online fraud"),
    ("首八個月入境旅客", "visitor arrivals"),
    ("114年1至6月全般刑案", "all criminal cases"),  # a Republic of China year
])
def test_periods_inside_a_name_are_dropped(zh: str, en: str) -> None:
    assert indicator_en(zh) == en


def test_a_period_read_alone_and_a_count_of_years() -> None:
    assert indicator_en("113年") == "2024"
    assert indicator_en("上一季") == "previous quarter"
    assert indicator_en("近100年") == "100 years"  # not a date


def test_a_share_of_says_share_once() -> None:
    assert indicator_en("占全部投资的比重") == "share of total investment"
    assert (indicator_en("高技术制造业增加值占规模以上工业增加值的比重")
            == "value added of high-tech manufacturing as a share of value added of industry above designated size")


def test_coordinated_verbs_read_as_one_list() -> None:
    assert indicator_en("查封、扣押、冻结涉案资产") == "assets involved sealed up, seized and frozen"
