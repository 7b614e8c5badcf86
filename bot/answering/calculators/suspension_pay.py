"""停工留薪期工资: the original wage and benefits unchanged, paid monthly by the employer (《工伤保险条例》第三十三条);
what was paid short of it over the months off work."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show

PAY = "injury-suspension-pay"
CITES = (PAY,)
ART_33 = "《工伤保险条例》第三十三条第一款"


class SuspensionPayInput(CalculatorInput):
    """The wage before the injury, the months off work, and what the employer paid a month meanwhile."""

    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="受伤前月工资", description="受伤前的正常月工资（元）"
    )
    months: float | None = Field(
        None, gt=0, le=24, title="停工留薪月数", description="停工治疗、休养了几个月"
    )
    paid_monthly: float | None = Field(
        None, ge=0, le=1_000_000, title="期间每月实发", description="停工留薪期间单位每月实际发了多少（元）"
    )
    paid_months: float | None = Field(
        None, ge=0, le=24, title="已足额发放月数", description="停工留薪期开头已经足额发了工资的月数"
    )

    @model_validator(mode="after")
    def _paid_below_wage(self):
        if (
            self.monthly_wage is not None
            and self.paid_monthly is not None
            and self.paid_monthly > self.monthly_wage
        ):
            raise ValueError("期间每月实发（paid_monthly）不能高于受伤前月工资（monthly_wage）")
        if self.months is not None and self.paid_months is not None and self.paid_months > self.months:
            raise ValueError("已足额发放月数（paid_months）不能多于停工留薪月数（months）")
        return self


def compute(data: SuspensionPayInput, ctx: Context) -> Calculation:
    """The wage owed for the months off work, less what was paid."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    rule = Step("停工留薪期内，原工资福利待遇不变，由所在单位按月支付", PAY, ART_33)
    if data.monthly_wage is None or data.months is None:
        missing = ("monthly_wage",) if data.monthly_wage is None else ("months",)
        ask = (
            "请问您受伤前每月工资是多少元？" if data.monthly_wage is None else "请问停工治疗、休养了几个月？"
        )
        return Calculation(
            name="suspension_pay",
            formula="停工留薪期工资＝受伤前月工资×停工留薪月数（已发的从中扣除）",
            steps=(rule,),
            asks=(ask,),
            missing=missing,
            inputs=inputs,
        )
    wage, months = dec(data.monthly_wage), dec(data.months)
    paid = dec(data.paid_monthly or 0)
    paid_months = dec(data.paid_months or 0)
    owed = money((wage - paid) * (months - paid_months))
    # 前12个月照发，休了14个月: only the months after the paid ones are owed
    span = f"（{show(months)}－{show(paid_months)}）个月" if paid_months else f"{show(months)}个月"
    if data.paid_monthly is None:
        tail = f"（前{show(paid_months)}个月已发）" if paid_months else "（已发的从中扣除）"
        formula = f"停工留薪期工资＝{show(wage)}元×{span}＝{show(owed)}元{tail}"
    else:
        formula = f"少发的停工留薪期工资＝（{show(wage)}－{show(paid)}）元×{span}＝{show(owed)}元"
    return Calculation(
        name="suspension_pay",
        formula=formula,
        steps=(rule,),
        amount=owed,
        notes=("停工留薪期一般不超过12个月，经劳动能力鉴定委员会确认可以延长，广东最长24个月。",),
        inputs=inputs,
    )
