"""Finding every issue in a story: each clause is searched on its own, and the topics it lands on with
confidence become the issues, merged by topic and ordered by the worker's main ask."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.answering.calculators.base import GUANGDONG, PAY_DAYS
from bot.answering.fact_patterns import UNION_WORDS, WHERE_TO_COMPLAIN, Event
from bot.answering.issue_model import IssueModel, candidates, default_issue_model
from bot.answering.topics import GATHERING_TOPICS, topic_label
from bot.index.search import Hit, Retrieval

MAX_ISSUES = 4
# Topics about the service itself ("我该怎么办" lands on the assistant's own scope note): an issue of the story
# only when they are the whole question's main topic.
META_TOPICS = frozenset({"hotline_12351", "other_hotlines"})
# Topics about the union itself (joining, dues, funds, its services): issues only of a story that speaks of a union
# (UNION_WORDS); "扣我们工资" is no question about union funds.
UNION_TOPICS = frozenset(
    {
        "union_membership",
        "union_formation",
        "union_dues",
        "union_funds",
        "union_dispute_support",
        "union_services",
        "new_employment_forms",
    }
)
# What happened to the worker, as read from the story (bot.answering.facts events), and the topic each raises
# whether or not a clause's wording found it: a caseworker always checks these.
EVENT_TOPICS = {
    "dismissed": "illegal_termination",
    "unpaid": "wage_arrears",
    "no_wage": "minimum_wage",
    "no_contract": "contract_written",
    "not_insured": "social_insurance",
    "insurance_waived": "social_insurance",
    "insurance_shifted": "social_insurance",
    "injured": "injury_deadline",
    "transferred": "wage_stoppage_deduction",
    "pay_cut": "wage_stoppage_deduction",
    "pregnant": "female_protection",
    "prenatal_check": "female_protection",
    "nursing": "female_protection",
    "overtime": "overtime_pay",
    "non_compete": "non_compete",
    "harassed": "female_protection",
    "deposit": "contract_written",
    "unequal_pay": "labor_dispatch",
    "contract_ended": "severance",
    "leave_denied": "annual_leave",
    "leave_imposed": "annual_leave",
    "no_heat_pay": "heat_allowance",
    "penalty": "resignation_notice",
    "final_pay": "wage_arrears",
    "made_to_pay": "wage_stoppage_deduction",
    "stopped": "wage_stoppage_deduction",
    "relocated": "severance",
    "closed": "severance",
    "injury_assessed": "injury_benefits",
    "no_rest": "working_hours",
    "holiday_work": "public_holidays",
    "fined": "wage_stoppage_deduction",
    "certificate_refused": "severance",
    "probation_dismissed": "probation_pay",
    "ill": "medical_period",
    "sudden_death": "injury_scope",
    # meaning to leave of one's own accord: the notice to give (劳动合同法第三十七条)
    "resigning": "resignation_notice",
}
# Events whose topic is an issue only when the cap leaves room after everything else the story raises: the
# notice of a resignation still to come is secondary to what happened.
SPARE_SLOT_EVENTS = frozenset({"resigning"})
# Events whose topic is no issue of its own when what happened fills the cap and the event beside it is told: its
# rule is quoted on that event's issue instead (EVENT_COMPANIONS).
# A platform worker's injury folds into the platform issue: its passage is the platform worker's routes after an
# injury at work (工伤认定 within a year, the occupational-injury scheme, or a civil claim).
FOLDED_EVENTS = {"no_rest": "overtime", "injured": "platform"}
# Kinds of work whose own rules a caseworker always checks.
WORKER_TOPICS = {
    "construction": "migrant_wage",
    "platform": "platform_workers",
    "dispatch": "labor_dispatch",
    "retired": "older_workers",
}
# Facts that raise a topic of their own: overtime hours (the limit and its pay), a disability grade.
FACT_TOPICS = {
    "overtime_hours": "overtime_pay",
    "injury_grade": "injury_disability",
    "probation_wage": "probation_pay",
    # the months off work after an injury (在家休了三个月): the pay while off (停工留薪期)
    "suspension_months": "injury_benefits",
}


# Facts beyond a legal limit, and the topic of that limit: overtime over 3 hours a day or 36 a month (劳动法第四十一条;
# 9 a week is 36 spread over four weeks). Overtime said without a period is read per month, as workers count it.
LIMIT_TOPICS = {
    "overtime_over_limit": "working_hours",
    "no_contract_a_year": "contract_written",
    "below_minimum_wage": "minimum_wage",
}
# The question that finds each limit's own rule among its topic's passages (not the 8-hour day beside it).
LIMIT_QUERIES = {
    "working_hours": "加班上限：延长工作时间每日不得超过3小时，每月不得超过36小时",
    # a year and more without a written contract (劳动合同法第十四条第三款)
    "contract_written": "满一年不签合同：视为已订立无固定期限劳动合同",
    # a full month's pay below any monthly minimum wage of the province (最低工资规定第十二条)
    "minimum_wage": "劳动者提供了正常劳动的，工资不得低于当地最低工资标准",
}
# Months without a written contract from which the contract is deemed open-ended.
OPEN_ENDED_MONTHS = 12
OVERTIME_LIMITS = {"day": 3, "week": 9, "month": 36}
# A working day beyond the 8 standard hours and the 3 of overtime a day the law allows at most (每天做十二个钟).
MAX_WORKING_DAY = 8 + OVERTIME_LIMITS["day"]
OWN_HOURS_WORKERS = frozenset({"platform", "part_time"})
# A month's pay in Guangdong (or where no other province is named) under which the minimum-wage rule is always
# worth quoting: under the lowest monthly tier as transcribed from 粤府函〔2025〕23号 (1750, not confirmed from the
# official notice, hence the margin). It only raises the topic; no answer states a minimum-wage figure.
LOW_MONTHLY_PAY = 1700
# Workers the monthly minimum wage does not fit (paid by the hour, a student intern, past retirement) or who
# set their own hours.
NO_MONTHLY_MINIMUM_WORKERS = frozenset({"platform", "part_time", "intern", "retired"})


# The pay while off work after an injury (停工留薪期, 工伤保险条例第三十三条).
SUSPENSION_PAY_RULE = "停工留薪期内原工资福利待遇不变，由所在单位按月支付"
# What a caseworker quotes for each event besides its topic's nearest rule: several events share a topic (调岗, 降薪,
# 停工, 离职结清 and 赔偿损失 are all 工资变动与扣减), and each has its own rule there. Each query, written from the
# rule's own words, finds that rule among its topic's passages.
EVENT_RULES = {
    "transferred": "调岗、调换工作地点须双方协商一致并采用书面形式",
    "pay_cut": "降低工资须与劳动者协商一致，书面变更劳动合同",
    "final_pay": "解除或者终止劳动合同时，用人单位应当一次性付清劳动者工资",
    "made_to_pay": "劳动者造成经济损失要赔偿，可从工资中扣除，每月扣除不得超过当月工资的20%",
    "stopped": "非因劳动者原因停工停产，一个工资支付周期内按劳动合同标准支付工资，超过的支付生活费",
    "pregnant": "女职工在孕期、产期、哺乳期的，用人单位不得解除劳动合同，不得降低工资",
    "nursing": "哺乳期不得安排夜班和延长工作时间，每天一小时哺乳时间",
    # check-ups in working hours count as working time (女职工劳动保护特别规定第六条第三款): no day docked for them
    "prenatal_check": "怀孕女职工在劳动时间内进行产前检查，所需时间计入劳动时间",
    "harassed": "用人单位应当预防和制止对女职工的性骚扰",
    "no_contract": "未订立书面劳动合同的，应当向劳动者每月支付二倍工资",
    "not_insured": "用人单位未按时足额缴纳社会保险费的，由社会保险费征收机构责令限期缴纳或者补足",
    # 自愿放弃社保, 社保钱折现发: such a waiver is void (法释〔2025〕12号 第十九条)
    "insurance_waived": "约定或者劳动者承诺无需缴纳社会保险费的，该约定或者承诺无效",
    # the employer's share put on the worker: 工伤、生育保险费 the employer's alone, the worker's share withheld
    "insurance_shifted": "工伤保险费和生育保险费由用人单位缴纳，职工个人不缴纳；职工个人部分由单位代扣代缴",
    "deposit": "用人单位不得扣押劳动者身份证件，不得收取押金财物",
    "unequal_pay": "被派遣劳动者享有与用工单位的劳动者同工同酬的权利",
    "injury_assessed": SUSPENSION_PAY_RULE,
    "closed": "用人单位被吊销营业执照、责令关闭、撤销或者决定提前解散，劳动合同终止的，应当支付经济补偿",
    "relocated": "单位搬迁到外地，劳动者不同意跟着去，不等于自动离职，单位解除合同应当支付经济补偿",
    "no_rest": "用人单位应当保证劳动者每周至少休息一日",
    # leave never taken: what the days not taken are paid (职工带薪年休假条例第五条第三款)
    "leave_denied": "应休未休的年休假天数，单位应当按照职工日工资收入的300%支付未休年休假工资报酬",
    # leave imposed in a slack season: the employer schedules it, considering the worker's wishes (条例第五条)
    "leave_imposed": "年休假由单位根据生产、工作的具体情况，并考虑职工本人意愿统筹安排",
    "no_heat_pay": "高温天气室外露天作业的，用人单位应当向劳动者发放高温津贴，并纳入工资总额",
    # 违约金 only for a service period after paid training or a non-compete (劳动合同法第二十五条)
    "penalty": "除服务期和竞业限制两种情形外，用人单位不得与劳动者约定由劳动者承担违约金",
    "holiday_work": "法定节假日：元旦、春节、清明节、劳动节、端午节、中秋节、国庆节，全体公民放假",
    "fined": "用人单位应当足额支付工资，不得克扣；可以从工资中代扣的款项限于法律法规规定的情形",
    "certificate_refused": "用人单位应当在解除或者终止劳动合同时出具解除或者终止劳动合同的证明",
    # ill or in hospital: what is paid meanwhile (广东省工资支付条例第二十四条: not below 80% of the minimum wage)
    "ill": "医疗期内病假工资：用人单位支付的病伤假期工资不得低于当地最低工资标准的80%",
    "sudden_death": "视同工伤：在工作时间和工作岗位，突发疾病死亡或者在48小时之内经抢救无效死亡",
    "probation_dismissed": "试用期辞退：要有法定理由，用人单位在试用期解除劳动合同的，应当向劳动者说明理由",
    "cost": "劳动争议仲裁不收费，经费由财政予以保障，职工申请劳动仲裁不需要交仲裁费",
    # the kinds of work: each one's own first rule
    "dispatch": "被派遣劳动者享有与用工单位的劳动者同工同酬的权利",
    "retired": "超龄劳动者：用人单位应当为其参加工伤保险，缴纳工伤保险费，个人不缴费",
    "construction": "工程转包分包给个人包工头，拖欠农民工工资的，由施工总承包单位先行清偿",
    "injured": "工伤认定申请：用人单位应当自事故伤害发生之日起30日内提出，用人单位未提出的，职工可以在1年内申请",
}
# The leaving papers refused with no money due on leaving (`entitlements.papers_only`): the issue on their topic is
# named for them and quotes their rule alone.
PAPERS_TOPIC = EVENT_TOPICS[Event.CERTIFICATE_REFUSED]
PAPERS_LABEL = "离职证明与社保转移"
# Legal aid for wages without proving hardship (法律援助法第四十二条): a builder's, or any worker's whose employer fled.
WAGE_LEGAL_AID_QUERY = "进城务工人员申请支付劳动报酬的法律援助，免予核查经济困难状况"
# The time limit on wages owed once work has ended (within it, none).
LIMIT_AFTER_LEAVING_QUERY = (
    "拖欠劳动报酬争议不受一年仲裁时效限制；但劳动关系终止的，应当自劳动关系终止之日起一年内提出"
)
# Rules of another topic that belong with an event's issue, when the story also tells the events beside them:
# after an injury, the pay while off work (停工留薪期) comes with the deadline to have it recognised, and when the
# worker was not insured, that the employer pays what the fund would have (工伤保险条例第六十二条).
EVENT_COMPANIONS: dict[str, tuple[tuple[str, str, frozenset[str]], ...]] = {
    # a builder owed wages may have legal aid without proving hardship (法律援助法第四十二条)
    "construction": (
        ("legal_aid", WAGE_LEGAL_AID_QUERY, frozenset({"unpaid"})),
        # who answers for a builder hired by a 包工头 without a licence, or working under another firm's name
        # (法释〔2025〕12号 第一条、第二条): the contractor who sublet the work, or the firm lent its name
        (
            "interpretation_2025",
            "承包人将业务转包或者分包给不具备合法经营资格的个人，由承包人承担用工主体责任；挂靠的由被挂靠单位承担",
            frozenset(),
        ),
    ),
    # an ordinary worker held to a non-compete: since 2025-09-01 one who knew no trade secrets may have the clause
    # declared void (法释〔2025〕12号 第十三条)
    "non_compete": (
        (
            "interpretation_2025",
            "劳动者没有知悉、接触用人单位的商业秘密和保密事项的，可以请求确认竞业限制条款不生效",
            frozenset(),
        ),
    ),
    "holiday_work": (
        ("overtime_pay", "法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬", frozenset()),
    ),
    # a fee taken from a dispatched worker's pay (派遣公司每个月扣一百块管理费): neither the agency nor the client may
    # charge one (劳动合同法第六十条第三款)
    "fined": (
        ("labor_dispatch", "劳务派遣单位和用工单位都不得向被派遣劳动者收取费用", frozenset({"dispatch"})),
    ),
    # a loss taken out of the pay beyond what the rules allow is pay withheld (《广东省工资支付条例》 不得克扣)
    "made_to_pay": (
        ("wage_arrears", "用人单位应当按时足额支付工资，不得拖欠或者克扣劳动者工资", frozenset()),
    ),
    # the weekly rest lacking (一个月只休两天), when it has no issue of its own (FOLDED_EVENTS)
    "overtime": tuple(
        ("working_hours", query, frozenset({"no_rest"}))
        for query in (EVENT_RULES["no_rest"], LIMIT_QUERIES["working_hours"])
    ),
    # a pay cut of a pregnant or nursing worker: barred as such (女职工劳动保护特别规定第五条)
    "pay_cut": tuple(
        ("female_protection", "用人单位不得因女职工怀孕、生育、哺乳降低其工资、予以辞退", frozenset({told}))
        for told in ("pregnant", "nursing")
    ),
    # wages owed to a worker who has left or was sent away: the claim is no longer free of the time limit, it must
    # be made within a year of the end (劳动争议调解仲裁法第二十七条第四款)
    "unpaid": (
        *(
            ("arbitration_limitation", LIMIT_AFTER_LEAVING_QUERY, frozenset({ended}))
            for ended in ("resigned", "left", "dismissed")
        ),
        # the employer gone with the wages: legal aid without proving hardship (法律援助法第四十二条)
        ("legal_aid", WAGE_LEGAL_AID_QUERY, frozenset({"employer_fled"})),
    ),
    # who applies for the 工伤认定 of a worker who died, and by when (the family: within 1年)
    "sudden_death": (
        (
            "injury_deadline",
            "用人单位未按规定提出工伤认定申请的，工伤职工或者其近亲属可以在1年内直接申请",
            frozenset(),
        ),
    ),
    "injured": (
        # what makes it 工伤 at all, whoever was careless (工伤保险条例第十四条: no-fault), beside the deadline
        ("injury_scope", "在工作时间和工作场所内，因工作原因受到事故伤害的，应当认定为工伤", frozenset()),
        ("injury_benefits", SUSPENSION_PAY_RULE, frozenset()),
        (
            "injury_benefits",
            "单位未参加工伤保险的，工伤医疗费用由单位按同样标准支付",
            frozenset({"not_insured"}),
        ),
    ),
}


def event_rule_queries(issue_topic: str, events: list[str], raised: set[str]) -> list[tuple[str, str]]:
    """(topic, query) of the rules the story's events add to the issue on `issue_topic`: each event's own rule
    in that topic, then its companion rules of topics that are not issues of their own (`raised`). An issue
    that is such a companion topic itself (停工留薪 raised beside an injury) quotes the companion rule too."""
    mine = [e for e in dict.fromkeys(events) if topic_raised_by(e) == issue_topic]
    own = [(issue_topic, EVENT_RULES[e]) for e in mine if e in EVENT_RULES]
    own += [
        (issue_topic, query)
        for e in dict.fromkeys(events)
        for t, query in ASK_RULES.get(e, ())
        if t == issue_topic
    ]
    own += [
        (issue_topic, query)
        for e in dict.fromkeys(events)
        if e not in mine
        for topic, query, beside in EVENT_COMPANIONS.get(e, ())
        if topic == issue_topic and beside <= set(events)
    ]
    companions = [
        (topic, query)
        for e in mine
        for topic, query, beside in EVENT_COMPANIONS.get(e, ())
        if beside <= set(events) and topic not in raised
    ]
    return own + companions


def with_rules(issue: Issue, hits: list[Hit]) -> Issue:
    """The issue with `hits` quoted after its own rules (snippets it already quotes skipped)."""
    have = {h.chunk.snippet_id for h in (issue.hit, *issue.more)}
    add = []
    for hit in hits:
        if hit.chunk.snippet_id not in have:
            have.add(hit.chunk.snippet_id)
            add.append(hit)
    return replace(issue, more=(*issue.more, *add)) if add else issue


# Money on leaving for cause (劳动合同法第三十八条、第四十六条): a worker whose wages are not paid in full or whose
# social insurance is not paid may end the contract (or has resigned over it) and is owed 经济补偿 N. A story with
# one of these that asks for compensation raises it, unless the money asked for is another: a dismissal's (N or
# 2N), a contract's end, an injury's, a loss the worker is made to pay, a 竞业限制's.
FOR_CAUSE_EVENTS = frozenset({"unpaid", "not_insured"})
OTHER_COMPENSATION_EVENTS = frozenset(
    {"dismissed", "contract_ended", "injured", "made_to_pay", "non_compete", "closed", "relocated"}
)
FOR_CAUSE = "leaving_for_cause"
# What the story asks that raises a topic of its own (see `leaving_for_cause`).
# The ask of joining a union told by a platform worker (see `story_asks`).
JOIN_UNION_PLATFORM = "join_union_platform"
ASK_TOPICS = {
    FOR_CAUSE: "resign_for_cause",
    "cost": "arbitration_process",
    "lawyer": "legal_aid",
    "leave_pay": "maternity_leave",
    "birth_leave": "maternity_leave",
    "limitation": "arbitration_limitation",
    "paternity": "paternity_childcare",
    "join_union": "union_membership",
    # 没有工会大家想自己搞一个: how a union is set up (25 members: a committee)
    "form_union": "union_formation",
    # a rider, driver or courier asking to join: the rule on new forms of employment (工会法第三条)
    JOIN_UNION_PLATFORM: "new_employment_forms",
    # how long ahead to tell, asked by a worker leaving of their own accord (see story_asks)
    "notice": "resignation_notice",
    # 工会有没有上大学的补助: the union's services (金秋助学, 困难帮扶)
    "union_help": "union_services",
    # 要几耐先有结果: how long arbitration takes
    "result_time": "arbitration_process",
    # 告他要准备什么材料: what an application holds
    "apply_papers": "arbitration_process",
    # 加班费说包在工资里: whether it was paid is the employer's to prove
    "pay_included": "wage_arrears",
}
# Asks that add a rule to an issue the story raises, without raising it: where to apply for arbitration (also the
# rule a continuing turn that asks only where to take the employer on is answered with).
WHERE_QUERY = "劳动争议到哪里申请仲裁：劳动合同履行地或者用人单位所在地的劳动争议仲裁委员会"
# ...and what it costs, which a worker sent there wants to know next (劳动仲裁不收费).
FREE_QUERY = "劳动仲裁不收费，职工申请劳动仲裁不需要交仲裁费"
LEAVE_PAY_RULE = (
    "maternity_leave",
    "女职工产假期间的生育津贴：参加生育保险的由生育保险基金支付，未参加的由用人单位支付",
)
ASK_RULES = {
    # 想自己搞一个工会: when a union committee must be set up (工会法第十一条: 25 members)
    "form_union": (("union_formation", "基层工会会员二十五人以上的，应当建立基层工会委员会"),),
    "where": (
        ("arbitration_process", WHERE_QUERY),
        ("arbitration_process", FREE_QUERY),
        # wages owed: the labour inspectorate takes the complaint, beside arbitration
        ("wage_arrears", "被拖欠工资可以向人社部门劳动保障监察机构投诉"),
    ),
    # 放产假工钱伊着发无: who pays during maternity leave
    "leave_pay": (LEAVE_PAY_RULE,),
    # 钱应该怎么给 asked of a maternity leave: the same rule
    "pay_how": (LEAVE_PAY_RULE,),
    "pay_included": (
        (
            "wage_arrears",
            "清单上没有列明的工资项目，单位无法举证已经支付的，视为未支付；因工资支付发生争议，用人单位负有举证责任",
        ),
    ),
    # 要几耐先有结果: the award within 45 days of the application's acceptance (调解仲裁法第四十三条)
    "result_time": (("arbitration_process", "仲裁庭裁决劳动争议案件，应当自受理仲裁申请之日起45日内结束"),),
    # 要准备什么材料: a written application with copies, its claims, facts and evidence (调解仲裁法第二十八条)
    "apply_papers": (
        (
            "arbitration_process",
            "申请劳动仲裁应当提交书面仲裁申请，按照被申请人人数提交副本，写明仲裁请求和所根据的事实、理由，证据和证据来源",
        ),
    ),
}


def story_asks(facts) -> list[str]:
    """The asks of the story that raise a topic (ASK_TOPICS): a platform worker asking to join a union asks
    about the union rule for new forms of employment."""
    asks = [a.value for a in facts.asks if a.value in ASK_TOPICS]
    if not {"resigning", "resigned"} & {tag.value for tag in facts.events}:
        # the notice a dismissal needs (辞退要提前多久通知我) is the employer's: another rule
        asks = [a for a in asks if a != "notice"]
    if facts.has("platform"):
        asks = [JOIN_UNION_PLATFORM if a == "join_union" else a for a in asks]
    return asks


def leaving_for_cause(facts) -> bool:
    """True when the story asks for compensation and only leaving for cause would pay it (see FOR_CAUSE_EVENTS)."""
    events = {tag.value for tag in facts.events}
    return (
        (facts.has("compensation") or "resigning" in events)
        and bool(events & FOR_CAUSE_EVENTS)
        and not events & OTHER_COMPENSATION_EVENTS
    )


# An injury already assessed for disability (鉴定十级) was recognised as a work injury first: the deadline to apply
# for recognition has done its work, and the pay while off work (停工留薪期) is what the injury itself still raises.
INJURY_ASSESSED = "injury_assessed"
# Dismissed during probation (试用期还没过就叫我走): the probation rule (a lawful ground, and the reasons stated,
# 劳动合同法第二十一条) comes before the general one on unlawful dismissal.
PROBATION_DISMISSED = "probation_dismissed"


def story_events(facts) -> list[str]:
    """What happened and what was asked that raises a topic or adds a rule to one (keys of EVENT_TOPICS,
    ASK_TOPICS and ASK_RULES): the events read from the story, an assessed injury as such, and asks such as what
    arbitration costs and where to apply."""
    assessed = facts.injury_grade is not None
    happened = [INJURY_ASSESSED if e.value == "injured" and assessed else e.value for e in facts.events]
    if facts.has("retired"):
        # past retirement age no labour contract is signed (a written 用工协议 is: the older worker's own rule),
        # so no 二倍工资 for the contract missing
        happened = [e for e in happened if e != "no_contract"]
    if "sudden_death" in happened:
        # a worker who died of a sudden illness: whether it counts as 工伤, not sick leave (医疗期)
        happened = [e for e in happened if e != "ill"]
    if "dismissed" in happened or leaving_for_cause(facts):
        # dismissed, or leaving for the employer's fault (第三十八条: no notice): no resignation's notice
        happened = [e for e in happened if e != "resigning"]
    if "no_rest" in happened and "overtime" in happened[: happened.index("no_rest")]:
        # a month with two days off is first the weekly rest it lacks (每周至少休息一日), then the rest days' pay
        happened.remove("no_rest")
        happened.insert(happened.index("overtime"), "no_rest")
    if "dismissed" in happened and (
        facts.probation_months is not None or facts.probation_wage is not None or facts.has("probation")
    ):
        happened.insert(happened.index("dismissed"), PROBATION_DISMISSED)
    return happened + [a.value for a in facts.asks if a.value in ASK_TOPICS or a.value in ASK_RULES]


def asks_where_to_complain(text: str, turn) -> bool:
    """True when a turn (`turn`: its own facts) asks only where to take the employer on (要去边度告佢): a where-ask
    about a complaint, and nothing new that happened."""
    return turn.has("where") and not turn.events and WHERE_TO_COMPLAIN.search(text) is not None


def over_limits(facts) -> list[str]:
    """The limits the story's facts go beyond (keys of LIMIT_TOPICS): overtime hours over their period's limit
    (a day's hours times the days worked a month counted too), or a working day longer than MAX_WORKING_DAY (not
    for a platform or part-time worker, who sets their hours); a year or more without a written contract (the
    contract is then deemed open-ended); a month's pay below the minimum wage (`low_monthly_pay`)."""
    hours, month, day = facts.overtime_hours, facts.monthly_overtime_hours, facts.work_hours_per_day
    over = (
        (hours is not None and hours.value > OVERTIME_LIMITS[hours.per or "month"])
        or (month is not None and month > OVERTIME_LIMITS["month"])
        or (
            day is not None
            and (
                day.value > MAX_WORKING_DAY
                # every working day that long (told exactly, not read off a clock without the break) is more
                # overtime in a month than its limit: 每天早上八点做到晚上八点中间吃饭一个钟 is 3 hours × 21.75 days
                or (not day.approx and (day.value - 8) * float(PAY_DAYS) > OVERTIME_LIMITS["month"])
            )
            and not any(facts.has(t) for t in OWN_HOURS_WORKERS)
        )
    )
    # months without a contract, or the time worked when the story says none was signed (as 二倍工资 counts them)
    unsigned = facts.months_without_contract or (facts.tenure_months if facts.has("no_contract") else None)
    open_ended = unsigned is not None and unsigned.value >= OPEN_ENDED_MONTHS
    return [
        name
        for name, beyond in (
            ("overtime_over_limit", over),
            ("no_contract_a_year", open_ended),
            ("below_minimum_wage", low_monthly_pay(facts)),
        )
        if beyond
    ]


