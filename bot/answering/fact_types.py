"""What a worker's story says, as data: quantities and tags with the words they came from, problems found."""

from __future__ import annotations

from dataclasses import dataclass, fields

from bot.answering.fact_patterns import Ask, BirthKind, Event, Per, Post, Sex, WorkerType

STANDARD_DAY_HOURS = 8  # 《国务院关于职工工作时间的规定》第三条: beyond it a working day is overtime
# At most this many days a month can all be working days (a five-day week); more hold rest days worked.
MOST_WORKDAYS_A_MONTH = 23

__all__ = ["Ask", "BirthKind", "Conflict", "Event", "Facts", "Per", "Quantity", "Rejected", "Span", "Tag"]
__all__ += ["Post", "Sex", "WorkerType"]

MASK = "＃"  # replaces a used number so later, looser patterns do not read it again


@dataclass(frozen=True)
class Span:
    """Where a fact came from: character offsets into the text and the words themselves."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quantity:
    """A number fact: a point `value`, or a range value–`high`; `approx` for 多/左右/差不多."""

    value: float
    span: Span
    high: float | None = None
    approx: bool = False
    per: Per | None = None

    def bounds(self) -> tuple[float, float]:
        """The interval the worker could mean, widened when the number was approximate."""
        low, high = self.value, self.value if self.high is None else self.high
        return (low * 0.8, high * 1.25) if self.approx else (low, high)

    def agrees(self, other: Quantity) -> bool:
        """True when both could describe the same thing (overlapping intervals, or different periods)."""
        if self.per != other.per:
            return True
        (a_low, a_high), (b_low, b_high) = self.bounds(), other.bounds()
        return a_low <= b_high and b_low <= a_high


@dataclass(frozen=True)
class Tag:
    """A categorical fact (an event, an ask, a worker type, a region) and the words that raised it."""

    value: str
    span: Span


@dataclass(frozen=True)
class Rejected:
    """A value read from the story but kept out of the facts because it cannot be right."""

    field: str
    span: Span
    reason: str


@dataclass(frozen=True)
class Conflict:
    """Different values given for one fact; `chosen` is None while the worker has not said which is right."""

    field: str
    values: tuple[Quantity, ...]
    chosen: Quantity | None = None

    @property
    def question(self) -> str:
        """A question to ask the worker, in Chinese."""
        said = "、".join(f"“{value.span.text}”" for value in self.values)
        return f"您提到的{FIELD_LABELS[self.field]}有几种说法：{said}，请问哪一个是准确的？"


FIELD_LABELS = {
    "tenure_months": "工作时间",
    "total_work_months": "累计工作年限",
    "months_without_contract": "未签劳动合同的时间",
    "monthly_wage": "月工资",
    "daily_wage": "日工资",
    "previous_wage": "调整前月工资",
    "months_since_wage_change": "工资调整后的月数",
    "agreed_wage": "约定的工资",
    "probation_wage": "试用期工资",
    "unpaid_amount": "被拖欠的金额",
    "unpaid_months": "被拖欠工资的月数",
    "worked_days": "做工天数",
    "wage_paid": "已付的工钱",
    "living_paid": "每月只发的生活费",
    "overtime_hours": "加班时长",
    "work_hours_per_day": "每天工作时长",
    "work_days_per_month": "每月上班天数",
    "holiday_work_days": "法定节假日上班天数",
    "restday_work_days": "休息日上班天数",
    "annual_leave_days": "年休假天数",
    "training_cost": "培训费用",
    "service_months": "服务期",
    "served_months": "已履行的服务期",
    "suspension_months": "停工留薪月数",
    "suspension_paid": "停工留薪期间每月实发",
    "suspension_paid_months": "停工留薪期已足额发放月数",
    "heat_months": "高温月数",
    "heat_paid": "每月已发高温津贴",
    "probation_months": "试用期",
    "contract_months": "劳动合同期限",
    "pregnancy_month": "怀孕月份",
    "babies": "胎数",
    "injury_grade": "伤残等级",
    "age": "年龄",
    "birth_year": "出生年份",
    "birth_month": "出生月份",
}
QUANTITY_FIELDS = tuple(FIELD_LABELS)
MERGED_TAG_FIELDS = ("worker_types", "events", "birth")


@dataclass(frozen=True)
class Facts:
    """What a worker's story says. Months for durations, yuan for money, hours for time."""

    tenure_months: Quantity | None = None
    total_work_months: Quantity | None = None  # all employers together (累计工作年限), when the story says
    months_without_contract: Quantity | None = None
    monthly_wage: Quantity | None = None
    daily_wage: Quantity | None = None  # pay by the day (一天150块); with the days a month, the monthly wage
    previous_wage: Quantity | None = None  # the wage before a pay cut (or a dated raise) the story reports
    # months from the month the wage changed to the end of work (the leaving date, or today): months at the
    # current wage (今年7月…降到3000…做到10月底: 4)
    months_since_wage_change: Quantity | None = None
    agreed_wage: Quantity | None = None
    probation_wage: Quantity | None = None
    unpaid_amount: Quantity | None = None
    unpaid_months: Quantity | None = None
    worked_days: Quantity | None = None  # days worked by a day-paid worker (一天三百…总共做了一百一十天)
    wage_paid: Quantity | None = None  # paid so far of the wages (包工头只给过八千, 前后预支了两千)
    # the part of the wage paid a month while the rest is held back (每个月只给八百生活费 剩下的年底结)
    living_paid: Quantity | None = None
    overtime_hours: Quantity | None = None  # `per` says day, week or month (None when not said)
    work_hours_per_day: Quantity | None = None
    work_days_per_month: Quantity | None = None  # 一个月上22天班: with overtime a day, the month's hours
    holiday_work_days: Quantity | None = None  # days worked on legal public holidays (300 %)
    restday_work_days: Quantity | None = (
        None  # rest days worked around a holiday (200 % unless time off given)
    )
    annual_leave_days: Quantity | None = None  # the year's annual leave as the worker states it (年假五天)
    training_cost: Quantity | None = None  # what the employer paid for a training (培训花了九千)
    service_months: Quantity | None = None  # the service period agreed for it (签了三年服务期)
    served_months: Quantity | None = None  # the part of it served (服务期满了一年半)
    probation_months: Quantity | None = None  # the probation agreed (试用期三个月)
    contract_months: Quantity | None = None  # the fixed term of the contract (签了两年合同, 合同期三年)
    suspension_months: Quantity | None = None  # months off work after an injury (休养咗三个月)
    suspension_paid: Quantity | None = (
        None  # what was paid a month meanwhile (只发了底薪2000, 一半: see reader)
    )
    suspension_paid_months: Quantity | None = None  # the first months paid in full (前12个月工资照发)
    heat_months: Quantity | None = (
        None  # months of June-October worked in the heat (今年七八月…冇高温补贴: 2)
    )
    heat_paid: Quantity | None = None  # the high-temperature allowance paid a month (高温费一个月只发150)
    pregnancy_month: Quantity | None = None
    babies: Quantity | None = None
    injury_grade: Quantity | None = None
    age: Quantity | None = None
    birth_year: Quantity | None = None
    birth_month: Quantity | None = None
    region: Tag | None = None  # 揭阳市, 广东省, or another province's full name
    sex: Tag | None = None  # male or female, when the worker says
    post: Tag | None = None  # cadre or worker: a woman's original retirement age (55 or 50)
    wage_change_consent: Tag | None = None  # agreed or refused: whether the worker agreed to the pay change
    worker_types: tuple[Tag, ...] = ()
    events: tuple[Tag, ...] = ()
    asks: tuple[Tag, ...] = ()
    birth: tuple[Tag, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def monthly_overtime_hours(self) -> float | None:
        """The month's overtime hours: as said per month (or without a period, as workers count it), or a day's
        hours times the days worked a month (每天加班2小时，一个月上22天班: 44); None otherwise."""
        hours, days = self.overtime_hours, self.work_days_per_month
        if hours is None:
            return self.overtime_from_working_day()
        if hours.per in (None, "month"):
            return hours.value
        return hours.value * days.value if hours.per == "day" and days is not None else None

    def overtime_from_working_day(self) -> float | None:
        """每日返十个钟，一个月返二十二日: the hours beyond the 8-hour day on each working day, when the days a
        month are all working days and the day's length was said (not read off a clock, which holds meal
        breaks); not for a platform or part-time worker, who sets the hours."""
        day, days = self.work_hours_per_day, self.work_days_per_month
        if day is None or days is None or day.approx or day.value <= STANDARD_DAY_HOURS:
            return None
        if (
            days.value > MOST_WORKDAYS_A_MONTH
            or self.has(WorkerType.PLATFORM)
            or self.has(WorkerType.PART_TIME)
        ):
            return None
        return (day.value - STANDARD_DAY_HOURS) * days.value

    @property
    def paid_by_the_day(self) -> bool:
        """A daily wage told and no monthly wage but the one worked out from it (一日两百二，一月做足三十日)."""
        daily, monthly = self.daily_wage, self.monthly_wage
        return daily is not None and (monthly is None or monthly.span == daily.span)

    def has(self, value: str) -> bool:
        """True when an event, ask, worker type or birth kind with this value was found."""
        return any(tag.value == value for tag in (*self.events, *self.asks, *self.worker_types, *self.birth))

    @property
    def region_assumed(self) -> bool:
        """The region is the hotline's own, not one the worker named (its span is empty)."""
        return self.region is not None and not self.region.span.text

    def open_conflicts(self) -> tuple[Conflict, ...]:
        """Conflicts the worker still has to settle."""
        return tuple(conflict for conflict in self.conflicts if conflict.chosen is None)

    def as_dict(self) -> dict:
        """Plain JSON-ready data: quantities and tags with their text and offsets."""
        return {item.name: _plain(getattr(self, item.name)) for item in fields(self)}


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Quantity):
        return {
            "value": value.value,
            "high": value.high,
            "approx": value.approx,
            "per": None if value.per is None else str(value.per),
            **_plain(value.span),
        }
    if isinstance(value, Tag):
        return {"value": str(value.value), **_plain(value.span)}
    if isinstance(value, Span):
        return {"text": value.text, "start": value.start, "end": value.end}
    if isinstance(value, Rejected):
        return {"field": value.field, "reason": value.reason, **_plain(value.span)}
    if isinstance(value, Conflict):
        return {
            "field": value.field,
            "values": _plain(value.values),
            "chosen": _plain(value.chosen),
            "question": value.question,
        }
    return value
