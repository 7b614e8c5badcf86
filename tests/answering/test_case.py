"""Case analysis (issue 12): clauses, issues per clause and from events, entitlements from the facts,
one section per issue, dialogue state, referral outside labour law, and bad facts."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answering.answer import SectionKind
from bot.answering.clauses import MAX_CLAUSES, split_clauses
from bot.answering.entitlements import calculations_for, calculator_inputs
from bot.answering.facts import extract_facts
from bot.answering.issue_model import FEATURES, IssueModel, candidates, default_issue_model, load_issue_model
from bot.answering.issues import META_TOPICS, Issue, add_event_issues, event_rule_queries, find_issues
from bot.answering.referral import asks_for_personal_details
from bot.config import Settings
from bot.index.search import Hit, Retrieval, make_retriever
from bot.knowledge.snippet import Chunk
from bot.runtime import make_assistant
from bot.vocab import Status

pytest_plugins = ["support.app_fixtures"]


def chunk(topic: str, n: int = 0) -> Chunk:
    return Chunk(
        f"{topic}-{n}",
        f"{topic}-{n}",
        topic,
        "正文。",
        "劳动合同",
        "全国",
        "《劳动合同法》第一条",
        "2020-01-01",
        topic=topic,
    )


def ranking(query: str, *scored: tuple[str, float]) -> Retrieval:
    hits = tuple(Hit(chunk(t, i), s, s, i + 1, None) for i, (t, s) in enumerate(scored))
    return Retrieval(query, hits, hits[0].dense if hits else 0.0)


# --- clauses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "在物流公司做了四年，公司要把我调去外地，不去就按旷工开除，年假也从来没休过",
            ["在物流公司做了四年", "公司要把我调去外地", "不去就按旷工开除", "年假也从来没休过"],
        ),
        (
            "我在厂里做了三年然后老板说不用来了而且工资还欠两个月",
            ["我在厂里做了三年", "然后老板说不用来了", "而且工资还欠两个月"],
        ),
        ("工资5000", ["工资5000"]),
        ("我是，保安，一上班就是二十四小时", ["我是保安一上班就是二十四小时"]),  # short pieces join the next
        # typed without punctuation: cut where a subject starts a clause, not at an object (排她, 叫我) or 合同
        (
            "今年三月进去的一直没签合同老板说签了就要买社保不划算上个月底我问他几时签他直接叫我明天不用来了",
            [
                "今年三月进去的一直没签合同",
                "老板说签了就要买社保不划算上个月底",
                "我问他几时签",
                "他直接叫我明天不用来了",
            ],
        ),
        ("组长还是排她上夜班说大家都要轮她去值班", ["组长还是排她上夜班说大家都要轮她去值班"]),
        # after 了 or 着 a person named starts a clause, a pronoun does not (拖着我)
        (
            "包工头讲年底一定结清一直拖着我们到现在快一年了老板电话也打不通了工友讲过了一年就不能告了",
            [
                "包工头讲年底一定结清一直拖着我们到现在快一年了",
                "老板电话也打不通了",
                "工友讲过了一年就不能告了",
            ],
        ),
        ("我在厂里做了三年老板欠我工资", ["我在厂里做了三年老板欠我工资"]),  # a short piece stays whole
        # a person after a classifier (跟住个包工头) or owed (欠他) is an object, not a clause's subject
        (
            "我老公在揭东地盘做泥水跟住个包工头做了成年包工头逃匿还欠他三万几元工资",
            ["我老公在揭东地盘做泥水跟住个包工头做了成年", "包工头逃匿还欠他三万几元工资"],
        ),
        # a party of another matter starts a clause where the story turns to it; 男孩子 is no subject
        (
            "我们都在鞋厂上班天天加班到很晚孩子在镇上读小学被同班几个男孩子打了好几次学校讲叫我们自己协商",
            [
                "我们都在鞋厂上班天天加班到很晚",
                "孩子在镇上读小学被同班几个男孩子打了好几次",
                "学校讲叫我们自己协商",
            ],
        ),
        # a shop's or a guesthouse's owner is one party: no clause starts inside 民宿老板
        (
            "我提前五天说要退那个民宿老板说不能退只能改期可改期我也没空去这钱能退吗",
            ["我提前五天说要退那个民宿老板说不能退只能改期可改期", "我也没空去这钱能退吗"],
        ),
        # a person gone to is an object (去他厂里): his workplace, no clause of his
        (
            "抚养费一分都不给听说可以叫法院去他厂里扣工资要怎么弄",
            ["抚养费一分都不给听说可以叫法院去他厂里扣工资要怎么弄"],
        ),
    ],
)
def test_split_clauses(text, expected):
    assert split_clauses(text) == expected


def test_a_long_story_stays_within_the_clause_budget():
    story = "，".join(f"第{i}件事情是这样的" for i in range(40))
    clauses = split_clauses(story)
    assert len(clauses) <= MAX_CLAUSES and "".join(clauses).count("件事情") == 40


# --- issues --------------------------------------------------------------------------------------------


def cosine_model(cut: float) -> IssueModel:
    """An issue model that reads only the cosine: a candidate is an issue from `cut` on."""
    weights = dict.fromkeys(FEATURES, 0.0) | {"cosine": 100.0}
    return IssueModel(weights, -100.0 * cut, 0.5)


def test_union_topics_are_issues_only_of_a_story_that_speaks_of_a_union():
    clauses = [
        ("扣我们工资", ranking("扣我们工资", ("union_funds", 0.80), ("wage_arrears", 0.75))),
    ]
    without = find_issues(ranking("老板扣我们工资"), clauses, threshold=0.6, model=cosine_model(0.6))
    assert [i.topic for i in without] == ["wage_arrears"]
    asked = find_issues(ranking("工会经费扣我们工资"), clauses, threshold=0.6, model=cosine_model(0.6))
    assert [i.topic for i in asked] == ["union_funds", "wage_arrears"]


def test_issues_come_from_confident_clauses_main_ask_first():
    question = ranking("整个问题", ("illegal_termination", 0.7))
    clauses = [
        ("做了四年", ranking("做了四年", ("severance", 0.40))),  # below the cut: a fact, not an issue
        ("年假没休过", ranking("年假没休过", ("annual_leave", 0.80))),
        ("按旷工开除", ranking("按旷工开除", ("illegal_termination", 0.65))),
        ("我该怎么办", ranking("我该怎么办", ("hotline_12351", 0.90))),
    ]
    issues = find_issues(question, clauses, threshold=0.6, model=cosine_model(0.6))
    assert [i.topic for i in issues] == ["illegal_termination", "annual_leave"]
    assert not META_TOPICS & {i.topic for i in issues}


def test_at_most_four_issues():
    clauses = [(t, ranking(t, (t, 0.9))) for t in ("a", "b", "c", "d", "e")]
    assert len(find_issues(ranking("q"), clauses, threshold=0.5, model=cosine_model(0.5))) == 4


def test_issues_are_ordered_by_the_models_confidence_not_by_cosine():
    # The packaged model: a topic three clauses land on, the whole story's nearest, is more likely an issue than
    # a nearer-sounding one a single clause has second.
    question = ranking("整个问题", ("wage_arrears", 0.6), ("contract_written", 0.5))
    clauses = [
        ("一", ranking("一", ("heat_allowance", 0.66), ("maternity_leave", 0.64))),
        ("二", ranking("二", ("wage_arrears", 0.60))),
        ("三", ranking("三", ("social_insurance", 0.62), ("wage_arrears", 0.58))),
        ("四", ranking("四", ("wage_arrears", 0.57))),
    ]
    found = {c.topic: c for c in candidates(question, clauses, 5, {})}
    p = dict(zip(found, default_issue_model().probabilities(list(found.values())), strict=True))
    assert (
        found["wage_arrears"].features["clauses_top5"] == 3
        and found["wage_arrears"].features["story_rank"] == 0
    )
    assert (
        found["maternity_leave"].features["position"] == 1
        and found["maternity_leave"].features["story_rank"] == 10
    )
    assert p["wage_arrears"] > p["heat_allowance"] > p["maternity_leave"]
    issues = find_issues(question, clauses, threshold=0.9)
    assert issues[0].topic == "wage_arrears" and "maternity_leave" not in [i.topic for i in issues]


def test_a_stored_issue_model_missing_a_feature_is_refused(tmp_path):
    path = tmp_path / "issue_model.json"
    model = cosine_model(0.5)
    path.write_text(model.to_json({"trained_on": "test"}), encoding="utf-8")
    assert load_issue_model(path) == model
    path.write_text('{"weights": {"cosine": 1.0}, "bias": 0, "threshold": 0.5}', encoding="utf-8")
    with pytest.raises(ValueError, match="issue_model.json.*position"):
        load_issue_model(path)


def test_events_add_the_issues_no_clause_found():
    found = [Issue("annual_leave", "带薪年休假", "年假", ranking("x", ("annual_leave", 0.8)).hits[0], 0.8)]
    hits = {"illegal_termination": ranking("x", ("illegal_termination", 0.5)).hits[0]}
    issues = add_event_issues(found, ["dismissed", "unpaid"], hits.get)
    assert [i.topic for i in issues] == ["annual_leave", "illegal_termination"]  # no passage for wage_arrears


def test_a_clause_raises_its_topic_even_behind_another_topics_passage():
    # The clause's nearest passage by fused rank is another topic's; its own topic is nearer by cosine.
    question = ranking("整个问题", ("contract_written", 0.7))
    clause = ranking("两个月工资没发", ("wage_stoppage_deduction", 0.52), ("wage_arrears", 0.66))
    issues = find_issues(question, [("两个月工资没发", clause)], threshold=0.6, model=cosine_model(0.6))
    assert [i.topic for i in issues] == ["contract_written", "wage_arrears"]


def test_passages_found_only_by_shared_words_raise_no_issue():
    question = ranking("整个问题", ("illegal_termination", 0.7))
    lexical_only = ranking("叫我明天不用来了", ("social_insurance", 0.0), ("migrant_wage", 0.5))
    issues = find_issues(
        question, [("叫我明天不用来了", lexical_only)], threshold=0.45, model=cosine_model(0.45)
    )
    assert [i.topic for i in issues] == ["illegal_termination", "migrant_wage"]


def test_a_contract_not_renewed_takes_no_section_beside_the_worker_sent_away():
    # 老板说不续了…让我走: the 2N issue answers the non-renewal's N too, so the cap keeps what else was asked
    found = [Issue("annual_leave", "带薪年休假", "年假", ranking("x", ("annual_leave", 0.6)).hits[0], 0.6)]
    hits = {t: ranking("x", (t, 0.5)).hits[0] for t in ("illegal_termination", "severance")}
    issues = add_event_issues(found, ["contract_ended", "dismissed"], hits.get)
    assert [i.topic for i in issues] == ["annual_leave", "illegal_termination"]
    # the non-renewal told alone keeps its own issue
    issues = add_event_issues(found, ["contract_ended"], hits.get)
    assert [i.topic for i in issues] == ["annual_leave", "severance"]


def test_events_come_before_weaker_clause_issues_within_the_cap():
    found = [
        Issue(t, t, t, ranking("x", (t, s)).hits[0], s)
        for t, s in (("contract_written", 0.7), ("a", 0.69), ("b", 0.68), ("c", 0.67), ("wage_arrears", 0.6))
    ]
    issues = add_event_issues(found, ["unpaid", "dismissed"], {"illegal_termination": found[1].hit}.get)
    assert [i.topic for i in issues] == ["contract_written", "wage_arrears", "illegal_termination", "a"]


def test_what_happened_leads_when_only_the_whole_story_raised_the_main_ask():
    question = ranking("整个故事", ("arbitration_limitation", 0.6))
    clause = ranking("工资从五千降到三千五", ("union_dues", 0.4))
    found = find_issues(question, [("工资从五千降到三千五", clause)], threshold=0.55)
    assert [(i.topic, i.whole_story) for i in found] == [("arbitration_limitation", True)]
    hits = {"illegal_termination": ranking("x", ("illegal_termination", 0.5)).hits[0]}
    issues = add_event_issues(found, ["dismissed"], hits.get)
    assert [i.topic for i in issues] == ["illegal_termination", "arbitration_limitation"]


def test_what_happened_leads_when_the_main_asks_clause_also_found_its_topic():
    # 能要多少赔偿 after 叫我明天不用来了: the clause found wages owed (the whole story's nearest passage) and the
    # dismissal; the dismissal the story tells leads.
    ask = "能要多少赔偿"
    found = [
        Issue(t, t, ask, ranking("x", (t, s)).hits[0], s)
        for t, s in (("wage_arrears", 0.73), ("illegal_termination", 0.72))
    ]
    issues = add_event_issues(found, ["dismissed"], lambda t: None)
    assert [i.topic for i in issues] == ["illegal_termination", "wage_arrears"]
    # told in another clause, the main ask still leads
    other = [found[0], Issue("illegal_termination", "x", "叫我明天不用来了", found[1].hit, 0.72)]
    assert [i.topic for i in add_event_issues(other, ["dismissed"], lambda t: None)][0] == "wage_arrears"


def test_a_found_topic_follows_the_events_when_they_fill_the_cap():
    # four things happened (wages docked, an injury, no contract, unpaid overtime): a clause's topic none of them
    # raises (social insurance, read off 老板叫我自己出医药费) no longer leads and takes no place of theirs
    found = [
        Issue(
            "social_insurance",
            "x",
            "老板叫我自己出医药费",
            ranking("x", ("social_insurance", 0.7)).hits[0],
            0.7,
        )
    ]
    topics = ("wage_arrears", "injury_deadline", "contract_written", "overtime_pay")
    hits = {t: ranking("x", (t, 0.5)).hits[0] for t in topics}
    issues = add_event_issues(found, ["unpaid", "injured", "no_contract", "overtime"], hits.get)
    assert [i.topic for i in issues] == list(topics)
    # with fewer events it still leads
    issues = add_event_issues(found, ["unpaid", "no_contract"], hits.get)
    assert [i.topic for i in issues] == ["social_insurance", "wage_arrears", "contract_written"]


def test_the_lacking_weekly_rest_folds_into_overtime_when_the_cap_is_full():
    # five things happened: the weekly rest lacking (no_rest) gets no section of its own beside the overtime worked
    # on it, its rules are quoted on the overtime issue, and the cap keeps the rest
    topics = ("wage_arrears", "injury_deadline", "contract_written", "working_hours", "overtime_pay")
    hits = {t: ranking("x", (t, 0.5)).hits[0] for t in topics}
    events = ["unpaid", "injured", "no_contract", "no_rest", "overtime"]
    issues = add_event_issues([], events, hits.get)
    assert [i.topic for i in issues] == [
        "wage_arrears",
        "injury_deadline",
        "contract_written",
        "overtime_pay",
    ]
    queries = event_rule_queries("overtime_pay", events, {i.topic for i in issues})
    assert ("working_hours", "用人单位应当保证劳动者每周至少休息一日") in queries
    # with room for both, each keeps its own section
    issues = add_event_issues([], ["unpaid", "no_rest", "overtime"], hits.get)
    assert [i.topic for i in issues] == ["wage_arrears", "working_hours", "overtime_pay"]


def test_a_platform_workers_injury_folds_into_the_platform_issue_when_the_cap_is_full():
    # a rider fined, hurt on a delivery and unpaid the heat allowance, asking about joining the union: the platform
    # issue's passage (the routes after an injury) answers the injury, and the cap keeps the heat allowance
    topics = (
        "new_employment_forms",
        "platform_workers",
        "injury_deadline",
        "wage_stoppage_deduction",
        "heat_allowance",
    )
    hits = {t: ranking("x", (t, 0.5)).hits[0] for t in topics}
    union = Issue("new_employment_forms", "x", "骑手能不能入工会", hits["new_employment_forms"], 0.6)
    events = [
        "join_union_platform",
        "platform",
        "injured",
        "fined",
        "no_heat_pay",
    ]  # as story_issues orders them
    issues = add_event_issues([union], events, hits.get)
    assert [i.topic for i in issues] == [
        "new_employment_forms",
        "platform_workers",
        "wage_stoppage_deduction",
        "heat_allowance",
    ]
    # with room, the injury keeps its own issue
    issues = add_event_issues([], ["platform", "injured"], hits.get)
    assert [i.topic for i in issues] == ["platform_workers", "injury_deadline"]


def test_a_worker_about_to_resign_was_not_dismissed():
    # 工资只发一半…我想走能要补偿吗: 2N (违法辞退) is no money of a worker who was not dismissed
    found = [
        Issue(t, t, t, ranking("x", (t, s)).hits[0], s)
        for t, s in (("wage_arrears", 0.7), ("illegal_termination", 0.65), ("resign_for_cause", 0.6))
    ]
    issues = add_event_issues(found, ["unpaid", "resigning"], lambda t: None)
    assert "illegal_termination" not in [i.topic for i in issues]
    # as the assistant passes it: leaving for the employer's fault (wages owed), the notice left out
    issues = add_event_issues(found, ["leaving_for_cause", "unpaid"], lambda t: None)
    assert "illegal_termination" not in [i.topic for i in issues]
    assert "illegal_termination" in [i.topic for i in add_event_issues(found, ["unpaid"], lambda t: None)]


def test_facts_raise_their_topic():
    facts = extract_facts("试用期只给我两千，合同写的是三千五")
    assert facts.probation_wage is not None
    hits = {"probation_pay": ranking("x", ("probation_pay", 0.5)).hits[0]}
    found = [Issue("probation_length", "试用期", "", ranking("x", ("probation_length", 0.7)).hits[0], 0.7)]
    issues = add_event_issues(found, ["probation_wage"], hits.get)
    assert [i.topic for i in issues] == ["probation_length", "probation_pay"]


def test_next_steps_cover_every_issue_in_turn():
    from dataclasses import replace as with_

    from bot.answering.compose_case import issue_steps

    one = ranking("x", ("wage_arrears", 0.7)).hits[0]
    two = ranking("x", ("illegal_termination", 0.7)).hits[0]
    one = with_(one, chunk=with_(one.chunk, steps=("去劳动监察投诉", "保留工资条")))
    two = with_(two, chunk=with_(two.chunk, steps=("申请劳动仲裁",)))
    issues = [Issue("wage_arrears", "", "", one, 0.7), Issue("illegal_termination", "", "", two, 0.7)]
    assert issue_steps(issues) == ["去劳动监察投诉", "申请劳动仲裁", "保留工资条"]
    assert issue_steps(issues, limit=2) == ["去劳动监察投诉", "申请劳动仲裁"]


# --- entitlements from facts ---------------------------------------------------------------------------


def test_overtime_after_a_cut_not_agreed_to_is_paid_on_the_contracts_wage():
    facts = extract_facts("工资从3900减到3100，我不同意，除夕那天也要上班只算平时工资")
    assert facts.previous_wage.value == 3900 and facts.monthly_wage.value == 3100
    assert calculator_inputs("overtime_pay", facts)["monthly_wage"] == 3900
    # a cut agreed to: the new wage is the base
    agreed = extract_facts("工资从3900减到3100，我同意了，除夕那天也要上班")
    assert calculator_inputs("overtime_pay", agreed)["monthly_wage"] == 3100


@pytest.mark.parametrize(
    ("story", "wage"),
    [
        # nine months in, six of probation at 2800: the wage agreed for after it is the wage now
        ("我今年二月进去的，讲好工资四千，试用期写了半年，试用期每个月只发2千8，国庆三天都叫我们上班", 4000),
        # still inside the probation: no wage now is told
        ("我今年九月进去的，讲好工资四千，试用期写了半年，试用期每个月只发2千8，国庆三天都叫我们上班", None),
    ],
)
def test_past_the_probation_the_agreed_wage_is_the_base(story, wage):
    facts = extract_facts(story, today=dt.date(2026, 11, 30))
    assert calculator_inputs("overtime_pay", facts).get("monthly_wage") == wage


def test_a_platform_worker_asking_to_join_a_union_raises_the_new_forms_rule():
    from bot.answering.issues import story_asks, topic_raised_by

    rider = extract_facts("我跑外卖的，我们这种可以入工会吗")
    assert [topic_raised_by(a) for a in story_asks(rider)] == ["new_employment_forms"]
    worker = extract_facts("我在厂里做普工，可以入工会吗")
    assert [topic_raised_by(a) for a in story_asks(worker)] == ["union_membership"]


def test_overtime_of_a_worker_paid_by_the_day_is_on_the_day_wage():
    # 一日两百二，一月做足三十日: the month's wage is only the days' pay; the day's pay is the base (440 a rest day)
    facts = extract_facts("工钱一日两百二一月做足三十日无歇过一日")
    assert facts.daily_wage.value == 220 and facts.paid_by_the_day
    inputs = calculator_inputs("overtime_pay", facts)
    assert inputs["daily_wage"] == 220 and inputs.get("monthly_wage") is None
    # a monthly wage told beside it: the month's wage is the base
    told = extract_facts("底薪一个月三千，一天另加五十块")
    assert not told.paid_by_the_day


def test_facts_become_calculator_inputs():
    facts = extract_facts("干了三年两个月，月薪五千，在揭阳被辞退了")
    assert calculator_inputs("severance", facts) == {
        "years": 3,
        "months": 2,
        "monthly_wage": 5000,
        "region": "揭阳市",
    }
    assert calculator_inputs("double_wage", extract_facts("没签合同做了8个月工资4000")) == {
        "months_without_contract": 8,
        "monthly_wage": 4000,
    }


def test_the_wage_agreed_on_hiring_is_the_wage_when_no_other_is_told():
    facts = extract_facts("在饭店做厨师讲好一个月六千到现在八个月了老板一直不签合同")
    assert facts.monthly_wage is None
    assert calculator_inputs("double_wage", facts) == {"months_without_contract": 8, "monthly_wage": 6000}


def test_the_wage_after_probation_is_the_double_wage_base_when_no_wage_paid_is_told():
    facts = extract_facts(
        "今年4月1号开始做的一直没签合同 老板讲试用期一个月给3千转正4千", today=dt.date(2026, 11, 30)
    )
    assert facts.monthly_wage is None and facts.probation_wage.value == 3000
    assert calculator_inputs("double_wage", facts)["monthly_wage"] == 4000
    facts = extract_facts("没签合同做了8个月 试用期两个月给3千 转正4千")
    assert calculator_inputs("double_wage", facts) == {
        "months_without_contract": 8,
        "monthly_wage": 4000,
        "previous_monthly_wage": 3000,
        "months_at_previous_wage": 2,
    }


def test_years_with_other_employers_are_the_total_not_a_conflicting_tenure():
    facts = extract_facts(
        "在这个小区当保安做了四年，之前在别的地方也打过几年工，加起来参加工作大概九年，请了病假"
    )
    assert (facts.tenure_months.value, facts.total_work_months.value, facts.conflicts) == (48, 108, ())
    assert calculator_inputs("medical_period", facts) == {"years_at_employer": 4.0, "total_years": 9.0}
    # Annual leave counts every employer's years.
    assert calculator_inputs("annual_leave", facts)["years_worked"] == 9.0


@pytest.mark.parametrize(
    ("story", "taken"),
    [
        ("做了八年，年假从来没休过，月薪4350", 0),  # none taken: the untaken days' pay is computed
        ("做了三年，年假没休完", None),  # some taken: how many is asked, not guessed
        ("做了三年，月薪4350", None),
    ],
)
def test_leave_never_taken_is_no_days_taken(story, taken):
    assert calculator_inputs("annual_leave", extract_facts(story)).get("taken_days") == taken


def test_overtime_a_day_and_days_a_month_make_the_months_hours():
    facts = extract_facts("月薪4350，平时每天加班2小时，一个月上22天班")
    assert facts.work_days_per_month.value == 22 and facts.tenure_months is None
    assert calculator_inputs("overtime_pay", facts)["workday_hours"] == 44
    # without the days a month, the hours a day make no month's figure
    assert (
        calculator_inputs("overtime_pay", extract_facts("月薪4350，平时每天加班2小时")).get("workday_hours")
        is None
    )


def test_an_injury_on_leaving_shows_each_lump_sum():
    """Grade 10 in Jieyang with the contract ended: each sum on its own line of the figure (the fund pays two,
    the employer one) and the total."""
    facts = extract_facts("我在揭阳工厂做，工伤鉴定十级，月工资五千，合同到期公司不续签了")
    inputs = calculator_inputs("injury_disability", facts)
    assert inputs["leaving"] is True
    from bot.answering.calculators.registry import calculate

    figure = calculate("injury_disability", inputs).formula
    assert "一次性伤残补助金7个月×5000元＝35000元" in figure
    assert "一次性伤残就业补助金4个月×5000元＝20000元" in figure and "60000元" in figure


def test_no_other_employer_makes_the_total_the_tenure():
    facts = extract_facts("我在酒店做厨师做了四年，冇在别处做过，查出肝病要休三个月")
    assert facts.total_work_months.value == 48
    (calc,) = calculations_for("medical_period", facts)
    assert (calc.missing, calc.formula) == ((), "医疗期＝3个月（6个月内累计病休时间）")


def test_a_dismissal_gets_both_2n_and_n():
    (first, second) = calculations_for(
        "illegal_termination", extract_facts("做了三年两个月，月薪5000，被辞退了")
    )
    assert (first.name, first.amount, second.name, second.amount) == (
        "illegal_termination",
        35000,
        "severance",
        17500,
    )


@pytest.mark.parametrize(
    "story, figured",
    [
        ("上个月辞职了，做了两年，工资五千，公司不肯给我开离职证明", False),
        ("辞工半个月了，做了三年，人工四千五，社保都唔帮我转走", False),
        # money due on leaving told beside the papers: the figure stands
        ("做了两年工资五千被辞退了，公司还不肯给我开离职证明", True),
        ("做了两年工资五千，辞职了，公司不肯开离职证明，我想要经济补偿", True),
    ],
)
def test_leaving_papers_refused_alone_raise_no_severance_figure(story, figured):
    assert bool(calculations_for("severance", extract_facts(story))) == figured


def test_a_missing_fact_gives_the_formula_and_one_ask():
    (calc,) = calculations_for("illegal_termination", extract_facts("做了三年两个月被辞退了"))
    assert calc.amount is None and calc.missing == ("monthly_wage",) and len(calc.asks) == 1
    assert "月工资" in calc.formula


def test_absurd_facts_compute_nothing():
    facts = extract_facts("工作了300年，工资-5000，被辞退了赔多少")
    assert facts.tenure_months is None and facts.monthly_wage is None and len(facts.rejected) == 2
    (calc,) = calculations_for("illegal_termination", facts)
    assert calc.amount is None and calc.asks


# --- personal details ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("帮我查一下我们老板家住在哪里", True),
        ("你能告诉我前同事的手机号码吗", True),
        ("劳动监察大队的电话是多少", False),
        ("工会的联系方式给我一下", False),
        ("老板拖欠工资怎么办", False),
        # a person's details asked at length, an office named on the way (以前在普宁鞋厂)
        ("帮我查下以前在普宁鞋厂那个姓林的老板电话他欠我工钱跑了", True),
        ("帮我查一下揭阳劳动监察大队的电话", False),
        ("老板的电话打不通，我找不到他", False),
        # a phone told, not asked for, after a request-like 给我 (把工资给我…电话也不接)
        ("老板答应月底把工资给我结果拖了半年老板电话也不接了怎么办", False),
        # asked in Cantonese, the person named by a pronoun
        ("佢做完就走咗，你帮我搵下佢而家住喺边度", True),
        # an office named in the story, the person asked for by a pronoun
        ("以前厂里有个同事欠我钱，帮我查一下她现在住哪里", True),
        ("帮我查一下他们公司的地址", False),
        # an office's phone is what a worker needs; a person named by a title is a person
        ("帮我查下劳动局的电话", False),
        ("帮我查下揭阳法律援助中心的地址", False),
        ("帮我查下我们厂人事主管林小姐的手机号码", True),
        # a person called by name: a title then a name, a surname after 老, a given name after 阿
        ("帮我查下以前在揭东鞋厂同宿舍那个工友阿强的电话，他借了我钱", True),
        ("帮我搵下以前喺工地同我一齐扎铁嘅老李电话", True),
        ("我请小王帮我问了劳动监察的电话是多少", False),
        # asked whether the assistant knows where someone lives, the address asked to be sent
        ("包工头欠我爸三个月工钱 你知道他在普宁住哪里吗 把他家地址发给我", True),
        ("劳动仲裁委的地址发给我", False),
        ("你知道揭阳劳动监察大队的地址吗", False),
        # where someone works now, asked to be found (the request before or after it); not the worker's own
        ("我以前的老板现在在哪个厂上班能帮我查一下吗", True),
        ("他辞工以后电话也换了你能帮我查一下他现在在哪里上班吗", True),
        ("你帮我搵下阿强而家喺边度返工", True),
        ("帮我查一下我在哪里上班能交社保", False),
        ("包工头跑了不知道他现在在哪里上班怎么找他要工资", False),
        ("帮我找一下在哪里上班比较好", False),
        # the person told of earlier in the sentence, the request right after
        ("我以前的工友阿明借了我三千块后来辞工走了现在在哪个厂上班你能帮我查一下吗", True),
        # a title then a full name
        ("帮我查下以前那个组长李文辉现在在哪个厂上班", True),
        ("帮我找一下老板林志明的电话", True),
        ("我们组长李文辉天天骂人 这样算不算违法", False),
    ],
)
def test_requests_for_someones_details(text, refused):
    assert asks_for_personal_details(text) is refused


# --- the assistant on the real knowledge base ----------------------------------------------------------


@pytest.fixture(scope="module")
def assistant(real_index, usem3):
    settings = Settings()
    return make_assistant(settings, make_retriever(settings, usem3, real_index))


def issue_sections(answer):
    return [s for s in answer.sections if s.kind == SectionKind.ISSUE]


@pytest.mark.slow
def test_a_story_with_several_problems_gets_a_section_each_with_the_figure(assistant):
    answer = assistant.answer(
        "在物流公司做了四年，月薪六千，公司要把我调去外地，不去就按旷工开除，年假也从来没休过"
    )
    assert answer.status == Status.ANSWERED
    topics = [i["topic"] for i in answer.case["issues"]]
    assert {"illegal_termination", "annual_leave"} <= set(topics) and len(issue_sections(answer)) == len(
        topics
    )
    assert "48000" in answer.text and "24000" in answer.text  # 2N and N for four years at 6000
    assert answer.case["facts"]["monthly_wage"]["value"] == 6000


@pytest.mark.slow
def test_the_other_of_n_and_2n_cites_its_own_rule(assistant):
    # a dismissal asked about as 补偿: N first, then 2N as the alternative, said to be twice N and cited to the
    # rule of unlawful dismissal (劳动合同法第八十七条), not to the formula both share
    answer = assistant.answer(
        "在酒楼做了一年零四个月，工资5200，老板说我没做够两年没有补偿，就叫我走了，我能拿多少补偿"
    )
    line = next(
        line for s in issue_sections(answer) for line in s.lines if any("15600" in p.text for p in line.parts)
    )
    assert "二倍" in line.parts[0].text
    cited = next(c for c in answer.citations if c.n == line.parts[0].cite)
    assert "第八十七条" in cited.source


@pytest.mark.slow
def test_what_to_bring_to_arbitration_is_answered_with_the_application_rule(assistant):
    # Wages owed, and the worker asks what to prepare to take the employer on and whether it costs: the
    # arbitration issue quotes the written application's rule (调解仲裁法第二十八条) and that it is free.
    answer = assistant.answer("公司拖了我三个月工资一共一万五，我想去告他，要准备什么材料，要钱吗")
    assert "arbitration_process" in [i["topic"] for i in answer.case["issues"]]
    assert "书面仲裁申请" in answer.text and "不收费" in answer.text


@pytest.mark.slow
def test_a_story_that_speaks_of_no_union_raises_no_union_issue(assistant):
    # The whole story's nearest passage is the rule on who may join a union (a worker at a factory); the story
    # speaks of no union, so joining one is no issue of it, however its text ranks.
    answer = assistant.answer(
        "我在普宁一间织袜厂做了两年半，老板说厂要搬，叫我们自己走，一分钱不给，工资5200，这样合法吗"
    )
    topics = {i["topic"] for i in answer.case["issues"]}
    assert "severance" in topics and not topics & {"union_membership", "union_services", "union_dues"}


@pytest.mark.slow
def test_leaving_papers_refused_after_resigning_are_their_own_issue(assistant):
    # A worker who resigned asks for the certificate the new job wants: the certificate's rule, named for it,
    # and no 经济补偿 figure or question (nothing makes money due on leaving).
    answer = assistant.answer("我上个月辞职了，做了两年，公司不肯给我开离职证明，新厂要这个，怎么办")
    papers = next(s for s in issue_sections(answer) if s.title == "离职证明与社保转移")
    numbers = {p.cite for line in papers.lines for p in line.parts if p.cite}
    assert ["contract-termination-certificate"] == [c.id for c in answer.citations if c.n in numbers]
    assert "经济补偿＝" not in answer.text and "平均工资" not in answer.text


@pytest.mark.slow
def test_a_turn_that_continues_the_story_is_answered_on_the_storys_issues(assistant):
    # The second turn adds the agreed wage and asks for the minimum: the probation pay floor of the first turn's
    # issue (80 % of the agreed wage), not only what the turn's own words sound like (合同 → written contract).
    history = [
        {"role": "user", "content": "我在试用期，工资比合同写的少了一大截"},
        {"role": "assistant", "content": "…"},
    ]
    answer = assistant.answer("那最少该给我多少？合同写的是五千", history)
    assert answer.case["continued"] and answer.case["issues"][0]["topic"].startswith("probation")
    assert "4000" in answer.text


@pytest.mark.slow
def test_each_issue_carries_its_remedy_rule(assistant):
    # Unpaid wages in a story about something else: besides the rule, the worker is told what the authorities
    # do about it (the topic's answer to "拖欠工资怎么办"), not only that wages must be paid.
    answer = assistant.answer(
        "电子厂做了八个月一直没签合同，月薪4500，然后还有两个月工资没发给我，我能拿回多少钱"
    )
    wages = next(s for s in issue_sections(answer) if "拖欠工资" in s.title)
    numbers = {p.cite for line in wages.lines for p in line.parts if p.cite}
    cited = [c for c in answer.citations if c.n in numbers]
    assert len(cited) >= 2
    assert any("人社部门" in c.text or "劳动保障监察" in c.text for c in cited)


@pytest.mark.slow
def test_a_single_question_also_gets_what_to_do_about_it(assistant):
    answer = assistant.answer("试用期可以不买社保吗")
    assert answer.status == Status.ANSWERED
    topic = answer.case["issues"][0]["topic"]
    remedy = assistant._remedy(topic, assistant.retriever.serving.current(), None)
    assert remedy is not None and remedy.chunk.snippet_id in {c.id for c in answer.citations}
    assert len(answer.citations) >= 2 and any("投诉" in c.text or "举报" in c.text for c in answer.citations)


@pytest.mark.slow
def test_a_single_question_quotes_the_rule_of_what_it_asks(assistant):
    # A follow-up on a maternity leave asking how the money is paid: the 生育津贴 rule beside the leave's length,
    # as a story of several issues quotes it (issues.ASK_RULES).
    history = [
        {"role": "user", "content": "我老婆在惠来一间服装厂上班 九月份顺产生了小孩 一个孩子"},
        {"role": "assistant", "content": "…"},
    ]
    answer = assistant.answer("那她到底能休多久 钱应该怎么给", history)
    assert answer.case["issues"][0]["topic"] == "maternity_leave"
    assert any("生育津贴" in c.text for c in answer.citations)


@pytest.mark.slow
def test_an_uncovered_topic_is_named_and_the_rest_answered(assistant):
    answer = assistant.answer("公司不给交公积金，还拖欠我两个月工资，怎么办")
    assert answer.status == Status.ANSWERED
    statuses = {i["label"]: i["status"] for i in answer.case["issues"]}
    # the rest answered (the wages owed ask for the month's wage to compute the sum)
    assert statuses["公积金"] == "not_covered" and {"answered", "needs_fact"} & set(statuses.values())
    assert "关于公积金" in answer.text and "12351" in answer.text


@pytest.mark.slow
def test_a_wage_given_later_completes_the_figure(assistant):
    history = []
    for turn in ("公司没有任何理由把我辞退了，能拿多少钱？", "我在那里做了两年七个月"):
        earlier = assistant.answer(turn, list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.text}]
    assert "36000" not in history[-1]["content"]
    answer = assistant.answer("月薪六千", history)
    assert answer.case["continued"] and "36000" in answer.text  # 2N: 3 months x 6000 x 2


@pytest.mark.slow
def test_contradictory_wages_are_asked_about(assistant):
    answer = assistant.answer("我月薪5000，被辞退了，做了两年，不过工资其实是3000，能赔多少")
    assert "哪一个是准确的" in answer.text
    assert "20000" not in answer.text and "12000" not in answer.text


@pytest.mark.slow
def test_a_story_without_a_place_follows_the_hotlines_region_and_says_so(real_index, usem3):
    question = "我老婆生了双胞胎，产假有几天"
    home = make_assistant(Settings(), make_retriever(Settings(), usem3, real_index))
    answer = home.answer(question)
    assert "193" in answer.text and "您没有说明在哪里工作" in answer.text  # 98 + 15 + Guangdong's 80
    national = Settings(home_region="")
    answer = make_assistant(national, make_retriever(national, usem3, real_index)).answer(question)
    assert "113" in answer.text and "193" not in answer.text and "您没有说明在哪里工作" not in answer.text
    answer = home.answer("我在湖南长沙的厂里上班，老婆生了双胞胎，产假有几天")
    assert "193" not in answer.text and "您没有说明在哪里工作" not in answer.text


@pytest.mark.slow
def test_a_dismissal_is_answered_as_one_not_as_the_nearest_resignation_rule(assistant):
    answer = assistant.answer("老细话我手脚慢要炒我，我喺度做咗两年，人工五千，有冇得赔")
    assert answer.case["issues"][0]["topic"] == "illegal_termination"
    assert "resignation_notice" not in {i["topic"] for i in answer.case["issues"]}
    assert "20000" in answer.text and "提前三十日" not in answer.text  # 2N = 2 x 2 x 5000; no notice rule


@pytest.mark.slow
def test_a_training_bond_is_computed_once_from_the_story(assistant):
    answer = assistant.answer(
        "公司出了一万二送我去学焊工，签了两年服务期，我做了半年就想辞工，老板要我赔两万，要赔几多"
    )
    assert answer.text.count("服务期违约金最多＝12000元×（24－6）÷24个月＝9000元") == 1


@pytest.mark.slow
def test_a_hedged_tenure_is_asked_once_and_a_corrected_wage_is_used(assistant):
    hedged = assistant.answer("我做了两年，又好像是三年，月薪6000，老板叫我走人，赔多少")
    assert "“两年”、“三年”" in hedged.text and "工作了多久" not in hedged.text
    corrected = assistant.answer("我工资四千，不对是五千，做了三年被开除了，能赔多少")
    assert "30000" in corrected.text and "24000" not in corrected.text  # 2N: 3 months x 5000 x 2


@pytest.mark.slow
def test_non_labour_legal_questions_are_referred_to_12348(assistant):
    answer = assistant.answer("我跟老公要离婚，家里的存款是我打工挣的，孩子归谁，房子怎么分")
    assert answer.status == Status.OUT_OF_SCOPE and "12348" in answer.text and not answer.citations


@pytest.mark.slow
def test_labour_questions_are_not_referred(assistant):
    for question in ("老板拖欠工资怎么办", "下班路上被车撞了算工伤吗", "公司不给签劳动合同"):
        assert assistant.answer(question).status == Status.ANSWERED, question


@pytest.mark.slow
def test_dialect_is_understood(assistant):
    answer = assistant.answer("老细炒咗我鱿鱼，我喺度做咗三年，人工四千五，有冇得赔")
    assert answer.status == Status.ANSWERED and "27000" in answer.text  # 2N = 2 x 3 x 4500


# --- the same case through every way of carrying a conversation -----------------------------------------

STORY = "公司没有任何理由把我辞退了，我在那里做了两年七个月，能拿多少钱？"


def test_the_api_returns_the_case(real_fake_client):
    body = real_fake_client.post("/api/answer", json={"question": STORY + "月薪六千"}).json()
    facts, issues = body["case"]["facts"], body["case"]["issues"]
    assert facts["tenure_months"]["value"] == 31 and facts["monthly_wage"]["value"] == 6000
    assert facts["tenure_months"]["text"] == "两年七个月"
    assert all({"topic", "label", "status", "citations"} <= set(i) for i in issues) and issues


def figures_of(case: dict) -> str:
    return " ".join(i.get("figure") or "" for i in case["issues"])


def test_history_session_and_openai_messages_keep_the_same_case(real_fake_client):
    """A wage given in a later turn reaches the facts the same way through all three."""
    client = real_fake_client
    history = [{"role": "user", "content": STORY}, {"role": "assistant", "content": "…"}]
    stateless = client.post("/api/answer", json={"question": "月薪六千", "history": history}).json()

    first = client.post("/api/answer", json={"question": STORY}).json()
    session = client.post(
        "/api/answer", json={"question": "月薪六千", "session_id": first["session_id"]}
    ).json()

    chat = client.post(
        "/v1/chat/completions", json={"messages": [*history, {"role": "user", "content": "月薪六千"}]}
    ).json()
    assert stateless["case"]["continued"] and session["case"]["continued"]
    assert stateless["case"]["facts"]["monthly_wage"]["value"] == 6000
    assert stateless["case"]["facts"] == session["case"]["facts"]
    assert figures_of(stateless["case"]) == figures_of(session["case"])
    assert chat["choices"][0]["message"]["content"].startswith(stateless["answer"][:40])


def test_a_1000_character_story_is_analysed_within_the_limits(real_fake_client):
    story = ("我在电子厂做了三年，月薪五千，老板拖欠两个月工资，还不给买社保，" * 40)[:1000]
    body = real_fake_client.post("/api/answer", json={"question": story}).json()
    assert body["status"] in ("answered", "no_match") and len(body["case"]["issues"]) <= 5


@pytest.mark.parametrize(
    ("clause", "describes"),
    [
        ("我在这里做了三年", True),
        ("月薪五千", True),
        ("老板把我辞退了", False),
        ("年假从来没休过", False),
        ("怀孕七个月", False),
        # Only where the worker works: a description.
        ("我在老板的厂上班", True),
        ("我在一间酒楼做服务员", True),
        ("我在厂里上班没签合同", False),
        ("我在工地被砸伤了", False),
        # a run-on clause this long tells more than a description (a shop's lease told at length)
        ("另外同老婆在揭阳租了间铺头卖糖水签了三年租约先做了一年现在业主话要收返间铺卖给人", False),
    ],
)
def test_clauses_that_only_describe_the_worker_raise_no_issue(clause, describes):
    from bot.answering.case import only_describes

    assert only_describes(clause) is describes


# --- which turns make up the story ---------------------------------------------------------------------


def _user(*turns: str) -> list[dict]:
    return [{"role": "user", "content": t} for t in turns]


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        # More facts and an ask about them: the same story (the dismissal stays in the case).
        (["老细炒咗我鱿鱼，冇讲原因"], "我做咗一年三个月，人工五千五，可以攞几多", 2),
        (["我在公司做了六年被辞退了", "公司说我严重违纪但没有证据"], "工资四千八，违法辞退的话能拿多少", 3),
        # A description, then what happened: one story.
        (["我是外卖骑手"], "我送餐的时候摔伤了，平台说我不是他们员工，有什么保障", 2),
        # Having left is where the story goes, not a new problem: the 竞业限制 stays in the case.
        (
            ["公司要跟我签竞业限制", "离职后两年不能去同行"],
            "那公司每个月要给我多少补偿，我之前平均工资八千",
            3,
        ),
        # Something new happened after a question of its own: a new story.
        (["加班费怎么算"], "另外我上个月在车间摔伤了腰，公司不管，要怎么申请工伤", 1),
        # ... unless the turn says it is more of the same.
        (["老细炒咗我鱿鱼，可以攞几多"], "佢仲欠我两个月人工，每个月四千五", 2),
        # A story told without a question: what happens next is the same case.
        (["我在鞋厂做了三年半，上个月老板说订单少叫我们不用上班"], "老板还欠我两个月工资，每个月四千五", 2),
        (["我在鞋厂做了三年半，上个月老板说订单少叫我们不用上班"], "现在他欠我两个月工资没发", 2),
        # A new question on another topic, with no facts of the story: a new story.
        (["我年假一直没休"], "请问女职工的产假一共有多少天", 1),
    ],
)
def test_story_turns(history, question, expected):
    from bot.answering.case import story_turns
    from bot.answering.scope import is_in_domain

    assert len(story_turns(question, _user(*history), is_in_domain)) == expected


# --- referral of a work story ------------------------------------------------------------------------------


class _NearestNonLabour:
    """A referral check that refers whenever the labour side's best cosine is below 0.5; it keeps whether it
    was told the question is a story that reports work (the scope classifier then has no say)."""

    margin_only = None

    def outside_labour_law(self, vector, top_labour, index=None, margin_only=False):
        self.margin_only = margin_only
        return top_labour < 0.5


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        ("前几天电动车被偷了，小偷抓到了吗", True),
        ("我在外卖平台跑专送，前几天电动车被偷了站长还让我自己赔", False),  # the worker's kind of work
        ("老板欠我两个月工资，前几天电动车被偷了", False),  # something that happened at work
    ],
)
def test_a_work_story_needs_a_clearer_margin_to_be_referred(story, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case

    check = _NearestNonLabour()
    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=check)
    retrieval = Retrieval(story, (), 0.47, vector=[1.0])
    assert assistant._outside_labour_law(retrieval, Case(extract_facts(story), ())) is referred
    assert check.margin_only is not referred


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        # the worker's kind of work told, and what happened happened at work: a clearer margin is needed
        ("我是送快递的，被交警影到超速扣了六分，想申诉去边度搞", False),
        # ...but told as happening on the worker's day off, the kind of work is background
        ("我是送快递的，今日放假揸自己架车去揭西办事被交警影到超速扣了六分，想申诉去边度搞", True),
        ("我是送外卖的，礼拜日没上班自己骑车去吃喜酒被车撞了，对方要赔多少", True),
        # no rest day is no day off (一个月都没休息)
        ("我是送快递的，一个月都没休息，被交警影到超速扣了六分，想申诉去边度搞", False),
    ],
)
def test_the_kind_of_work_is_background_on_a_day_off(story, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case

    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=_NearestNonLabour())
    retrieval = Retrieval(story, (), 0.47, vector=[1.0])
    assert assistant._outside_labour_law(retrieval, Case(extract_facts(story), ()), story) is referred


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        # a road accident on a day off or the worker's own trip: no work injury, whatever it asks
        ("我礼拜日没有上班，自己骑摩托去汕头吃喜酒，半路被一辆小车撞着，脚骨断了，可以算工伤吗", True),
        ("星期天我骑电动车带儿子去水库钓鱼，被一辆小车撞了，误工费能按我在厂里的工资算吗", True),
        # on the way to or from work, back to work on a day off, on a trip the employer organised, in a break
        ("下班骑车回家路上被小车撞了算不算工伤", False),
        ("放假那天公司打电话叫我回去加班我开摩托车回厂的路上出了车祸这个算工伤吗", False),
        ("公司组织员工去旅游，大巴出了车祸我受了伤，算工伤吗", False),
        ("中午休息出去买饭在公司门口被电动车撞了算不算工伤", False),
        # something that happened at work told beside it: judged as any story
        ("礼拜天休息去普宁吃饭被车撞了，老板欠我两个月工资还没发", False),
    ],
)
def test_a_road_accident_off_duty_is_referred(story, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case
    from bot.answering.referral import ScopeOutcome

    check = _NearestNonLabour()
    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=check)
    retrieval = Retrieval(story, (), 0.9, vector=[1.0])  # near a labour passage: the check alone answers
    outcome = assistant._scope_outcome(retrieval, Case(extract_facts(story), ()), story, [], [])
    assert (outcome is ScopeOutcome.REFER) is referred


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        # a traffic offence with nothing that happened at work: the police's fine and points
        ("我开车上班闯了个红灯扣六分罚两百可以找别人帮我扣分吗", True),
        ("我是送快递的，被交警影到超速扣了六分，想申诉去边度搞", True),
        # the employer taking the fine out of the pay: the driver's labour question
        ("我是公司的司机，开公司的车违章罚了两百，公司要从我工资里扣，合理吗", False),
    ],
)
def test_a_traffic_offence_alone_is_referred(story, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case
    from bot.answering.referral import ScopeOutcome

    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=_NearestNonLabour())
    retrieval = Retrieval(story, (), 0.9, vector=[1.0])  # near a labour passage: the check alone answers
    outcome = assistant._scope_outcome(retrieval, Case(extract_facts(story), ()), story, [], [])
    assert (outcome is ScopeOutcome.REFER) is referred


def _judged(story: str, check: _NearestNonLabour, split: bool = False) -> bool:
    """The scope decision on `story` (its own facts, a labour cosine of 0.3) with `check` as the referral check; with
    `split`, the story's comma-separated clauses are searched too."""
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case

    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=check)
    retrieval = Retrieval(story, (), 0.3, vector=[1.0])
    clauses = [(part, Retrieval(part, (), 0.3, vector=[1.0])) for part in story.split("，")] if split else []
    return assistant._outside_labour_law(retrieval, Case(extract_facts(story), ()), story, clauses)