def low_monthly_pay(facts) -> bool:
    """A full month's pay told below LOW_MONTHLY_PAY (上个月算下来才拿一千三, 学徒每月只给800块) in Guangdong or no named
    province, after at least a month of work, by a worker the monthly minimum wage fits."""
    wage, tenure, region = facts.monthly_wage, facts.tenure_months, facts.region
    return (
        wage is not None
        and wage.high is None
        and 0 < wage.value < LOW_MONTHLY_PAY
        and (tenure is None or tenure.value >= 1)
        and (region is None or region.value in GUANGDONG)
        and not any(facts.has(t) for t in NO_MONTHLY_MINIMUM_WORKERS)
    )


def topic_raised_by(event: str) -> str | None:
    """The topic an event, a fact, an ask, a fact beyond a limit or a kind of work raises (None: it raises none)."""
    return (
        EVENT_TOPICS.get(event)
        or FACT_TOPICS.get(event)
        or ASK_TOPICS.get(event)
        or LIMIT_TOPICS.get(event)
        or WORKER_TOPICS.get(event)
    )


@dataclass(frozen=True)
class Issue:
    """One labour problem raised by the story, with the rule that answers it."""

    topic: str
    label: str
    clause: str  # the worker's words that raised it
    hit: Hit  # the best passage for it
    score: float  # cosine of that passage to the clause
    more: tuple[Hit, ...] = ()  # a second rule on the same topic, close behind the first
    whole_story: bool = False  # raised only by the whole story's nearest passage, by no clause of its own


