"""高温津贴: work outdoors at 35 ℃ or more (or indoors the employer cannot cool below 33 ℃) is paid a high-temperature
allowance on top of the wage (《防暑降温措施管理办法》第十七条); in Guangdong 300 yuan a person a month, 13.8 yuan a day
where days are counted, paid for June to October (《关于调整我省高温津贴标准的通知》, from 1 June 2021)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from .base import GUANGDONG, Calculation, CalculatorInput, Context, Step, dec, money, show

NATIONAL = "wage-heat-allowance"
PROVINCE = "wage-heat-guangdong"
CITES = (NATIONAL, PROVINCE)
NATIONAL_ART = "《防暑降温措施管理办法》第十七条"
GD_NOTICE = "《关于调整我省高温津贴标准的通知》"
GD_MONTHLY = Decimal("300")
GD_DAILY = Decimal("13.8")
# June to October: the months Guangdong pays it.
SEASON_MONTHS = frozenset(range(6, 11))
SEASON_DAYS = 153


class HeatAllowanceInput(CalculatorInput):
    """The months (or days) of hot work the allowance was not paid for, and what was paid a month, if anything."""

    months: int | None = Field(
        None,
        ge=1,
        le=len(SEASON_MONTHS),
        title="高温月数",
        description="6至10月里在高温下干活、没发足高温津贴的月数（广东每年最多5个月）",
    )
    days: int | None = Field(
        None,
        ge=1,
        le=SEASON_DAYS,
        title="高温天数",
        description="按天折算时，6至10月里在高温下干活的天数（只在不按整月计时填）",
    )
    paid_monthly: float | None = Field(
        None,
        ge=0,
        le=100_000,
        title="每月已发高温津贴",
        description="单位每月已经发的高温津贴（元），没发不填",
    )
    region: Literal["全国", "广东省", "揭阳市"] | None = Field(
        None, title="地区", description="广东省、揭阳市，或全国（外省：标准由当地定，只列算法）"
    )

    @model_validator(mode="after")
    def _months_or_days(self):
        if self.months is not None and self.days is not None:
            raise ValueError("高温月数和高温天数只填一项：整月按月算，不足整月的按天算")
        return self


def compute(data: HeatAllowanceInput, ctx: Context) -> Calculation:
    """Guangdong's allowance owed for the months (or days) told, less what was paid; elsewhere the method only."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    rule = Step(
        "安排劳动者在35℃以上高温天气从事室外露天作业，或不能把工作场所温度降到33℃以下的，"
        "用人单位应当发放高温津贴，并纳入工资总额",
        NATIONAL,
        NATIONAL_ART,
    )
    standard = Step(
        "在广东省，高温津贴每人每月300元，按天折算的每人每天13.8元，每年6月至10月发放",
        PROVINCE,
        GD_NOTICE,
    )
    if data.region is None:
        return Calculation(
            name="heat_allowance",
            formula="高温津贴＝当地每月标准×高温月数（广东每月300元）",
            steps=(rule, standard),
            asks=("请问您在哪个省工作？高温津贴标准各省不同。",),
            missing=("region",),
            inputs=inputs,
        )
    if data.region not in GUANGDONG:
        return Calculation(
            name="heat_allowance",
            formula="高温津贴＝当地每月标准×高温月数（标准由省级人社部门制定）",
            steps=(rule,),
            notes=("高温津贴的标准各省不同，请向工作所在地人社部门查询当地标准。",),
            inputs=inputs,
        )
    paid = dec(data.paid_monthly) if data.paid_monthly else Decimal(0)
    notes = ["凉茶、绿豆汤等防暑降温饮料不能顶替高温津贴；6月至10月以外的月份，广东不发高温津贴。"]
    if data.months is None and data.days is None:
        return Calculation(
            name="heat_allowance",
            formula="高温津贴＝300元×高温月数（6至10月，最多5个月）",
            steps=(standard, rule),
            notes=tuple(notes),
            asks=("请问6至10月里有几个月在高温下干活、没有发高温津贴？",),
            missing=("months",),
            inputs=inputs,
        )
    if data.months is not None:
        rate, count, unit = GD_MONTHLY, data.months, "个月"
        owed_rate = max(rate - paid, Decimal(0))
    else:
        # a monthly payment told with days: the day's share of it (300 / 21.75 = 13.8)
        rate, count, unit = GD_DAILY, data.days, "天"
        owed_rate = max(rate - paid * GD_DAILY / GD_MONTHLY, Decimal(0))
    amount = money(owed_rate * count)
    if paid:
        per = "每月" if unit == "个月" else "每天"
        formula = f"应补高温津贴＝（{show(rate)}元－已发{show(rate - owed_rate)}元）×{count}{unit}＝{show(amount)}元"
        if owed_rate == 0:
            notes.insert(0, f"{per}已发的高温津贴不低于广东标准，不用补发。")
    else:
        formula = f"高温津贴＝{show(rate)}元×{count}{unit}＝{show(amount)}元"
    # the standard first: the figure's line cites the first step
    steps = (standard, rule, Step(f"按您的情况计算：{formula}", PROVINCE, GD_NOTICE))
    return Calculation(
        name="heat_allowance",
        formula=formula,
        steps=steps,
        amount=amount,
        notes=tuple(notes),
        inputs=inputs,
    )
