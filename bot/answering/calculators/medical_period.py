"""医疗期: 3-24 months by total and in-unit years of work (劳部发〔1994〕479号 第三、四条)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import GUANGDONG, Calculation, CalculatorInput, Context, Step, show

PERIOD = "leave-medical-period"
CITES = (PERIOD,)

ART_3 = "《企业职工患病或非因工负伤医疗期规定》（劳部发〔1994〕479号）第三条"
ART_4 = "《企业职工患病或非因工负伤医疗期规定》（劳部发〔1994〕479号）第四条"
# 第三条, as (total years low, high, in-unit years low, high, months) with the statute's 以上/以下, which
# include the number itself: a value exactly on a boundary fits both neighbouring rows.
TABLE = (
    (0, 10, 0, 5, 3),
    (0, 10, 5, 99, 6),
    (10, 99, 0, 5, 6),
    (10, 99, 5, 10, 9),
    (10, 99, 10, 15, 12),
    (10, 99, 15, 20, 18),
    (10, 99, 20, 99, 24),
)
# 第四条: the period is counted as cumulative sick days within this many months.
WINDOW_MONTHS = {3: 6, 6: 12, 9: 15, 12: 18, 18: 24, 24: 30}


class MedicalPeriodInput(CalculatorInput):
    """Years of work in total and at this employer."""

    total_years: float | None = Field(
        None, ge=0, le=60, title="实际工作年限", description="参加工作以来实际工作了几年"
    )
    years_at_employer: float | None = Field(
        None, ge=0, le=60, title="本单位工作年限", description="在现在这家单位工作了几年"
    )
    region: Literal["全国", "广东省", "揭阳市"] = Field("全国", title="地区", description="工作所在地区")

    @model_validator(mode="after")
    def _unit_within_total(self):
        if self.total_years is not None and self.years_at_employer is not None:
            if self.years_at_employer > self.total_years:
                raise ValueError("本单位工作年限（years_at_employer）不能大于实际工作年限（total_years）")
        return self


def candidate_months(total: float, at_employer: float) -> list[int]:
    """Every 医疗期 the table allows for these years (two when a value sits exactly on a boundary)."""
    return sorted(
        {months for lo, hi, ulo, uhi, months in TABLE if lo <= total <= hi and ulo <= at_employer <= uhi}
    )


def compute(data: MedicalPeriodInput, ctx: Context) -> Calculation:
    """The 医疗期 in months and the window it is counted in."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    formula = "医疗期3至24个月，按实际工作年限和在本单位工作年限确定"
    if data.total_years is None or data.years_at_employer is None:
        missing = [n for n in ("total_years", "years_at_employer") if getattr(data, n) is None]
        return Calculation(
            name="medical_period",
            formula=formula,
            steps=(Step("医疗期按实际工作年限和在本单位工作年限，给予三个月到二十四个月", PERIOD, ART_3),),
            asks=("请问您参加工作一共几年、在现在这家单位几年？",),
            missing=tuple(missing),
            inputs=inputs,
        )
    total, unit = show(data.total_years), show(data.years_at_employer)
    options = candidate_months(data.total_years, data.years_at_employer)
    notes: list[str] = []
    if data.region in GUANGDONG:
        notes.append(
            "医疗期内的病伤假期工资不得低于当地最低工资标准的80%（《广东省工资支付条例》第二十四条）。"
        )
    notes.append(
        "医疗期内单位不得依照《劳动合同法》第四十条、第四十一条解除劳动合同；合同到期的，续延至医疗期满（第四十二、四十五条）。"
    )
    if len(options) > 1:
        a, b = options
        return Calculation(
            name="medical_period",
            formula=f"医疗期为{a}个月或{b}个月，以当地规定为准",
            steps=(
                Step(
                    f"实际工作{total}年、本单位{unit}年，恰好在条文“以上”“以下”的分界上（两者都包含本数），"
                    f"可能是{a}个月或{b}个月",
                    PERIOD,
                    ART_3,
                ),
            ),
            notes=("恰好满整数年时各地理解不一，请向当地人社部门（12333）确认。", *notes),
            inputs=inputs,
        )
    months = options[0]
    window = WINDOW_MONTHS[months]
    steps = (
        Step(f"实际工作{total}年、在本单位工作{unit}年，医疗期为{months}个月", PERIOD, ART_3),
        Step(f"{months}个月的医疗期，按{window}个月内累计病休时间计算", PERIOD, ART_4),
    )
    return Calculation(
        name="medical_period",
        formula=f"医疗期＝{months}个月（{window}个月内累计病休时间）",
        steps=steps,
        months=float(months),
        notes=tuple(notes),
        inputs=inputs,
    )