# How many of a clause's hits are read for its topics: a clause's own topic is often the second or third
# passage when a nearer-sounding rule of another topic comes first.
CLAUSE_HITS = 5


# What a story must speak of before a clause's nearest rule of these topics is an issue: a caseworker does not
# bring up injury benefits, maternity leave or a rider's platform when the story has no injury, birth or platform
# (the nearest-sounding rule of a long story lands on them; each would take one of the four sections).
TOPIC_EVIDENCE = {
    topic: re.compile(words)
    for words, topics in (
        (
            r"伤|残|工伤|事故|压|砸|摔|跌|撞|割|烫|轧|夹|骨折|断|医药费|医疗费|住院|医院|晕倒|猝死|突发|死|去世|过世"
            r"|身亡|中暑|职业病|抢救",
            ("injury_disability", "injury_benefits", "injury_deadline", "injury_scope"),
        ),
        (r"病|住院|手术|医疗期|治疗|医生|医院|癌|伤", ("medical_period",)),
        (r"怀孕|孕|生|产|宝宝|小孩|孩子|BB|胎|流产|坐月|大肚", ("maternity_leave",)),
        (r"陪产|育儿|老婆|生|宝宝|小孩|孩子|细人|BB|仔", ("paternity_childcare",)),
        # a woman worker's matters (怀孕, 哺乳, 经期, 性骚扰), or the worker a woman (我女儿…她, 女工): not a man's story
        (
            r"女|她|老婆|妻子|媳妇|太太|姐|妹|妈|阿姨|婶|嫂|怀孕|孕|哺乳|喂奶|产|经期|月经|骚扰|摸|大肚|生",
            ("female_protection",),
        ),
        # an age of 40 and more, or retirement (十五岁 is a child's age)
        (
            r"(?:[4-9]\d|[四五六七八九]十[一二三四五六七八九]?)(?:周)?岁|退休|年纪|老了|超龄|养老|退了休",
            ("older_workers", "retirement_age"),
        ),
        # a minor at work: the worker's age under 18, or the word itself
        (
            r"童工|未成年|十[二三四五六七]岁|1[2-7]岁|(?:未|不)满(?:十[六八]|1[68])|辍学|初中毕业",
            ("child_labour",),
        ),
        (r"派遣|劳务公司|中介|外包|劳务派遣", ("labor_dispatch",)),
        (r"竞业|同行|保密|对手", ("non_compete",)),
        (r"外卖|骑手|平台|跑腿|网约|快递|专送|众包|APP|app|接单|派单|滴滴|货拉拉", ("platform_workers",)),
        (r"工地|包工头|建筑|农民工|装修|施工|判头|地盘|扎铁|钢筋|项目|工程", ("migrant_wage",)),
        (r"年假|年休|带薪假|带薪休假|休假", ("annual_leave",)),
        # the heat: a hot day, summer months, outdoor work or the allowance's own words
        (
            r"高温|热|暑|天气|气温|温度|度以上|[345]\d度|三十[五六七八九]度|室外|露天|户外|太阳|晒|凉茶|降温|夏"
            r"|[6-9]月|10月|[六七八九十]月",
            ("heat_allowance",),
        ),
        (r"试用|转正|试工|见习|考察期|实习期", ("probation_length", "probation_pay")),
        # the written contract, and what may not be taken on hiring (押金, 身份证)
        (r"合同|和同|签|协议|押金|保证金|身份证|证件|押|二倍|双倍|两倍|无固定期限", ("contract_written",)),
    )
    for topic in topics
}

