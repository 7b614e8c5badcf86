"""产假: 98 days, +15 difficult birth, +15 per extra baby, miscarriage 15/42 (特别规定第七条); Guangdong +80."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import GUANGDONG, Calculation, CalculatorInput, Context, Step, show

NATIONAL = "women-maternity-leave-98-days"
MISCARRIAGE = "women-miscarriage-leave"
GD_REWARD = "women-gd-maternity-reward-leave"
GD_PATERNITY = "women-gd-paternity-leave"
GD_CHILDCARE = "women-gd-childcare-leave"
CITES = (NATIONAL, MISCARRIAGE, GD_REWARD, GD_PATERNITY, GD_CHILDCARE)

ART_7_1 = "《女职工劳动保护特别规定》第七条第一款"
ART_7_2 = "《女职工劳动保护特别规定》第七条第二款"
ART_GD_1 = "《广东省人口与计划生育条例》第三十条第一款"
ART_GD_2 = "《广东省人口与计划生育条例》第三十条第二款"
BASE_DAYS = 98
EXTRA_DAYS = 15  # difficult birth, and each extra baby
GD_REWARD_DAYS = 80
EARLY_MISCARRIAGE_DAYS, LATE_MISCARRIAGE_DAYS = 15, 42
LATE_MISCARRIAGE_MONTHS = 4  # 怀孕满4个月


class MaternityInput(CalculatorInput):
    """Where the worker works and how the pregnancy ended."""

    region: Literal["全国", "广东省", "揭阳市"] = Field("全国", title="地区", description="工作所在地区")
    difficult_birth: bool = Field(False, title="难产", description="是否难产")
    babies: int = Field(1, ge=1, le=9, title="婴儿数", description="一胎生育的婴儿数，双胞胎填2")
    miscarriage: bool = Field(False, title="流产", description="是否流产")
    pregnancy_months: float | None = Field(
        None, gt=0, le=10, title="怀孕月数", description="流产时已怀孕几个月"
    )

    @model_validator(mode="after")
    def _birth_or_miscarriage(self):
        if self.miscarriage and (self.difficult_birth or self.babies > 1):
            raise ValueError("流产（miscarriage）不能同时填难产（difficult_birth）或多胞胎（babies）")
        return self


def compute(data: MaternityInput, ctx: Context) -> Calculation:
    """Days of maternity leave for the mother; Guangdong's reward, paternity and childcare leave noted."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    guangdong = data.region in GUANGDONG
    if data.miscarriage:
        if data.pregnancy_months is None:
            return Calculation(
                name="maternity_leave",
                formula="流产假：怀孕未满4个月15天，满4个月42天",
                steps=(Step("流产假按怀孕时间确定", MISCARRIAGE, ART_7_2),),
                asks=("请问流产时怀孕几个月了？",),
                missing=("pregnancy_months",),
                inputs=inputs,
            )
        late = data.pregnancy_months >= LATE_MISCARRIAGE_MONTHS
        days = LATE_MISCARRIAGE_DAYS if late else EARLY_MISCARRIAGE_DAYS
        rule = "满4个月" if late else "未满4个月"
        step = Step(
            f"怀孕{show(data.pregnancy_months)}个月流产，属怀孕{rule}，产假{days}天", MISCARRIAGE, ART_7_2
        )
        return Calculation(
            name="maternity_leave", formula=f"流产假＝{days}天", steps=(step,), days=days, inputs=inputs
        )

    steps = [Step("女职工生育享受98天产假，其中产前可以休假15天", NATIONAL, ART_7_1)]
    parts = [str(BASE_DAYS)]
    days = BASE_DAYS
    notes: list[str] = []
    if data.difficult_birth:
        days += EXTRA_DAYS
        parts.append(f"{EXTRA_DAYS}（难产）")
        steps.append(Step("难产的，增加产假15天", NATIONAL, ART_7_1))
    if data.babies > 1:
        extra = EXTRA_DAYS * (data.babies - 1)
        days += extra
        parts.append(f"{extra}（多胞胎）")
        steps.append(
            Step(f"生育多胞胎的，每多生育1个婴儿增加15天：{data.babies - 1}×15＝{extra}天", NATIONAL, ART_7_1)
        )
    if guangdong:
        days += GD_REWARD_DAYS
        parts.append(f"{GD_REWARD_DAYS}（广东奖励假）")
        steps.append(
            Step("在广东省符合法律、法规规定生育的，女方另享受80日奖励假，照发工资", GD_REWARD, ART_GD_1)
        )
        steps.append(Step("另外：男方享受15日陪产假", GD_PATERNITY, ART_GD_1))
        steps.append(Step("另外：子女3周岁以内，父母每年各享受10日育儿假", GD_CHILDCARE, ART_GD_2))
        if data.difficult_birth:
            notes.append("难产按国家规定增加15天；广东省对难产可能另有更长的规定，以当地规定为准。")
    formula = f"产假＝{'＋'.join(parts)}＝{days}天" if len(parts) > 1 else f"产假＝{days}天"
    return Calculation(
        name="maternity_leave",
        formula=formula,
        steps=tuple(steps),
        days=days,
        notes=tuple(notes),
        inputs=inputs,
    )
