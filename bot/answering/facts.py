"""Read a worker's story into facts: how long worked, wages, overtime, pregnancy, injury, region, events, asks.

Deterministic and fast (regular expressions, no model). Every fact keeps the span of the worker's own words
it came from. Absurd values go to `Facts.rejected` with a reason in Chinese; two different values for one
fact in the same story go to `Facts.conflicts` instead of being guessed. `merge` folds a dialogue together.

    facts = extract_facts("在揭阳的厂里做了两年多，工资三千五，一直没签合同，现在被辞退了，能赔多少？")
    facts.tenure_months.value  # 24 (approx=True)
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from bot.answering.fact_patterns import (
    DAY_OFF,
    EMPLOYER_SIDE,
    EVENTS,
    HOME_TRIP,
    OWED_WAGES,
    OWN_TRIP,
    ROAD_ACCIDENT,
    SUE_ASKED,
    TAKER_EMPLOYER,
    TAKER_OTHER,
    WHILE_WORKING,
    WORK_MACHINE,
    Ask,
    BirthKind,
    Event,
    Per,
    WorkerType,
)
from bot.answering.fact_reader import _StoryReader
from bot.answering.fact_types import (
    FIELD_LABELS,
    MERGED_TAG_FIELDS,
    QUANTITY_FIELDS,
    Conflict,
    Facts,
    Quantity,
    Rejected,
    Span,
    Tag,
)

__all__ = [
    "Ask",
    "BirthKind",
    "Conflict",
    "Event",
    "FIELD_LABELS",
    "Facts",
    "Per",
    "Quantity",
    "Rejected",
    "Span",
    "Tag",
    "with_assumed_region",
    "without_told_between",
    "WorkerType",
    "extract_facts",
    "merge",
]


def extract_facts(text: str, today: datetime.date | None = None) -> Facts:
    """Read one story (or one turn of a dialogue) into facts. `today` dates 入职/离职 given as dates."""
    return _StoryReader(text, today or datetime.date.today()).read()


def merge(older: Facts, newer: Facts) -> Facts:
    """Fold a later turn into the case so far: newer values win, disagreements are recorded as settled."""
    values: dict[str, object] = {}
    conflicts = [c for c in older.conflicts if c.chosen is not None or getattr(newer, c.field) is None]
    for name in QUANTITY_FIELDS:
        old, new = getattr(older, name), getattr(newer, name)
        values[name] = old if new is None else new
        if new is None:
            continue
        pending = [c for c in older.conflicts if c.field == name and c.chosen is None]
        if pending:
            conflicts += [Conflict(name, (*c.values, new), chosen=new) for c in pending]
        elif old is not None and not old.agrees(new):
            conflicts.append(Conflict(name, (old, new), chosen=new))
    # 没签合同 做了五个月, then 我记错了 三月初进去的: months without a contract that were the time worked follow
    # the time worked the later turn tells
    unsigned, tenure = older.months_without_contract, older.tenure_months
    if (
        newer.months_without_contract is None
        and newer.tenure_months is not None
        and unsigned is not None
        and tenure is not None
        and unsigned.value == tenure.value
        and unsigned.high == tenure.high
        and not tenure.agrees(newer.tenure_months)
    ):
        values["months_without_contract"] = newer.tenure_months
    for conflict in newer.conflicts:
        if conflict.chosen is None and getattr(older, conflict.field) is not None:
            conflict = Conflict(conflict.field, (getattr(older, conflict.field), *conflict.values))
        conflicts.append(conflict)
    values["region"] = newer.region or older.region
    values["sex"] = newer.sex or older.sex
    values["post"] = newer.post or older.post
    values["wage_change_consent"] = newer.wage_change_consent or older.wage_change_consent
    for name in MERGED_TAG_FIELDS:
        seen = {tag.value for tag in getattr(older, name)}
        values[name] = getattr(older, name) + tuple(t for t in getattr(newer, name) if t.value not in seen)
    values["asks"] = newer.asks or older.asks
    values["rejected"] = older.rejected + newer.rejected
    values["conflicts"] = tuple(conflicts)
    return Facts(**values)


# --- plausibility -----------------------------------------------------------------------------------------


def with_assumed_region(facts: Facts, region: str | None) -> Facts:
    """The facts with the hotline's `region` when the worker named none (an empty span marks it assumed)."""
    if facts.region is not None or not region:
        return facts
    return replace(facts, region=Tag(region, Span(0, 0, "")))


def without_told_between(facts: Facts, start: int, end: int) -> Facts:
    """The facts without the numbers and events told between offsets `start` and `end` of the story (a matter
    outside labour law told beside it: 分期买手机每月还三百 is no wage, 放假去玩被车撞了 no injury at work). A
    conflict left with one value is settled on it."""

    def inside(fact) -> bool:
        return start <= fact.span.start and fact.span.end <= end

    values: dict[str, object] = {"events": tuple(e for e in facts.events if not inside(e))}
    for name in QUANTITY_FIELDS:
        value = getattr(facts, name)
        if value is not None and inside(value):
            values[name] = None
    conflicts = []
    for conflict in facts.conflicts:
        if conflict.chosen is None:
            left = tuple(v for v in conflict.values if not inside(v))
            if len(left) == 1:
                values[conflict.field] = left[0]
                continue
            if left:
                conflict = replace(conflict, values=left)
        conflicts.append(conflict)
    return replace(facts, conflicts=tuple(conflicts), **values)