# ...and topics whose words are too common to tell what the question names (named_in_question), but whose absence
# from the whole story still tells it raised none: overtime pay needs hours, rest days or holidays spoken of (补 alone
# is not: 一蚊都唔使补 is the severance refused).
STORY_EVIDENCE = {
    "overtime_pay": re.compile(
        r"加班|加斑|加钟|OT|ot|补休|补水|超时|多做|多干|延长|休息|礼拜|星期|周|节|假|国庆|春节|过年|中秋|五一|元旦"
        r"|钟|点|时|晚|夜|早|通宵|两班|倒班|轮班|双倍|三倍|1\.5倍|150|200|300"
    ),
}

# Rules of a hub topic (the 2025 interpretation's many rules) that need the story to speak of their own matter: a
# contract running out (合同到期还在做), or contracts signed again and again (续签了两次, 换公司签).
SNIPPET_EVIDENCE = {
    # working on after the contract ran out (到期了还在做, 没续签一直照常上班), not a contract about to run out
    "contract-expired-keep-working-2025": re.compile(
        r"(?:到期|期满|过期|(?:没|冇|未|不)(?:有)?续签)[^，。,.!?！？]{0,16}(?:还|继续|仍|照样|照常|一直)(?:在)?"
        r"(?:做|干|上班|返工|工作|开工)"
        r"|(?:继续|还在|照样|照常|一直)(?:做|干|上班|返工|工作)[^，。,.!?！？]{0,10}(?:没|冇|未|不)(?:有)?(?:续签|续订|签)"
    ),
    "contract-consecutive-fixed-term-2025": re.compile(
        r"续签|续订|续约|续延|延期|两次|二次|2次|又签|再签|重新签|换(?:了)?(?:公司|单位|主体)|无固定期限"
    ),
}


