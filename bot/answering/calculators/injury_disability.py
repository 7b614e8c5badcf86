"""工伤伤残待遇: lump sums by grade and monthly allowances (工伤保险条例第三十五至三十七条), Guangdong sums on leaving."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import GUANGDONG, Calculation, CalculatorInput, Context, Step, dec, money, show

LUMP_SUM = "injury-disability-lump-sum"
ALLOWANCE = "injury-disability-allowance"
GD_LEAVING = "injury-gd-lump-sums-on-leaving"
CITES = (LUMP_SUM, ALLOWANCE, GD_LEAVING)

# 《工伤保险条例》第三十五、三十六、三十七条: 一次性伤残补助金, months of 本人工资 by grade.
LUMP_SUM_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
# 伤残津贴 as a share of 本人工资: grades 1-4 from the fund (第三十五条), 5-6 from the employer when it
# cannot arrange suitable work (第三十六条).
ALLOWANCE_PERCENT = {1: 90, 2: 85, 3: 80, 4: 75, 5: 70, 6: 60}
# 《广东省工伤保险条例》第三十一条 (grades 5-6, worker asks to leave) and 第三十二条 (grades 7-10, contract ends
# or is lawfully ended): 一次性工伤医疗补助金 and 一次性伤残就业补助金, months of 本人工资.
GD_MEDICAL_MONTHS = {5: 10, 6: 8, 7: 6, 8: 4, 9: 2, 10: 1}
GD_EMPLOYMENT_MONTHS = {5: 50, 6: 40, 7: 25, 8: 15, 9: 8, 10: 4}
ARTICLE_BY_GRADE = {**dict.fromkeys(range(1, 5), "第三十五条"), 5: "第三十六条", 6: "第三十六条"}
# 第六十四条: 本人工资 is bounded by 60% and 300% of the local average monthly wage.
FLOOR, CEILING = Decimal("0.6"), Decimal("3")


class InjuryInput(CalculatorInput):
    """The disability grade, the worker's own wage and whether the employment relationship ends."""

    grade: int | None = Field(
        None, ge=1, le=10, title="伤残等级", description="劳动能力鉴定的伤残等级，一级填1，十级填10"
    )
    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="本人工资", description="受伤前12个月平均月缴费工资（元）"
    )
    region: Literal["全国", "广东省", "揭阳市"] = Field(
        "全国", title="地区", description="参加工伤保险的地区"
    )
    leaving: bool = Field(
        False, title="解除或终止劳动关系", description="是否与单位解除或终止劳动关系（合同到期或辞职等）"
    )
    local_average_monthly_wage: float | None = Field(
        None,
        gt=0,
        le=100_000,
        title="当地月平均工资",
        description="统筹地区上年度职工月平均工资（元），用于本人工资的上下限",
    )


