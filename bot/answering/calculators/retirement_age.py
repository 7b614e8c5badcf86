"""法定退休年龄 under the 2025 gradual delay: 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》
第一条 and 《国务院关于渐进式延迟法定退休年龄的办法》第一条.

From 2025-01-01, over fifteen years: men 60 → 63 and women whose original age is 55 → 58, one month later for
every four months of birth; women whose original age is 50 → 55, one month later for every two months. The
official 对照表 (the 办法's annexes) list each birth month; the annex text was not available here, so the
table is generated from the rule (see CATEGORIES) and tested against the rule's endpoints.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .base import Calculation, CalculatorInput, Context, Step

DELAY = "retirement-age-gradual-delay"
FLEXIBLE = "retirement-flexible-early-late"
CITES = (DELAY, FLEXIBLE)

ART_DECISION = "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》第一条"
ART_RULE = "《国务院关于渐进式延迟法定退休年龄的办法》第一条"
ART_FLEXIBLE = "《国务院关于渐进式延迟法定退休年龄的办法》第三条"
ASK_SEX = "请问您是男职工还是女职工？"
ASK_BIRTH = "请问您是哪年哪月出生的（或今年多少岁）？"
ASK_ORIGINAL = "请问您原来的法定退休年龄是50周岁（女工人）还是55周岁（女干部、管理岗位）？"


@dataclass(frozen=True)
class Category:
    """One group of workers under the reform: original age, the first birth month delayed, the step, the cap."""

    key: str
    label: str
    original_years: int
    first_year: int  # born in January of this year: the first cohort reaching the original age in 2025
    step_months: int  # one month later for every this many months of birth
    max_delay_months: int

    @property
    def final_years(self) -> int:
        return self.original_years + self.max_delay_months // 12


CATEGORIES = {
    "male": Category("male", "男职工", 60, 1965, 4, 36),
    "female_55": Category("female_55", "原法定退休年龄55周岁的女职工", 55, 1970, 4, 36),
    "female_50": Category("female_50", "原法定退休年龄50周岁的女职工", 50, 1975, 2, 60),
}


def delay_months(category: Category, year: int, month: int) -> int:
    """Months added to the original age for a worker born in `year`-`month` (0 before the reform's first
    cohort; the first birth month of the cohort is delayed one month, then one more every `step_months`)."""
    index = (year - category.first_year) * 12 + (month - 1)
    if index < 0:
        return 0
    return min(index // category.step_months + 1, category.max_delay_months)


@dataclass(frozen=True)
class Retirement:
    """A worker's statutory retirement: the age in years and months, and the year and month it is reached."""

    years: int
    months: int
    year: int
    month: int
    delay: int

    def age_text(self) -> str:
        return f"{self.years}岁{self.months}个月" if self.months else f"{self.years}岁"

    def month_text(self) -> str:
        return f"{self.year}年{self.month}月"