def spoken_of(topic: str, story: str, snippet_id: str | None = None) -> bool:
    """True unless `topic` (or the rule `snippet_id` of it) needs the story to speak of something
    (TOPIC_EVIDENCE, STORY_EVIDENCE, SNIPPET_EVIDENCE) that it does not."""
    evidence = [TOPIC_EVIDENCE.get(topic), STORY_EVIDENCE.get(topic), SNIPPET_EVIDENCE.get(snippet_id or "")]
    return all(e is None or e.search(story) is not None for e in evidence)


# Where a story's question starts (想问, 请问): a topic named after it is one the worker asks about.
QUESTION_START = re.compile(r"想问|请问|问下|问一下|想知道|想了解")


def named_in_question(topic: str | None, story: str) -> bool:
    """True when the question part of `story` (after 想问, 请问…) names `topic` in its own words
    (TOPIC_EVIDENCE): 想问辞工要提前多久年假能不能折钱 names annual leave."""
    evidence = TOPIC_EVIDENCE.get(topic or "")
    start = QUESTION_START.search(story)
    return evidence is not None and start is not None and evidence.search(story, start.end()) is not None


def find_issues(
    question: Retrieval,
    clauses: list[tuple[str, Retrieval]],
    threshold: float,
    max_issues: int = MAX_ISSUES,
    raise_by: Mapping[str, float] | None = None,
    model: IssueModel | None = None,
) -> list[Issue]:
    """The topics the clauses' rankings land on that the issue model (`bot.answering.issue_model`) finds
    likely enough, most likely first; the whole question's best topic (the main ask) comes first when it is
    one of them or its passage reaches `threshold`. `raise_by` holds the hub topics' penalties."""
    model = model or default_issue_model()
    skip = META_TOPICS if UNION_WORDS.search(question.query) else META_TOPICS | UNION_TOPICS
    found = [
        c for c in candidates(question, clauses, CLAUSE_HITS, dict(raise_by or {})) if c.topic not in skip
    ]
    best: dict[str, tuple[float, Issue]] = {}
    for candidate, p in zip(found, model.probabilities(found), strict=True):
        if p >= model.threshold:
            hit = candidate.hit
            issue = Issue(
                candidate.topic,
                topic_label(candidate.topic, hit.chunk.title),
                candidate.clause,
                hit,
                hit.dense,
            )
            best[candidate.topic] = (float(p), issue)
    main = question.hits[0].chunk.topic if question.hits else ""
    # A story that speaks of no union is no question about joining one or its dues, however its whole text ranks
    # (the union's part in a dismissal, 通知工会, still answers one).
    may_lead = main not in skip - META_TOPICS - {"union_dispute_support"}
    if main and main not in best and may_lead and question.hits[0].dense >= threshold:
        hit = question.hits[0]
        best[main] = (
            1.0,
            Issue(main, topic_label(main, hit.chunk.title), question.query, hit, hit.dense, whole_story=True),
        )
    ordered = [i for _, i in sorted(best.values(), key=lambda pi: (pi[1].topic != main, -pi[0]))][:max_issues]
    rankings = [r for _, r in clauses]
    return [replace(i, more=runner_up(i, question, rankings)) for i in ordered]