class _OutsideStory(_NearestNonLabour):
    """The same check, reading every story's clauses as clearly about another matter."""

    def story_scope(self, clauses, index):
        from bot.answering.referral import StoryScope

        return StoryScope.OUTSIDE


@pytest.mark.parametrize(
    ("story", "margin_only"),
    [
        # the kind of work said, nothing that happened at work: judged as any question (the classifier has a say)
        ("我表哥在工地做泥水工，收工后跟人打架被警察带走了", False),
        # the kind of work and something that happened at work: only the margin, made clearer
        ("我表哥在工地做泥水工，包工头没跟他签合同，收工后跟人打架被警察带走了", True),
    ],
)
def test_a_story_about_another_matter_is_shielded_only_by_work_said_and_done(story, margin_only):
    check = _OutsideStory()
    assert _judged(story, check, split=True)
    assert check.margin_only is margin_only


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        ("上个月送餐路上被小车撞了，腿骨折住院，平台说不关他们事", False),
        ("下夜班回宿舍的路上被摩托车撞伤了腿", False),  # on the way home from work: 工伤
        # the way home told at length before the injury (骑摩托车回出租屋)
        ("我老公前天凌晨下班骑摩托车回出租屋路上被一辆小车撞了小腿骨折", False),
        ("上个星期天我去市场买菜路上被车撞伤了", True),  # an errand on a day off
        ("我儿子十四岁没读书在别人厂里干活，被机器夹伤了手，老板说不关他事", False),  # a machine of the trade
    ],
)
def test_an_injury_while_working_is_never_referred(story, referred):
    check = _NearestNonLabour()
    assert _judged(story, check) is referred
    # Not referred without asking the check at all.
    assert (check.margin_only is None) is not referred


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        ("在快递公司上班，派丢了一个包裹，公司要我全额赔", False),  # the employer makes the worker pay
        ("休息日开自己的车去办事，被交警罚了两百块", True),  # a fine, not the employer's
        # a deposit, the papers or a fee the employer's side takes
        ("进厂时人事把我身份证收去说帮我保管，还要交500块押金，现在辞工他们讲押金不退", False),
        ("厂里宿舍原来讲免费住，今年开始每个月从工资里扣200房租，也没跟我们商量过", False),
        (
            "老细话经营困难 下个月开始人工减一千 唔同意就走 我仲要还车贷",
            False,
        ),  # a pay cut, beside a car loan
        # a landlord's deposit, told beside the job
        ("我在厂里上班，租的房子退租，房东说墙脏了要扣我500块押金", True),
        # a photo studio's deposit, paid with wages the boss gave early
        ("老板人挺好提前发了工资给我去拍婚纱照，在影楼交了3000块押金，拍完不退", True),
    ],
)
def test_the_employer_making_the_worker_pay_is_never_referred(story, referred):
    assert _judged(story, _NearestNonLabour()) is referred


