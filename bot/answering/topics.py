"""The labour topics a story can raise (the knowledge base's `topic:` keys) with their Chinese names, and
which calculator computes the entitlement behind each."""

from __future__ import annotations

TOPIC_LABELS: dict[str, str] = {
    "injury_deadline": "工伤认定申请期限",
    "injury_scope": "是否算工伤",
    "injury_benefits": "工伤待遇",
    "injury_disability": "伤残待遇",
    "contract_written": "未签书面劳动合同",
    "probation_length": "试用期期限",
    "probation_pay": "试用期工资",
    "resignation_notice": "辞职",
    "resign_for_cause": "被迫辞职与经济补偿",
    "severance": "经济补偿",
    "illegal_termination": "违法辞退",
    "non_compete": "竞业限制",
    "labor_dispatch": "劳务派遣",
    "working_hours": "工作时间与加班时长",
    "overtime_pay": "加班费",
    "minimum_wage": "最低工资",
    "heat_allowance": "高温津贴",
    "wage_arrears": "拖欠工资",
    "migrant_wage": "农民工工资",
    "wage_stoppage_deduction": "停工、扣工资与调岗降薪",
    "annual_leave": "带薪年休假",
    "maternity_leave": "产假",
    "paternity_childcare": "陪产假与育儿假",
    "female_protection": "女职工特殊保护",
    "medical_period": "病假与医疗期",
    "public_holidays": "法定节假日",
    "marriage_bereavement_leave": "婚假与丧假",
    "arbitration_limitation": "仲裁时效",
    "arbitration_process": "劳动仲裁",
    "legal_aid": "法律援助",
    "social_insurance": "社会保险",
    "platform_workers": "平台骑手、司机等新就业形态",
    "older_workers": "超龄劳动者",
    "child_labour": "童工与未成年工",
    "retirement_age": "退休年龄",
    "interpretation_2025": "2025年司法解释新规",
    "public_legal_hotline": "非劳动法律问题",
    "union_membership": "加入工会",
    "new_employment_forms": "新就业形态入会",
    "union_formation": "成立工会",
    "union_dues": "工会会费",
    "union_funds": "工会经费",
    "union_dispute_support": "工会帮助维权",
    "union_services": "工会服务",
    "hotline_12351": "12351 热线",
    "other_hotlines": "其他热线",
}

# Topic -> the calculator that turns the worker's facts into a figure for it.
TOPIC_CALCULATORS: dict[str, str] = {
    "severance": "severance",
    "resign_for_cause": "severance",
    "illegal_termination": "illegal_termination",
    "contract_written": "double_wage",
    "probation_pay": "probation",
    "probation_length": "probation",
    "overtime_pay": "overtime_pay",
    "annual_leave": "annual_leave",
    "maternity_leave": "maternity_leave",
    "injury_disability": "injury_disability",
    "medical_period": "medical_period",
    "non_compete": "non_compete",
    "retirement_age": "retirement_age",
}


# The months unpaid (欠了三个月工资), the sum owed (一共欠我一万二) or a day-paid worker's days (一天三百…做了一百一十天):
# the wages owed, and the extra owed when an order to pay them is ignored.
WAGES_OWED = (
    ("wage_arrears", "unpaid_months"),
    ("wage_arrears", "unpaid_amount"),
    ("wage_arrears", "worked_days"),
)


# Calculators a topic gets only when the story tells the fact they rest on (a training's cost: the most a worker
# leaving early can owe; months off work after an injury: the wage owed for them): (calculator, fact or event),
# the first told wins.
FACT_CALCULATORS: dict[str, tuple[tuple[str, str], ...]] = {
    "resignation_notice": (("training_bond", "training_cost"),),
    "interpretation_2025": (("training_bond", "training_cost"),),
    "injury_benefits": (("suspension_pay", "suspension_months"),),
    "wage_stoppage_deduction": (
        # a pay cut the worker did not agree to (降薪前后的工资): the difference for each month of the cut
        ("pay_cut_arrears", "previous_wage"),
        # a loss the employer makes the worker pay out of the wage: the most a month may lose (20 %)
        ("damage_deduction", "made_to_pay"),
    ),
    "wage_arrears": WAGES_OWED,
    "migrant_wage": WAGES_OWED,
    # the summer months worked in the heat without the allowance (今年七八月…一分高温补贴都没有): 300 yuan each
    "heat_allowance": (("heat_allowance", "heat_months"),),
    # days worked on a legal holiday (春节初一到初三都上班): their pay at 300 %
    "public_holidays": (("overtime_pay", "holiday_work_days"),),
}


# Topics that gather unrelated rules (the 2025 interpretation's articles): an issue is named by its rule's title.
GATHERING_TOPICS = frozenset({"interpretation_2025"})


def topic_label(topic: str, title: str = "") -> str:
    """The Chinese name of a topic (the key itself when unknown); for a gathering topic, the rule's title."""
    if topic in GATHERING_TOPICS and title:
        return title
    return TOPIC_LABELS.get(topic, topic)


# Topic -> the hotline's request category (bot.vocab.TICKET_CATEGORIES) a call about it is filed under.
# 法律援助: a dispute heading for arbitration or court; 信访投诉: an employer breaking a clear rule, for the
# labour inspectorate; 服务帮扶: help the union gives (injury, hardship, union services). Others: 问题咨询.
TOPIC_TICKET_CATEGORIES: dict[str, str] = {
    "illegal_termination": "法律援助",
    "arbitration_process": "法律援助",
    "arbitration_limitation": "法律援助",
    "legal_aid": "法律援助",
    "union_dispute_support": "法律援助",
    "resign_for_cause": "法律援助",
    "wage_arrears": "信访投诉",
    "migrant_wage": "信访投诉",
    "contract_written": "信访投诉",
    "social_insurance": "信访投诉",
    "overtime_pay": "信访投诉",
    "minimum_wage": "信访投诉",
    "heat_allowance": "信访投诉",
    "wage_stoppage_deduction": "信访投诉",
    "female_protection": "信访投诉",
    "child_labour": "信访投诉",
    "injury_benefits": "服务帮扶",
    "injury_disability": "服务帮扶",
    "injury_deadline": "服务帮扶",
    "injury_scope": "服务帮扶",
    "union_services": "服务帮扶",
    "platform_workers": "服务帮扶",
    "older_workers": "服务帮扶",
}
# When a call raises several, the category needing the most follow-up wins.
TICKET_PRIORITY = ("法律援助", "信访投诉", "服务帮扶", "问题咨询")


def ticket_category(topics: list[str]) -> str:
    """The request category of a call about `topics` (问题咨询 when none needs more)."""
    found = {TOPIC_TICKET_CATEGORIES.get(t, "问题咨询") for t in topics}
    return next((c for c in TICKET_PRIORITY if c in found), "问题咨询")
