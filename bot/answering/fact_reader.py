"""Reading one text into facts: the patterns of bot.answering.fact_patterns applied clause by clause."""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

from bot.answering import fact_patterns as P
from bot.answering.calculators.heat_allowance import GD_MONTHLY, SEASON_MONTHS
from bot.answering.fact_patterns import Event, Per, WorkerType
from bot.answering.fact_types import (
    FIELD_LABELS,
    MASK,
    STANDARD_DAY_HOURS,
    Conflict,
    Facts,
    Quantity,
    Rejected,
    Span,
    Tag,
)
from bot.answering.numerals import Amount, parse_chinese, parse_number

MONEY_FIELDS = ("monthly_wage", "agreed_wage", "probation_wage", "unpaid_amount")
# How far after a day's overtime hours the days they were worked may be told (每天加班3个钟 加了20天).
OVERTIME_DAYS_REACH = 12
DURATION_FIELDS = ("tenure_months", "total_work_months", "months_without_contract", "unpaid_months")
# (lowest, highest) a value may take; outside is rejected with the reason below.
LIMITS: dict[str, tuple[float, float, str, str]] = {
    "tenure_months": (0.01, 600, "工作时间不能为零", "超过50年"),
    "total_work_months": (0.01, 600, "工作时间不能为零", "超过50年"),
    "months_without_contract": (0.01, 600, "时间不能为零", "超过50年"),
    "monthly_wage": (100, 500_000, "金额过小，可能漏写了单位", "金额过大"),
    "daily_wage": (10, 20_000, "金额过小", "金额过大"),
    "agreed_wage": (100, 500_000, "金额过小，可能漏写了单位", "金额过大"),
    "probation_wage": (100, 500_000, "金额过小，可能漏写了单位", "金额过大"),
    "unpaid_amount": (1, 10_000_000, "金额不能为零", "金额过大"),
    "unpaid_months": (0.01, 120, "时间不能为零", "超过10年"),
    "worked_days": (1, 3650, "天数不能为零", "超过10年"),
    "wage_paid": (1, 10_000_000, "金额不能为零", "金额过大"),
    "living_paid": (1, 100_000, "金额不能为零", "金额过大"),
    "work_hours_per_day": (0.5, 24, "时间过短", "一天只有24小时"),
    "work_days_per_month": (1, 31, "天数不能为零", "一个月最多31天"),
    "holiday_work_days": (0.5, 31, "天数不能为零", "超过一个月"),
    "annual_leave_days": (1, 30, "天数不能为零", "超过30天"),
    "training_cost": (1, 10_000_000, "金额不能为零", "金额过大"),
    "service_months": (1, 600, "时间不能为零", "超过50年"),
    "served_months": (0.5, 600, "时间不能为零", "超过50年"),
    "suspension_months": (0.5, 24, "时间不能为零", "停工留薪期最长24个月"),
    "suspension_paid": (0, 1_000_000, "", "金额过大"),
    "suspension_paid_months": (0.5, 24, "时间不能为零", "停工留薪期最长24个月"),
    "heat_months": (1, 5, "月数不能为零", "广东每年6至10月发放，最多5个月"),
    "heat_paid": (1, 100_000, "金额不能为零", "金额过大"),
    "probation_months": (0.25, 12, "时间不能为零", "试用期最长6个月"),
    "contract_months": (1, 600, "时间不能为零", "超过50年"),
    "restday_work_days": (0.5, 31, "天数不能为零", "超过一个月"),
    "pregnancy_month": (0.5, 10, "月份过小", "怀孕不会超过10个月"),
    "babies": (1, 9, "", "胎数过多"),
    "injury_grade": (1, 10, "伤残等级只有一级至十级", "伤残等级只有一级至十级"),
    "age": (10, 100, "年龄过小", "年龄过大"),
    "birth_year": (1920, 2100, "出生年份过早", "出生年份晚于今年"),
    "birth_month": (1, 12, "月份只有1至12月", "月份只有1至12月"),
}
OVERTIME_LIMITS = {Per.DAY: 16, Per.WEEK: 100, Per.MONTH: 400, None: 400}
# How far after the work word a holiday's count of days worked may be (国庆七天我上了五天: right after it).
HOLIDAY_COUNT_REACH = 6
# How far before the story's first deposit a booking (订了, 预订) makes it the customer's.
BOOKED_REACH = 20
# A break told after a clock span longer than this is not a meal break within the working day.
MAX_BREAK_HOURS = 3


def _problem(field: str, quantity: Quantity, negative: bool) -> str | None:
    """Why a value cannot be right, or None when it can."""
    if negative:
        return "数值不能为负数"
    top = quantity.value if quantity.high is None else quantity.high
    if field == "overtime_hours":
        limit = OVERTIME_LIMITS[quantity.per]
        return None if 0 < top <= limit else f"超过{limit}小时"
    low, high, too_low, too_high = LIMITS[field]
    if quantity.value < low:
        return too_low
    if top > high:
        return too_high
    return None


# --- reading ----------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    field: str
    quantity: Quantity
    negative: bool = False
    base: bool = False  # 底薪, 扣我工资两千: used only when no other monthly wage is given
    changed: bool = False  # 涨到/后来/现在: a later value replaces an earlier one
    past: bool = False  # 以前/原来: an earlier value