# How far before an injury the story may say the worker was working (送餐路上被小车撞了腿骨折).
WHILE_WORKING_REACH = 24
# ...and a machine of the trade named this close before it or in it (俾机器夹伤, 被冲床压断).
MACHINE_REACH = 6
# How far around an unpaid event its wages may be named (工钱一直拖欠, 欠我们五个人的工资).
OWED_REACH = 8


def _told_in(facts: Facts, text: str, *events: Event) -> list[Tag]:
    """The story's `events` read from `text` itself, where their words stand (not ones from an earlier turn)."""
    return [
        told
        for told in facts.events
        if told.value in events and told.span.text and text[told.span.start : told.span.end] == told.span.text
    ]


def wages_owed_by_employer(facts: Facts, text: str) -> bool:
    """True when the story tells the worker's own wages owed (an unpaid event worded as wages withheld, not a
    deduction) with someone on the employer's side named: 包工头…工钱一直拖欠, 还欠我两个月工资 from the 老板."""
    told = _told_in(facts, text, Event.UNPAID)
    if not EMPLOYER_SIDE.search(text) or not told:
        return False
    # the unpaid event as read, and every other place the story tells wages unpaid (老板跑路…工资一人三千多都没发)
    spans = [(t.span.start, t.span.end) for t in told] + [
        m.span() for m in EVENTS[Event.UNPAID].finditer(text)
    ]
    # a note's name is no debt of wages (借了两万写了张欠条说发工资就还: a loan repaid from the borrower's pay)
    return any(
        OWED_WAGES.search(text[max(0, start - OWED_REACH) : end + OWED_REACH].replace("欠条", "字据"))
        for start, end in spans
    )


# What a story or turn asks that its own figures answer (那我能拿多少, 公司要赔我多少, 可以攞几多补偿).
FIGURE_ASKS = frozenset({Ask.HOW_MUCH, Ask.COMPENSATION})


def dismissal_claimed(facts: Facts, text: str) -> bool:
    """True when the story tells the worker sent away by the employer's side (辞退, 叫我不用来上班了) and asks what
    is owed for it (公司要赔我多少, 应该补多少钱给我): a claim on the employer, whatever else the story tells."""
    asks = {tag.value for tag in facts.asks}
    return (
        bool(EMPLOYER_SIDE.search(text))
        and (facts.has(Event.DISMISSED) or facts.has(Event.STOPPED))
        and not facts.has(Event.RESIGNED)
        and (bool(asks & FIGURE_ASKS) or _sues_after_dismissal(facts, text))
    )


# How far after the dismissal told the worker may ask to take the employer on (叫我不用来了…房贷…能告他吗).
SUE_REACH = 30


def _sues_after_dismissal(facts: Facts, text: str) -> bool:
    """True when, soon after being sent away, the worker asks whether they can take the sender to law: the
    dismissal is what they would sue over."""
    return any(
        SUE_ASKED.search(text[told.span.end : told.span.end + SUE_REACH])
        for told in _told_in(facts, text, Event.DISMISSED, Event.STOPPED)
    )


# How far before a deposit, the papers kept, a fee deducted or a pay cut the story may name who took it.
TAKER_REACH = 20


def taken_by_employer(facts: Facts, text: str) -> bool:
    """True when the story tells a deposit, the worker's papers, a fee or part of the pay taken by the employer's side
    (人事把我身份证收去…交500块押金, 每个月从工资里扣200房租, 老细话下个月开始人工减一千): its conduct towards the worker, named
    within TAKER_REACH characters before it, and nobody else who takes deposits or fines (a landlord, the police) named
    within TAKER_REACH characters on either side (在厂外面租了个单间押金一千…房东说要扣掉全部押金)."""
    for told in _told_in(facts, text, Event.DEPOSIT, Event.FINED, Event.PAY_CUT):
        before = text[max(0, told.span.start - TAKER_REACH) : told.span.end]
        around = text[max(0, told.span.start - TAKER_REACH) : told.span.end + TAKER_REACH]
        if TAKER_EMPLOYER.search(before) and not TAKER_OTHER.search(around):
            return True
    return False


def accident_off_duty(facts: Facts, text: str) -> bool:
    """True for a road accident (`fact_patterns.ROAD_ACCIDENT`) the story tells on the worker's day off or own trip
    (`fact_patterns.DAY_OFF`, `fact_patterns.OWN_TRIP`), not while working nor on the way home: no work injury."""
    return (
        bool(ROAD_ACCIDENT.search(text))
        and bool(DAY_OFF.search(text) or OWN_TRIP.search(text))
        and not HOME_TRIP.search(text)
        and not injured_while_working(facts, text)
        and not WHILE_WORKING.search(text)
    )


def injured_while_working(facts: Facts, text: str) -> bool:
    """True when an injury in `text` was told just after the worker was working or on the way to or from work
    (`fact_patterns.WHILE_WORKING` within WHILE_WORKING_REACH characters before it), or told as done by a machine
    of the trade (`fact_patterns.WORK_MACHINE` within MACHINE_REACH characters before it: 被机器夹伤)."""
    return any(
        WHILE_WORKING.search(text[max(0, told.span.start - WHILE_WORKING_REACH) : told.span.start + 1])
        or WORK_MACHINE.search(text[max(0, told.span.start - MACHINE_REACH) : told.span.end])
        for told in _told_in(facts, text, Event.INJURED)
    )
