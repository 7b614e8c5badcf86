"""Suggestions for a caseworker on a live call: the case read from their notes, the answer per issue with
citations and its phone version, the calculators prefilled from the facts, and a ticket draft.

Notes may be long (a pasted transcript); the assistant reads at most its question limit, so the last part of
the notes (where the call is now) is analysed and the suggestion says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from bot.answering.answer import Answer, SectionKind
from bot.answering.assistant import Assistant
from bot.answering.calculation import cite_calculation
from bot.answering.calculators import LocalFigure, get_calculator
from bot.answering.entitlements import calculations_for
from bot.answering.facts import FIELD_LABELS, extract_facts
from bot.answering.spoken import Spoken, speak
from bot.answering.topics import ticket_category
from bot.errors import QueryError
from bot.index.index import Index
from bot.text.dialect import canonicalise
from bot.vocab import MAX_TEXT_CHARS

# Notes accepted from a caseworker or a call system (a long call's transcript); more is refused (422).
MAX_NOTES_CHARS = 20_000

TAG_LABELS = {
    "dismissed": "被辞退",
    "resigned": "辞职",
    "left": "已离职",
    "unpaid": "被欠薪",
    "no_wage": "没有工资",
    "employer_fled": "老板失联或逃匿",
    "unequal_pay": "同工不同酬",
    "injured": "受伤",
    "transferred": "调岗",
    "not_insured": "未缴社保",
    "insurance_waived": "放弃社保或社保折现",
    "insurance_shifted": "社保费用让个人承担",
    "no_contract": "未签劳动合同",
    "pregnant": "怀孕",
    "prenatal_check": "产前检查",
    "nursing": "哺乳期",
    "overtime": "加班",
    "non_compete": "竞业限制",
    "pay_cut": "降薪",
    "harassed": "受到性骚扰",
    "deposit": "被收押金或扣证件",
    "contract_ended": "合同到期不续签",
    "leave_denied": "年休假未休",
    "leave_imposed": "被安排休年假",
    "no_heat_pay": "没有高温津贴",
    "penalty": "被要求付违约金",
    "leave_refused": "假期不获批准",
    "made_to_pay": "被要求赔偿损失",
    "stopped": "停工停产",
    "relocated": "单位搬迁",
    "closed": "单位关闭倒闭",
    "fined": "被罚款扣钱",
    "certificate_refused": "不给开离职证明",
    "ill": "患病或住院",
    "sudden_death": "工作时突发疾病死亡",
    "no_rest": "每周休息不足一天",
    "holiday_work": "法定节假日上班或不放假",
    "final_pay": "离职工资未结清",
    "agreed": "同意",
    "refused": "不同意",
    "male": "男",
    "female": "女",
    "cadre": "干部、管理岗位",
    "worker": "工人",
    "how_much": "问金额",
    "where": "问去哪办",
    "how_long": "问时长",
    "is_legal": "问是否合法",
    "compensation": "问补偿",
    "cost": "问费用",
    "apply_papers": "问准备材料",
    "leave_pay": "问产假工资",
    "pay_how": "问钱怎么给",
    "lawyer": "请不起律师",
    "join_union": "问入工会",
    "union_help": "问工会帮扶",
    "resigning": "想辞职",
    "form_union": "问成立工会",
    "paternity": "问陪产假",
    "birth_leave": "问产假多久",
    "what_to_do": "问怎么办",
    "platform": "平台从业者",
    "dispatch": "劳务派遣",
    "construction": "建筑工人",
    "retired": "已退休",
    "part_time": "非全日制",
    "temporary": "临时工",
    "intern": "实习生",
    "probation": "试用期内",
    "birth": "生育",
    "natural": "顺产",
    "caesarean": "剖腹产",
    "difficult": "难产",
    "multiple": "多胞胎",
    "miscarriage": "流产",
}
TAG_FIELD_LABELS = {
    "region": "地区",
    "events": "情况",
    "asks": "诉求",
    "worker_types": "用工类型",
    "birth": "生育",
    "sex": "性别",
    "post": "岗位类别",
    "wage_change_consent": "是否同意调整工资",
}
UNITS = {
    "tenure_months": "个月",
    "total_work_months": "个月",
    "months_without_contract": "个月",
    "unpaid_months": "个月",
    "months_since_wage_change": "个月",
}
UNITS |= {
    "previous_wage": "元",
    "monthly_wage": "元",
    "agreed_wage": "元",
    "probation_wage": "元",
    "unpaid_amount": "元",
    "living_paid": "元",
}
UNITS |= {"overtime_hours": "小时", "work_hours_per_day": "小时", "pregnancy_month": "个月", "age": "岁"}
UNITS |= {"holiday_work_days": "天", "restday_work_days": "天", "heat_months": "个月", "heat_paid": "元"}
UNITS |= {"injury_grade": "级", "babies": "胎", "birth_year": "年", "birth_month": "月"}
PER_LABELS = {"day": "每天", "week": "每周", "month": "每月"}


@dataclass(frozen=True)
class Window:
    """The part of the notes the assistant reads, and what the caseworker is told about it."""

    text: str
    total_chars: int
    truncated: bool
    notice: str


@dataclass(frozen=True)
class Suggestion:
    """Everything the console shows (and /api/console/suggest returns) for one version of the notes."""

    answer: Answer
    window: Window
    spoken: Spoken
    facts: list[dict]
    issues: list[dict]
    missing: list[str]
    calculators: list[dict]
    ticket_category: str
    summary: str
    topics: list[str] = field(default_factory=list)


def notes_window(notes: str, limit: int) -> Window:
    """The last `limit` characters of the notes, starting at a sentence or line start when one is near."""
    text = (notes or "").strip()
    if not text:
        raise QueryError("通话笔记是空的：请先记录职工说的情况")
    if len(text) > MAX_NOTES_CHARS:
        raise QueryError(f"通话笔记太长了（{len(text)} 字），请控制在 {MAX_NOTES_CHARS} 字以内")
    if len(text) <= limit:
        return Window(text, len(text), False, "")
    tail = text[-limit:]
    starts = [m.end() for m in re.finditer(r"[。！？!?\n]", tail[: limit // 4])]
    if starts:
        tail = tail[starts[0] :]
    tail = tail.strip()
    notice = (
        f"笔记共 {len(text)} 字，超过单次分析上限 {limit} 字，只分析了最后 {len(tail)} 字"
        f"（从“{tail[:12]}”起）；较早的内容请在必要时单独粘贴分析。"
    )
    return Window(tail, len(text), True, notice)


def fact_rows(facts: dict) -> list[dict]:
    """Facts (as in `Facts.as_dict()`) as rows to show: the label, the value as read, the worker's words."""
    rows = []
    for name, value in facts.items():
        if value in (None, [], ()):
            continue
        if name in FIELD_LABELS and isinstance(value, dict):
            number = value["value"]
            shown = f"{number:g}" if value.get("high") is None else f"{number:g}–{value['high']:g}"
            per = PER_LABELS.get(value.get("per") or "", "")
            approx = "约" if value.get("approx") else ""
            rows.append(
                {
                    "field": name,
                    "label": FIELD_LABELS[name],
                    "value": f"{per}{approx}{shown}{UNITS.get(name, '')}",
                    "said": value.get("text", ""),
                }
            )
        elif name in TAG_FIELD_LABELS:
            tags = value if isinstance(value, list) else [value]
            for tag in tags:
                rows.append(
                    {
                        "field": name,
                        "label": TAG_FIELD_LABELS[name],
                        "value": TAG_LABELS.get(tag["value"], tag["value"]),
                        "said": tag.get("text", ""),
                    }
                )
    return rows


