"""From the facts of a worker's story to a calculator's inputs, and the calculation for one issue."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace

from bot.answering.calculators import Calculation, CalculatorInputError, LocalFigure, calculate
from bot.answering.calculators.base import GUANGDONG, show
from bot.answering.calculators.overtime_pay import HOURS_A_DAY
from bot.answering.fact_patterns import Event
from bot.answering.facts import Facts
from bot.answering.numerals import parse_number
from bot.answering.topics import FACT_CALCULATORS, TOPIC_CALCULATORS

logger = logging.getLogger(__name__)

KNOWN_REGIONS = GUANGDONG


def _value(quantity) -> float | None:
    """The figure of a fact; a range ("八九十个小时") counts at its low end, the worker's safe side."""
    return None if quantity is None else quantity.value


def _region(facts: Facts) -> str | None:
    if facts.region is None:
        return None
    return facts.region.value if facts.region.value in KNOWN_REGIONS else "全国"


def _service(facts: Facts) -> dict:
    months = _value(facts.tenure_months)
    if months is None:
        return {}
    months = int(months)
    return {"years": months // 12, "months": months % 12}


def _retirement(facts: Facts) -> dict:
    """Sex, birth year and month (or age now) and, for a woman, the original age her post gives."""
    year, month = _value(facts.birth_year), _value(facts.birth_month)
    sex = None if facts.sex is None else "男" if facts.sex.value == "male" else "女"
    inputs: dict = {"sex": sex, "birth_year": None if year is None else int(year)}
    inputs["birth_month"] = None if month is None or year is None else int(month)
    age = _value(facts.age)
    if year is None and age is not None and (facts.age.high is None and not facts.age.approx):
        inputs["age"] = int(age)
    if sex == "女" and facts.post is not None:
        inputs["female_original_age"] = 55 if facts.post.value == "cadre" else 50
    return inputs


def _pay_cut(facts: Facts) -> tuple[float, float] | None:
    """(wage before, wage now) when the story reports a cut from one to the other."""
    before, now = _value(facts.previous_wage), _value(facts.monthly_wage)
    return (before, now) if before is not None and now is not None and before > now else None


def _agreed_change(facts: Facts) -> bool:
    """The worker agreed to the pay change (or asked for it): it binds (《劳动合同法》第三十五条)."""
    return facts.wage_change_consent is not None and facts.wage_change_consent.value == "agreed"


def _owed_cut(facts: Facts) -> tuple[float, float] | None:
    """(wage before, wage now) of a pay cut the worker did not agree to: the wage before it is still owed."""
    cut = _pay_cut(facts)
    return cut if cut and not _agreed_change(facts) else None


def _monthly_wage(facts: Facts) -> float | None:
    """The monthly wage told, or failing it the wage agreed on hiring (讲好一个月六千) when no probation pay is
    told beside it (then the agreed wage is what the probation calculator compares) or the probation is over."""
    wage = _value(facts.monthly_wage)
    if wage is None and (facts.probation_wage is None or _past_probation(facts)):
        return _value(facts.agreed_wage)
    return wage


def _past_probation(facts: Facts) -> bool:
    """The worker has worked longer than the probation told (二月进去…试用期写了半年, now November): the wage agreed
    for after it is the wage now."""
    tenure, probation = _value(facts.tenure_months), _value(facts.probation_months)
    return tenure is not None and probation is not None and tenure > probation


def _leaving_wage(facts: Facts) -> float | None:
    """The wage behind 经济补偿 and 赔偿金: the average of the last 12 months (《劳动合同法》第四十七条), so a recent
    pay cut the worker did not agree to does not set it: the wage before the cut."""
    cut = _owed_cut(facts)
    return cut[0] if cut else _monthly_wage(facts)


def _wage_change(facts: Facts) -> tuple[float, int] | None:
    """(earlier wage, months at the current wage) of a dated change that binds: a raise, or a cut agreed to."""
    before, now = _value(facts.previous_wage), _value(facts.monthly_wage)
    since = _value(facts.months_since_wage_change)
    if before is None or now is None or since is None or before == now:
        return None
    if _owed_cut(facts):
        return None  # a cut not agreed to: the wage before it is still owed
    return before, int(since)


def _whole_or_half(months: float | None) -> float | None:
    """Months counted in whole or half months (三个月, 两个半月); days told (二十天) are left to the worker's count."""
    return months if months is not None and float(months * 2).is_integer() else None


def _double_wage_split(facts: Facts) -> dict:
    """The earlier wage and the months from the start paid at it, when the wage changed while no contract was
    signed (the current wage counts from the month it changed; a cut not agreed to counts at the earlier wage)."""
    before, since = _value(facts.previous_wage), _value(facts.months_since_wage_change)
    tenure = _value(facts.tenure_months)
    if before is None or since is None or tenure is None or _owed_cut(facts):
        return {}
    months_before = int(tenure) - int(since)
    if months_before < 0 or before == _value(facts.monthly_wage):
        return {}
    return {"previous_monthly_wage": before, "months_at_previous_wage": months_before}


PAY_CUT_NOTE = (
    "按降薪前的月工资{before}元计算：经济补偿按离职前十二个月的平均工资计算，降薪不足十二个月的，平均工资高于"
    "降薪后的{now}元；未经协商一致的降薪，差额也可以一并主张。以工资记录为准。"
)


# What ends the employment (or will: 干满合同就不干了): the Guangdong lump sums of an injury are paid on leaving.
LEAVING_EVENTS = frozenset({"resigned", "left", "dismissed", "contract_ended"})


def calculator_inputs(calculator: str, facts: Facts) -> dict:
    """What the story tells a calculator; absent facts are left out (the calculator then asks for them)."""
    wage = _monthly_wage(facts)
    region = _region(facts)
    inputs: dict = {}
    if calculator in ("severance", "illegal_termination"):
        inputs = {**_service(facts), "monthly_wage": _leaving_wage(facts), "region": region}
        change = _wage_change(facts)
        if change is not None and inputs.get("years", 0) * 12 + inputs.get("months", 0) >= change[1]:
            inputs |= {"previous_monthly_wage": change[0], "months_at_current_wage": change[1]}
    elif calculator == "double_wage":
        months = _value(facts.months_without_contract)
        if months is None and any(e.value == "no_contract" for e in facts.events):
            months = _value(facts.tenure_months)
        inputs = {"months_without_contract": None if months is None else int(months), "monthly_wage": wage}
        if facts.monthly_wage is None and facts.agreed_wage is not None:
            # 试用期给3千，转正4千 (no wage paid told): the wage agreed after probation, the probation months at
            # the probation pay when both are told
            inputs["monthly_wage"] = _value(facts.agreed_wage)
            probation, paid = _value(facts.probation_months), _value(facts.probation_wage)
            if probation is not None and paid is not None and months is not None and probation <= months:
                inputs |= {"previous_monthly_wage": paid, "months_at_previous_wage": int(probation)}
        if _owed_cut(facts):
            inputs["monthly_wage"] = _value(facts.previous_wage)  # a cut not agreed to: the wage owed
        elif months is not None:
            inputs |= _double_wage_split(facts)
    elif calculator == "pay_cut_arrears":
        cut = _pay_cut(facts)
        since = _value(facts.months_since_wage_change)
        inputs = {
            "previous_monthly_wage": cut[0] if cut else None,
            "monthly_wage": cut[1] if cut else None,
            "months": since,
        }
    elif calculator == "damage_deduction":
        inputs = {"monthly_wage": wage, "region": region}
    elif calculator == "probation":
        agreed, paid = _value(facts.agreed_wage), _value(facts.probation_wage)
        if paid is None and agreed is not None and wage is not None and wage < agreed:
            paid = wage  # 合同写6500，实际只发4500: in a probation story the lower wage is the probation pay
        months, term = _value(facts.probation_months), _value(facts.contract_months)
        inputs = {
            # 签了两年合同: the cap of a fixed-term contract (a term told in days or weeks gives none)
            "contract_months": int(term) if term is not None and term >= 1 and term == int(term) else None,
            "agreed_monthly_wage": agreed or wage,
            "paid_monthly_wage": paid,
            "agreed_probation_months": months,
            "months_worked": _value(facts.tenure_months),
            "region": region,
        }
    elif calculator == "overtime_pay":
        holiday, restday = _value(facts.holiday_work_days), _value(facts.restday_work_days)
        daily = _value(facts.daily_wage) if facts.paid_by_the_day else None
        inputs = {
            # a cut the worker did not agree to leaves the contract's wage owed: the hourly base is that wage
            "monthly_wage": _leaving_wage(facts) if daily is None else None,
            # paid by the day (the month's wage, if any, only the days' pay): the day's pay is the base
            "daily_wage": daily,
            "workday_hours": facts.monthly_overtime_hours,
            "holiday_hours": None if holiday is None else holiday * HOURS_A_DAY,
            "restday_hours": None if restday is None else restday * HOURS_A_DAY,
        }
    elif calculator == "annual_leave":
        # Annual leave counts every employer's years (累计工作), when the story gives them.
        months = _value(facts.total_work_months) or _value(facts.tenure_months)
        # 年假从来没休过: none of this year's days were taken
        taken = 0 if facts.has("leave_denied") else None
        stated = _value(facts.annual_leave_days)
        inputs = {
            "years_worked": None if months is None else round(months / 12, 2),
            "entitled_days": None if stated is None else int(stated),
            # the daily wage is the months before any cut the worker did not agree to (as on leaving)
            "monthly_wage": _leaving_wage(facts),
            "taken_days": taken,
        }
    elif calculator == "maternity_leave":
        births = {b.value for b in facts.birth}
        babies = _value(facts.babies)
        inputs = {
            "region": region or "全国",
            "difficult_birth": "difficult" in births,
            "babies": int(babies) if babies else (2 if "multiple" in births else 1),
            "miscarriage": "miscarriage" in births,
            "pregnancy_months": _value(facts.pregnancy_month) if "miscarriage" in births else None,
        }
    elif calculator == "injury_disability":
        grade = _value(facts.injury_grade)
        inputs = {
            "grade": None if grade is None else int(grade),
            "monthly_wage": wage,
            "region": region or "全国",
            "leaving": any(facts.has(e) for e in LEAVING_EVENTS),
        }
    elif calculator == "non_compete":
        unpaid = _value(facts.unpaid_months)
        inputs = {
            "monthly_wage": wage,
            "region": region,
            "unpaid_months": None if unpaid is None else int(unpaid),
        }
    elif calculator == "training_bond":
        cost, service = _value(facts.training_cost), _value(facts.service_months)
        # the part served when told (服务期满了一年半), else the time worked stands for it
        served = _value(facts.served_months) or _value(facts.tenure_months)
        inputs = {
            "training_cost": cost,
            "service_months": None if service is None else int(service),
            "served_months": None if served is None or service is None or served > service else served,
        }
    elif calculator == "suspension_pay":
        inputs = {
            "monthly_wage": wage,
            "months": _value(facts.suspension_months),
            "paid_monthly": _value(facts.suspension_paid),
            "paid_months": _value(facts.suspension_paid_months),
        }
    elif calculator == "wage_arrears":
        inputs = {
            "monthly_wage": wage,
            "unpaid_months": _whole_or_half(_value(facts.unpaid_months)),
            "unpaid_amount": _value(facts.unpaid_amount),
            "paid": _value(facts.wage_paid),
        }
        living, months = _value(facts.living_paid), inputs["unpaid_months"]
        if inputs["paid"] is None and living is not None and months is not None:
            # 每个月只给八百生活费 剩下的年底结: the living money paid in each month owed is part of that month paid
            inputs["paid"] = living * months
        owed = facts.unpaid_amount
        rough = owed is None or owed.approx or owed.high is not None
        unpaid_days = _days_told(facts.unpaid_months)
        if facts.paid_by_the_day and facts.worked_days is None and unpaid_days and rough:
            # a day-paid worker's days unpaid (一天260…还有42天的工钱没给): those days' pay
            inputs = {"daily_wage": _value(facts.daily_wage), "worked_days": unpaid_days}
        elif facts.worked_days is not None and inputs["unpaid_months"] is None and rough:
            # a day-paid worker's days (一天三百…总共做了一百一十天): the days' pay, not a sum told roughly (三万多)
            inputs |= {"daily_wage": _value(facts.daily_wage), "worked_days": _value(facts.worked_days)}
            inputs.pop("monthly_wage")
            inputs.pop("unpaid_amount")
    elif calculator == "heat_allowance":
        months = _value(facts.heat_months)
        inputs = {
            "months": None if months is None else int(months),
            "paid_monthly": _value(facts.heat_paid),
            "region": region,
        }
    elif calculator == "retirement_age":
        inputs = _retirement(facts)
    elif calculator == "medical_period":
        months, total = _value(facts.tenure_months), _value(facts.total_work_months)
        inputs = {
            "years_at_employer": None if months is None else round(months / 12, 2),
            "total_years": None if total is None else round(total / 12, 2),
        }
    return {k: v for k, v in inputs.items() if v is not None}


_DAYS = re.compile(r"(.+?)\s*(?:天|日)")


def _days_told(quantity) -> int | None:
    """A duration told in days (42天, 四十三日), as the whole days; None for one told in months or years."""
    told = None if quantity is None else _DAYS.fullmatch(quantity.span.text.strip())
    days = parse_number(told.group(1)) if told else None
    return int(days.low) if days is not None and days.high is None and float(days.low).is_integer() else None


def calculation_for(
    topic: str, facts: Facts, figures: tuple[LocalFigure, ...] = (), today: dt.date | None = None
) -> Calculation | None:
    """The computed entitlement behind `topic` from the story's facts (asks for what is missing), or None
    when no calculator covers the topic or the story gives nothing to compute with."""
    name = TOPIC_CALCULATORS.get(topic)
    if name is None:
        name = next(
            (
                calculator
                for calculator, fact in FACT_CALCULATORS.get(topic, ())
                if getattr(facts, fact, None) is not None or facts.has(fact)
            ),
            None,
        )
    if name is None:
        return None
    if name == "double_wage" and facts.has("deposit") and not facts.has("no_contract"):
        return None  # 押金, a kept ID card: the contract topic's other rule; no 二倍工资 question
    if name == "pay_cut_arrears" and _owed_cut(facts) is None:
        return None  # a raise, or a cut the worker agreed to (or asked for): nothing is owed back
    inputs = calculator_inputs(name, facts)
    if name == "wage_arrears" and not {"unpaid_months", "unpaid_amount", "worked_days"} & set(inputs):
        return None  # the time unpaid told in days (欠了二十天工资): the worker's own count, no month's share
    try:
        calculation = calculate(name, inputs, today=today, figures=figures, allow_missing=True)
    except CalculatorInputError as exc:  # an absurd fact: no figure, and no error for the worker
        logger.info("no %s figure from the story: %s", name, exc.message)
        return None
    cut = _owed_cut(facts)
    if name in ("severance", "illegal_termination") and calculation.amount is not None and cut:
        note = PAY_CUT_NOTE.format(before=show(cut[0]), now=show(cut[1]))
        calculation = replace(calculation, notes=(note, *calculation.notes))
    return calculation


# What makes money due on leaving: a dismissal, a contract run out, the workplace moved or closed.
MONEY_ON_LEAVING_EVENTS = frozenset({Event.DISMISSED, Event.CONTRACT_ENDED, Event.RELOCATED, Event.CLOSED})


def papers_only(facts: Facts) -> bool:
    """True when the leaving papers are refused (不肯开离职证明, 社保不帮我转) and nothing told makes money due on
    leaving, nor is any asked: the issue is the certificate and the transfer (劳动合同法第五十条), not 经济补偿."""
    events = {e.value for e in facts.events}
    return (
        Event.CERTIFICATE_REFUSED in events
        and not events & MONEY_ON_LEAVING_EVENTS
        and not facts.has("compensation")
    )


# Money on leaving: a dismissal may be lawful (经济补偿 N) or not (赔偿金 2N); the worker needs both figures.
_LEAVING = {"severance": "illegal_termination", "illegal_termination": "severance", "resign_for_cause": None}


def calculations_for(
    topic: str, facts: Facts, figures: tuple[LocalFigure, ...] = (), today: dt.date | None = None
) -> list[Calculation]:
    """The calculation for `topic`, and for a dismissal also the other of N and 2N.

    Money on leaving follows what happened: a worker who resigned (and was not dismissed) gets at most 经济补偿
    N (for cause, 第三十八条、第四十六条), never the 2N of an unlawful dismissal."""
    if topic == "severance" and papers_only(facts):
        return []
    events = {e.value for e in facts.events}
    if topic == "illegal_termination" and "resigned" in events and "dismissed" not in events:
        topic = "resign_for_cause"
    first = calculation_for(topic, facts, figures, today)
    if first is None:
        return []
    out = [first]
    other = _LEAVING.get(topic)
    dismissed = any(e.value == "dismissed" for e in facts.events)
    if other and dismissed:
        second = calculation_for(other, facts, figures, today)
        if second is not None and not second.missing:
            out.append(second)
    return out
