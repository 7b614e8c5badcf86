"""Last days to act: labour arbitration (调解仲裁法第二十七条) and work-injury recognition (工伤保险条例第十七条)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Calculation, CalculatorInput, Context, Step, not_in_future
from .durations import add_months

LIMITATION = "dispute-limitation-one-year"
WAGE_ARREARS = "dispute-wage-arrears-limitation"
INJURY_EMPLOYER = "injury-deadline-employer"
INJURY_WORKER = "injury-deadline-worker"
CITES = (LIMITATION, WAGE_ARREARS, INJURY_EMPLOYER, INJURY_WORKER)

ART_27_1 = "《劳动争议调解仲裁法》第二十七条第一款"
ART_27_4 = "《劳动争议调解仲裁法》第二十七条第四款"
ART_17_1 = "《工伤保险条例》第十七条第一款"
ART_17_2 = "《工伤保险条例》第十七条第二款"
EMPLOYER_DAYS = 30  # 工伤认定: the employer applies within 30 days


def one_year_after(day: dt.date) -> dt.date:
    """Last day of a one-year period starting the day after `day`: the same date a year on (28 Feb for 29 Feb)."""
    return add_months(day, 12)


class DeadlineInput(CalculatorInput):
    """Which time limit, and the date it runs from."""

    kind: Literal["arbitration", "wage_arrears", "injury"] | None = Field(
        None,
        title="期限类型",
        description="arbitration：申请劳动仲裁；wage_arrears：追讨拖欠工资的仲裁；injury：申请工伤认定",
    )
    knew_date: dt.date | None = Field(
        None, title="知道受侵害日期", description="知道或者应当知道自己权利被侵害的日期（如被辞退之日）"
    )
    still_employed: bool | None = Field(None, title="仍在职", description="追讨欠薪时是否仍在这家单位工作")
    end_date: dt.date | None = Field(
        None, title="劳动关系终止日期", description="离职或被辞退、劳动关系终止的日期"
    )
    accident_date: dt.date | None = Field(
        None, title="受伤日期", description="事故伤害发生之日，或被诊断、鉴定为职业病之日"
    )

    _past = field_validator("knew_date", "end_date", "accident_date")(not_in_future)

    @model_validator(mode="after")
    def _employed_or_ended(self):
        if self.still_employed and self.end_date is not None:
            raise ValueError("仍在职（still_employed）时不用填劳动关系终止日期（end_date）")
        return self


def _result(data, deadline, steps, ctx, notes=(), formula="") -> Calculation:
    notes = list(notes)
    left = (deadline - ctx.today).days
    if left < 0:
        notes.insert(
            0, f"按这个日期已超过期限{-left}天；如有中断、中止或非本人原因的耽误，请尽快咨询工会或12351。"
        )
    else:
        notes.append("请尽早申请，不要等到最后一天。")
    return Calculation(
        name="deadlines",
        formula=formula,
        steps=tuple(steps),
        days=max(left, 0),
        deadline=deadline,
        notes=tuple(notes),
        inputs=data.model_dump(exclude_none=True, mode="json"),
    )


def _ask(data, formula, step, ask, field) -> Calculation:
    return Calculation(
        name="deadlines",
        formula=formula,
        steps=(step,),
        asks=(ask,),
        missing=(field,),
        inputs=data.model_dump(exclude_none=True, mode="json"),
    )


def compute(data: DeadlineInput, ctx: Context) -> Calculation:
    """The last day to apply, counted from the given date, and the days left from today."""
    if data.kind is None:
        return _ask(
            data,
            "劳动仲裁时效一年；工伤认定单位30日内、本人1年内申请",
            Step("劳动争议申请仲裁的时效期间为一年", LIMITATION, ART_27_1),
            "请问您想知道哪个期限：申请劳动仲裁、追讨欠薪，还是申请工伤认定？",
            "kind",
        )
    if data.kind == "arbitration":
        step = Step("申请劳动仲裁的时效为一年，从知道或者应当知道权利被侵害之日起计算", LIMITATION, ART_27_1)
        if data.knew_date is None:
            return _ask(
                data,
                "仲裁时效＝知道权利被侵害之日起一年",
                step,
                "请问您是哪天知道权利被侵害的（如被辞退的日期）？",
                "knew_date",
            )
        deadline = one_year_after(data.knew_date)
        return _result(
            data,
            deadline,
            [
                step,
                Step(
                    f"从{data.knew_date.isoformat()}起算一年，最后一天为{deadline.isoformat()}",
                    LIMITATION,
                    ART_27_1,
                ),
            ],
            ctx,
            notes=("时效因向对方主张权利、请求有关部门救济或对方同意履行而中断的，从中断时起重新计算。",),
            formula=f"最迟{deadline.isoformat()}申请劳动仲裁",
        )
    if data.kind == "wage_arrears":
        step = Step(
            "劳动关系存续期间拖欠劳动报酬的，不受一年时效限制；劳动关系终止的，自终止之日起一年内提出",
            WAGE_ARREARS,
            ART_27_4,
        )
        if data.still_employed:
            return Calculation(
                name="deadlines",
                formula="仍在职：追讨欠薪不受一年仲裁时效限制；离职后一年内提出",
                steps=(step,),
                notes=("一旦离职或被辞退，要在劳动关系终止之日起一年内申请仲裁。",),
                inputs=data.model_dump(exclude_none=True, mode="json"),
            )
        if data.end_date is None:
            return _ask(
                data,
                "离职后追讨欠薪＝劳动关系终止之日起一年内",
                step,
                "请问您是哪天离职的？（仍在职请说明）",
                "end_date",
            )
        deadline = one_year_after(data.end_date)
        return _result(
            data,
            deadline,
            [
                step,
                Step(
                    f"劳动关系{data.end_date.isoformat()}终止，一年内即最迟{deadline.isoformat()}",
                    WAGE_ARREARS,
                    ART_27_4,
                ),
            ],
            ctx,
            formula=f"最迟{deadline.isoformat()}申请劳动仲裁追讨欠薪",
        )
    step = Step("单位应当自事故伤害发生之日起30日内提出工伤认定申请", INJURY_EMPLOYER, ART_17_1)
    if data.accident_date is None:
        return _ask(
            data,
            "工伤认定：单位30日内，本人或近亲属、工会1年内",
            step,
            "请问是哪天受伤的（或哪天被诊断为职业病）？",
            "accident_date",
        )
    employer = data.accident_date + dt.timedelta(days=EMPLOYER_DAYS)
    worker = one_year_after(data.accident_date)
    return _result(
        data,
        worker,
        [
            Step(f"单位最迟应在{employer.isoformat()}（30日内）申请工伤认定", INJURY_EMPLOYER, ART_17_1),
            Step(
                f"单位没有申请的，本人、近亲属或工会最迟可在{worker.isoformat()}（1年内）直接申请",
                INJURY_WORKER,
                ART_17_2,
            ),
        ],
        ctx,
        notes=("不是本人原因耽误的时间，不计入1年的申请时限。",),
        formula=f"单位最迟{employer.isoformat()}，本人最迟{worker.isoformat()}申请工伤认定",
    )
