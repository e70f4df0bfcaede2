"""A metric's level or change in English: "down 7.03% year on year", "up from 120 to 185 items", and a
rate of change that moved: "narrowed by 1.3 percentage points" (降幅收窄), "slowed by 0.3 percentage points"
(增速回落)."""

from __future__ import annotations

import re

from reportgen.english.numbers import quantity
from reportgen.english.periods import MONTHS
from reportgen.english.units import unit_en
from reportgen.models import Change, Metric
from reportgen.zh.numerals import numeral_values, same_value
from reportgen.zh.script import to_simplified
from reportgen.zh.vocabulary import MULTIPLE_LEAD, RATE_SHIFT, STREAK_TREND, shift_direction

BASIS_WORDS = {"year_on_year": "year on year", "period_on_period": "period on period"}
_DIRECTION_WORDS = {"up": "up", "down": "down", "flat": "unchanged"}


def basis_en(subject: Metric | Change | None) -> str:
    """"year on year", "period on period", "" for a level; for a change whose basis the contract leaves
    unspecified (比上年, 较上月: no 同比/环比), what its quote compares with ("on the previous year"), else
    "basis not stated"."""
    metric = subject if isinstance(subject, Metric) else None
    change = metric.change if metric is not None else subject
    if not isinstance(change, Change):
        return ""
    if metric is not None:
        return metric_basis_en(metric) or "basis not stated"
    return BASIS_WORDS.get(change.basis) or "basis not stated"


def metric_basis_en(metric: Metric) -> str:
    """The basis of a metric's change as a reader needs it: "year on year"; a period-on-period change as
    the period it is (按月/环比 in a monthly bulletin: "month on month", 按季: "quarter on quarter"); an
    unspecified one as what its quote compares with (比上年: "on the previous year"); "" when none is said."""
    change = metric.change
    if change is None:
        return ""
    if change.basis == "period_on_period":
        return _period_on_period(metric)
    return BASIS_WORDS.get(change.basis) or comparison_en(metric)


_MULTIPLE_OF = re.compile(MULTIPLE_LEAD + r"[\d.．]+倍")  # the same lead the offline engine reads
_MONTH_ON_MONTH = re.compile(r"按月|较上月|比上月|环比上月|上个?月")
_QUARTER_ON_QUARTER = re.compile(r"按季|较上季|比上季|上一?季")


def _period_on_period(metric: Metric) -> str:
    quote = to_simplified(metric.evidence.quote)
    # the basis word nearest the value decides (按月上升6.2%，按季上升3.3%: the 3.3 is quarter on quarter)
    said = [(m.start(), words) for pattern, words in ((_MONTH_ON_MONTH, "month on month"),
                                                      (_QUARTER_ON_QUARTER, "quarter on quarter"))
            for m in pattern.finditer(quote)]
    if said:
        return max(said)[1]
    label = metric.period or ""
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return "month on month"  # 环比 in a month's figures
    if re.fullmatch(r"\d{4}-Q[1-4]", label):
        return "quarter on quarter"
    return BASIS_WORDS["period_on_period"]


# what an unspecified change is compared with, read from its quote (Simplified); the first that matches wins
_COMPARISONS = (
    (re.compile(r"(?:比|较|与|和)(?:上年|去年|上一年|前一年)(?:同期)"), "on the same period last year"),
    (re.compile(r"(?:比|较|与|和)(?:上年|去年)(?:末|底)"), "since the end of last year"),
    (re.compile(r"(?:比|较|与|和)(?:上年|去年|上一年|前一年)"), "on the previous year"),
    (re.compile(r"(?:比|较|与|和)(?:上一?个?月)"), "on the previous month"),
    (re.compile(r"(?:比|较|与|和)(?:上一?个?季度?)"), "on the previous quarter"),
    (re.compile(r"(?:比|较)年初"), "since the start of the year"),
)


_NAMED_MONTH = re.compile(r"(?:比|较)(\d{1,2}|[一二三四五六七八九十]{1,3})月")


def comparison_en(metric: Metric) -> str:
    """The comparison an unspecified change's quote states ("on the previous year", "on July"), or ""."""
    quote = to_simplified(metric.evidence.quote)
    said = next((words for pattern, words in _COMPARISONS if pattern.search(quote)), "")
    month = _NAMED_MONTH.search(quote) if not said else None
    number = numeral_values(month.group(1)) if month else []
    return f"on {MONTHS[int(number[0]) - 1]}" if number and 1 <= number[0] <= 12 else said


def direction_en(change: Change | None) -> str:
    return _DIRECTION_WORDS[change.direction] if change is not None else ""


# (a decline rate?, the rate grew?) -> the verb:
# 降幅收窄 narrowed, 降幅扩大 widened, 增速加快 quickened, 增速回落 slowed
_SHIFT_VERBS = {(True, False): "narrowed", (True, True): "widened", (False, True): "quickened",
                (False, False): "slowed"}