# A second passage of the same topic is quoted when its cosine is this close to the first's.
RUNNER_UP_MARGIN = 0.25  # 0.15 before dev2: 0.25 quotes one more rule where it helps (dev2 +0.011, dev same)


def runner_up(issue: Issue, story: Retrieval, clauses: list[Retrieval]) -> tuple[Hit, ...]:
    """A second snippet on the issue's topic: the whole story's next passage of that topic when its ranking holds
    one (the story's words choose between two rules of a topic better than a clause's), with a clause's nearest
    passage when that is a third rule of the topic (the clause asks its own question of it), else the nearest other
    among the clauses' rankings when nearly as close as the first. None for a topic gathering unrelated rules
    (another article of the 2025 interpretation answers another question)."""
    if issue.topic in GATHERING_TOPICS:
        return ()
    first = issue.hit.chunk.snippet_id
    told = next((h for h in story.hits if h.chunk.topic == issue.topic and h.chunk.snippet_id != first), None)
    if told is not None:
        # a clause asking a question of its own on the topic (如果厂里不给放 是不是要补钱给我 after 一年可以放几天年假):
        # its nearest rule too
        asked = next(
            (
                r.hits[0]
                for r in clauses
                if r.hits
                and r.hits[0].chunk.topic == issue.topic
                and r.hits[0].chunk.snippet_id not in (first, told.chunk.snippet_id)
            ),
            None,
        )
        return (told,) if asked is None else (told, asked)
    others = [
        h for r in clauses for h in r.hits if h.chunk.topic == issue.topic and h.chunk.snippet_id != first
    ]
    best = max(others, key=lambda h: h.dense, default=None)
    return (best,) if best is not None and best.dense >= issue.score - RUNNER_UP_MARGIN else ()