@pytest.mark.parametrize(
    ("story", "margin_only"),
    [
        # money lent to a co-worker: his resigning is no labour event of the worker's
        ("厂里一个工友跟我借了一万块，讲好发工资就还，结果他辞工回老家了", False),
        ("老板跟我借了两万块周转，现在把我辞退了也不还", True),
    ],
)
def test_money_lent_to_a_co_worker_is_judged_as_any_question(story, margin_only):
    check = _NearestNonLabour()
    assert _judged(story, check)
    assert check.margin_only is margin_only


@pytest.mark.parametrize(
    ("story", "referred"),
    [
        # the worker's wages owed by the employer's side: a wage claim, however much it sounds like a debt
        # (the 包工头's note for wages owed is no loan)
        ("包工头欠我三个月工资，打了欠条，到现在还不给", False),
        ("我在工地跟包工头做钢筋，工钱一直拖欠，包工头电话打不通，总包说不关他们事，这钱找谁要", False),
        # no one on the employer's side: a scam's "wages"
        ("网上找兼职刷单，先垫付了八千块，对方把我拉黑了，这算不算欠我工资", True),
        # a co-worker's loan to be repaid from his pay
        ("工友跟我借了一万块，说发工资就还，结果一直没给工资卡上的钱", True),
        ("厂里一个工友前年跟我借了八千块讲发工资就还，我有他写的借条，现在他辞职回老家了", True),
        # wages the employer's side "borrowed", with a note written: wages owed
        ("老板娘讲生意不好周转不过来，跟我借了三个月工资，还叫我写了张借条，现在说不关工资的事", False),
        # an IOU the employer's side made the worker sign over wages owed (Teochew and Mandarin)
        ("头家叫阮签一张借条讲系借伊个钱，其实是伊欠阮三个月工钱，阮卜按怎", False),
        ("老板叫我签一张借条说是我借他的钱，其实是他欠我三个月工资，我该怎么办", False),
        # ...or made the worker write one, the boss named well before (no punctuation, as workers type)
        (
            "我在一间加工厂做了两年老板拖了我四个月的工资一万六前几天叫我写一张借条讲是他跟我借的钱能不能告他",
            False,
        ),
        # sent away by the employer and asking what is owed: a claim, beside a mortgage
        ("我前年买了房子每个月要还房贷，结果公司叫我明天不用来了，公司要赔我多少", False),
        # ...or beside a divorce, told with 把我开了 and asking 要赔钱吗
        ("老婆在闹离婚我心情不好请了几天假老板就说我旷工把我开了，要赔钱吗", False),
        # a dismissal told only as a rumour the worker denies, asking whether to sue the gossip
        ("同事在群里说我偷东西被老板开除了，其实我是自己辞职的，能不能告他", True),
    ],
)
def test_wages_owed_by_the_employer_side_are_never_referred(story, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case
    from bot.answering.referral import ScopeOutcome

    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=_NearestNonLabour())
    retrieval = Retrieval(story, (), 0.3, vector=[1.0])  # referred by the check
    outcome = assistant._scope_outcome(retrieval, Case(extract_facts(story), ()), story, [], [])
    assert outcome is (ScopeOutcome.REFER if referred else ScopeOutcome.ANSWER)


