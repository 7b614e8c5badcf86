"""竞业限制经济补偿: 30% of the last 12 months' average wage when none was agreed, at most two years, and the
worker's way out after three unpaid months (《劳动合同法》第二十三、二十四条; 劳动争议解释（一）第三十六、三十八条)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show
from .figures import find_figure

WHO_HOW_LONG = "contract-non-compete-who-how-long"
THIRTY_PERCENT = "contract-non-compete-30-percent"
UNPAID = "contract-non-compete-unpaid-3-months"
CITES = (WHO_HOW_LONG, THIRTY_PERCENT, UNPAID)

ART_23 = "《劳动合同法》第二十三条第二款"
ART_24 = "《劳动合同法》第二十四条"
ART_36_1 = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第三十六条第一款"
ART_36_2 = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第三十六条第二款"
ART_38 = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第三十八条"
SHARE = Decimal("0.3")
# 《劳动合同法》第二十四条第二款: the restriction after leaving lasts at most two years.
MAX_MONTHS = 24
# 解释（一）第三十八条: three months unpaid for the employer's reasons and the worker may ask to end it.
UNPAID_MONTHS_TO_END = 3
FLOOR_TEXT = "且不低于当地最低工资标准"


class NonCompeteInput(CalculatorInput):
    """The average wage before leaving; optionally an agreed amount, the agreed length and months unpaid."""

    monthly_wage: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        title="离职前平均月工资",
        description="劳动合同解除或终止前12个月的平均月工资（元）",
    )
    agreed_monthly_compensation: float | None = Field(
        None,
        ge=0,
        le=1_000_000,
        title="约定的每月补偿",
        description="协议里约定的每月竞业限制补偿（元）；没约定就不填",
    )
    restriction_months: int | None = Field(
        None, ge=1, le=600, title="约定竞业限制期限（月）", description="协议约定离职后多少个月不能去同行"
    )
    unpaid_months: int | None = Field(
        None, ge=0, le=600, title="未付补偿月数", description="离职后单位已经有几个月没付竞业限制补偿"
    )
    minimum_wage: float | None = Field(
        None, gt=0, le=100_000, title="当地最低工资", description="劳动合同履行地月最低工资标准（元）"
    )
    region: Literal["全国", "广东省", "揭阳市"] | None = Field(
        None, title="地区", description="劳动合同履行地"
    )


def _duration_step(months: int | None) -> Step:
    if months is not None and months > MAX_MONTHS:
        return Step(
            f"约定竞业限制{months}个月，超过了法律规定的上限：竞业限制期限不得超过二年（24个月）",
            WHO_HOW_LONG,
            ART_24,
        )
    said = f"约定{months}个月，" if months is not None else ""
    return Step(f"竞业限制期限{said}自离职起最长不得超过二年（24个月）", WHO_HOW_LONG, ART_24)


def compute(data: NonCompeteInput, ctx: Context) -> Calculation:
    """The monthly compensation the worker may claim, the length limit and, after 3 unpaid months, the way out."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    # The step behind the figure comes first: an answer cites the first step's snippet with the formula.
    steps: list[Step] = []
    notes: list[str] = ["竞业限制只适用于高级管理人员、高级技术人员和其他负有保密义务的人员。"]
    asks: list[str] = []
    missing: tuple[str, ...] = ()
    amount = None
    agreed = data.agreed_monthly_compensation
    if agreed:
        formula = f"每月竞业限制补偿按约定：{show(agreed)}元/月"
        steps.append(Step(f"协议约定了每月补偿{show(agreed)}元，单位应按约定按月支付", WHO_HOW_LONG, ART_23))
        amount = money(agreed)
    elif data.monthly_wage is None:
        formula = f"每月补偿＝离职前12个月平均工资×30%，{FLOOR_TEXT}"
        steps.append(
            Step("没有约定补偿的，可按离职前十二个月平均工资的30%按月要求补偿", THIRTY_PERCENT, ART_36_1)
        )
        asks.append("请问您离职前12个月的平均月工资是多少元？")
        missing = ("monthly_wage",)
    else:
        wage = dec(data.monthly_wage)
        monthly = SHARE * wage
        steps.append(
            Step(
                f"没有约定补偿：按离职前十二个月平均工资的30%按月支付，{show(wage)}×30%＝{show(monthly)}元",
                THIRTY_PERCENT,
                ART_36_1,
            )
        )
        minimum = data.minimum_wage
        if minimum is None:
            figure = find_figure(ctx.figures, data.region, "minimum_wage", ctx.today)
            minimum = figure.value if figure else None
        if minimum is None:
            formula = f"每月补偿＝{show(wage)}×30%＝{show(monthly)}元/月，{FLOOR_TEXT}"
            notes.append(
                "30%低于劳动合同履行地最低工资标准的，按当地最低工资标准支付；当地标准以政府公布为准。"
            )
        elif dec(minimum) > monthly:
            steps.append(
                Step(
                    f"30%即{show(monthly)}元低于当地最低工资标准{show(minimum)}元，按{show(minimum)}元支付",
                    THIRTY_PERCENT,
                    ART_36_2,
                )
            )
            monthly = dec(minimum)
            formula = f"每月补偿＝{show(wage)}×30%，低于当地最低工资标准，按{show(minimum)}元/月"
        else:
            formula = (
                f"每月补偿＝{show(wage)}×30%＝{show(monthly)}元/月（不低于当地最低工资标准{show(minimum)}元）"
            )
        amount = money(monthly)
    steps.append(Step("单位应当在竞业限制期限内按月给予劳动者经济补偿", WHO_HOW_LONG, ART_23))
    steps.append(_duration_step(data.restriction_months))
    if data.restriction_months is not None and amount is not None:
        counted = min(data.restriction_months, MAX_MONTHS)
        total = money(dec(amount) * counted)
        notes.append(f"按每月{show(amount)}元、{counted}个月计，合计{show(total)}元。")
    unpaid = data.unpaid_months
    if unpaid is not None and unpaid >= UNPAID_MONTHS_TO_END:
        steps.append(
            Step(
                f"单位已经{unpaid}个月未支付补偿（满三个月），劳动者可以请求解除竞业限制约定，已履行期间的补偿仍可要求支付",
                UNPAID,
                ART_38,
            )
        )
    else:
        notes.append("因单位原因离职后三个月未支付补偿的，劳动者可以请求解除竞业限制约定。")
    return Calculation(
        name="non_compete",
        formula=formula,
        steps=tuple(steps),
        amount=amount,
        notes=tuple(notes),
        asks=tuple(asks),
        missing=missing,
        inputs=inputs,
    )
