"""服务期违约金: at most the training cost, and at most the share of it for the part of the service period not yet
served (《劳动合同法》第二十二条第二款); since 2025-09-01 courts also weigh the employer's real loss, both sides'
fault and the time served (法释〔2025〕12号第十二条)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show

SERVICE = "contract-service-period-damages-2025"
LIMITS = "contract-penalty-clause-limits"
CITES = (SERVICE, LIMITS)

ART_22 = "《劳动合同法》第二十二条第二款"
ART_2025 = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（二）》第十二条"


class TrainingBondInput(CalculatorInput):
    """The training cost the employer paid, the agreed service period and the part of it already served."""

    training_cost: float | None = Field(
        None, gt=0, le=10_000_000, title="培训费用", description="单位为专业技术培训实际支付的费用（元）"
    )
    service_months: int | None = Field(
        None, ge=1, le=600, title="服务期（月）", description="约定的服务期，按月计"
    )
    served_months: float | None = Field(
        None, ge=0, le=600, title="已履行的服务期（月）", description="服务期开始后已经工作的月数"
    )

    @model_validator(mode="after")
    def _served_within(self):
        if (
            self.service_months
            and self.served_months is not None
            and self.served_months > self.service_months
        ):
            raise ValueError("已履行的服务期（served_months）不能超过约定的服务期（service_months）")
        return self


def compute(data: TrainingBondInput, ctx: Context) -> Calculation:
    """The most the worker can owe for leaving before the service period ends."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    formula = "服务期违约金≤培训费用×服务期尚未履行的月数÷服务期总月数"
    rule = Step("违约金不得超过培训费用，也不得超过服务期尚未履行部分所应分摊的培训费用", LIMITS, ART_22)
    if data.training_cost is None:
        return Calculation(
            name="training_bond",
            formula=formula,
            steps=(rule,),
            asks=("请问单位为培训实际花了多少钱？",),
            missing=("training_cost",),
            inputs=inputs,
        )
    cost = dec(data.training_cost)
    notes = ("自2025年9月1日起，法院还会综合考虑单位的实际损失、双方过错和已履行的服务期限确定责任。",)
    court = Step("法院综合考虑单位实际损失、双方过错程度、已履行的服务期限等因素", SERVICE, ART_2025)
    if data.service_months is None or data.served_months is None:
        missing = ("service_months",) if data.service_months is None else ("served_months",)
        ask = (
            "请问约定的服务期是多久？" if data.service_months is None else "请问服务期开始后您已经做了多久？"
        )
        return Calculation(
            name="training_bond",
            formula=f"服务期违约金最多不超过培训费用{show(cost)}元，并按尚未履行的服务期分摊",
            steps=(rule, court),
            amount=money(cost),
            notes=notes,
            asks=(ask,),
            missing=missing,
            inputs=inputs,
        )
    total, served = Decimal(data.service_months), dec(data.served_months)
    left = total - served
    cap = money(cost * left / total)
    return Calculation(
        name="training_bond",
        formula=(
            f"服务期违约金最多＝{show(cost)}元×（{show(total)}－{show(served)}）÷{show(total)}个月＝{show(cap)}元"
        ),
        steps=(rule, court),
        amount=cap,
        notes=notes,
        inputs=inputs,
    )
