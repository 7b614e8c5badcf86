"""赔偿损失每月扣款上限: a loss the worker caused may be taken out of the wage at most 20 % of the month's wage
(《工资支付暂行规定》第十六条), the rest not below the local minimum wage; in Guangdong only for the worker's own
fault and after written notice of the reason and the sum (《广东省工资支付条例》第十五条)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import GUANGDONG, Calculation, CalculatorInput, Context, Step, dec, money, show

NATIONAL = "wage-deduction-damage-20-percent"
PROVINCE = "wage-gd-deduction-damage"
CITES = (NATIONAL, PROVINCE)
ART_16 = "《工资支付暂行规定》第十六条"
GD_ART = "《广东省工资支付条例》第十五条"
SHARE = Decimal("0.2")


class DamageDeductionInput(CalculatorInput):
    """The month's wage and, if told, what the employer takes from it each month for the loss."""

    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="当月工资", description="被扣款那个月应发的工资（元）"
    )
    monthly_deduction: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        title="每月扣款",
        description="单位每月从工资里扣的赔偿款（元），不知道可不填",
    )
    region: Literal["全国", "广东省", "揭阳市"] | None = Field(
        None, title="地区", description="全国、广东省或揭阳市；不填按全国规定"
    )


def compute(data: DamageDeductionInput, ctx: Context) -> Calculation:
    """The most a month's wage may lose to a loss the worker caused: 20 % of it."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    rule = Step(
        "因劳动者本人原因造成经济损失的，赔偿可从工资中扣除，但每月扣除部分不得超过当月工资的20%，"
        "扣除后的剩余工资不得低于当地月最低工资标准",
        NATIONAL,
        ART_16,
    )
    # Guangdong's written notice is a step (cited), not a note: the answer quotes the article beside the figure
    # and shows the first note, which then says something the article does not.
    province = (
        [
            Step(
                "在广东省，扣除赔偿费须提前书面告知扣除原因及数额（没有书面告知的不得扣除），"
                "且扣后月工资余额不低于当地最低工资标准",
                PROVINCE,
                GD_ART,
            )
        ]
        if data.region in GUANGDONG
        else []
    )
    notes = ["不是您本人原因造成的损失（例如别人偷的、正常损耗），单位不能要您赔，也不能从工资里扣。"]
    formula = "每月最多扣＝当月工资×20%"
    if data.monthly_wage is None:
        return Calculation(
            name="damage_deduction",
            formula=formula,
            steps=(rule, *province),
            notes=tuple(notes),
            asks=("请问您每月工资是多少元？",),
            missing=("monthly_wage",),
            inputs=inputs,
        )
    wage = dec(data.monthly_wage)
    cap = money(wage * SHARE)
    formula = f"每月最多扣＝{show(wage)}元×20%＝{show(cap)}元"
    steps = [rule, Step(f"按您的工资计算：{formula}", NATIONAL, ART_16), *province]
    if data.monthly_deduction is not None and dec(data.monthly_deduction) > wage * SHARE:
        over = money(dec(data.monthly_deduction) - wage * SHARE)
        notes.insert(
            0,
            f"每月扣{show(data.monthly_deduction)}元，超过上限{show(cap)}元，多扣的{show(over)}元可以要求退还。",
        )
    return Calculation(
        name="damage_deduction",
        formula=formula,
        steps=tuple(steps),
        amount=cap,
        notes=tuple(notes),
        inputs=inputs,
    )
