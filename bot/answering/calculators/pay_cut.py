"""调岗降薪的工资差额: a change of the agreed pay needs both sides' agreement, in writing (《劳动合同法》第三十五条),
so a cut the worker did not agree to leaves the wage before it owed; the difference for each month of the cut."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show

AGREEMENT = "contract-change-job-pay-agreement"
CITES = (AGREEMENT,)
ART_35 = "《劳动合同法》第三十五条"


class PayCutInput(CalculatorInput):
    """The wage before the cut, the wage paid since, and how many months it was paid at the lower rate."""

    previous_monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="降薪前月工资", description="单位单方面降薪之前的正常月工资（元）"
    )
    monthly_wage: float | None = Field(
        None, ge=0, le=1_000_000, title="降薪后月工资", description="降薪后每月实际发的工资（元）"
    )
    months: float | None = Field(
        None,
        gt=0,
        le=600,
        title="降薪月数",
        description="按降低后的工资发放的月数（从降薪那个月算到离职或现在）",
    )

    @model_validator(mode="after")
    def _a_cut(self):
        if (
            self.previous_monthly_wage is not None
            and self.monthly_wage is not None
            and self.monthly_wage >= self.previous_monthly_wage
        ):
            raise ValueError(
                "降薪后月工资（monthly_wage）应低于降薪前月工资（previous_monthly_wage），工资没有降低就没有差额"
            )
        return self


def compute(data: PayCutInput, ctx: Context) -> Calculation:
    """The wage withheld by a cut the worker did not agree to: (before − after) × months of the cut."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    rule = Step(
        "变更劳动合同约定的劳动报酬，应当与劳动者协商一致并采用书面形式；未经您同意的降薪，单位仍应按原工资支付",
        AGREEMENT,
        ART_35,
    )
    notes = (
        "只适用于您没有同意的降薪；书面同意了或自己申请调岗降薪的，按变更后的工资计算。",
        "单位未足额支付劳动报酬的，您可以要求补足，也可以据此解除劳动合同并要求经济补偿（《劳动合同法》第三十八条、第四十六条）。",
    )
    formula = "降薪差额＝（降薪前月工资－降薪后月工资）×降薪月数"
    missing = tuple(
        name
        for name, value in (
            ("previous_monthly_wage", data.previous_monthly_wage),
            ("monthly_wage", data.monthly_wage),
            ("months", data.months),
        )
        if value is None
    )
    if missing:
        asks = {
            "previous_monthly_wage": "请问降薪之前每月工资是多少元？",
            "monthly_wage": "请问降薪后每月发多少元？",
            "months": "请问是从哪个月开始降薪的，做到什么时候（或现在还在做）？",
        }
        return Calculation(
            name="pay_cut_arrears",
            formula=formula,
            steps=(rule,),
            notes=notes,
            asks=tuple(asks[name] for name in missing),
            missing=missing,
            inputs=inputs,
        )
    before, after, months = dec(data.previous_monthly_wage), dec(data.monthly_wage), dec(data.months)
    owed = money((before - after) * months)
    formula = f"降薪差额＝（{show(before)}－{show(after)}）元×{show(months)}个月＝{show(owed)}元"
    steps = (
        rule,
        Step(f"每月少发{show(before - after)}元，按{show(months)}个月计：{formula}", AGREEMENT, ART_35),
    )
    return Calculation(
        name="pay_cut_arrears",
        formula=formula,
        steps=steps,
        months=float(months),
        amount=owed,
        notes=notes,
        inputs=inputs,
    )
