"""A page that speaks for a level below a whole territory (本縣, 全市, 轄內, 本區) is about its issuer's
place, not the territory whose money (新臺幣, 港元) or words it uses; territory-wide pages stay as they are."""

from __future__ import annotations

from reportgen import ingest
from reportgen.engines.offline.context import infer_region

COUNTY_PAGE = (
    "彰化縣政府警察局全球資訊網\n"
    "首頁 > 最新消息 > 治安成果\n"
    "【治安成果】5月份治安成果　竊盜案件減少一成\n"
    "發布單位：刑事警察大隊　發布日期：114-06-05\n\n"
    "警察局今日公布5月份治安成果。本月轄內全般刑案發生820件，破獲781件，破獲率95.2%。"
    "詐欺案件方面，本縣受理詐欺案件143件，民眾財損新臺幣9,850萬元，較上月減少新臺幣1,200萬元；"
    "全縣本月攔阻臨櫃匯款33件，攔阻金額新臺幣2,140萬元，新臺幣損失持續下降。\n"
)

NATIONWIDE_PAGE = (
    "內政部警政署全球資訊網 > 新聞稿\n"
    "5月份詐騙案件統計　財損金額下降\n"
    "發布日期：114年6月10日　發布單位：刑事警察局\n\n"
    "警政署今日公布5月份全國詐騙案件統計。全國受理詐騙案件9,120件，財損金額新臺幣7億8千萬元，"
    "較上月減少新臺幣6千萬元；各縣市攔阻金額新臺幣5億元，新臺幣損失持續下降。\n"
)

DISTRICT_PAGE = (
    "首頁 > 灣仔區議會 > 撲滅罪行委員會\n"
    "撲滅罪行委員會第三次會議摘要\n"
    "發布日期：2025年5月2日\n\n"
    "警方向委員會匯報，本區今年首季錄得罪案1,020宗，較去年同期減少4%，"
    "其中騙案有402宗，涉款約港幣6,300萬元；區內店舖盜竊有88宗，涉款港幣120萬元。"
    "本港同期整體罪案按年下跌2.1%，全港騙案則上升5%，本港市民損失按年減少，警方會繼續在轄區加強巡邏。\n"
)


def test_a_county_page_in_new_taiwan_dollars_is_the_countys() -> None:
    region = infer_region(ingest.from_text(COUNTY_PAGE))
    assert region is not None and (region.zh, region.en) == ("彰化縣", "Changhua County")


def test_a_nationwide_taiwanese_page_stays_taiwan() -> None:
    region = infer_region(ingest.from_text(NATIONWIDE_PAGE))
    assert region is not None and region.en == "Taiwan"


def test_a_hong_kong_district_page_is_the_districts() -> None:
    region = infer_region(ingest.from_text(DISTRICT_PAGE))
    assert region is not None and region.en == "Wan Chai District"


CITY_REPORT = (
    "关于今年上半年财政预算执行情况的报告\n"
    "——2025年7月20日在兴宁市第十七届人民代表大会常务委员会第十九次会议上\n\n"
    "一、收入情况。按照梅州市统一口径，上半年全市一般公共预算收入9.8亿元，增长3.1%，增速居梅州市各县（市、区）第三位。\n"
    "二、支出情况。上半年全市一般公共预算支出31.6亿元，其中民生支出占比80.2%，梅州市下达的转移支付到位率96%。\n"
    "三、下半年全市将继续压减一般性支出。\n"
)


def test_a_county_level_citys_report_is_that_city_not_its_prefecture() -> None:
    region = infer_region(ingest.from_text(CITY_REPORT))
    assert region is not None and region.zh == "兴宁市"  # 全市 speaks for a county-level city too