def retirement(category: Category, year: int, month: int) -> Retirement:
    """The statutory retirement age and month for a worker of `category` born in `year`-`month`."""
    delay = delay_months(category, year, month)
    age = category.original_years * 12 + delay
    index = year * 12 + (month - 1) + age
    return Retirement(age // 12, age % 12, index // 12, index % 12 + 1, delay)


class RetirementAgeInput(CalculatorInput):
    """Sex, birth year and month (or age now), and for women the original statutory age."""

    sex: Literal["男", "女"] | None = Field(None, title="性别", description="男或女")
    female_original_age: Literal[50, 55] | None = Field(
        None,
        title="女职工原法定退休年龄",
        description="女职工填：50（工人）或 55（干部、管理岗位）",
    )
    birth_year: int | None = Field(None, ge=1900, le=2100, title="出生年份", description="如 1972")
    birth_month: int | None = Field(
        None, ge=1, le=12, title="出生月份", description="1-12；不填则给出全年范围"
    )
    age: int | None = Field(
        None,
        ge=14,
        le=100,
        title="现在年龄",
        description="不知道出生年月时填：今年多少周岁（与出生年份二选一）",
    )

    @field_validator("female_original_age", mode="before")
    @classmethod
    def _age_as_typed(cls, value):
        # The CLI and the page's form send text: "50" is the choice 50.
        return int(value) if isinstance(value, str) and value.strip().isdigit() else value

    @field_validator("birth_year")
    @classmethod
    def _born_already(cls, value: int | None, info: ValidationInfo) -> int | None:
        today = (info.context or {}).get("today") or dt.date.today()
        if value is not None and value > today.year:
            raise ValueError(f"出生年份不能晚于今年（{today.year}年）")
        return value

    @model_validator(mode="after")
    def _one_way_to_give_birth(self):
        if self.age is not None and (self.birth_year is not None or self.birth_month is not None):
            raise ValueError("出生年月（birth_year、birth_month）和现在年龄（age）请只填一种")
        if self.birth_month is not None and self.birth_year is None:
            raise ValueError("填了出生月份（birth_month），也要填出生年份（birth_year）")
        if self.sex == "男" and self.female_original_age is not None:
            raise ValueError("女职工原法定退休年龄（female_original_age）只用于女职工")
        return self

    def categories(self) -> list[Category]:
        """The groups the worker may belong to (both for a woman who has not said her original age)."""
        if self.sex == "男":
            return [CATEGORIES["male"]]
        if self.female_original_age is not None:
            return [CATEGORIES[f"female_{self.female_original_age}"]]
        return [CATEGORIES["female_50"], CATEGORIES["female_55"]]

    def birth_months(self, today: dt.date) -> list[tuple[int, int]]:
        """The birth months the inputs allow, earliest first (twelve for a year alone or an age)."""
        if self.birth_year is not None and self.birth_month is not None:
            return [(self.birth_year, self.birth_month)]
        if self.birth_year is not None:
            return [(self.birth_year, m) for m in range(1, 13)]
        # N years old today: born after this day N+1 years ago and by this day N years ago, i.e. from this
        # month N+1 years ago (the next month when today is the month's last day) to this month N years ago.
        last = (today.year - self.age) * 12 + today.month - 1
        month_ends = today.day == calendar.monthrange(today.year, today.month)[1]
        return [(i // 12, i % 12 + 1) for i in range(last - 11 if month_ends else last - 12, last + 1)]


def _span(results: list[Retirement]) -> tuple[str, str]:
    first, last = results[0], results[-1]
    if first == last:
        return first.age_text(), first.month_text()
    ages = (
        first.age_text() if first.age_text() == last.age_text() else f"{first.age_text()}至{last.age_text()}"
    )
    return ages, f"{first.month_text()}至{last.month_text()}"


def _rule_step(category: Category) -> Step:
    pace = "每四个月延迟一个月" if category.step_months == 4 else "每二个月延迟一个月"
    return Step(
        f"{category.label}：自2025年1月1日起，原法定退休年龄{category.original_years}周岁{pace}，"
        f"逐步延迟至{category.final_years}周岁",
        DELAY,
        f"{ART_DECISION}；{ART_RULE}",
    )


def compute(data: RetirementAgeInput, ctx: Context) -> Calculation:
    """The statutory retirement age and month (a range when the birth month is not known)."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    asks: list[str] = []
    missing: list[str] = []
    if data.sex is None:
        asks.append(ASK_SEX)
        missing.append("sex")
    if data.birth_year is None and data.age is None:
        asks.append(ASK_BIRTH)
        missing.append("birth_year")
    if data.sex == "女" and data.female_original_age is None:
        asks.append(ASK_ORIGINAL)
        missing.append("female_original_age")
    categories = data.categories() if data.sex else list(CATEGORIES.values())
    steps = [_rule_step(c) for c in categories]
    notes: list[str] = ["以上按国家公布的规则推算，具体以国家公布的对照表和当地人社部门（12333）核定为准。"]
    headline = None
    if data.birth_year is None and data.age is None:
        formula = "法定退休年龄按出生年月确定：男职工60→63周岁，原55周岁女职工55→58周岁（每4个月延迟1个月）；原50周岁女职工50→55周岁（每2个月延迟1个月）"
    else:
        births = data.birth_months(ctx.today)
        parts = []
        for category in categories:
            results = [retirement(category, y, m) for y, m in births]
            age, month = _span(results)
            who = "" if len(categories) == 1 else f"{category.label}："
            parts.append(f"{who}法定退休年龄{age}，{month}退休")
            born = _born_text(births)
            delay = _delay_text(results)
            steps.append(Step(f"{category.label}，{born}出生：{delay}，{age}，{month}退休", DELAY, ART_RULE))
            if all((r.year, r.month) <= (ctx.today.year, ctx.today.month) for r in results):
                notes.append(f"按{category.label}计算，{month}已达到法定退休年龄。")
        formula = "；".join(parts)
        headline = formula if not missing else None
        if data.age is not None:
            notes.append(
                f"按今年{data.age}周岁推算出生年月，给出的是一个范围；告诉我出生年月可以算到具体月份。"
            )
    steps.append(
        Step(
            "达到最低缴费年限的，可以自愿弹性提前退休，最长三年且不得低于原法定退休年龄；与单位协商一致可以弹性延迟，最长三年",
            FLEXIBLE,
            ART_FLEXIBLE,
        )
    )
    return Calculation(
        name="retirement_age",
        formula=formula,
        steps=tuple(steps),
        headline=headline,
        notes=tuple(notes),
        asks=tuple(asks),
        missing=tuple(missing),
        inputs=inputs,
    )


def _born_text(births: list[tuple[int, int]]) -> str:
    (y1, m1), (y2, m2) = births[0], births[-1]
    return f"{y1}年{m1}月" if births[0] == births[-1] else f"{y1}年{m1}月至{y2}年{m2}月"


def _delay_text(results: list[Retirement]) -> str:
    low, high = results[0].delay, results[-1].delay
    if high == 0:
        return "不延迟"
    return f"延迟{low}个月" if low == high else f"延迟{low}至{high}个月"
