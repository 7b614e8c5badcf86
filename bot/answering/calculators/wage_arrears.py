"""被拖欠的工资: wages are owed in full and on time (《劳动合同法》第三十条); the sum owed is the months unpaid times
the month's wage (the days worked times the day's pay, or the sum the worker names), less what was paid of it. When the labour inspectorate orders it
paid by a date and the employer still does not pay, it owes 50 % to 100 % of the sum on top (第八十五条)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from .base import Calculation, CalculatorInput, Context, Step, dec, money, show

PAY_IN_FULL = "wage-arrears-payment-order"
EXTRA = "wage-arrears-extra-compensation"
CITES = (PAY_IN_FULL, EXTRA)
ART_30 = "《劳动合同法》第三十条"
ART_85 = "《劳动合同法》第八十五条"
EXTRA_LOW, EXTRA_HIGH = Decimal("0.5"), Decimal("1")


class WageArrearsInput(CalculatorInput):
    """The months unpaid and the month's wage, or the sum owed as the worker counts it; and any part paid."""

    monthly_wage: float | None = Field(
        None, gt=0, le=1_000_000, title="月工资", description="每月应发的工资（元）"
    )
    unpaid_months: float | None = Field(
        None,
        gt=0,
        le=120,
        title="拖欠月数",
        description="工资没有发的月数（半个月填0.5）",
    )
    daily_wage: float | None = Field(
        None, gt=0, le=20_000, title="日工资", description="按天算工钱的，每天的工钱（元）"
    )
    worked_days: float | None = Field(
        None, gt=0, le=3650, title="做工天数", description="按天算工钱的，一共做了多少天"
    )
    unpaid_amount: float | None = Field(
        None,
        gt=0,
        le=10_000_000,
        title="拖欠总额",
        description="已经算好的被拖欠工资总数（元）；填了就不用填月工资和月数",
    )
    paid: float | None = Field(
        None, ge=0, le=10_000_000, title="已付部分", description="拖欠期间单位已经付了的钱（元），没有不填"
    )

    @model_validator(mode="after")
    def _one_way_to_count(self):
        if self.unpaid_months is not None and self.worked_days is not None:
            raise ValueError("拖欠月数和做工天数只填一项：按月发工资的填月数，按天算工钱的填天数")
        return self

    @model_validator(mode="after")
    def _paid_within_owed(self):
        counted = _counted(self)
        if self.paid and counted is not None and dec(self.paid) >= counted[0]:
            raise ValueError("已付部分（paid）不小于应发的工资总数，就没有拖欠；请核对金额")
        return self


def _counted(data: WageArrearsInput) -> tuple[Decimal, str] | None:
    """The wages due before anything paid, and how they were counted: the sum named, the months times the month's
    wage, or the days times the day's pay; None when the inputs give none of them."""
    if data.unpaid_amount is not None:
        return dec(data.unpaid_amount), f"{show(data.unpaid_amount)}元"
    if data.monthly_wage is not None and data.unpaid_months is not None:
        wage, months = dec(data.monthly_wage), dec(data.unpaid_months)
        return wage * months, f"{show(wage)}元×{show(months)}个月"
    if data.daily_wage is not None and data.worked_days is not None:
        daily, days = dec(data.daily_wage), dec(data.worked_days)
        return daily * days, f"{show(daily)}元×{show(days)}天"
    return None


def compute(data: WageArrearsInput, ctx: Context) -> Calculation:
    """The wages owed (months × wage, days × a day's pay, or the sum named, less what was paid) and the extra
    50–100 % owed when an order to pay is ignored."""
    inputs = data.model_dump(exclude_none=True, mode="json")
    rule = Step(
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬",
        PAY_IN_FULL,
        ART_30,
    )
    counted = _counted(data)
    if counted is None:
        missing = tuple(
            name
            for name, value in (("monthly_wage", data.monthly_wage), ("unpaid_months", data.unpaid_months))
            if value is None
        )
        asks = {
            "monthly_wage": "请问您每月工资是多少元？",
            "unpaid_months": "请问一共有几个月的工资没有发？",
        }
        return Calculation(
            name="wage_arrears",
            formula="被拖欠工资＝月工资×拖欠月数－已付部分",
            steps=(rule,),
            asks=tuple(asks[name] for name in missing),
            missing=missing,
            inputs=inputs,
        )
    due, how = counted
    paid = dec(data.paid) if data.paid else Decimal(0)
    owed = money(due - paid)
    if paid:
        formula = f"被拖欠工资＝{how}－已付{show(paid)}元＝{show(owed)}元"
    elif data.unpaid_amount is not None:
        formula = f"被拖欠工资＝{show(owed)}元（按您说的数额）"
    else:
        formula = f"被拖欠工资＝{how}＝{show(owed)}元"
    low, high = money(dec(owed) * EXTRA_LOW), money(dec(owed) * EXTRA_HIGH)
    extra = Step(
        "人社部门责令用人单位限期支付劳动报酬，逾期仍不支付的，责令其按应付金额50%以上100%以下的标准"
        "向劳动者加付赔偿金",
        EXTRA,
        ART_85,
    )
    steps = (rule, Step(f"按您的情况计算：{formula}", PAY_IN_FULL, ART_30), extra)
    notes = (
        f"人社部门责令限期支付后单位仍不支付的，还可以要求加付赔偿金{show(low)}～{show(high)}元"
        f"（应付{show(owed)}元的50%～100%，{ART_85}）。",
        "欠薪可以向用工所在地人社部门劳动保障监察机构投诉，也可以申请劳动仲裁；以工资条、考勤和聊天记录为证。",
    )
    return Calculation(
        name="wage_arrears",
        formula=formula,
        steps=steps,
        amount=owed,
        notes=notes,
        inputs=inputs,
    )