# Money on leaving (经济补偿 N, 2N): in a story about a 竞业限制 where the worker was neither dismissed nor resigned
# for cause, "每个月给多少补偿" asks for the 竞业限制经济补偿 (the law's own word), not for N.
LEAVING_MONEY_TOPICS = frozenset({"severance", "resign_for_cause", "illegal_termination"})
ENDED_BY_EVENTS = frozenset({"dismissed", "resigned"})


def compensation_read_as_non_compete(issues: list[Issue], events: list[str]) -> list[Issue]:
    """The issues without money-on-leaving ones when the story is a 竞业限制 without a dismissal or resignation."""
    if "non_compete" not in events or ENDED_BY_EVENTS & set(events):
        return issues
    return [i for i in issues if i.topic not in LEAVING_MONEY_TOPICS]


def resignation_is_no_dismissal(issues: list[Issue], events: list[str]) -> list[Issue]:
    """The issues without 违法辞退 (2N) when the worker resigned and nothing says they were dismissed (and without
    leaving for cause when they were dismissed and did not resign): money on
    a resignation is 经济补偿 for cause (被迫辞职), not 赔偿金. (A resignation forced by the employer reads as a
    dismissal: bot.answering.fact_patterns.FORCED_RESIGNATION.)"""
    if "dismissed" in events and "resigned" not in events:
        # and the other way round: a dismissed worker who did not resign has no notice to give, and is owed
        # money for the dismissal, not 经济补偿 for resigning because of the employer's fault
        return [i for i in issues if i.topic not in ("resignation_notice", "resign_for_cause")]
    # a worker about to resign (我想走能要补偿吗), or leaving for the employer's fault, has not been dismissed either
    if not {"resigned", "resigning", FOR_CAUSE} & set(events) or "dismissed" in events:
        return issues
    return [i for i in issues if i.topic != "illegal_termination"]