@pytest.mark.parametrize(
    ("turn", "continued", "referred"),
    [
        ("要去哪里告他", True, False),  # a short follow-up of the work story asks about it
        ("要去哪里告他", False, True),  # alone, it is judged as it stands
        ("那我离婚的话家里的房子怎么分，孩子归谁", True, True),  # words enough to be another matter
    ],
)
def test_a_short_follow_up_of_a_work_story_is_not_referred(turn, continued, referred):
    from bot.answering.assistant import Assistant
    from bot.answering.case import Case

    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=_NearestNonLabour())
    retrieval = Retrieval(turn, (), 0.3, vector=[1.0])
    case = Case(extract_facts("老板欠我两个月工资"), (), continued=continued)
    assert assistant._outside_labour_law(retrieval, case, turn) is referred


def test_public_holiday_days_worked_are_paid_at_300_percent_and_shown_apart():
    facts = extract_facts("国庆那三天厂里赶货全部都要返，平时每个月加班一百个钟，月工资四千三百五")
    assert calculator_inputs("overtime_pay", facts) == {
        "monthly_wage": 4350,
        "workday_hours": 100,
        "holiday_hours": 24,
    }
    (calc,) = calculations_for("overtime_pay", facts)
    assert calc.amount == 5550
    assert "法定节假日加班1800元" in calc.formula and "工作日加班3750元" in calc.formula