def suggest(
    assistant: Assistant,
    index: Index,
    notes: str,
    figures: tuple[LocalFigure, ...] = (),
    today: dt.date | None = None,
) -> Suggestion:
    """Read the notes as a worker's story and build the caseworker's view of it."""
    window = notes_window(notes, assistant.retriever.max_chars)
    today = today or assistant.today()
    answer = _without_referral(assistant).answer(window.text)
    spoken = speak(answer)
    case = answer.case or {}
    # Read here too: an answer that is a refusal or a hand-off carries no case, and the facts still matter.
    facts = extract_facts(canonicalise(window.text), today)
    rows = fact_rows(facts.as_dict())
    spoken_by_label = {p.label: p.text for p in spoken.parts}
    issue_sections = {s.title: s for s in answer.sections if s.kind is SectionKind.ISSUE}
    issues, calculators, missing = [], [], []
    seen_calculators: set[str] = set()
    for outcome in case.get("issues", []):
        calculations = calculations_for(outcome["topic"], facts, figures, today) if outcome["topic"] else []
        asks = [ask for c in calculations for ask in c.asks[:1]]
        missing += [a for a in asks if a not in missing]
        section = issue_sections.get(outcome["label"])
        issues.append(
            {
                **outcome,
                "spoken": spoken_by_label.get(outcome["label"], ""),
                "missing": asks,
                "has_section": section is not None,
            }
        )
        for calculation in calculations:
            if calculation.name in seen_calculators:
                continue
            seen_calculators.add(calculation.name)
            cited = cite_calculation(calculation, get_calculator(calculation.name).title, index)
            calculators.append({"name": calculation.name, "inputs": dict(calculation.inputs), "cited": cited})
    missing += [c.question for c in facts.open_conflicts()]
    topics = [i["topic"] for i in issues if i["topic"]]
    return Suggestion(
        answer=answer,
        window=window,
        spoken=spoken,
        facts=rows,
        issues=issues,
        missing=missing,
        calculators=calculators,
        ticket_category=ticket_category(topics),
        summary=ticket_summary(answer, issues, rows),
        topics=topics,
    )


def _without_referral(assistant: Assistant) -> Assistant:
    """The assistant without the 12348 referral check. Notes are about a caller in the third person ("师傅说在
    工地干了半年，老板拖欠工资"), which that check, tuned on workers' own questions, sends to 12348; on the union's
    line the caseworker decides what is out of scope, and the scope thresholds still refuse what matches nothing."""
    if assistant.referral is None:
        return assistant
    console = copy.copy(assistant)
    console.referral = None
    return console


STATUS_WORDS = {
    "answered": "已解答",
    "computed": "已计算",
    "needs_fact": "待补充事实",
    "not_covered": "需人工解答",
}


def ticket_summary(answer: Answer, issues: list[dict], facts: list[dict]) -> str:
    """The ticket's description: issues with their figures, the facts, and the cited rules (≤ MAX_TEXT_CHARS)."""
    lines = ["【来电摘要（坐席工作台）】"]
    if issues:
        lines.append("问题：")
        for issue in issues:
            figure = f"：{issue['figure']}" if issue.get("figure") else ""
            lines.append(
                f"- {issue['label']}（{STATUS_WORDS.get(issue['status'], issue['status'])}）{figure}"
            )
    if facts:
        lines.append("事实：" + "；".join(f"{f['label']} {f['value']}" for f in facts))
    if answer.citations:
        lines.append("依据：")
        lines += [f"[{c.n}] {c.title}｜{c.source}（{c.region}）" for c in answer.citations]
    text = "\n".join(lines)
    return text if len(text) <= MAX_TEXT_CHARS else text[: MAX_TEXT_CHARS - 1] + "…"