class _StoryReader:
    """One pass over one text; `read` returns the facts."""

    def __init__(self, text: str, today: datetime.date):
        self.original = text
        self.text = P.normalise_for_facts(text)
        self.today = today
        self.work = list(self.text)
        seps = list(P.CLAUSE_SEP.finditer(self.text))
        self.sep_starts = [m.start() for m in seps]
        self.sep_ends = [m.end() for m in seps]
        self.candidates: list[_Candidate] = []
        self.tags: dict[str, list[Tag]] = {"worker_types": [], "events": [], "asks": [], "birth": []}
        self.region: Tag | None = None
        self.sex: Tag | None = None
        self.post: Tag | None = None
        self.wage_change_consent: Tag | None = None
        self.late_births: list[Rejected] = []
        self.spring_counted = False
        self.off_work = bool(P.SUSPENSION_STORY.search(self.text))  # an injury story: time off and its pay
        self.held_to_year_end = bool(P.YEAR_END_HOLD.search(self.text))  # 工资要等年底一起发
        self.day_rate = bool(P.DAY_RATE.search(self.text))  # a day's pay told: a lump sum paid is paid so far
        self.holidays_worked: list[tuple[float, float, int, int]] = []  # (legal days, rest days, start, end)
        self.starts: list[tuple[datetime.date, bool, Span]] = []
        self.contract_dates: list[tuple[datetime.date, bool, Span]] = []
        self.dated: list[tuple[int, int, int]] = []  # (position, year, month) of each date with its year
        self.ends: list[tuple[datetime.date, bool, Span]] = []
        self.expiries: list[tuple[datetime.date, bool, Span]] = []  # when a contract ran out

    # -- helpers --

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.original[start:end])

    def clause(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sep_ends, pos)
        start = self.sep_ends[i - 1] if i else 0
        j = bisect.bisect_left(self.sep_starts, pos)
        end = self.sep_starts[j] if j < len(self.sep_starts) else len(self.text)
        return start, max(end, pos)

    def before(self, pos: int, width: int, floor: int = 0) -> str:
        return self.text[max(self.clause(pos)[0], pos - width, floor) : pos]

    def after(self, pos: int, width: int) -> str:
        return self.text[pos : min(self.clause(pos)[1], pos + width)]

    def masked(self) -> str:
        return "".join(self.work)

    def mask(self, start: int, end: int) -> None:
        self.work[start:end] = MASK * (end - start)

    def approx(self, start: int, end: int, *flags: str | None) -> bool:
        return (
            any(flags)
            or bool(P.APPROX_BEFORE.search(self.before(start, 5)))
            or bool(P.APPROX_AFTER.match(self.after(end, 3)))
        )

    def restated(self, start: int, fields: tuple[str, ...]) -> tuple[str | None, bool]:
        """四千，不对是五千 / 两年，又好像是三年: an amount that restates the one just before it.

        Returns that earlier amount's field (or None) and whether the worker corrected it (the later value
        wins) rather than hedged between the two (the worker is asked which is right)."""
        earlier = next((c for c in reversed(self.candidates) if c.field in fields), None)
        if earlier is None or earlier.quantity.span.end > start:
            return None, False
        gap = self.text[earlier.quantity.span.end : start]
        if P.TAKEN_BACK_BETWEEN.fullmatch(gap):
            return earlier.field, True  # 2年5个月，不是2年5个月，是5年2个月
        m = P.RESTATED.fullmatch(gap)
        return (earlier.field, bool(m.group("fix"))) if m else (None, False)

    def add(self, field: str, amount: Amount, start: int, end: int, **extra) -> None:
        flags = {k: extra.pop(k) for k in ("negative", "base", "changed", "past") if k in extra}
        quantity = Quantity(amount.low, self.span(start, end), amount.high, **extra)
        self.candidates.append(_Candidate(field, quantity, **flags))

    def tag(self, kind: str, value: str, start: int, end: int) -> None:
        if all(t.value != value for t in self.tags[kind]):
            self.tags[kind].append(Tag(value, self.span(start, end)))

    # -- the pass --

    def read(self) -> Facts:
        self.read_birth()
        self.read_dates()
        self.read_pregnancy()
        self.read_spring_festival()
        self.read_annual_leave()
        self.read_holiday_work()
        # the clock first: a break told after it (早上八点做到晚上八点中间吃饭一个钟) is the span's, not hours worked
        self.read_clock_spans()
        self.read_hours()
        self.read_grades()
        self.read_ages()
        self.read_heat()  # before the money: the allowance paid is no wage
        self.read_living_paid()  # before the money: living money paid a month is no wage
        self.read_money()
        self.read_schedules()
        self.read_month_reached()
        self.read_durations()
        self.read_start_month()  # after the durations: a start told as a month alone only stands in for them
        self.read_contract_term_run_out()
        self.read_tags()
        self.read_region()
        return self.resolve()

    def read_schedules(self) -> None:
        """一个月做足三十日: the days worked a month, a schedule, not a duration of work (masked)."""
        for m in P.MONTH_SCHEDULE.finditer(self.masked()):
            days = parse_number(m.group("n"))
            if days is not None and days.high is None:
                self.add("work_days_per_month", days, m.start("n"), m.end())
            self.mask(m.start(), m.end())
        # 上个月每天加班3个钟 加了20天, 每晚做11个钟 上个月做了21晚: the days a day's overtime (or working) hours were
        # worked, read after those hours
        hours = [
            c.quantity.span
            for c in self.candidates
            if (c.field == "overtime_hours" and c.quantity.per is Per.DAY) or c.field == "work_hours_per_day"
        ]
        for m in P.OVERTIME_DAYS.finditer(self.masked()):
            if not any(span.end <= m.start() <= span.end + OVERTIME_DAYS_REACH for span in hours):
                continue
            days = parse_number(m.group("n"))
            if days is not None and days.high is None and 1 <= days.low <= 31:
                self.add("work_days_per_month", days, m.start("n"), m.end())
                self.mask(m.start(), m.end())
            break

    def read_birth(self) -> None:
        """1972年5月出生, 72年出世: the birth year and month (masked so they are not a start of work)."""
        for m in P.BIRTH_DATE.finditer(self.text):
            four, two = m.group("y4") or m.group("y4b"), m.group("y2") or m.group("y2b")
            year = (
                int(four.translate(_DIGIT_CHARS)) if four else (1900 if int(two) >= 30 else 2000) + int(two)
            )
            month_text = m.group("m") or m.group("mb")
            month = None if not month_text else 1 if month_text == "正" else _month(month_text)
            span = self.span(m.start(), m.end())
            if year > self.today.year:
                self.late_births.append(
                    Rejected("birth_year", span, f"出生年份不合常理：晚于今年（{self.today.year}年）")
                )
            else:
                self.add("birth_year", Amount(year), m.start(), m.end())
                if month is not None:
                    self.add("birth_month", Amount(month), m.start(), m.end())
            self.mask(m.start(), m.end())
            break  # the worker's own birth: the first one given

    def date_year(self, m: re.Match[str]) -> int:
        """The year of a P.DATE match: four digits, two (2000s), or 今年/去年/前年/大前年 from today."""
        if m.group("y4"):
            return int(m.group("y4"))
        if m.group("y4c"):
            return int(m.group("y4c").translate(_CN_DIGITS))
        if m.group("y2"):
            return 2000 + int(m.group("y2").translate(_CN_DIGITS))
        return self.today.year - RELATIVE_YEARS[m.group("rel")]

    def read_dates(self) -> None:
        for m in P.DATE.finditer(self.text):
            if self.work[m.start()] == MASK:
                continue  # a birth date, read already
            year = self.date_year(m)
            month_text = m.group("m") or m.group("m2")
            month = None if not month_text else 1 if month_text == "正" else _month(month_text)
            self.dated.append((m.start(), year, month or 1))
            self.mask(m.start(), m.end())
            after, before = self.after(m.end(), 10), self.before(m.start(), 3)
            entry = (datetime.date(year, month or 7, 1), month is None, self.span(m.start(), m.end()))
            if month and m.group("day"):
                entry = (_day_of(entry[0], m.group("day")), False, entry[2])
            # 一月底走的, 今年十月底老板叫我不用来了: as an end, the whole month was worked
            ended = (
                (_next_month(entry[0]), False, entry[2])
                if month and after.startswith(("底", "末"))
                else entry
            )
            if P.DATE_CONTRACT.match(after):
                self.contract_dates.append(entry)
            elif P.DATE_EXPIRY.match(after) and P.CONTRACT_BEFORE_EXPIRY.search(self.before(m.start(), 8)):
                self.expiries.append(entry)
            elif before.endswith(("到", "至")) or P.DATE_END.match(after):
                self.ends.append(ended)
            elif month and P.DATE_WAGE_CHANGE.match(self.after(m.end(), 24)):
                continue  # 今年五月开始涨到4800: when the wage changed (read with the wage), not a start
            elif (
                ("从" in before or "于" in before or before.endswith("由"))
                and not P.DATE_OTHER_BEGINS.match(after)
            ) or (P.DATE_START.match(after) and not P.DATE_NOT_START.match(after)):
                # 我记错了 是前年三月进去的: the start told again replaces the one told before
                if P.CORRECTION_BEFORE.search(self.text[max(0, m.start() - 12) : m.start()]):
                    self.starts.insert(0, entry)
                else:
                    self.starts.append(entry)
            elif self.starts and month and P.DATE_END_LATE.match(self.text[m.end() : m.end() + 20]):
                self.ends.append(ended)
        if self.starts:
            self.read_months_after_start()
        for m in P.THIS_MONTH_END.finditer(self.masked()):
            # 做到这个月底就走: the whole of this month is worked, the last day still to come
            if self.before(m.start(), 3).endswith(("到", "至")) or P.THIS_MONTH_END_LEAVING.match(
                self.after(m.end(), 6)
            ):
                self.ends.append((_next_month(self.today), False, self.span(m.start(), m.end())))
                self.mask(m.start(), m.end())
                break
        for m in P.LAST_MONTH_END.finditer(self.masked()):
            # 上个月底辞工了: the whole of last month was worked, up to the start of this one
            if (
                self.before(m.start(), 3).endswith(("到", "至"))
                or P.THIS_MONTH_END_LEAVING.match(self.after(m.end(), 6))
                or P.LAST_MONTH_END_LET_GO.match(self.after(m.end(), 24))
                or P.LAST_MONTH_END_LEFT.match(self.after(m.end(), 12))
            ):
                self.ends.append((self.today.replace(day=1), False, self.span(m.start(), m.end())))
                self.mask(m.start(), m.end())
                break

    def corrected_away(self, start: int, end: int) -> bool:
        """True for an amount the worker says it is not, beside the one it is (工资不是五千是五千五, 系五千五唔系五千)."""
        near = max(0, start - 3)
        negated = P.NEGATED_COPULA_BEFORE.search(self.text[near:start])
        if not negated:
            return False
        before = self.text[max(0, near - 12) : near + negated.start()]
        return bool(P.CORRECTED_AFTER.match(self.text[end : end + 8]) or P.CORRECTED_BEFORE.search(before))

    def read_start_month(self) -> None:
        """三月初进去的, 我三月份进厂: a start told as a month alone, with no year anywhere in the story: the latest
        such month before today's (this year's March in December, last year's December in March); only when no
        date and no time worked was told (我8月份进厂的，做了3年: the three years)."""
        if self.starts or self.dated or any(c.field == "tenure_months" for c in self.candidates):
            return
        for m in P.BARE_MONTH.finditer(self.masked()):
            month = _month(m.group("m"))
            after = self.after(m.end(), 10)
            if month is None or not P.DATE_START.match(after) or P.DATE_NOT_START.match(after):
                continue
            if P.DATE_WAGE_CHANGE.match(self.after(m.end(), 24)):
                continue  # 七月开始涨到4800: when the wage changed
            if month == self.today.month:
                continue  # this month or a year ago: not told
            year = self.today.year if month < self.today.month else self.today.year - 1
            self.starts.append((datetime.date(year, month, 1), False, self.span(m.start(), m.end())))
            self.dated.append((m.start(), year, month))
            self.mask(m.start(), m.end())
            self.read_months_after_start()  # 三月份进去，做到十月份: the end in the same year
            return

    def read_months_after_start(self) -> None:
        """拖到九月初才跟我签合同, 做到十月底: a month without a year, in the year after the dated start."""
        for m in P.BARE_MONTH.finditer(self.masked()):
            month = _month(m.group("m"))
            if month is None:
                continue
            # the year of the nearest date told before it (今年7月…做到10月底), one later if the month is earlier
            _, year, last_month = max((d for d in self.dated if d[0] < m.start()), default=(0, 0, 0))
            if not year:
                continue
            year = year if month >= last_month else year + 1
            date = datetime.date(year, month, 1)
            if date > self.today:
                continue
            after = self.after(m.end(), 14)
            day = P.DAY_AFTER_MONTH.match(after)
            # 做到九月三十号辞工: the words after the day say what the date is; a day from the 28th on ends the month
            month_end = day is not None and _day_of(date, day.group("day")).day >= 28
            after = after[day.end() :] if day else after
            entry = (date, False, self.span(m.start(), m.end()))
            if P.DATE_CONTRACT.match(after):
                self.contract_dates.append(entry)
            elif P.DATE_END.match(after) or self.before(m.start(), 3).endswith(("到", "至")):
                if after.startswith(("底", "末")) or m.group(0).endswith(("底", "尾")) or month_end:
                    entry = (_next_month(date), False, entry[2])
                self.ends.append(entry)
            else:
                continue
            self.mask(m.start(), m.end())

    def read_pregnancy(self) -> None:
        for m in P.PREGNANCY.finditer(self.masked()):
            group = "n" if m.group("n") else "n2"
            amount = parse_number(m.group(group))
            if amount is None:
                continue
            unit = m.group("unit") or "个月"
            approx = self.approx(m.start(group), m.end(), m.group("more"), "多" in unit)
            if "周" in unit or "星期" in unit:
                amount, approx = amount.scaled(1 / 4.345), True
                amount = Amount(round(amount.low), None if amount.high is None else round(amount.high))
            elif "半" in unit:
                amount = amount.plus(0.5)
            self.add("pregnancy_month", amount, m.start(group), m.end(), approx=approx)
            self.mask(m.start(), m.end())

    def read_spring_festival(self) -> None:
        """年三十晚同年初一到初三都要返工: the Spring Festival's days worked, counted by name (masked)."""
        text = self.masked()
        for m in P.LUNAR_DAYS.finditer(text):
            begin, end = self.sentence(m.start())
            if not P.HOLIDAY_WORK_WORD.search(text[begin:end]):
                continue
            first = P.LUNAR_DAY.index(m.group("a") or m.group("la")) + 1
            end_day = m.group("b") or m.group("lb")
            last = P.LUNAR_DAY.index(end_day) + 1 if end_day else first
            if last < first:
                continue
            eve = P.NEW_YEARS_EVE.search(text[begin : m.start()])
            if eve and not end_day and re.search(r"[到至]", text[begin + eve.end() : m.start()]):
                first = 1  # 由年三十做到初三: the eve to 初三, every day between
            legal = max(0, min(last, P.SPRING_LEGAL_LUNAR_DAYS) - first + 1) + (1 if eve else 0)
            start = eve.start() + begin if eve else m.start()
            extra = (
                last - max(first, P.SPRING_LEGAL_LUNAR_DAYS + 1) + 1
                if last > P.SPRING_LEGAL_LUNAR_DAYS
                else 0
            )
            self.holidays_worked.append((legal, extra, start, m.end()))
            self.mask(start, m.end())
            self.spring_counted = True  # 过年返工俾多一日人工 then counts no days of its own
            return
        # 除夕那天要我上班: the eve alone, one legal holiday (from 2025), worked when its clause says so
        for m in P.NEW_YEARS_EVE.finditer(text):
            begin, end = self.clause(m.start())
            if P.HOLIDAY_WORK_WORD.search(text[m.end() : end]):
                self.holidays_worked.append((1, 0, m.start(), m.end()))
                self.mask(m.start(), m.end())
                self.spring_counted = True
                return

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos` (clauses joined by commas), for facts told over several clauses."""
        begin = max(self.text.rfind(mark, 0, pos) for mark in "。！？!?") + 1
        ends = [i for mark in "。！？!?" if (i := self.text.find(mark, pos)) >= 0]
        return begin, min(ends, default=len(self.text))

    def read_annual_leave(self) -> None:
        """年假五天一天都没休, 10天年休假: the year's annual leave days as the worker states them (masked)."""
        for m in P.ANNUAL_LEAVE_DAYS.finditer(self.masked()):
            group = "n" if m.group("n") else "n2"
            days = parse_number(m.group(group))
            if days is not None and days.low == 1 and self.text[m.end() : m.end() + 1] in ("都", "也"):
                continue  # 年假一天都没休: none taken, not a one-day entitlement
            if days is not None and days.high is None:
                self.add("annual_leave_days", days, m.start(group), m.end(group))
                self.mask(m.start(group), m.end(group))

    def read_holiday_work(self) -> None:
        """国庆那三天都要返工: days worked over a public holiday; days beyond the holiday's legal days (国庆七天都
        上班: 3 legal days) are rest days worked."""
        text = self.masked()
        told = set()  # (holiday, year) already counted: 国庆那三天…我想问国庆这三天 tells the same days twice
        for m in P.HOLIDAY_NAME.finditer(text):
            if self.spring_counted and m.group(0) in P.SPRING_NAMES:
                continue
            year = P.YEAR_BEFORE_HOLIDAY.search(self.text[max(0, m.start() - 6) : m.start()])
            key = (P.SAME_HOLIDAY.get(m.group(0), m.group(0)), year.group(1) if year else "")
            # (今年国庆一号到三号…国庆那三天: told again without its year, the same days)
            if key in told or (not key[1] and any(k[0] == key[0] for k in told)):
                continue
            _, clause_end = self.clause(m.start())
            rest = text[m.end() : clause_end]
            work = P.HOLIDAY_WORK_WORD.search(rest)
            if work is None:
                continue
            # 国庆七天我上了五天: the count after the work word is the days worked, not the holiday's length
            # (near it: a story told without stops runs on to other days, 来这里两年一天年假都没放过)
            count = P.HOLIDAY_DAY_COUNT.search(rest, work.end())
            if count is not None and count.start() - work.end() > HOLIDAY_COUNT_REACH:
                count = None
            count = count or P.HOLIDAY_DAY_COUNT.search(rest, 0, work.end())
            # 中秋和国庆都在上班一天没休: no count, every day of each holiday worked
            whole = (
                count is not None
                and bool(count.group("n"))
                and bool(P.NOT_A_DAY_AFTER.match(rest[count.end() :]))
            )
            if whole:
                # 国庆那七天全部都要上班一天都没补休: the holiday's days told before the work word, if any
                count = P.HOLIDAY_DAY_COUNT.search(rest, 0, work.start())
            dates = P.HOLIDAY_DATE_RANGE.match(rest)
            # (国庆1号到3号三天都叫我守窑: a count told with the dates is their days)
            if dates and (count is None or count.start() > work.start() or count.start() <= dates.end()):
                # 国庆1号到3号都要上班: the days between the two dates
                first, last = parse_number(dates.group("a")), parse_number(dates.group("b"))
                if first is None or last is None or not 0 <= last.low - first.low < 10:
                    continue
                days = last.low - first.low + 1
                legal = min(days, P.HOLIDAY_DAYS[m.group(0)])
                start, end = m.end() + dates.start(), m.end() + dates.end()
                told.add(key)
                self.holidays_worked.append((legal, days - legal, start, end))
                self.mask(start, end)
                continue
            next_holiday = P.HOLIDAY_NAME.search(rest, 0, work.start())
            if count is None or count.start() > work.start() and next_holiday:
                if next_holiday or whole or P.HOLIDAY_DAYS[m.group(0)] == 1:
                    # 中秋同国庆1号到3号都要上班, 中秋要上班: this holiday was worked whole (any count is the
                    # next holiday's)
                    told.add(key)
                    self.holidays_worked.append((P.HOLIDAY_DAYS[m.group(0)], 0, m.start(), m.end()))
                continue
            if P.HOLIDAY_NAME.search(rest, 0, count.start()):
                # 中秋节和国庆三天都上班: the count is the next holiday's; this one was worked whole
                told.add(key)
                self.holidays_worked.append((P.HOLIDAY_DAYS[m.group(0)], 0, m.start(), m.end()))
                continue
            days = Amount(1) if count.group("one") else parse_number(count.group("n").strip())
            if days is None or days.high is not None:
                continue
            legal = min(days.low, P.HOLIDAY_DAYS[m.group(0)])
            start, end = m.end() + count.start(), m.end() + count.end()
            told.add(key)
            self.holidays_worked.append((legal, days.low - legal, start, end))
            self.mask(start, end)
        for m in P.RESTDAYS_WORKED.finditer(self.masked()):
            group = next(g for g in ("n", "n2", "n3", "n4", "n5", "n6") if m.group(g))
            days = parse_number(m.group(group))
            if days is not None and days.high is None and 1 <= days.low <= 10:
                self.holidays_worked.append((0, days.low, m.start(group), m.end()))
                each = P.RESTDAY_HOURS_EACH.match(self.masked(), m.end())
                # (周六日加班…月工资4350…加了4天: what is told between stays readable)
                start = m.start(group) if group == "n6" else m.start()
                self.mask(start, each.end() if each else m.end())
        for m in P.RESTDAY_HOURS.finditer(self.masked()):
            # 礼拜天加了32个钟: the rest days' overtime told in hours, counted as days of 8 hours
            hours = parse_number(m.group("n"))
            if hours is not None and hours.high is None and 4 <= hours.low <= 31 * 8:
                self.holidays_worked.append((0, hours.low / 8, m.start("n"), m.end()))
                self.mask(m.start(), m.end())
        every = P.EVERY_RESTDAY_WORKED.search(self.masked())
        count = P.RESTDAYS_A_MONTH.search(self.masked(), every.end()) if every else None
        if count and not any(h[0] == 0 for h in self.holidays_worked):
            # 逢礼拜六都要返工，一个月四个礼拜六: each of the month's rest days told
            days = parse_number(count.group("n"))
            if days is not None and days.high is None and 1 <= days.low <= 5:
                self.holidays_worked.append((0, days.low, count.start("n"), count.end()))
                self.mask(count.start(), count.end())
        # 国庆上了五天，中秋那天也上班: the days of every holiday worked, added up
        if self.holidays_worked:
            legal = sum(h[0] for h in self.holidays_worked)
            extra = sum(h[1] for h in self.holidays_worked)
            start, end = self.holidays_worked[0][2], self.holidays_worked[-1][3]
            if legal:
                self.add("holiday_work_days", Amount(legal), start, end)
            if extra:
                self.add("restday_work_days", Amount(extra), start, end)

    def read_hours(self) -> None:
        floor = 0
        day_clause = -1  # the clause whose hours were told a day (每日做足八个钟之后仲要开三个钟OT)
        for m in P.HOURS.finditer(self.masked()):
            amount = parse_number(m.group("n"))
            if amount is None:
                continue
            if m.group("half"):
                amount = amount.plus(0.5)
            before, after = self.before(m.start(), 16, floor), self.after(m.end(), 6)
            # 每天做十个小时 老板说加班…: the hours' own words end at the break, the next clause tells something else
            own_after = P.CLAUSE_BREAK.split(after, 1)[0]
            floor = m.end()
            rate = P.HOURLY_RATE_AFTER.match(after) or (
                P.RATE_AFTER.match(after) and P.OVERTIME_PAY_BEFORE.search(before)
            )
            if amount.low == 1 and amount.high is None and rate:
                self.mask(m.start(), m.end())  # 一个小时的加班费: the rate asked, not an hour worked
                continue
            shift = bool(P.SHIFT_BEFORE.search(before))
            per = Per.DAY if shift else _nearest_per(before) or _nearest_per(after)
            clause = self.clause(m.start())[0]
            if per is None and clause == day_clause and P.THEN_MORE.search(before):
                per = Per.DAY  # hours on top of a day's hours, in the same breath: a day's too
            day_clause = clause if per is Per.DAY else -1
            approx = self.approx(m.start(), m.end(), m.group("more"), m.group("more2"))
            overtime_at = _last(P.OVERTIME_CONTEXT, before)
            working_day = (
                per is Per.DAY
                and overtime_at >= 0
                and bool(P.WORKING_DAY_AFTER_OVERTIME.search(before[overtime_at:]))
            )
            if working_day and not P.OVERTIME_CONTEXT.search(own_after):
                self.add("work_hours_per_day", amount, m.start(), m.end(), approx=approx)
            elif (
                overtime_at >= 0
                or P.OVERTIME_CONTEXT.search(own_after)
                or (
                    per is not Per.DAY
                    and amount.low <= P.MAX_OVERTIME_HOURS_TOLD
                    and self.overtime_in_previous_clause(m.start())
                )
            ):
                self.add("overtime_hours", amount, m.start(), m.end(), approx=approx, per=per)
            elif per is Per.DAY and (
                shift or P.WORK_CONTEXT.search(self.text[max(0, m.start() - 16) : m.start()])
            ):
                self.add("work_hours_per_day", amount, m.start(), m.end(), approx=approx)
            self.mask(m.start(), m.end())

    def overtime_in_previous_clause(self, pos: int) -> bool:
        """平时开OT又冇补水，上个月开咗30个钟: hours worked (a work verb before them) in the clause after one about
        overtime are overtime hours (not a day's hours: 经常加班，每天上班12个钟 is the working day; nor a month's
        whole hours: 这个月做了260个小时)."""
        start = self.clause(pos)[0]
        if not P.WORK_CONTEXT.search(self.text[start:pos]):
            return False
        previous = self.previous_clause(pos)
        return bool(P.OVERTIME_CONTEXT.search(previous)) and not re.search(r"[\d]", previous)

    def previous_clause(self, pos: int) -> str:
        """The end (at most 14 characters) of the clause before the one holding `pos` ("" in the first)."""
        start = self.clause(pos)[0]
        return self.text[max(self.clause(start - 1)[0], start - 14) : start] if start else ""

    def read_clock_spans(self) -> None:
        """早八点到晚八点: a working day from the clock, approximate as meal breaks are unknown; when the break is
        told right after it (中间吃饭一个钟), the hours worked are the span less the break, and exact."""
        read_to = 0
        for m in P.CLOCK_SPAN.finditer(self.masked()):
            if m.start() < read_to:
                continue  # a split shift's second part, read with the first
            hours = _clock_hours(m)
            second = P.SECOND_SHIFT.match(self.text, m.end()) if hours is not None else None
            later = second and _second_shift_hours(m, second)
            if later:
                # a split shift: both parts are the day's hours worked, the gap between them the break
                self.add("work_hours_per_day", Amount(hours + later), m.start(), second.end())
                self.mask(m.start(), second.end())
                read_to = second.end()
                continue
            if hours is not None:
                rest, end = self.break_after_clock(m.end())
                if rest is not None:
                    self.add("work_hours_per_day", Amount(hours - rest), m.start(), end)
                    self.mask(m.start(), end)  # the break's hours are no hours worked
                    continue
                self.add("work_hours_per_day", Amount(hours), m.start(), m.end(), approx=True)
            self.mask(m.start(), m.end())

    def break_after_clock(self, pos: int) -> tuple[float | None, int]:
        """The hours of a break told right after a clock span ending at `pos` (中间吃饭一个钟: 1.0), with where
        its words end; (None, pos) when none is told, or told vaguely (吃饭一个多钟)."""
        lead = P.BREAK_AFTER_CLOCK.match(self.text, pos)
        hours = lead and P.HOURS.match(self.text, lead.end())
        if not hours or hours.group("more") or hours.group("more2"):
            return None, pos
        amount = parse_number(hours.group("n"))
        if amount is None or amount.high is not None:
            return None, pos
        rest = amount.low + (0.5 if hours.group("half") else 0)
        return (rest, hours.end()) if 0 < rest <= MAX_BREAK_HOURS else (None, pos)

    def read_grades(self) -> None:
        for m in P.GRADE.finditer(self.masked()):
            group = "n" if m.group("n") else "n2"
            amount = parse_number(m.group(group))
            if amount is not None and amount.high is None:
                end = self.text.index("级", m.end(group)) + 1
                self.add("injury_grade", amount, m.start(group), end)
                self.mask(m.start(group), end)

    def read_ages(self) -> None:
        for m in P.AGE.finditer(self.masked()):
            amount = parse_number(m.group("n"))
            if amount is None or P.CHILD.search(self.before(m.start(), 6)):
                continue
            if P.FUTURE_AGE_BEFORE.search(self.before(m.start(), 10)):
                self.mask(m.start(), m.end())  # 明年五十岁: the age to come, not the worker's age
                continue
            if P.AGE_LIMIT_BEFORE.search(self.before(m.start(), 3)):
                self.mask(m.start(), m.end())  # 未满十八岁: a limit, not the worker's age
                continue
            approx = self.approx(m.start(), m.end(), m.group("more"), m.group("more2"))
            self.add_age(amount, m.start(), m.end(), approx)
        masked = self.masked()
        # 今年 itself may be masked as a date; the number must not be
        for m in P.AGE_THIS_YEAR.finditer(self.text):
            if MASK in masked[m.start("n") : m.end("n")]:
                continue
            amount = parse_number(m.group("n"))
            low, high = P.AGE_SAID_BARE
            if amount is None or amount.high is not None or not low <= amount.low <= high:
                continue
            if P.CHILD.search(self.before(m.start(), 6)):
                continue
            self.add_age(amount, m.start("n"), m.end("n"), False)

    def add_age(self, amount: Amount, start: int, end: int, approx: bool) -> None:
        self.add("age", amount, start, end, approx=approx)
        if P.RETIREMENT_AGE <= amount.low <= 100:
            self.tag("worker_types", WorkerType.RETIRED, start, end)
        self.mask(start, end)

    def read_money(self) -> None:
        floor = 0
        # the field of an amount the worker took back (不是四千), for the amount after it
        taken_back: str | None = None
        for m in P.MONEY.finditer(self.masked()):
            token = m.group("n")
            amount = parse_number(token)
            end = m.end()
            if (
                len(token) > 1
                and token.endswith("一")
                and not m.group("unit")
                and P.WORD_AFTER_ONE.match(self.text[end : end + 2])
            ):
                # 六千一个月, 三千八一直没签: the 一 starts 一个月 / 一直, it is not 六千一 (6100)
                token, end = token[:-1], end - 1
                amount = parse_number(token)
            if amount is None or P.NOT_MONEY_AFTER.match(self.text[end : end + 4]):
                continue
            if amount.low <= 1 and P.NOT_A_CENT_AFTER.match(self.text[end : end + 8]):
                continue
            if P.TAKE_HOME_AFTER_WAGE_BEFORE.search(self.text[max(0, m.start() - 20) : m.start()]):
                continue  # 工资本来四千三百五到手只有三千一百五: what was left of the wage, no second wage
            has_unit = bool(m.group("unit")) or any(ch in token for ch in "kKwW千万百")
            if not (has_unit or amount.low >= 100 or m.group("neg")):
                continue
            wider = self.before(m.start(), 14, floor)
            before = _since_last_space(wider)
            floor = end
            restates, corrected = self.restated(m.start(), MONEY_FIELDS)
            field = restates or _money_field(before, self.after(end, 6))
            if self.off_work and P.SUSPENSION_PAID_BEFORE.search(before):
                field = "suspension_paid"  # 停工留薪…工厂只发了底薪2000
            if self.day_rate and field in (None, "monthly_wage") and P.PAID_PART_BEFORE.search(before):
                field = "wage_paid"  # 一天260…包工头只给了一万块: paid so far of the days' pay
            if field is None and taken_back is not None:
                field, corrected = taken_back, True  # 工资不是四千 是四千五: what the wage is
            if field is None and P.NOT_THIS_AFTER.match(self.text[end : end + 4]):
                # 工资我记错了 是4350不是4000: the amount the worker says it is, named before the words between
                field = _money_field(wider, self.after(end, 6))
            if field == "monthly_wage" and P.FEE_AFTER.match((m.group("unit") or "") + self.after(end, 6)):
                field = None  # 只发了两百块夜宵钱, 交200块团建费: a fee or an allowance, not the wage
            if field is None and not P.MONEY_CONTEXT.search(before):
                field = self.wage_in_previous_clause(m.start())
            if self.corrected_away(m.start(), end):
                taken_back = field  # 不是五千是五千五: the amount the worker takes back
                continue
            taken_back = None
            if field is None:
                continue
            approx = self.approx(m.start("n"), end, m.group("more"), m.group("more2"))
            self.add(
                field,
                amount,
                m.start(),
                end,
                approx=approx,
                negative=bool(m.group("neg")),
                base=bool(P.BASE_WAGE.search(before) or P.DEDUCTED_FROM_WAGE_BEFORE.search(before)),
                changed=corrected or bool(P.CHANGE_WORDS.search(before)),
                past=bool(P.PAST_WORDS.search(self.before(m.start(), 14))),
            )
            self.mask(m.start(), end)

    def days_worked(self, daily: Quantity | None, tenure: Quantity | None) -> Quantity | None:
        """A day-paid worker's time worked told in days (一天三百…总共做了一百一十天, 算下来做了一百二十天): the days
        themselves, whether or not they were read as the time worked (a date range may have been)."""
        if daily is None:
            return None
        # not the days of a month or a week (一个月做26天: the schedule)
        m = next(
            (
                m
                for m in P.DAYS_WORKED.finditer(self.text)
                if not P.PER_PERIOD_END.search(self.before(m.start(), 4))
            ),
            None,
        )
        if m is not None:
            days, span = parse_number(m.group("n")), self.span(m.start("n"), m.end())
        elif tenure is not None and tenure.high is None:
            told = re.fullmatch(r"(?:总共|一共|共)?(.+?)(?:天|日)", tenure.span.text)
            days, span = (parse_number(told.group(1)) if told else None), tenure.span
        else:
            return None
        if days is None or days.high is not None or not 1 <= days.low <= LIMITS["worked_days"][1]:
            return None
        return Quantity(days.low, span, approx=True)

    def wage_in_previous_clause(self, pos: int) -> str | None:
        """工资是计件的，大概5000多: the wage word sits in the clause before a bare amount."""
        previous = self.previous_clause(pos)
        if P.WAGE_NOUNS.search(previous) and not re.search(r"[\d千万]", previous):
            return "monthly_wage"
        return None

    def read_durations(self) -> None:
        floor = schedule_end = 0
        taken_back: tuple[int, list[str]] | None = None  # where a duration taken back ends, and what it was
        for m in P.DURATION.finditer(self.masked()):
            amount, approx_word = _duration_months(m)
            if amount is None or m.start() < schedule_end:
                continue  # (the days of a schedule told after its period: 一个礼拜要做六天)
            before, after = self.before(m.start(), 12, floor), self.after(m.end(), 10)
            if self.corrected_away(m.start(), m.end()):
                # 做了不是2年是3年, 试用期不是三个月是一个月: the time taken back stands for nothing; the one meant,
                # told next, is what it was
                clause = self.text[slice(*self.clause(m.start()))]
                said = P.NEGATED_COPULA_BEFORE.sub("", before)  # 试用期不是 → 试用期
                taken_back = (m.end(), _duration_fields(said, after, clause))
                continue
            meant = (
                taken_back
                and taken_back[1]
                and P.MEANT_AFTER_TAKEN_BACK.fullmatch(self.text[taken_back[0] : m.start()])
            )
            if meant:
                for field in taken_back[1]:
                    self.add(field, amount, m.start(), m.end(), changed=True)
                taken_back = None
                floor = m.end()
                continue
            floor = m.end()
            schedule = P.SCHEDULE_AFTER.match(after) if P.ONE_PERIOD.fullmatch(m.group(0)) else None
            if schedule:
                schedule_end = m.end() + schedule.end()
                continue  # 一个礼拜要做六天, 一个月只休两天: a schedule, neither its period nor its days worked
            one_unit = (
                amount.high is None
                and amount.low in (1, 12)
                and bool(re.match(r"[1一](?![\d十])", m.group(0)))
            )
            if one_unit and P.PER_PERIOD_AFTER.match(after):
                continue  # 一个月4500: a period, not a duration
            if one_unit and P.WAGE_PER_MONTH_BEFORE.search(before):
                continue  # 工资三千九一个月: the wage's period, not a duration
            one_day = bool(P.ONE_DAY.fullmatch(m.group(0)))
            if one_day and (P.PER_PERIOD_AFTER.match(after) or P.HOURS_IN_THE_DAY_AFTER.match(after)):
                continue  # 一天12个小时, 一天做12个小时, 一天300: the working day, not a day worked
            if m.group(0).endswith(("天", "日")) and P.NOT_A_DAY_AFTER.match(after):
                continue  # 上班一天没休, 一天假都没请: "not a single day", no duration of work
            approx = self.approx(
                m.start(),
                m.end(),
                approx_word,
                any(unit in m.group(0) for unit in ("天", "周", "星期", "礼拜")),
            )
            restates, corrected = self.restated(m.start(), DURATION_FIELDS)
            fields = (
                [restates]
                if restates
                else _duration_fields(before, after, self.text[slice(*self.clause(m.start()))])
            )
            if not fields and P.DRIVER_TIME_BEFORE.search(self.text[max(0, m.start() - 12) : m.start()]):
                fields = ["tenure_months"]
            if (
                not fields
                and re.fullmatch(
                    P.DURATION_CLAUSE.format(re.escape(m.group(0))),
                    self.text[slice(*self.clause(m.start()))].strip(),
                )
                and P.JOB_TOLD_BEFORE.search(self.previous_clause(m.start()))
            ):
                fields = ["tenure_months"]  # 我在KTV做服务员，两年零三个月了: the time at that job
            if self.off_work and not restates and P.SUSPENSION_BEFORE.search(before) and amount.low >= 1:
                fields = ["suspension_months"]  # 工伤…休养咗三个月
            elif self.off_work and P.FIRST_MONTHS_BEFORE.search(before) and P.PAID_IN_FULL_AFTER.match(after):
                fields = ["suspension_paid_months"]  # 前12个月工资照发，第13个月开始就停了
            for field in fields:
                self.add(field, amount, m.start(), m.end(), approx=approx, changed=corrected)

    def read_heat(self) -> None:
        """A story about the high-temperature allowance: what was paid of it a month and the summer months worked in
        the heat (only June to October count in Guangdong)."""
        if P.HEAT_PAY.search(self.text):
            self.read_heat_paid()
            self.read_heat_months()

    def read_living_paid(self) -> None:
        """每个月只给八百生活费 (the rest held to the year's end): the part of the wage paid a month (masked: no wage)."""
        if not self.held_to_year_end:
            return
        for m in P.LIVING_PAID.finditer(self.masked()):
            group = "n" if m.group("n") else "n2"
            amount = parse_number(m.group(group))
            if amount is not None and amount.high is None:
                self.add("living_paid", amount, m.start(group), m.end(group))
                self.mask(m.start(group), m.end(group))
            return

    def read_heat_paid(self) -> None:
        """高温费一个月只发150: the allowance paid a month, below the standard (masked: no wage)."""
        for m in P.HEAT_PAID.finditer(self.masked()):
            amount = parse_number(m.group("n"))
            if amount is None or amount.high is not None:
                continue
            lead = m.group(0)[: m.start("n") - m.start()]
            # a day's allowance (高温补贴一天15块) is no wage either, but no month's payment
            if not re.search(r"[天日时钟]", lead) and 1 <= amount.low < float(GD_MONTHLY):
                self.add("heat_paid", amount, m.start("n"), m.end("n"))
            self.mask(m.start("n"), m.end("n"))
            return

    def read_heat_months(self) -> None:
        """今年七八月, 六月到九月, 7、8、9月: the summer months named; else 热咗三个月, a count told about the heat."""
        months: set[int] = set()
        spans: list[tuple[int, int]] = []
        for m in P.HEAT_MONTH_RANGE.finditer(self.text):
            first, last = _month(m.group("a")), _month(m.group("b"))
            if first is not None and last is not None and first < last:
                months |= set(range(first, last + 1))
                spans.append(m.span())
        for m in P.HEAT_MONTH_LIST.finditer(self.text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            named = m.group("run") or m.group("digits") or m.group("named")
            told = [_month(t) for t in re.findall(r"10|[5-9]|十|[五六七八九]", named)]
            if len(told) >= 2 and None not in told:
                months |= set(told)
                spans.append(m.span())
        if months & SEASON_MONTHS:
            start, end = min(a for a, _ in spans), max(b for _, b in spans)
            self.add("heat_months", Amount(len(months & SEASON_MONTHS)), start, end)
            return
        for m in P.DURATION.finditer(self.masked()):
            amount, _ = _duration_months(m)
            if (
                amount is not None
                and amount.high is None
                and m.group(0).endswith("月")
                and 2 <= amount.low <= len(SEASON_MONTHS)  # not 一个月只发150, a period
                and P.HEAT_WORDS.search(self.text[slice(*self.clause(m.start()))])
            ):
                self.add("heat_months", amount, m.start(), m.end())
                self.mask(m.start(), m.end())
                return

    def read_contract_term_run_out(self) -> None:
        """合同签了三年这个月底就到期了: with no other time worked told, the whole term of the contract running out."""
        if self.starts or any(c.field == "tenure_months" for c in self.candidates):
            return
        m = P.CONTRACT_TERM_RUN_OUT.search(self.text)
        years = parse_number(m.group("n")) if m else None
        if years is not None and years.high is None and 0 < years.low <= 10:
            self.add("tenure_months", Amount(years.low * 12), m.start("n"), m.end())

    def read_month_reached(self) -> None:
        """做到第二个月月尾就叫我走: the months worked, told as the month reached (masked)."""
        for m in P.MONTH_REACHED.finditer(self.masked()):
            month = parse_number(m.group("n"))
            if month is None or month.high is not None:
                continue
            part = m.group("part") or ""
            months = month.low - {"初": 1, "头": 1, "中": 0.5}.get(part[-1:], 0)
            if months >= 0.5:
                self.add("tenure_months", Amount(months), m.start(), m.end(), approx=not part)
                self.mask(m.start(), m.end())

    def read_tags(self) -> None:
        text = self.text
        forced = P.FORCED_RESIGNATION.search(text)
        if forced:
            self.tag("events", Event.DISMISSED, forced.start(), forced.end())
        unforced = P.FORCED_RESIGNATION.sub(lambda m: MASK * len(m.group(0)), text)
        # the maternity leave's pay refused (产假期间不发工资) asks who pays it: no wages owed
        leave_pay = [m.span() for m in P.ASKS[P.Ask.LEAVE_PAY].finditer(text)]
        # a sum docked for leaving (要走就罚一个月工资): the fine in it is the penalty, read as such
        penalties = [m.span() for m in P.EVENTS[Event.PENALTY].finditer(text)]
        for event, pattern in P.EVENTS.items():
            scanned = unforced if event in (Event.RESIGNED, Event.LEFT) else text
            for m in pattern.finditer(scanned):
                if event in P.NEGATABLE and P.NEGATION_BEFORE.search(text[max(0, m.start() - 3) : m.start()]):
                    continue
                if event in (Event.UNPAID, Event.STOPPED) and self.in_other_partys_account(m.start()):
                    continue
                if event is Event.UNEQUAL_PAY and not P.DISPATCH_WORDS.search(text):
                    continue  # equal pay for the same work is the dispatched worker's rule
                if event is Event.UNPAID and P.THREAT_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
                    continue
                # (产假，放假有冇人工攞: the leave asked about, no stoppage either)
                if event in (Event.UNPAID, Event.STOPPED) and any(
                    start <= m.start() < end for start, end in leave_pay
                ):
                    continue
                if (
                    event is Event.UNPAID
                    and P.LEAVE_DAYS_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
                    and P.LEAVE_TAKEN_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
                ):
                    continue  # 请了半个月假，厂里这半个月没发工资: the leave's days unpaid
                if event is Event.FINED and any(start <= m.start() < end for start, end in penalties):
                    continue
                if event is Event.UNPAID and P.COURT_ORDER_BEFORE.search(self.before(m.start(), 12)):
                    continue
                if event is Event.UNPAID and P.LEAVE_RULE_BEFORE.search(
                    text[max(0, m.start() - 5) : m.start()]
                ):
                    continue  # 请假要扣钱: leave unpaid, the job's rule
                if (
                    event is Event.UNPAID
                    and m.group(0).startswith("只")
                    and P.OFF_WORK_BEFORE.search(text[max(0, m.start() - 16) : m.start()])
                ):
                    continue
                # the traffic police's fine (闯了个红灯扣六分罚两百), not the employer's
                if (
                    event is Event.FINED
                    and "罚" in m.group(0)
                    and P.TRAFFIC_OFFENCE.search(text[max(0, m.start() - 16) : m.end() + 8])
                ):
                    continue
                if event is Event.RESIGNED and P.OTHERS_LEFT_BEFORE.search(
                    text[max(0, m.start() - 8) : m.start()]
                ):
                    continue
                # a landlord's deposit told in the clause naming the landlord (房东说我提前退租押金不退)
                if event is Event.DEPOSIT and P.LANDLORD_BEFORE.search(self.before(m.start(), 16)):
                    continue
                # a deposit paid on a booking (在婚庆公司订了花车交了两千押金): the story's deposit is the customer's
                if event is Event.DEPOSIT and P.BOOKED.search(
                    text[max(0, m.start() - BOOKED_REACH) : m.start()]
                ):
                    break
                # a shop closing on a customer's prepaid card (充了三千块会员卡…店关门了): not the employer's business
                if event is Event.CLOSED and P.PREPAID.search(text[: m.start()]):
                    continue
                # a loan repaid out of the pay, told in the same clause, a space ending one too (一个人要还房贷
                # 公司说奖金不发了: two clauses)
                if event is Event.UNPAID and P.REPAYMENT_BEFORE.search(
                    (self.before(m.start(), 12).split() or [""])[-1]
                ):
                    continue
                self.tag("events", event, m.start(), m.end())
                break
        for kind, patterns in (("asks", P.ASKS), ("worker_types", P.WORKER_TYPES), ("birth", P.BIRTHS)):
            for value, pattern in patterns.items():
                m = next((m for m in pattern.finditer(text) if self.said_of_the_worker(value, m)), None)
                if m:
                    self.tag(kind, value, m.start(), m.end())
        for key, patterns in (("sex", P.SEX_WORDS), ("post", P.POSTS)):
            found = [
                (m.start(), value, m) for value, pattern in patterns.items() if (m := pattern.search(text))
            ]
            if found:
                _, value, m = min(found, key=lambda item: item[0])
                setattr(self, key, Tag(value, self.span(m.start(), m.end())))
        if self.sex is None:
            for value, pattern in P.RELATIVE_SEX.items():
                if m := pattern.search(text):
                    self.sex = Tag(value, self.span(m.start(), m.end()))
                    break
        for word, count in P.BABIES.items():
            start = text.find(word)
            if start >= 0:
                self.add("babies", Amount(count), start, start + len(word))
                break

    def in_other_partys_account(self, pos: int) -> bool:
        """Whether words at `pos` are told in another party's account of its own trouble (开发商讲工地工人工资没结清)."""
        return bool(P.OTHER_PARTY_SAYS_BEFORE.search(self.before(pos, 16)))

    def said_of_the_worker(self, value: object, m: re.Match[str]) -> bool:
        """Whether a worker-type word is said of the worker: not retirement still ahead (明年…到退休年龄), not a
        platform named as a customer or a caller's cover story (点了个外卖, 讲是快递公司的), not a kind of work told in
        another party's account of its own trouble (开发商讲工地停工了)."""
        if isinstance(value, WorkerType) and self.in_other_partys_account(m.start()):
            return False
        if value is WorkerType.RETIRED:
            return not P.NOT_RETIRED_YET_BEFORE.search(self.before(m.start(), 10))
        if value is WorkerType.PLATFORM:
            return not P.AS_CUSTOMER.search(self.text[max(0, m.start() - 6) : m.end()])
        return True

    def read_region(self) -> None:
        best = 0
        for m in P.PLACE.finditer(self.text):
            before, after = self.text[max(0, m.start() - 4) : m.start()], self.text[m.end() : m.end() + 2]
            if P.ORIGIN_BEFORE.search(before) or P.ORIGIN_AFTER.match(after):
                continue
            region = P.PLACES[m.group(0)]
            score = {P.JIEYANG: 3, P.GUANGDONG: 2}.get(region, 1)
            if score > best:
                best, self.region = score, Tag(region, self.span(m.start(), m.end()))

    # -- from candidates to facts --

    def resolve(self) -> Facts:
        rejected: list[Rejected] = []
        chosen: dict[str, Quantity | None] = {}
        conflicts: list[Conflict] = []
        by_field: dict[str, list[_Candidate]] = {}
        for candidate in self.candidates:
            reason = _problem(candidate.field, candidate.quantity, candidate.negative)
            if reason and self.corrected_later(candidate):
                continue  # 做了300年，不是，是3年: a slip the worker put right, neither a fact nor a problem
            if reason:
                label = FIELD_LABELS[candidate.field]
                rejected.append(
                    Rejected(candidate.field, candidate.quantity.span, f"{label}不合常理：{reason}")
                )
            else:
                by_field.setdefault(candidate.field, []).append(candidate)
        self.add_tenure_from_dates(by_field, rejected)
        self.split_total_from_tenure(by_field)
        self.add_months_before_contract(by_field)
        self.add_months_after_expiry(by_field)
        for field, found in by_field.items():
            value, conflict = _choose(field, found)
            chosen[field] = value
            if conflict:
                conflicts.append(conflict)
        half = P.SUSPENSION_HALF.search(self.text) if self.off_work else None
        wage = chosen.get("monthly_wage")
        if half and chosen.get("suspension_paid") is None and wage is not None:
            # 只俾咗一半人工: half the wage a month while off work
            chosen["suspension_paid"] = Quantity(wage.value / 2, self.span(half.start(), half.end()))
        daily, days = chosen.get("daily_wage"), chosen.get("work_days_per_month")
        if chosen.get("monthly_wage") is None and daily is not None and days is not None:
            # 一天150块，一个月做26天: the monthly wage is the days' pay (approximate: days vary)
            chosen["monthly_wage"] = Quantity(daily.value * days.value, daily.span, approx=True)
        chosen["worked_days"] = self.days_worked(daily, chosen.get("tenure_months"))
        if (
            chosen.get("unpaid_months") is None
            and chosen.get("unpaid_amount") is None
            and self.held_to_year_end
            and (tenure := chosen.get("tenure_months")) is not None
            and tenure.high is None
            and tenure.value <= 12
        ):
            # 做了九个月…工资要等年底一起发: every month worked this year is owed (less any living money paid)
            chosen["unpaid_months"] = tenure
        owed, months = chosen.get("unpaid_amount"), chosen.get("unpaid_months")
        if (
            chosen.get("monthly_wage") is None
            and owed is not None
            and months is not None
            and months.value >= 1
        ):
            # 四个月没发工资…一共欠了两万四: the months' wages owed in all, so a month's wage (approximate: part may
            # have been paid)
            monthly = owed.value / months.value
            low, high, _, _ = LIMITS["monthly_wage"]
            exact = not (owed.approx or months.approx or owed.high or months.high)
            if exact and low <= monthly <= high:
                chosen["monthly_wage"] = Quantity(round(monthly, 2), owed.span, approx=True)
        chosen["previous_wage"] = self.wage_before_cut(
            by_field.get("monthly_wage", []), chosen.get("monthly_wage")
        )
        chosen["months_since_wage_change"] = self.months_since_wage_change(
            chosen.get("monthly_wage"), chosen.get("tenure_months")
        )
        if chosen["months_since_wage_change"] is not None and chosen["previous_wage"] is None:
            chosen["previous_wage"] = self.wage_before_raise(
                by_field.get("monthly_wage", []), chosen["monthly_wage"]
            )
        if chosen["previous_wage"] is not None:
            self.wage_change_consent = self.consent(chosen["monthly_wage"])
        if chosen.get("months_without_contract") is None and not any(
            c.field == "months_without_contract" for c in conflicts
        ):
            chosen["months_without_contract"] = self.whole_tenure_without_contract(
                chosen.get("tenure_months")
            )
        if chosen.get("total_work_months") is None and P.ONLY_EMPLOYER.search(self.text):
            chosen["total_work_months"] = chosen.get("tenure_months")
        self.derive_events(chosen)
        return Facts(
            **chosen,
            region=self.region,
            sex=self.sex,
            post=self.post,
            wage_change_consent=self.wage_change_consent,
            **{kind: tuple(tags) for kind, tags in self.tags.items()},
            rejected=tuple(sorted(rejected + self.late_births, key=lambda r: r.span.start)),
            conflicts=tuple(conflicts),
        )

    def corrected_later(self, candidate: _Candidate) -> bool:
        """True when a later value of the same field corrects this one (四千，不对，是五千)."""
        start = candidate.quantity.span.start
        return any(
            c.changed and c.field == candidate.field and c.quantity.span.start > start
            for c in self.candidates
        )

    def split_total_from_tenure(self, by_field: dict[str, list[_Candidate]]) -> None:
        """在这间厂做了五年零两个月…我工作了七八年: of two tenures, one told with the workplace and a longer one
        told without it, the longer is the years of work in all (累计工作年限), not a contradiction; one told as an
        earlier job (之前在深圳做过三年) adds to this employer's for the years in all."""
        found = by_field.get("tenure_months", [])
        if "total_work_months" in by_field or len(found) < 2 or any(c.changed for c in found):
            return  # (做了3年，不对，是4年: the worker corrected the time, one tenure, not two)

        def clause_of(candidate: _Candidate) -> str:
            return self.text[slice(*self.clause(candidate.quantity.span.start))]

        def told_in(candidate: _Candidate) -> str:
            """The words of its clause told between the spaces around it (做了六年多 之前在别的厂也做过五年: two
            things told)."""
            start, end = self.clause(candidate.quantity.span.start)
            at = candidate.quantity.span.start
            cuts = list(_WORD_SPACE.finditer(self.text, start, end))
            left = max((m.end() for m in cuts if m.end() <= at), default=start)
            right = min((m.start() for m in cuts if m.start() >= at), default=end)
            return self.text[left:right]

        # 喺普宁一间厂做咗八年，之前喺深圳做过三年: this employer's years, and an earlier job's (at another
        # workplace or none said); together the years of work in all
        earlier = [c for c in found if P.EARLIER_JOB.search(told_in(c))]
        current = [c for c in found if c not in earlier]
        if earlier and len(current) == 1:
            this = current[0].quantity
            total = Quantity(
                this.value + sum(c.quantity.value for c in earlier),
                earlier[-1].quantity.span,
                approx=this.approx or any(c.quantity.approx for c in earlier),
            )
            by_field["tenure_months"] = current
            by_field["total_work_months"] = [_Candidate("total_work_months", total)]
            return
        here = [c for c in found if P.WORKPLACE.search(clause_of(c))]
        # 2024年5月入职一间家具厂，到现在做了五年多了: time to now carries on from the start told, at this employer
        # (two tenures that disagree, to be asked about), not the years of work in all
        elsewhere = [c for c in found if c not in here and not P.TO_NOW.search(clause_of(c))]
        if not here or not elsewhere:
            return
        if min(c.quantity.value for c in elsewhere) > max(c.quantity.high or c.quantity.value for c in here):
            by_field["tenure_months"] = here
            by_field["total_work_months"] = [_Candidate("total_work_months", c.quantity) for c in elsewhere]

    def wage_before_cut(self, found: list[_Candidate], current: Quantity | None) -> Quantity | None:
        """工资从五千降到三千五: the highest earlier wage, when the story reports a pay cut to the current one."""
        if current is None or not any(t.value == Event.PAY_CUT for t in self.tags["events"]):
            return None
        earlier = [c.quantity for c in found if c.quantity.span.start < current.span.start]
        higher = [q for q in earlier if q.value > current.value]
        return max(higher, key=lambda q: q.value, default=None)

    def wage_before_raise(self, found: list[_Candidate], current: Quantity) -> Quantity | None:
        """工资开始4000，今年五月涨到4800: the wage told last before a dated change to the current one."""
        earlier = [c.quantity for c in found if c.quantity.span.end <= current.span.start]
        return next((q for q in reversed(earlier) if q.value != current.value), None)

    def months_since_wage_change(self, current: Quantity | None, tenure: Quantity | None) -> Quantity | None:
        """今年7月…人工降到3000…做到10月底: the months from the month the wage changed to the end of work (the
        leaving date, or today), when the changed wage is told with a change word and a month before it in its
        sentence (not the month work started or ended)."""
        if current is None:
            return None
        pos = current.span.start
        begin = self.sentence(pos)[0]
        if not P.WAGE_CHANGE_VERB.search(self.text[max(begin, pos - 10) : pos]):
            return None
        used = [d[2] for d in (self.starts[:1] + self.ends[-1:] + self.contract_dates[:1])]
        found = self.change_month(begin, pos, used)
        if found is None:
            # 八九十这三个月工资从六千降到三千五: the months of the change counted by the worker
            these = P.THESE_MONTHS.search(self.text, begin, pos)
            months = parse_number(these.group("n")) if these else None
            if months is None or months.high is not None or not 1 <= months.low <= 24:
                return None
            return Quantity(months.low, self.span(these.start(), current.span.end))
        changed, at = found
        end = self.ends[-1][0] if self.ends else self.today
        months = _months_between(changed, end)
        if months <= 0 or (tenure is not None and months > (tenure.high or tenure.value) + 1):
            return None  # a change after the end of work, or before its start: not this job's wage
        return Quantity(months, self.span(at, current.span.end))

    def change_month(self, begin: int, pos: int, used: list[Span]) -> tuple[datetime.date, int] | None:
        """The last month named between `begin` and `pos` (a date with its month, or a bare month), with where it
        starts; a bare month takes the year of the date told before it, else its latest past occurrence."""
        best: tuple[datetime.date, int] | None = None
        taken = [(s.start, s.end) for s in used]

        def free(start: int, end: int) -> bool:
            return all(end <= a or b <= start for a, b in taken)

        for m in P.DATE.finditer(self.text, begin, pos):
            month = _month(m.group("m") or m.group("m2") or "")
            if month is None or not free(m.start(), m.end()):
                continue
            best = (datetime.date(self.date_year(m), month, 1), m.start())
        for m in P.BARE_MONTH.finditer(self.text, begin, pos):
            month = _month(m.group("m"))
            if month is None or not free(m.start(), m.end()) or (best and best[1] > m.start()):
                continue
            _, year, last = max((d for d in self.dated if d[0] < m.start()), default=(0, 0, 0))
            if year:
                year = year if month >= last else year + 1
            else:
                year = self.today.year if month <= self.today.month else self.today.year - 1
            best = (datetime.date(year, month, 1), m.start())
        return best

    def consent(self, current: Quantity) -> Tag | None:
        """Whether the worker agreed to the pay change, from its sentence and the next: refusal words win."""
        begin, end = self.sentence(current.span.start)
        if end < len(self.text):
            end = self.sentence(end + 1)[1]
        for value, pattern in (("refused", P.CHANGE_REFUSED), ("agreed", P.CHANGE_AGREED)):
            m = pattern.search(self.text, begin, end)
            if m:
                return Tag(value, self.span(m.start(), m.end()))
        return None

    def add_tenure_from_dates(self, by_field: dict[str, list[_Candidate]], rejected: list[Rejected]) -> None:
        if not self.starts:
            return
        start, start_rough, start_span = self.starts[0]
        end, end_rough, end_span = self.ends[-1] if self.ends else (self.today, False, None)
        if (
            not self.ends
            and self.expiries
            and self.expiries[0][0] <= self.today
            and P.CONTRACT_NOT_CONTINUED.search(self.text)
            and not P.NOT_RENEWED.search(self.text)
        ):
            # 2022年11月进去…合同签了四年今年11月到期…说不续: the work ended with the contract
            end, end_rough, end_span = self.expiries[0]
        months = _months_between(start, end)
        early = self.text[start_span.end : start_span.end + 1] in ("初", "头")
        if end_span is None and (start_span.text.endswith(("日", "号")) or early):
            # 去年十二月一号开始上班 and today the 30th of November: with the day told, the whole months from
            # it to the end of today (twelve), not the calendar months between (eleven); 今年六月初进去 starts on
            # the month's first days, so the same
            months = _whole_months(start, self.today + datetime.timedelta(days=1))
        # (a start told again after the end, correcting the first: the span from the earlier of the two)
        whole = (
            start_span
            if end_span is None
            else self.span(min(start_span.start, end_span.start), max(start_span.end, end_span.end))
        )
        quantity = Quantity(months, whole, approx=start_rough or end_rough)
        if months <= 0:
            rejected.append(
                Rejected("tenure_months", whole, "工作时间不合常理：入职日期不早于离职日期或今天")
            )
        elif not _problem("tenure_months", quantity, False):
            by_field.setdefault("tenure_months", []).insert(0, _Candidate("tenure_months", quantity))

    def add_months_before_contract(self, by_field: dict[str, list[_Candidate]]) -> None:
        """今年三月入职，拖到九月才签合同: the months from the start to the contract's signing."""
        if not self.starts or not self.contract_dates or "months_without_contract" in by_field:
            return
        start, start_rough, start_span = self.starts[0]
        signed, signed_rough, signed_span = self.contract_dates[0]
        months = _months_between(start, signed)
        if months > 0:
            quantity = Quantity(
                months, self.span(start_span.start, signed_span.end), approx=start_rough or signed_rough
            )
            by_field["months_without_contract"] = [_Candidate("months_without_contract", quantity)]

    def add_months_after_expiry(self, by_field: dict[str, list[_Candidate]]) -> None:
        """合同去年十一月到期，一直没续签，继续做到现在: the months worked since the contract ran out unrenewed."""
        if not self.expiries or "months_without_contract" in by_field or not P.NOT_RENEWED.search(self.text):
            return
        expired, expired_rough, expired_span = self.expiries[0]
        end = self.ends[-1][0] if self.ends else self.today
        months = _months_between(expired, end)
        if months > 0:
            quantity = Quantity(months, expired_span, approx=expired_rough)
            by_field["months_without_contract"] = [_Candidate("months_without_contract", quantity)]

    def whole_tenure_without_contract(self, tenure: Quantity | None) -> Quantity | None:
        """一直没签合同: no contract for the whole time worked."""
        m = P.ALWAYS_NO_CONTRACT.search(self.text)
        if m is None or tenure is None:
            return None
        return Quantity(tenure.value, self.span(m.start(), m.end()), tenure.high, tenure.approx)

    def derive_events(self, chosen: dict[str, Quantity | None]) -> None:
        implied = {
            "pregnancy_month": Event.PREGNANT,
            "months_without_contract": Event.NO_CONTRACT,
            "injury_grade": Event.INJURED,
            "unpaid_months": Event.UNPAID,
            "unpaid_amount": Event.UNPAID,
            "overtime_hours": Event.OVERTIME,
            "holiday_work_days": Event.OVERTIME,
            "restday_work_days": Event.OVERTIME,
        }
        for field, event in implied.items():
            if chosen.get(field) is not None:
                self.tag("events", event, chosen[field].span.start, chosen[field].span.end)
        if chosen.get("holiday_work_days") is not None:  # days worked on public holidays (国庆加班三天)
            span = chosen["holiday_work_days"].span
            self.tag("events", Event.HOLIDAY_WORK, span.start, span.end)
        month = chosen.get("work_days_per_month")
        if month is not None and month.value >= DAYS_WORKED_WITHOUT_REST:  # 一个月做足三十日
            self.tag("events", Event.NO_REST, month.span.start, month.span.end)
        day = chosen.get("work_hours_per_day")
        own_hours = {WorkerType.PLATFORM, WorkerType.PART_TIME}  # hours a platform or part-time worker sets
        if (
            day is not None
            and day.value > STANDARD_DAY_HOURS
            and not {t.value for t in self.tags["worker_types"]} & own_hours
        ):
            self.tag("events", Event.OVERTIME, day.span.start, day.span.end)
        values = {tag.value for tag in self.tags["events"]}
        if Event.LEFT in values and values & {Event.DISMISSED, Event.RESIGNED}:
            self.tags["events"] = [t for t in self.tags["events"] if t.value != Event.LEFT]
        # A move of the whole workplace is its own event (its rule holds the agreement a transfer needs): the
        # transfer read from the same words goes.
        self.drop_within(Event.TRANSFERRED, Event.RELOCATED, overlap=True)
        # "订单少叫我们不用上班" is a stoppage by the employer, not a dismissal: the dismissal read from words a
        # stoppage holds goes.
        self.drop_within(Event.DISMISSED, Event.STOPPED)
        # A loss the worker is made to pay, taken out of the pay (公司要我全部赔，说从工资里扣): the taking is how it is
        # paid, no deduction of its own.
        if any(t.value == Event.MADE_TO_PAY for t in self.tags["events"]):
            self.tags["events"] = [
                t
                for t in self.tags["events"]
                if not (t.value == Event.FINED and t.span.text.startswith(("从", "在")))
            ]
        # A hospital stay after an injury is the injury's (停工留薪期), one around a birth the birth's: only an
        # illness of its own brings the 医疗期.
        values = {tag.value for tag in self.tags["events"]}
        if values & {Event.INJURED, Event.PREGNANT, Event.NURSING} or self.tags["birth"]:
            self.tags["events"] = [t for t in self.tags["events"] if t.value != Event.ILL]
        # "暑假放假不上班就不发工资": the pay a stoppage withholds is the stoppage's question (one pay cycle's
        # wage, then a living allowance), not wages owed for work done.
        self.drop_within(Event.UNPAID, Event.STOPPED, overlap=True)
        # Wages unpaid when the worker leaves are final pay: all of it is due at once on leaving.
        values = {tag.value for tag in self.tags["events"]}
        if values & {Event.DISMISSED, Event.RESIGNED, Event.LEFT} and Event.FINAL_PAY not in values:
            for tag in [t for t in self.tags["events"] if t.value == Event.UNPAID][:1]:
                self.tag("events", Event.FINAL_PAY, tag.span.start, tag.span.end)

    def drop_within(self, event: Event, by: Event, overlap: bool = False) -> None:
        """Drop the `event` tags read from words inside a `by` tag's words (or sharing any with it: `overlap`)."""
        spans = [t.span for t in self.tags["events"] if t.value == by]

        def covered(span: Span) -> bool:
            if overlap:
                return any(s.start < span.end and span.start < s.end for s in spans)
            return any(s.start <= span.start and span.end <= s.end for s in spans)

        self.tags["events"] = [t for t in self.tags["events"] if t.value != event or not covered(t.span)]


# Days worked a month from which the month cannot have held a rest day a week (《劳动法》第三十八条).
DAYS_WORKED_WITHOUT_REST = 29


# Words after whole years that say "and some months more" (四年多, 三年几, 两年余).
YEARS_AND_MORE = frozenset({"多", "几", "余", "有多"})
# Chinese digits written one by one, as in a year (二一年, 二〇二一年).
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from `start`'s month to `end`'s (March to September: 6)."""
    return (end.year - start.year) * 12 + end.month - start.month


def _whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from the day `start` to the day `end` (1 December to 1 December: 12; 15 March to 1 December:
    8)."""
    return _months_between(start, end) - (end.day < start.day)


def _day_of(month: datetime.date, day_text: str) -> datetime.date:
    """The told day of `month` (its 1st when the day is no day of that month)."""
    day = parse_number(day_text)
    if day is None or day.high is not None:
        return month
    try:
        return month.replace(day=int(day.low))
    except ValueError:
        return month


def _next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _second_shift_hours(first: re.Match, second: re.Match) -> float | None:
    """Hours of a split shift's second part (P.SECOND_SHIFT), told in the afternoon or evening after the first part
    (a CLOCK_SPAN) ends; None when implausible."""
    start, end = parse_number(second.group("s")), parse_number(second.group("e"))
    first_end = parse_number(first.group("e") or first.group("e2"))
    if any(n is None or n.high is not None for n in (start, end, first_end)):
        return None
    begin = (
        start.low
        + (0.5 if second.group("sh") else 0)
        + (12 if start.low < 12 and second.group("p1") != "中午" else 0)
    )
    if second.group("p1") == "中午" and start.low < 6:
        begin += 12
    finish = end.low + (0.5 if second.group("eh") else 0)
    if finish <= 12 and finish + 12 > begin:
        finish += 12
    # when the first part ended (中午十二点: 12; 下午两点: 14)
    ended = first_end.low + (12 if first_end.low < 12 and (first.group("p2") or "") in P.EVENING else 0)
    hours = finish - begin
    return hours if begin >= ended and 1 <= hours <= 10 else None


def _clock_hours(m: re.Match) -> float | None:
    """Hours between the two clock times of a CLOCK_SPAN match, or None when not a plausible working day."""
    start = parse_number(m.group("s") or m.group("s2"))
    end = parse_number(m.group("e") or m.group("e2"))
    if start is None or end is None or start.high is not None or end.high is not None:
        return None
    begin = start.low + (0.5 if m.group("sh") else 0)
    finish = end.low + (0.5 if m.group("eh") else 0)
    evening = m.group("e2") is not None or (m.group("p2") or "") in P.EVENING
    if m.group("p2") == "中午" and finish < 6:
        finish += 12  # 中午一点: 13 o'clock
    if (m.group("p2") or "") in P.NIGHT and finish < 12:
        finish += 24
    elif (evening or finish <= begin) and finish <= 12:
        finish += 12
    hours = finish - begin
    return hours if begin < 24 and 4 <= hours <= 20 else None


def _choose(field: str, found: list[_Candidate]) -> tuple[Quantity | None, Conflict | None]:
    """One value for a field, or a conflict when the story gives incompatible values without saying why."""
    if field == "monthly_wage" and any(not c.base for c in found):
        found = [c for c in found if not c.base]
    if field == "overtime_hours":
        pers = [c.quantity.per for c in found]
        preferred = next((p for p in (Per.MONTH, Per.DAY, Per.WEEK, None) if p in pers), None)
        found = [c for c in found if c.quantity.per == preferred]
    first = found[0].quantity
    if all(first.agrees(c.quantity) for c in found[1:]):
        return next((c.quantity for c in found if not c.quantity.approx), first), None
    if any(c.changed for c in found[1:]) or any(c.past for c in found[:-1]):
        current = [c for c in found if not c.past] or found
        return current[-1].quantity, None
    distinct: list[Quantity] = []
    for candidate in found:
        if all(not candidate.quantity.agrees(q) for q in distinct):
            distinct.append(candidate.quantity)
    return None, Conflict(field, tuple(distinct))


def _month(text: str) -> int | None:
    value = int(text) if text.isdigit() else parse_chinese(text)
    return value if value and 1 <= value <= 12 else None


RELATIVE_YEARS = {"今年": 0, "去年": 1, "前年": 2, "大前年": 3}
# 一九六七年: a year spelled digit by digit
_DIGIT_CHARS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")


def _nearest_per(text: str) -> Per | None:
    best, where = None, -1
    for per, pattern in P.PER_WORDS:
        for m in pattern.finditer(text):
            if m.end() > where:
                best, where = per, m.end()
    return best


# A space typed between two words, as a comma (生活费一天三十 每个月4千6: 每个月 is the wage's, not the 生活费's).
_WORD_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _since_last_space(before: str) -> str:
    """The words before an amount from the last space typed between two words: what is told before it is
    another clause's."""
    cuts = [m.end() for m in _WORD_SPACE.finditer(before)]
    return before[cuts[-1] :] if cuts else before


def _money_field(before: str, after: str) -> str | None:
    """Which wage an amount is, from the words before it (nearest wins) or, failing those, after it."""
    if P.CHANGE_BY_BEFORE.search(before):
        return None  # 工资降500, 涨了300: by how much it changed, not a wage
    if P.INSURED_WAGE_BEFORE.search(before):
        return "monthly_wage"  # 社保按6000交的: the contribution wage (a wage only when no other is told)
    if P.OTHER_PAY_WORDS.search(before) or P.OTHER_PAY_AFTER.match(after):
        return None  # 病假工资只给一千, 每个月发一千块生活费: other pay, not the wage
    if P.OTHERS_PAY_BEFORE.search(before):
        return None  # 厂里正式工拿五千二: another worker's pay
    if P.DAILY_PAY_BEFORE.search(before):
        return "daily_wage"  # 一天150块
    if P.PAID_SO_FAR_BEFORE.search(before):
        return "wage_paid"  # 包工头只给过八千
    if P.TRAINING_COST_BEFORE.search(before) or P.TRAINING_COST_AFTER.match(after):
        return "training_cost"  # 培训花了九千
    probation = _last(P.PROBATION_WORDS, before)
    if probation >= 0 and P.PROBATION_NOT_PAY_AFTER.match(before[probation:]):
        probation = -1  # 试用期不用签，工资三千八: the wage, not a probation pay
    agreed = _last(P.AGREED_WORDS, before)
    if 0 <= probation < agreed and P.PROBATION_TOLD_BETWEEN.search(before[probation:agreed]):
        probation = -1  # 试用期写了六个月讲好工资四千: the probation's length told, then the wage agreed
    actual = _last(re.compile(r"实际|实发|到手|只发|只给|才发|才给|结果|但"), before)
    # 试用期三个月，讲好转正4200: the wage after probation, which the probation words before it do not make a
    # probation pay
    regular = _last(P.REGULAR_WAGE_WORDS, before)
    if probation >= 0 and regular < probation:  # 试用期只发3000: the actual probation pay
        return "probation_wage"
    if agreed >= 0 and agreed >= actual:
        return "agreed_wage"
    owed, other, monthly = (
        _last(P.OWED_WORDS, before),
        _last(P.NOT_WAGE_WORDS, before),
        _last(P.MONTHLY_WORDS, before),
    )
    # 房租一个月600 (not 加上提成一个月五六千: the whole pay with the commission added)
    if (
        other >= 0
        and P.PERIOD_ONLY_AFTER_OTHER.match(before[other:])
        and not any(m.end() == other for m in P.MONTHLY_WORDS.finditer(before))
    ):
        return None
    nearest = max(owed, other, monthly)
    if nearest >= 0:
        return "unpaid_amount" if nearest == owed else None if nearest == other else "monthly_wage"
    if P.MONTHLY_AFTER.match(after) or P.OWN_PAY_CONTRAST_BEFORE.search(before):
        return "monthly_wage"
    return None


def _last(pattern: re.Pattern[str], text: str) -> int:
    """End offset of the last match, or -1."""
    end = -1
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _duration_months(m: re.Match[str]) -> tuple[Amount | None, str | None]:
    """The duration in months and the word that made it approximate, if any."""
    if m.group("y"):
        years = parse_number(m.group("y"))
        if years is None:
            return None, None
        amount = years.scaled(12)
        if m.group("yhalf"):
            amount = amount.plus(6)
        if m.group("m"):
            months = parse_number(m.group("m"))
            amount = amount.plus(months.low) if months and months.high is None else amount
        more = m.group("ymore") or m.group("ymore2") or m.group("mmore")
        if more in YEARS_AND_MORE and not m.group("m") and not m.group("yhalf"):
            # 四年多: more than four whole years, at least a month more (a part of a year counts in N: 4.5)
            amount = amount.plus(1)
        return amount, more
    if m.group("mo"):
        amount = parse_number(m.group("mo"))
        if amount is not None and m.group("mhalf"):
            amount = amount.plus(0.5)
        return amount, m.group("mmore2") or m.group("mmore3")
    if m.group("yhalf1"):
        return Amount(18), None
    if m.group("half"):
        return Amount(8 if m.group("half") == "大半" else 6), m.group("hmore") or (
            m.group("half") == "大半" or None
        )
    if m.group("d"):
        days = parse_number(m.group("d"))
        return (None if days is None else days.scaled(1 / 30)), m.group("dmore")
    weeks = parse_number(m.group("w"))
    return (None if weeks is None else weeks.scaled(7 / 30)), m.group("wmore")


def _duration_fields(before: str, after: str, clause: str) -> list[str]:
    """Which facts a duration is, from its clause: tenure, months without contract, months unpaid."""
    if P.SERVED_BEFORE.search(before):
        return ["served_months"]  # 服务期满了一年半
    if P.SERVICE_BEFORE.search(before) or P.SERVICE_AFTER.match(after):
        return ["service_months"]  # 签了三年服务期, 服务期三年
    # 签了两年合同, 合同签的是一年试用期三个月: the contract's term, not the time worked
    term_of = P.CONTRACT_TERM_OF_BEFORE.search(before)
    if term_of or (P.CONTRACT_TERM_BEFORE.search(before) and P.CONTRACT_TERM_AFTER.match(after)):
        return ["contract_months"]
    if P.PROBATION_TERM_BEFORE.search(before) or P.PROBATION_TERM_AFTER.match(after):
        return ["probation_months"]  # 试用期三个月, 三个月试用期
    if P.PER_PERIOD_BEFORE.search(before):
        return []  # 每周工作六天: a schedule, not a duration
    if P.TOTAL_WORK_BEFORE.search(before):
        return ["total_work_months"]
    if P.CONDITION_BEFORE.search(before) and P.CONDITION_AFTER.match(after):
        return []  # 说做满三年才还: a condition the employer sets
    if P.NOT_IN_FULL_BEFORE.search(before):
        return []  # 老板说没做满一年: the time not worked in full, no duration
    since = P.SINCE_NOW_BEFORE.search(before)
    if (
        since
        and since.start() > 0
        and not P.WORKED_TO_NOW.search(before[: since.start()])
        and P.SINCE_OTHER.search(before[max(0, since.start() - 12) : since.start()])
    ):
        return []  # 没去告到现在都十四个月了: the time since something else, not the time worked
    tenure_at = _last(P.TENURE_BEFORE, before)
    skip_at = _last(P.SKIP_DURATION_BEFORE, before)
    tenure = tenure_at >= 0 and tenure_at > skip_at
    if P.NO_CONTRACT_BEFORE.search(before) or P.NO_CONTRACT_AFTER.match(after):
        return ["months_without_contract"] + (["tenure_months"] if tenure else [])
    if P.OWED_OTHER_AFTER.match(after):
        return []  # 厂里欠了半年房租: rent owed (or a loan, fees), not wages
    if P.UNPAID_BEFORE.search(before) or P.UNPAID_AFTER.match(after):
        return ["unpaid_months"]
    if P.DELAYED_BEFORE.search(before) and P.WAGES_AFTER.match(after):
        return ["unpaid_months"]
    if P.SKIP_DURATION_AFTER.match(after) and not (
        P.TENURE_VERB_END.search(before)
        and (P.TENURE_THEN_WAGE.match(after) or P.TENURE_THEN_CONTRACT.match(after))
    ):
        return []
    if tenure:
        return ["tenure_months"]
    if skip_at < 0 and (
        P.TENURE_AFTER.match(after) or (after.startswith("了") and P.WORKPLACE.search(clause))
    ):
        return ["tenure_months"]
    return []