def test_holiday_days_beyond_the_legal_ones_are_rest_days():
    facts = extract_facts("春节七天都要上班，工资五千")
    assert (facts.holiday_work_days.value, facts.restday_work_days.value) == (4, 3)
    assert "overtime" in {e.value for e in facts.events}
    # A holiday off work, or days that are not a holiday, are no holiday work.
    assert extract_facts("春节放假七天，工资五千").holiday_work_days is None
    assert extract_facts("我做了三天就走了").holiday_work_days is None
    assert extract_facts("中秋节那天也要加班").holiday_work_days.value == 1


def test_a_pay_cut_does_not_lower_the_money_on_leaving():
    facts = extract_facts("做了三年，月薪五千，上个月工资从五千降到三千五，我不同意，老板就把我辞退了")
    assert (facts.monthly_wage.value, facts.previous_wage.value) == (3500, 5000)
    (two_n, n) = calculations_for("illegal_termination", facts)
    assert (two_n.amount, n.amount) == (30000, 15000)
    assert "降薪前的月工资5000元" in two_n.notes[0]
    # Without a cut, the wage said is the wage used.
    assert extract_facts("做了三年，月薪五千，被辞退了").previous_wage is None


def test_days_worked_on_a_legal_holiday_are_computed_in_the_holiday_issue():
    facts = extract_facts("工资4350，今年春节除夕到初三都上班一天没休，也没多给")
    assert facts.holiday_work_days.value == 4
    (pay,) = calculations_for("public_holidays", facts)
    assert pay.name == "overtime_pay" and round(pay.amount) == 2400  # 4350 / 21.75 x 4 days x 300 %
    assert calculations_for("public_holidays", extract_facts("春节上班有没有三倍工资")) == []


