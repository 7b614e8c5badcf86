"""试用期: the longest lawful probation and the probation pay floor (《劳动合同法》第十九、二十、八十三条)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show
from .figures import find_figure

CAPS = "contract-probation-length-caps"
NONE_ALLOWED = "contract-probation-once-only"
PAY = "contract-probation-pay-minimum"
EXCESS = "contract-probation-illegal-compensation"
CITES = (CAPS, NONE_ALLOWED, PAY, EXCESS)

ART_19_1 = "《劳动合同法》第十九条第一款"
ART_19_3 = "《劳动合同法》第十九条第三款"
ART_20 = "《劳动合同法》第二十条；《劳动合同法实施条例》第十五条"
ART_83 = "《劳动合同法》第八十三条"
FLOOR_SHARE = Decimal("0.8")
CAP_FORMULA = "试用期上限：合同三个月以上不满一年1个月，一年以上不满三年2个月，三年以上或无固定期限6个月"
ASK_TERM = "请问劳动合同签了多长时间（几个月或几年）？"


class ProbationInput(CalculatorInput):
    """The contract's type and term; optionally the agreed probation and wages to check the pay floor."""

    contract_type: Literal["fixed", "open_ended", "task"] = Field(
        "fixed",
        title="合同类型",
        description="fixed：固定期限；open_ended：无固定期限；task：以完成一定工作任务为期限",
    )
    contract_months: int | None = Field(
        None, ge=1, le=600, title="合同期限（月）", description="固定期限合同签了多少个月，如一年填12"
    )
    agreed_probation_months: float | None = Field(
        None, ge=0, le=24, title="约定试用期（月）", description="合同里约定的试用期有几个月"
    )
    agreed_monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="约定月工资", description="劳动合同约定的月工资（元）"
    )
    paid_monthly_wage: float | None = Field(
        None,
        gt=0,
        le=1_000_000,
        title="试用期实发月工资",
        description="试用期每月实际发的工资（元），用于算少发的差额",
    )
    months_worked: float | None = Field(
        None,
        gt=0,
        le=24,
        title="试用期内已做月数",
        description="试用期没做满就离开时，已经做了几个月（少发的差额按这几个月算）",
    )
    lowest_grade_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="同岗位最低档工资", description="本单位相同岗位最低档工资（元/月）"
    )
    minimum_wage: float | None = Field(
        None, gt=0, le=100_000, title="当地最低工资", description="当地月最低工资标准（元）"
    )
    region: Literal["全国", "广东省", "揭阳市"] | None = Field(
        None, title="地区", description="用人单位所在地区"
    )

    @model_validator(mode="after")
    def _term_fits_type(self):
        if self.contract_type != "fixed" and self.contract_months is not None:
            raise ValueError("合同期限（contract_months）只用于固定期限合同（contract_type 为 fixed）")
        return self


def longest_probation(data: ProbationInput) -> tuple[int, Step]:
    """Longest lawful probation in months, with the rule used."""
    if data.contract_type == "task":
        return 0, Step("以完成一定工作任务为期限的劳动合同，不得约定试用期", NONE_ALLOWED, ART_19_3)
    if data.contract_type == "open_ended":
        return 6, Step("无固定期限劳动合同，试用期不得超过六个月", CAPS, ART_19_1)
    term = data.contract_months
    if term < 3:
        return 0, Step(f"合同期限{term}个月，不满三个月，不得约定试用期", NONE_ALLOWED, ART_19_3)
    if term < 12:
        return 1, Step(f"合同期限{term}个月，属三个月以上不满一年，试用期不得超过一个月", CAPS, ART_19_1)
    if term < 36:
        return 2, Step(f"合同期限{term}个月，属一年以上不满三年，试用期不得超过二个月", CAPS, ART_19_1)
    return 6, Step(f"合同期限{term}个月，属三年以上固定期限，试用期不得超过六个月", CAPS, ART_19_1)