# Issues that answer the same question as an event's topic (money on leaving: N, N for cause, 2N).
SAME_QUESTION = {"illegal_termination": ("severance", "resign_for_cause")}
# An event's topic that another event of the same story answers more fully: a contract not renewed (N) told with the
# worker sent away (老板说不续了…让我走, 2N when unlawful) takes no section of its own, so the cap keeps another matter.
SUBSUMED_BY = {"severance": "illegal_termination"}


def _ask_of_another(main: Issue, issues: list[Issue], events: list[str]) -> bool:
    """True when the main ask's topic was raised only by the whole story's nearest passage, or when the story
    ended the job and the main ask's clause also found the money on leaving (能要多少赔偿 after
    叫我明天不用来了: the dismissal's money, not wages owed)."""
    ended = bool(ENDED_BY_EVENTS & set(events))
    return main.whole_story or (
        ended and any(i.clause == main.clause and i.topic in LEAVING_MONEY_TOPICS for i in issues[1:])
    )


def add_event_issues(
    issues: list[Issue], events: list[str], find_hit, max_issues: int = MAX_ISSUES
) -> list[Issue]:
    """The story's issues with what happened to the worker first: the main ask, then the topic of every
    event read from the story (found by a clause, or `find_hit(topic)`: the best passage of that topic for the
    story, or None), then the other found issues by confidence, at most `max_issues`."""
    issues = resignation_is_no_dismissal(compensation_read_as_non_compete(issues, events), events)
    by_topic = {i.topic: i for i in issues}
    # The main ask leads, unless only the whole story's nearest passage raised it and nothing that happened
    # does: then what happened leads.
    main = list(issues[:1])
    raised = {topic_raised_by(e) for e in events}
    # A story whose events alone raise as many topics as the cap keeps: a found topic none of them raises follows
    # them (缝了六针…扣了那十天工资 read as 社会保险 before unpaid overtime, no contract and the injury).
    full = len({t for t in raised if t is not None}) >= max_issues
    head = (
        []
        if main and main[0].topic not in raised and (full or _ask_of_another(main[0], issues, events))
        else main
    )
    spare = [e for e in events if e in SPARE_SLOT_EVENTS]
    events = [e for e in events if e not in SPARE_SLOT_EVENTS]
    if full:
        # no room for both: an event folds into the one beside it (FOLDED_EVENTS: the lacking weekly rest into the
        # overtime worked on it, a platform worker's injury into the platform issue), so the cap keeps another matter
        events = [e for e in events if not (e in FOLDED_EVENTS and FOLDED_EVENTS[e] in events)]

    def event_issue(topic: str) -> Issue | None:
        """The event's own issue, from the best passage of its topic."""
        hit = find_hit(topic)
        return None if hit is None else Issue(topic, topic_label(topic, hit.chunk.title), "", hit, hit.dense)

    event_topics = {topic_raised_by(e) for e in events}
    for event in events:
        topic = topic_raised_by(event)
        if topic is None or any(i.topic == topic for i in head):
            continue
        if topic in SUBSUMED_BY and SUBSUMED_BY[topic] in event_topics and topic not in by_topic:
            continue
        # Found by a clause, as itself or as the same question (money on leaving found as 经济补偿): that issue
        # takes the event's place, so the cap keeps it.
        same = [by_topic[t] for t in (topic, *SAME_QUESTION.get(topic, ())) if t in by_topic]
        if same:
            head += [same[0]] if same[0] not in head else []
            continue
        issue = event_issue(topic)
        if issue is not None:
            head.append(issue)
    head += [i for i in main if i not in head]
    rest = [i for i in issues if i not in head]
    ordered = head + rest
    for event in spare:
        topic = topic_raised_by(event)
        if len(ordered) >= max_issues or any(i.topic == topic for i in ordered):
            continue
        issue = event_issue(topic)
        if issue is not None:
            ordered.append(issue)
    return ordered[:max_issues]


def asked_again(story: Issue, now: Issue | None) -> Issue:
    """The story's issue, led by the rule `now` found for its topic when that is another snippet's."""
    if now is None or now.hit.chunk.snippet_id == story.hit.chunk.snippet_id:
        return story
    more = tuple(h for h in (story.hit, *story.more) if h.chunk.snippet_id != now.hit.chunk.snippet_id)
    return replace(now, more=more)


def continued_issues(
    issues: list[Issue], earlier: list[Issue], now, where: Issue | None = None
) -> list[Issue]:
    """The issues of a turn that continues a story (`issues`: found for it; `earlier`: those the story's first
    turn raised; `now`: the facts of the turn alone), at most MAX_ISSUES:
    - the turn's own main ask first when it asks where, how long or whether it is legal (how much is answered by
      the story's own figures); `where`, the rule of where to take the employer on, when that is all it asks
      ("要去边度告佢": not the turn's nearest-sounding rule);
    - then the story's issues, each led by the rule this turn's words found for its topic when they raise it
      again ("那如果…要我上夜班呢" after a pregnancy dismissal);
    - then the topics of what this turn tells ("佢仲欠我两个月人工"), then the rest; the nearest rule to a turn
      that only tells more ("我做两年外，月工资四千") is no issue of the story."""
    asks = {tag.value for tag in now.asks} - {"how_much", "compensation"}
    main = [i for i in issues if i.whole_story][:1] or issues[:1]  # the whole turn's nearest topic
    own = [where] if where is not None else main if asks else []
    have = {i.topic for i in own}
    asked_now = {i.topic: i for i in issues if i.clause and not i.whole_story}
    earlier = [asked_again(i, asked_now.get(i.topic)) for i in earlier if i.topic not in have]
    have |= {i.topic for i in earlier}
    told = {topic_raised_by(tag.value) for tag in now.events}
    rest = [i for i in issues if i.topic not in have and (now.asks or not i.whole_story or i.topic in told)]
    rest.sort(key=lambda i: i.topic not in told)
    return (own + earlier + rest)[:MAX_ISSUES]