def test_a_loss_the_employer_makes_the_worker_pay_gives_the_monthly_cap():
    facts = extract_facts("我在服装店做导购老板讲我们同一个班的都要一起赔每人扣一千五我工资三千八")
    (cap,) = calculations_for("wage_stoppage_deduction", facts)
    assert (cap.name, cap.amount) == ("damage_deduction", 760)
    # no loss to pay: no cap to compute
    assert calculations_for("wage_stoppage_deduction", extract_facts("我工资三千八，老板叫我调岗")) == []


@pytest.mark.parametrize(
    ("story", "amount"),
    [
        # the summer months told as a list and as a range: 300 yuan each in Guangdong (揭阳, 揭东)
        ("在榕城工地做钢筋 今年七八月那么热 一分高温补贴都没有 这两个月能要多少", 600),
        ("我喺揭东做装修 今年六月到九月成日三十七八度 老细一蚊高温补贴都冇", 1200),
        # only June to October count: May and November are no months of the allowance
        ("在揭阳做环卫 五月到十一月都在外面晒 高温补贴冇", 1500),
        # part paid (the old 150 a month): the rest is owed
        ("在揭阳工地 今年六七八月高温费一个月只发150 合唔合法", 450),
    ],
)
def test_the_summer_months_without_the_heat_allowance_are_computed(story, amount):
    facts = extract_facts(story)
    (calc,) = calculations_for("heat_allowance", facts)
    assert (calc.name, calc.amount) == ("heat_allowance", amount)
    assert f"{amount}元" in calc.formula


def test_no_heat_figure_without_the_months_or_for_another_province():
    assert calculations_for("heat_allowance", extract_facts("高温补贴都冇发 广东高温津贴几多钱")) == []
    (calc,) = calculations_for("heat_allowance", extract_facts("在长沙工地 七八月都冇高温补贴 湖南"))
    # another province's standard is not Guangdong's 300 yuan: the method only
    assert calc.amount is None and "300" not in calc.formula


def test_a_dated_pay_cut_not_agreed_to_gives_the_difference_owed():
    today = dt.date(2025, 9, 20)
    facts = extract_facts(
        "2021年5月入职，月薪六千，今年6月公司把我人工降到4800，我没同意，做到8月底辞职了", today
    )
    (cut,) = calculations_for("wage_stoppage_deduction", facts, today=today)
    assert (cut.name, cut.months, cut.amount) == ("pay_cut_arrears", 3, 3600)
    # Agreed to (or asked for): nothing is owed back, and no figure.
    agreed = extract_facts("今年6月我自己申请调岗，工资从6000降到4800，做到8月底辞职了", today)
    assert calculations_for("wage_stoppage_deduction", agreed, today=today) == []
    # A cut without its month: the formula and an ask for it.
    (ask,) = calculations_for(
        "wage_stoppage_deduction", extract_facts("老板把我工资从6000降到4800"), today=today
    )
    assert ask.amount is None and ask.missing == ("months",)


def test_a_raise_splits_double_wage_and_averages_the_leaving_wage():
    today = dt.date(2025, 9, 20)
    text = (
        "2024年6月入职，一直没签合同，开始工资3600，今年3月涨到4200，我打算做到这个月底就走，可以要多少补偿"
    )
    facts = extract_facts(text, today)
    assert (facts.tenure_months.value, facts.months_since_wage_change.value) == (16, 7)
    (double,) = calculations_for("contract_written", facts, today=today)
    # Months 2..12 of work: July 2024..May 2025, 8 at 3600 (to February) and 3 at 4200.
    assert double.amount == 8 * 3600 + 3 * 4200
    inputs = calculator_inputs("severance", facts)
    assert inputs["previous_monthly_wage"] == 3600 and inputs["months_at_current_wage"] == 7
    (n,) = calculations_for("resign_for_cause", facts, today=today)
    assert n.amount == 1.5 * (5 * 3600 + 7 * 4200) / 12


def test_money_on_leaving_found_as_severance_keeps_the_dismissals_place_within_the_cap():
    found = [
        Issue(t, t, t, ranking("x", (t, s)).hits[0], s)
        for t, s in (("public_holidays", 0.66), ("severance", 0.59), ("annual_leave", 0.56))
    ]
    hits = {
        t: ranking("x", (t, 0.5)).hits[0] for t in ("wage_arrears", "wage_stoppage_deduction", "overtime_pay")
    }
    issues = add_event_issues(found, ["dismissed", "unpaid", "pay_cut", "overtime"], hits.get)
    # (the four events fill the cap: the clause's topic no event raises, public_holidays, follows them)
    assert [i.topic for i in issues] == [
        "severance",
        "wage_arrears",
        "wage_stoppage_deduction",
        "overtime_pay",
    ]


def test_the_kind_of_work_raises_its_own_rules():
    from bot.answering.issues import topic_raised_by

    found = [Issue("wage_arrears", "拖欠工资", "欠钱", ranking("x", ("wage_arrears", 0.7)).hits[0], 0.7)]
    hits = {"migrant_wage": ranking("x", ("migrant_wage", 0.5)).hits[0]}
    issues = add_event_issues(found, ["unpaid", "construction"], hits.get)
    assert [i.topic for i in issues] == ["wage_arrears", "migrant_wage"]
    assert topic_raised_by("platform") == "platform_workers"
    assert topic_raised_by("part_time") is None


def test_a_story_of_a_kept_id_card_or_a_pay_cut_is_judged_as_a_labour_story_by_the_scope_check():
    from types import SimpleNamespace

    from bot.answering.assistant import EVENT_REFERRAL_MARGIN, Assistant
    from bot.answering.case import Case

    calls = []

    class Referral:
        def outside_labour_law(self, vector, top, index=None, margin_only=False):
            calls.append((round(top, 2), margin_only))
            return False

    me = SimpleNamespace(referral=Referral())
    retrieval = SimpleNamespace(vector=[1.0], top_dense=0.5, hits=(), index=None)
    for story in ("入职的时候公司收走我的身份证说帮我保管", "工资从五千降到三千五", "合同到期公司不续签了"):
        Assistant._outside_labour_law(me, retrieval, Case(extract_facts(story), ()))
    assert calls == [(round(0.5 + EVENT_REFERRAL_MARGIN, 2), True)] * 3
    calls.clear()
    Assistant._outside_labour_law(me, retrieval, Case(extract_facts("邻居装修太吵"), ()))
    assert calls == [(0.5, False)]


def test_a_kept_id_card_raises_no_double_wage_question():
    assert calculations_for("contract_written", extract_facts("入职时公司收走我的身份证，现在要不回来")) == []
    (calc,) = calculations_for(
        "contract_written", extract_facts("收了押金，也一直没签合同，做了8个月工资4000")
    )
    assert calc.name == "double_wage" and calc.amount == 28000