def compute(data: ProbationInput, ctx: Context) -> Calculation:
    """The probation cap for the contract and, with a wage, the lowest lawful probation pay."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    if data.contract_type == "fixed" and data.contract_months is None:
        if data.agreed_monthly_wage is None and data.lowest_grade_wage is None:
            return Calculation(
                name="probation",
                formula=CAP_FORMULA,
                steps=(Step("试用期上限按劳动合同期限确定", CAPS, ART_19_1),),
                asks=(ASK_TERM,),
                missing=("contract_months",),
                inputs=inputs,
            )
        # The pay floor does not depend on the term: give it, and ask the term for the cap.
        return _pay_floor(data, ctx, inputs, cap=None)
    cap, rule = longest_probation(data)
    steps = [rule]
    notes: list[str] = ["同一单位与同一劳动者只能约定一次试用期。"]
    agreed = data.agreed_probation_months
    served = None  # the compensation for the excess served, shown in the formula
    if agreed is not None and agreed > cap:
        excess = dec(agreed) - cap
        text = f"约定试用期{show(agreed)}个月，超出法定上限{show(excess)}个月；超出部分已经履行的，单位应按试用期满后的月工资支付赔偿金"
        worked = data.months_worked
        if worked is not None and worked < agreed:
            # 做了四个月就被辞退: only the part of the excess already served is owed (第八十三条 "已经履行的")
            excess = max(Decimal(0), dec(worked) - cap)
            text += f"，已经履行的超出部分为{show(excess)}个月"
        if data.agreed_monthly_wage is not None and excess > 0:
            owed = show(excess * dec(data.agreed_monthly_wage))
            text += f"：{show(excess)}×{show(data.agreed_monthly_wage)}＝{owed}元"
            served = (
                f"超出法定上限的试用期赔偿金{show(excess)}个月×{show(data.agreed_monthly_wage)}元＝{owed}元"
            )
        steps.append(Step(text, EXCESS, ART_83))

    calculation = _pay_floor(data, ctx, inputs, cap, steps, notes)
    if served is not None:
        calculation = replace(calculation, formula=f"{calculation.formula}；{served}")
    return calculation


def _pay_floor(
    data: ProbationInput,
    ctx: Context,
    inputs: dict,
    cap: int | None,
    steps: list[Step] | None = None,
    notes: list[str] | None = None,
) -> Calculation:
    """The lowest lawful probation pay (and the cap, when the contract's term is known)."""
    steps = list(steps or [])
    notes = list(notes or ["同一单位与同一劳动者只能约定一次试用期。"])
    asks: list[str] = [] if cap is not None else [ASK_TERM]
    length = f"试用期最长{cap}个月；" if cap is not None else ""
    base = data.agreed_monthly_wage or data.lowest_grade_wage
    amount = None
    if cap == 0:
        formula = "不得约定试用期（上限0个月）"
        notes.append("这份合同不得约定试用期，工资应按合同约定的正常工资支付。")
    elif base is None:
        formula = f"{length}试用期工资≥约定工资的80%，且≥当地最低工资标准"
        asks.append("如需核对试用期工资，请告诉我合同约定的月工资。")
    else:
        which = "劳动合同约定工资" if data.agreed_monthly_wage else "本单位相同岗位最低档工资"
        floor = FLOOR_SHARE * dec(base)
        steps.append(Step(f"试用期工资不得低于{which}的80%：{show(base)}×80%＝{show(floor)}元", PAY, ART_20))
        minimum = data.minimum_wage
        if minimum is None:
            figure = find_figure(ctx.figures, data.region, "minimum_wage", ctx.today)
            minimum = figure.value if figure else None
        if minimum is None:
            asks.append("当地月最低工资标准是多少元？（可拨打12333查询）")
            notes.append("试用期工资还不得低于当地最低工资标准，上面的数额未与当地标准比较。")
            formula = f"{length}试用期工资≥{show(base)}×80%＝{show(floor)}元，且≥当地最低工资标准"
        else:
            floor = max(floor, dec(minimum))
            steps.append(
                Step(f"并不得低于当地最低工资标准{show(minimum)}元：取较高者{show(floor)}元", PAY, ART_20)
            )
            formula = f"{length}试用期工资≥{show(base)}×80%与{show(minimum)}元中较高者＝{show(floor)}元"
        amount = money(floor)
        formula += _shortfall(data, floor, steps)
    return Calculation(
        name="probation",
        formula=formula,
        steps=tuple(steps),
        months=None if cap is None else float(cap),
        amount=amount,
        notes=tuple(notes),
        asks=tuple(asks),
        missing=() if cap is not None else ("contract_months",),
        inputs=inputs,
    )


def _shortfall(data: ProbationInput, floor: Decimal, steps: list[Step]) -> str:
    """What the employer paid short of the floor each month, and over the agreed probation when known."""
    if data.paid_monthly_wage is None or dec(data.paid_monthly_wage) >= floor:
        return ""
    short = floor - dec(data.paid_monthly_wage)
    text = f"实发{show(data.paid_monthly_wage)}元，每月少发{show(money(short))}元"
    worked = data.months_worked
    if worked and data.agreed_probation_months and worked < data.agreed_probation_months:
        # 试用期三个月，做到第二个月就走: the shortfall of the months worked
        months = dec(worked)
        text += f"，已做{show(months)}个月共{show(money(short * months))}元"
    elif data.agreed_probation_months:
        months = dec(data.agreed_probation_months)
        text += f"，试用期{show(months)}个月共{show(money(short * months))}元"
    steps.append(Step(f"试用期工资低于法定下限的，差额应当补发：{text}", PAY, ART_20))
    return "；" + text