_SHIFT_VALUE = re.compile(r"了?\s*(\d+(?:\.\d+)?)")


def shift_en(metric: Metric) -> str:
    """"narrowed", "widened", "quickened", "slowed" when the figure is the shift of a rate of change its
    quote states (降幅比上月收窄1.3个百分点), else "": "up 1.3 percentage points" of a decline would read
    as a deeper fall."""
    change = metric.change
    if change is None or change.direction == "flat" or metric.unit != "percentage points":
        return ""
    quote = to_simplified(metric.evidence.quote)
    for m in RATE_SHIFT.finditer(quote):
        value = _SHIFT_VALUE.match(quote, m.end())
        if (not m.group("to") and value and same_value(float(value.group(1)), metric.value)
                and shift_direction(m) == change.direction):
            return _SHIFT_VERBS[(bool(m.group("decline")), bool(m.group("grew")))]
    return ""


def value_en(metric: Metric) -> str:
    """The figure as the article states it: a level, the size of a change, or a streak's length
    ("31 consecutive months": a bare "31 months" beside "homicide cases solved" says nothing)."""
    text = quantity(metric.value, metric.unit, metric.qualifier)
    if is_streak(metric):
        number, _, unit = text.rpartition(" ")
        trend = _streak_trend(metric)
        return f"{trend} for {number} consecutive {unit}" if trend else f"{number} consecutive {unit}"
    return text


def _streak_trend(metric: Metric) -> str:
    """"down"/"up" when the quote says which way the figure went all through the streak (连续5个月呈现下降趋势)."""
    quote = to_simplified(metric.evidence.quote)
    for m in _STREAK.finditer(quote):
        trend = STREAK_TREND.match(quote, m.end())
        if trend and any(same_value(v, float(metric.value)) for v in numeral_values(m.group("n"))):
            return "down" if trend.group("down") else "up"
    return ""


_STREAK_UNITS = frozenset({"days", "weeks", "months", "quarters", "years"})
_STREAK = re.compile(r"(?:连续|連續)第?(?P<n>[\d.一二两兩三四五六七八九十百]{1,6})(?:个|個)?(?:天|日|周|週|月|季度|年)")


def is_streak(metric: Metric) -> bool:
    """The figure counts a run of days, months or years in a row (连续31个月, 連續三年)."""
    if unit_en(metric.unit) not in _STREAK_UNITS or metric.change is not None:
        return False
    return any(same_value(v, float(metric.value)) for m in _STREAK.finditer(metric.evidence.quote)
               for v in numeral_values(m.group("n")))


def change_phrase(metric: Metric) -> str:
    """"down 7.03% year on year", "up from 120 to 185 items", or the level itself; a goal the article sets
    reads "target: down at least 10%" wherever a figure is shown, so it is never taken for a result."""
    phrase = stated_phrase(metric)
    return f"target: {phrase}" if metric.target else phrase


def stated_phrase(metric: Metric) -> str:
    """``change_phrase`` without the target mark (for a sentence that already says these are targets)."""
    change = metric.change
    amount = value_en(metric)
    if metric.from_value is not None:
        before = quantity(metric.from_value, metric.unit)
        if change is not None:
            verb = direction_en(change)
        else:
            rose, fell = metric.value > metric.from_value, metric.value < metric.from_value
            verb = "up" if rose else "down" if fell else "unchanged"
        return f"{verb} from {before} to {amount}"
    if change is None:
        return amount
    basis = metric_basis_en(metric)
    if change.direction == "flat":
        return f"unchanged {basis}".strip()
    shift = shift_en(metric)
    if shift:
        return f"{shift} by {amount} {basis}".strip()
    if unit_en(metric.unit) == "times" and change.direction == "up":
        # 增加1.3倍 is a rise of 130%, 是上年的2.3倍 the same rise said as a multiple: "up 1.3 times" says neither
        if _MULTIPLE_OF.search(to_simplified(metric.evidence.quote)):
            return f"{amount} its earlier level"
        return f"up by {amount} its earlier level"
    return f"{change.direction} {amount} {basis}".strip()


def change_cell(metric: Metric) -> str:
    """Short text for a table's change column: "from 120 items", "down", "—"."""
    if metric.from_value is not None:
        cell = f"from {quantity(metric.from_value, metric.unit)}"
    else:
        cell = shift_en(metric) or direction_en(metric.change) or ""
    if metric.target:
        return f"target: {cell}" if cell else "target"
    return cell or "—"


def change_en(change: Change | None) -> str:
    """"down year on year": direction and basis without the amount."""
    if change is None:
        return ""
    return f"{direction_en(change)} {BASIS_WORDS.get(change.basis, '')}".strip()


def figure_statement(metric: Metric) -> str:
    """"criminal and public-order incidents: down 12.4% year on year"."""
    return f"{metric.indicator.en}: {change_phrase(metric)}"