@pytest.mark.parametrize(
    ("story", "for_cause"),
    [
        ("公司拖欠我两个月工资，我能要补偿吗", True),  # 第三十八条 (二) + 第四十六条: N
        ("一直没帮我买社保，我不想做了，有没有经济补偿", True),
        ("被辞退了，还拖欠两个月工资，赔多少", False),  # a dismissal: N or 2N, not for cause
        ("我自己辞职的，公司还拖欠两个月工资，有补偿吗", True),  # resigned over it
        ("在厂里被机器压伤了，也没买社保，赔偿多少", False),  # injury compensation
        ("公司拖欠我两个月工资", False),  # nothing asked
    ],
)
def test_compensation_asked_with_unpaid_wages_or_insurance_is_leaving_for_cause(story, for_cause):
    from bot.answering.issues import leaving_for_cause

    assert leaving_for_cause(extract_facts(story)) is for_cause


@pytest.mark.parametrize(
    ("turn", "where"),
    [
        ("要去边度告佢", True),
        ("去哪里投诉他", True),
        ("那医药费谁出", False),  # who pays, not where to complain
        ("哪里可以买到劳动合同范本", False),
        ("他又拖欠我两个月工资，要去哪里告", False),  # tells something new: the story's issues come first
    ],
)
def test_a_turn_asking_only_where_to_complain(turn, where):
    from bot.answering.issues import asks_where_to_complain

    assert asks_where_to_complain(turn, extract_facts(turn)) is where


def test_topics_that_need_the_story_to_speak_of_them():
    from bot.answering.issues import spoken_of

    assert not spoken_of("injury_disability", "老板把我辞退了，做了三年，工资五千")
    assert spoken_of("injury_disability", "在车间被机器压伤了手")
    assert spoken_of("injury_scope", "我老公在工地突然晕倒送去医院")
    assert not spoken_of("platform_workers", "在鞋厂做了两年没签合同")
    assert spoken_of("severance", "任何故事")  # a topic without a condition always may be raised
    # rest days are not annual leave; a story about annual leave names it
    assert not spoken_of("annual_leave", "一个月就休两天，国庆也照常上班")
    assert spoken_of("annual_leave", "年假这几年一天都没有")
    # the written contract's rules need the story to speak of a contract, a signature or what was kept on hiring
    assert not spoken_of("contract_written", "写了辞职信老板不准走，还说不会给我开离职证明")
    assert spoken_of("contract_written", "进厂时身份证被收起来了")
    # probation's rules need a probation: 能要多少赔偿 after three years' work is no probation question
    assert not spoken_of("probation_length", "做了三年多，主管叫我明天别来了，能要多少赔偿")
    assert spoken_of("probation_pay", "转正前只给两千八")
    # child labour's rules need a minor: an age under 18 or the word; a parent's child at school is none
    assert spoken_of("child_labour", "我女儿十五岁暑假去奶茶店打工")
    # overtime pay needs hours, rest days or holidays spoken of: 一蚊都唔使补 is the severance refused
    assert not spoken_of("overtime_pay", "份合同做到月尾 老板说不续了 他说一元都不用补 有没有得补 补多少")
    assert spoken_of("overtime_pay", "每天做十二个钟 一个月休两天")
    # ...without making overtime the topic a question names (its words are too common)
    from bot.answering.issues import named_in_question

    assert not named_in_question("overtime_pay", "想问春节那几天应该给我多少")
    assert spoken_of("child_labour", "厂里是不是不能招未满16岁的")
    assert not spoken_of("child_labour", "我家在榕城小孩在读书去不了")
    # a rule of the 2025 interpretation's hub needs its own matter told: a contract running out, or signed again
    assert spoken_of(
        "interpretation_2025", "合同到期了老板一直没续签我还在做", "contract-expired-keep-working-2025"
    )
    assert not spoken_of(
        "interpretation_2025", "主管叫我签了一份自愿放弃社保的承诺书", "contract-expired-keep-working-2025"
    )
    assert not spoken_of(
        "interpretation_2025", "站点跟我签的是合作协议", "contract-consecutive-fixed-term-2025"
    )
    assert spoken_of("interpretation_2025", "合同续签了两次", "contract-consecutive-fixed-term-2025")
    # a contract about to run out and not renewed is no work on after it ran out
    assert not spoken_of(
        "interpretation_2025",
        "合同签了三年这个月底就到期了公司说不续了",
        "contract-expired-keep-working-2025",
    )
    assert spoken_of(
        "interpretation_2025",
        "第一份合同三年今年七月到期了厂里没说续也没说不续我就照常上班到现在",
        "contract-expired-keep-working-2025",
    )
    # older workers' rules need an age of 40 and more or retirement: 十五岁 is a child's age
    assert spoken_of("older_workers", "我爸六十二岁还在工地做")
    assert not spoken_of("older_workers", "我女儿十五岁暑假去奶茶店打工")


def test_an_event_brings_its_own_rule_and_its_companions():
    from bot.answering.issues import EVENT_RULES

    # Two events on one topic: each brings its own rule.
    # (wages owed an issue of their own: the rule against pay withheld is quoted there, not here)
    queries = event_rule_queries(
        "wage_stoppage_deduction", ["stopped", "unpaid", "made_to_pay"], {"wage_arrears"}
    )
    assert queries == [
        ("wage_stoppage_deduction", EVENT_RULES["stopped"]),
        ("wage_stoppage_deduction", EVENT_RULES["made_to_pay"]),
    ]
    # An injury brings its deadline rule, what makes it 工伤 whoever was careless, the pay while off work, and the
    # employer's duty to pay when the worker was not insured.
    alone = event_rule_queries("injury_deadline", ["injured"], set())
    insured_not = event_rule_queries("injury_deadline", ["injured", "not_insured"], set())
    assert [t for t, _ in alone] == ["injury_deadline", "injury_scope", "injury_benefits"]
    assert len(insured_not) == 4 and "因工作原因" in alone[1][1]
    # A companion whose topic is an issue of its own is quoted there, not here.
    assert event_rule_queries("injury_deadline", ["injured"], {"injury_benefits"}) == alone[:2]
    assert event_rule_queries("injury_benefits", ["injured"], {"injury_deadline", "injury_benefits"}) == [
        alone[2]
    ]
    # Wages owed to a worker who has left bring the time limit once work has ended; while still working, none.
    from bot.answering.issues import LIMIT_AFTER_LEAVING_QUERY

    left = ("arbitration_limitation", LIMIT_AFTER_LEAVING_QUERY)
    assert left in event_rule_queries("wage_arrears", ["unpaid", "resigned"], set())
    assert left in event_rule_queries("wage_arrears", ["dismissed", "unpaid"], set())
    assert left not in event_rule_queries("wage_arrears", ["unpaid"], set())
    # A non-compete brings the 2025 interpretation: a clause on a worker who knew no trade secrets is void.
    assert [t for t, _ in event_rule_queries("non_compete", ["non_compete"], set())] == [
        "interpretation_2025"
    ]
    # An illness brings what is paid meanwhile (病假工资).
    assert event_rule_queries("medical_period", ["ill"], set()) == [("medical_period", EVENT_RULES["ill"])]
    # A kind of work brings its own first rule: 同工同酬 for a dispatched worker.
    assert event_rule_queries("labor_dispatch", ["dispatch"], set()) == [
        ("labor_dispatch", EVENT_RULES["dispatch"])
    ]
    # A builder's wage chain brings who answers for a 包工头 without a licence (the contractor, or the firm
    # lent its name), unless that is an issue of its own.
    builder = event_rule_queries("migrant_wage", ["construction"], set())
    assert [t for t, _ in builder] == ["migrant_wage", "interpretation_2025"]
    assert [t for t, _ in event_rule_queries("migrant_wage", ["construction"], {"interpretation_2025"})] == [
        "migrant_wage"
    ]
    # Asking where and what arbitration costs: both rules on the arbitration issue, where with its free-of-charge
    # rule; "where" raises no topic.
    from bot.answering.issues import FREE_QUERY, WHERE_QUERY, topic_raised_by

    both = event_rule_queries("arbitration_process", ["cost", "where"], set())
    assert both == [
        ("arbitration_process", EVENT_RULES["cost"]),
        ("arbitration_process", WHERE_QUERY),
        ("arbitration_process", FREE_QUERY),
    ]
    assert topic_raised_by("where") is None
    # ...and wages owed, where to complain of them: the labour inspectorate
    assert [t for t, _ in event_rule_queries("wage_arrears", ["where"], set())] == ["wage_arrears"]
    assert event_rule_queries("overtime_pay", ["where"], set()) == []
    # A pay cut of a nursing or pregnant worker brings the bar on cutting her pay to her issue, and to the pay cut's
    # issue when she has none of her own; a pay cut alone does not.
    bar = ("female_protection", "用人单位不得因女职工怀孕、生育、哺乳降低其工资、予以辞退")
    assert bar in event_rule_queries("female_protection", ["nursing", "pay_cut"], set())
    assert bar in event_rule_queries("wage_stoppage_deduction", ["pay_cut", "pregnant"], set())
    assert bar not in event_rule_queries("wage_stoppage_deduction", ["pay_cut"], set())
    # Asking whether maternity leave is paid brings the 生育津贴 rule to the maternity issue.
    assert [t for t, _ in event_rule_queries("maternity_leave", ["leave_pay"], set())] == ["maternity_leave"]
    facts = extract_facts("下个月生小孩，放产假的时候工资公司还发不发")
    assert "leave_pay" in {a.value for a in facts.asks}
    assert "leave_pay" not in {a.value for a in extract_facts("产假有几天").asks}


def test_the_second_rule_of_an_issue():
    """An issue's second rule is the whole story's next passage of its topic; without one, the clauses' nearest
    other passage when nearly as close; none for a topic gathering unrelated rules (two articles of the 2025
    interpretation answer two questions)."""
    from bot.answering.issues import Issue, runner_up

    story = ranking("q", ("severance", 0.8), ("wage_arrears", 0.75), ("severance", 0.6))
    clause = ranking("c", ("severance", 0.85), ("severance", 0.84))
    first = clause.hits[0]
    issue = Issue("severance", "x", "c", first, first.dense)
    # the story's next passage of the topic (its first is the issue's own), though less close than the clause's
    assert runner_up(issue, story, [clause]) == (story.hits[2],)
    # and a clause asking its own question of the topic (its nearest passage is a third rule of it): that rule too
    asked = Retrieval("c2", (Hit(chunk("severance", 5), 0.7, 0.7, 1, None),), 0.7)
    assert runner_up(issue, story, [clause, asked]) == (story.hits[2], asked.hits[0])
    alone = ranking("q", ("wage_arrears", 0.8))
    assert runner_up(issue, alone, [clause]) == (clause.hits[1],)
    far = ranking("c", ("severance", 0.85), ("severance", 0.5))
    assert runner_up(Issue("severance", "x", "c", far.hits[0], 0.85), alone, [far]) == ()
    gathering = ranking("q", ("interpretation_2025", 0.8), ("interpretation_2025", 0.78))
    hit = gathering.hits[0]
    assert runner_up(Issue("interpretation_2025", "x", "q", hit, hit.dense), gathering, []) == ()