def compute(data: InjuryInput, ctx: Context) -> Calculation:
    """Lump-sum months and amount; allowance share; Guangdong lump sums when the relationship ends."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    if data.grade is None:
        return Calculation(
            name="injury_disability",
            formula="一次性伤残补助金＝月数（一级27个月……十级7个月）×本人工资",
            steps=(Step("一次性伤残补助金按伤残等级计发", LUMP_SUM, "《工伤保险条例》第三十五至三十七条"),),
            asks=("请问劳动能力鉴定是几级伤残？",),
            missing=("grade",),
            inputs=inputs,
        )
    grade = data.grade
    article = "《工伤保险条例》" + ARTICLE_BY_GRADE.get(grade, "第三十七条")
    months = Decimal(LUMP_SUM_MONTHS[grade])
    sums = [("一次性伤残补助金", LUMP_SUM_MONTHS[grade])]  # (what, months of 本人工资)
    steps = [
        Step(
            f"{grade}级伤残，由工伤保险基金支付一次性伤残补助金{LUMP_SUM_MONTHS[grade]}个月的本人工资",
            LUMP_SUM,
            article,
        )
    ]
    notes: list[str] = []

    base = dec(data.monthly_wage) if data.monthly_wage is not None else None
    if base is not None and data.local_average_monthly_wage is not None:
        average = dec(data.local_average_monthly_wage)
        bounded = min(max(base, FLOOR * average), CEILING * average)
        if bounded != base:
            steps.append(
                Step(
                    f"本人工资按当地上年度职工月平均工资{show(average)}元的60%至300%计，取{show(bounded)}元",
                    LUMP_SUM,
                    "《工伤保险条例》第六十四条",
                )
            )
        base = bounded
    elif base is not None:
        notes.append("本人工资低于当地上年度职工月平均工资60%的按60%计，高于300%的按300%计。")

    if grade in ALLOWANCE_PERCENT:
        percent = ALLOWANCE_PERCENT[grade]
        who = "工伤保险基金" if grade <= 4 else "用人单位（难以安排工作时）"
        text = f"{grade}级伤残，由{who}按月发给伤残津贴，为本人工资的{percent}%"
        if base is not None:
            text += f"，即每月{show(base * percent / 100)}元"
        steps.append(Step(text, ALLOWANCE, article))
        notes.append("伤残津贴低于当地最低工资标准的，补足差额。")

    guangdong = data.region in GUANGDONG
    later: list[tuple[str, int]] = []
    if data.leaving and grade in GD_MEDICAL_MONTHS and guangdong:
        medical, employment = GD_MEDICAL_MONTHS[grade], GD_EMPLOYMENT_MONTHS[grade]
        gd_article = "《广东省工伤保险条例》" + ("第三十一条" if grade <= 6 else "第三十二条")
        steps.append(
            Step(
                f"解除或终止劳动关系时，另由工伤保险基金支付一次性工伤医疗补助金{medical}个月、"
                f"由用人单位支付一次性伤残就业补助金{employment}个月的本人工资",
                GD_LEAVING,
                gd_article,
            )
        )
        months += medical + employment
        sums += [("一次性工伤医疗补助金", medical), ("一次性伤残就业补助金", employment)]
        notes.append(
            "五、六级须本人提出解除或终止；七至十级在合同终止或依法解除时享受，已享受基本养老保险待遇的除外。"
            "这两项以解除或终止前12个月平均月缴费工资为基数（本人工资较低时）。"
        )
    elif guangdong and grade in GD_MEDICAL_MONTHS:
        # Not leaving (or not said): the two sums are what the worker gets if the relationship ends, named as
        # such beside the figure and not counted in it.
        later = [
            ("一次性工伤医疗补助金", GD_MEDICAL_MONTHS[grade]),
            ("一次性伤残就业补助金", GD_EMPLOYMENT_MONTHS[grade]),
        ]
        gd_article = "《广东省工伤保险条例》" + ("第三十一条" if grade <= 6 else "第三十二条")
        steps.append(
            Step(
                f"今后解除或终止劳动关系时（五、六级须本人提出），另有一次性工伤医疗补助金{later[0][1]}个月、"
                f"一次性伤残就业补助金{later[1][1]}个月的本人工资",
                GD_LEAVING,
                gd_article,
            )
        )
    elif data.leaving and grade in GD_MEDICAL_MONTHS:
        notes.append(
            "解除或终止劳动关系时的一次性工伤医疗补助金和一次性伤残就业补助金，标准由各省规定，以当地规定为准。"
        )
    elif data.leaving:
        notes.append(
            "一至四级保留劳动关系、退出工作岗位；在广东本人要求终止劳动关系的，可办理伤残退休，伤残津贴按月支付。"
        )

    total = " ＋ ".join(f"{what}{n}个月" for what, n in sums)
    if base is None:
        return Calculation(
            name="injury_disability",
            formula=f"{total}，共{show(months)}个月×本人工资",
            steps=tuple(steps),
            months=float(months),
            notes=tuple(notes),
            asks=("请问您受伤前12个月的平均月缴费工资是多少元？",),
            missing=("monthly_wage",),
            inputs=inputs,
        )
    amount = money(months * base)
    formula = f"{total}，共{show(months)}个月×{show(base)}元＝{show(amount)}元"
    if len(sums) > 1:  # each sum on its own: the fund pays some, the employer others
        formula = "；".join(_each(sums, base)) + f"；共{show(months)}个月，{show(amount)}元"
    if later:
        formula += "。如今后解除或终止劳动关系，另有" + "、".join(_each(later, base))
    return Calculation(
        name="injury_disability",
        formula=formula,
        steps=tuple(steps),
        months=float(months),
        amount=amount,
        notes=tuple(notes),
        inputs=inputs,
    )


def _each(sums: list[tuple[str, int]], base: Decimal) -> list[str]:
    return [f"{what}{n}个月×{show(base)}元＝{show(money(Decimal(n) * base))}元" for what, n in sums]