@pytest.mark.slow
def test_a_dispatched_worker_paid_less_hears_of_equal_pay(real_assistant):
    answer = real_assistant.answer("我系派遣工，同正式工做一样嘅嘢，人工少好多")
    assert answer.case["issues"][0]["topic"] == "labor_dispatch"
    assert "同工同酬" in answer.text


@pytest.mark.slow
def test_a_dispatched_workers_one_issue_brings_the_rules_of_the_kind_of_work(real_assistant):
    # the nearest passage is another dispatch rule (the contract's term); the kind of work still brings equal pay
    answer = real_assistant.answer("我是派遣工，同一条线的正式工六千我们才四千五，派遣公司还说合同只签半年")
    assert [i["topic"] for i in answer.case["issues"]] == ["labor_dispatch"]
    assert "同工同酬" in answer.text


def test_what_the_question_names_is_named_in_it():
    from bot.answering.issues import named_in_question

    story = "这几年一天年假都没有，每天做十二个钟，想问辞职要提前多久，年假能不能折钱"
    assert named_in_question("annual_leave", story)
    assert not named_in_question("annual_leave", "年假都没有，想问辞职要提前多久")  # told, not asked
    assert not named_in_question("overtime_pay", story)  # no evidence words of its own


@pytest.mark.slow
def test_what_happened_that_the_question_names_is_kept_under_the_cap(real_assistant):
    answer = real_assistant.answer(
        "我在饭店做厨师做了四年工资六千，想辞职，老板说要提前三个月讲不然扣一个月工资，每天做十二个钟，"
        "一个月休两天，这几年一天年假都没有过，想问辞职要提前多久，年假能不能折钱"
    )
    assert "annual_leave" in [i["topic"] for i in answer.case["issues"]]


def test_a_dismissal_in_probation_brings_the_probation_rule_first():
    from bot.answering.issues import EVENT_TOPICS, story_events

    events = story_events(extract_facts("试用期三个月，才做了两个月主管就说我不符合录用条件叫我走"))
    assert events.index("probation_dismissed") < events.index("dismissed")
    assert EVENT_TOPICS["probation_dismissed"] == "probation_pay"
    # out of probation, the general rule alone
    assert "probation_dismissed" not in story_events(extract_facts("做了三年，上个月主管叫我走"))


def test_time_to_now_after_a_dated_start_is_the_same_job_and_a_conflict():
    facts = extract_facts(
        "我2024年5月入职一间家具厂，到现在做了五年多了，月薪6000", today=dt.date(2026, 11, 30)
    )
    assert facts.total_work_months is None and facts.tenure_months is None
    assert [c.field for c in facts.conflicts] == ["tenure_months"]


def test_past_retirement_age_a_missing_contract_raises_no_double_wage():
    from bot.answering.issues import story_events

    assert "no_contract" not in story_events(
        extract_facts("我爸今年62了在小区做保安，物业讲他超龄了不签合同")
    )
    assert "no_contract" in story_events(extract_facts("我今年45了在厂里做了三年，老板一直没签合同"))


def test_no_weekly_rest_comes_before_the_rest_days_pay():
    from bot.answering.issues import story_events

    events = story_events(extract_facts("他一个月只能休两天每天做九个钟"))
    assert "overtime" in events and events.index("no_rest") < events.index("overtime")


def test_setting_up_a_union_raises_the_union_formation_rule():
    from bot.answering.issues import ASK_RULES, story_events, topic_raised_by

    events = story_events(extract_facts("厂里六七十个人从来没有工会，大家想自己搞一个"))
    assert "form_union" in events and topic_raised_by("form_union") == "union_formation"
    assert ASK_RULES["form_union"][0][0] == "union_formation"


def test_meaning_to_resign_raises_the_notice_only_in_a_spare_slot():
    from bot.answering.issues import story_events

    assert "resigning" in story_events(extract_facts("做了四个月我想辞工，他们讲押金不退"))
    # dismissed: no notice to give
    assert "resigning" not in story_events(extract_facts("我想辞职，结果老板先叫我走人了"))
    found = [Issue("contract_written", "合同", "押金", ranking("x", ("contract_written", 0.8)).hits[0], 0.8)]
    hits = {"resignation_notice": ranking("x", ("resignation_notice", 0.5)).hits[0]}
    issues = add_event_issues(found, ["deposit", "resigning"], hits.get)
    assert [i.topic for i in issues] == ["contract_written", "resignation_notice"]
    full = [Issue(t, t, t, ranking("x", (t, 0.8)).hits[0], 0.8) for t in ("a", "b", "c", "d")]
    assert "resignation_notice" not in [i.topic for i in add_event_issues(full, ["resigning"], hits.get)]


@pytest.mark.slow
def test_the_employers_insurance_share_put_on_the_worker_brings_who_pays_which(real_assistant):
    answer = real_assistant.answer(
        "老细话要帮我哋买社保但系要我自己俾晒两份钱唔系就唔买，人工三千六蚊，系咪要我出晒"
    )
    assert "social_insurance" in [i["topic"] for i in answer.case["issues"]]
    assert "工伤保险费和生育保险费由用人单位缴纳" in answer.text


@pytest.mark.slow
def test_pay_during_maternity_leave_asked_brings_the_allowance(real_assistant):
    answer = real_assistant.answer("老婆上个月顺产生了个女儿，她能休几天产假，休产假的时候有没有钱")
    assert "生育津贴" in answer.text


def test_a_loss_taken_out_of_the_pay_quotes_the_rule_against_pay_withheld():
    from bot.answering.issues import event_rule_queries

    # beside the deduction issue when the wages owed are no issue of their own
    queries = event_rule_queries("wage_stoppage_deduction", ["made_to_pay"], {"wage_stoppage_deduction"})
    assert any(topic == "wage_arrears" and "克扣" in query for topic, query in queries)
    # on the wages-owed issue itself when the story raises it
    queries = event_rule_queries(
        "wage_arrears", ["made_to_pay", "unpaid"], {"wage_stoppage_deduction", "wage_arrears"}
    )
    assert any(topic == "wage_arrears" and "克扣" in query for topic, query in queries)


@pytest.mark.parametrize(
    ("topic", "story", "amount"),
    [
        ("wage_arrears", "我在厂里做了两年，一个月四千二，老板已经欠了我三个月工资没发", 12600),
        ("migrant_wage", "工地做杂工 一天三百做了一百天 包工头只给过八千 剩下的一直拖欠", 22000),
        ("wage_arrears", "公司四个月没发工资，一共欠了我两万四", 24000),
    ],
)
def test_wages_owed_are_computed_from_the_story(topic, story, amount):
    (calc,) = calculations_for(topic, extract_facts(story))
    assert (calc.name, calc.amount) == ("wage_arrears", amount)
    assert f"{amount}元" in calc.formula and "加付赔偿金" in calc.notes[0]


def test_no_wages_owed_figure_for_days_of_a_monthly_wage_or_without_a_count():
    # 欠了二十天工资: the worker's own count of days, no month's share guessed
    assert calculations_for("wage_arrears", extract_facts("一个月四千，老板欠了我二十天工资")) == []
    assert calculations_for("wage_arrears", extract_facts("老板一直拖欠工资怎么办")) == []


def test_the_days_pay_is_preferred_to_a_sum_told_roughly():
    story = "工地做钢筋 一天260 从今年五月做到十月底 算下来做了一百二十天 包工头跑了 托欠我爸三万多块"
    (calc,) = calculations_for("migrant_wage", extract_facts(story))
    assert calc.amount == 31200 and "260元×120天" in calc.formula


def test_rest_day_hours_are_paid_at_200_percent():
    facts = extract_facts("工资一个月两千一 上个月平时加斑加了66个钟 礼拜天加了32个钟 加斑费应该给多少")
    (calc,) = calculations_for("overtime_pay", facts)
    assert calc.amount == 1967.24


@pytest.mark.parametrize(
    ("story", "spoken"),
    [
        ("我老公骑电动车去上班被小车撞了 厂里说路上出的事跟厂里没关系", False),
        ("我在厂里做普工 主管老是对我动手动脚摸我", True),
        ("我女儿在服装店做导购 她怀孕三个月了老板叫她走", True),
        ("我在厂里做了三年 公司让女工上夜班", True),
    ],
)
def test_a_womans_protection_needs_the_story_to_speak_of_a_woman_worker(story, spoken):
    from bot.answering.issues import spoken_of

    assert spoken_of("female_protection", story) is spoken


def test_a_fee_taken_from_a_dispatched_workers_pay_quotes_the_no_fees_rule() -> None:
    queries = event_rule_queries("labor_dispatch", ["dispatch", "fined"], {"labor_dispatch"})
    assert ("labor_dispatch", "劳务派遣单位和用工单位都不得向被派遣劳动者收取费用") in queries
    assert not any(
        "收取费用" in q for _, q in event_rule_queries("labor_dispatch", ["dispatch"], {"labor_dispatch"})
    )


def test_wages_not_settled_are_wages_owed_by_the_employer() -> None:
    from bot.answering.facts import wages_owed_by_employer

    told = "老板叫我马上走 这个月工资也不结 说要扣房租"
    assert wages_owed_by_employer(extract_facts(told), told)


def test_the_heat_allowance_needs_the_story_to_speak_of_heat():
    # A deduction from wages sounds like "the heat allowance may not be cut from wages"; without heat, summer or
    # outdoor work told it is no issue of the story.
    from bot.answering.issues import spoken_of

    assert not spoken_of("heat_allowance", "公司要求我们每个月交200块团建费，不交就扣工资，合理吗")
    assert spoken_of("heat_allowance", "七月份天天在工地晒太阳，高温补贴一分没有")
    assert spoken_of("heat_allowance", "夏天在外面送货三十八度，公司说没有这个补贴")


@pytest.mark.slow
def test_a_later_turn_turning_to_a_matter_outside_labour_law_is_referred_on_its_own(assistant):
    history = [
        {"role": "user", "content": "我在金饰店做抛光，上个月被辞退了，老板给了经济补偿，这个已经搞清楚了"}
    ]
    loan = assistant.answer("还有一个，我借了三千块给以前厂里的同事，他现在不认账，这个怎么讨", history)
    assert loan.status == Status.OUT_OF_SCOPE and "12348" in loan.text
    # another labour matter told the same way is still answered
    overtime = assistant.answer("还有一个，我上个月加班40个小时，工资4350，加班费怎么算", history)
    assert overtime.status == Status.ANSWERED and "1500" in overtime.text


@pytest.mark.slow
def test_a_worker_who_died_of_a_sudden_illness_at_work_is_asked_about_as_an_injury(assistant):
    answer = assistant.answer(
        "我爸在学校饭堂做厨师做了六年，上个礼拜在厨房炒菜突然晕倒，送医院第二天人就走了，这个情况算不算工伤"
    )
    topics = {i["topic"] for i in answer.case["issues"]}
    assert "sudden_death" in {e["value"] for e in answer.case["facts"]["events"]}
    assert "injury_scope" in topics and "medical_period" not in topics
