"""The scope check read clause by clause: a labour story whose whole question drifts towards other law is
answered, a story about another matter that mentions a docked wage is referred (bot.answering.referral)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering.assistant import Assistant
from bot.answering.case import Case
from bot.answering.clauses import split_matters
from bot.answering.facts import extract_facts, without_told_between
from bot.answering.issues import Issue
from bot.answering.referral import (
    EVENT_CLAUSE_COSINE,
    LABOUR_CLAUSE,
    OUTSIDE_CLAUSE,
    OUTSIDE_MATTER,
    PLAIN_CLAUSE,
    REFERRAL_TOPIC,
    ClauseReading,
    ReferralCheck,
    ScopeOutcome,
    StoryScope,
    matters_tell_two,
    read_story_scope,
    tells_two_matters,
)
from bot.config import Settings
from bot.index.search import Hit, Retrieval, make_retriever
from bot.knowledge.snippet import Chunk
from bot.runtime import make_assistant
from bot.vocab import Status

pytest_plugins = ["support.app_fixtures"]

CLEARLY_LABOUR = LABOUR_CLAUSE - 0.1
PLAIN = (LABOUR_CLAUSE + PLAIN_CLAUSE) / 2
IN_BETWEEN = (PLAIN_CLAUSE + OUTSIDE_CLAUSE) / 2
CLEARLY_OUTSIDE = OUTSIDE_CLAUSE + 0.1


@pytest.mark.parametrize(
    ("scores", "scope"),
    [
        ([PLAIN, CLEARLY_LABOUR, PLAIN], StoryScope.LABOUR),
        ([CLEARLY_LABOUR, IN_BETWEEN], StoryScope.MIXED),  # a clause leaning to another matter
        ([CLEARLY_LABOUR, CLEARLY_OUTSIDE], StoryScope.MIXED),  # both matters clearly told
        ([PLAIN, CLEARLY_OUTSIDE, PLAIN], StoryScope.OUTSIDE),
        ([PLAIN, IN_BETWEEN, PLAIN], StoryScope.MIXED),  # nothing clear: the whole question decides
    ],
)
def test_a_story_is_read_from_its_clearest_clauses(scores, scope):
    assert read_story_scope(scores) is scope


class _ScoredClauses:
    """A referral check whose clause score is the clause vector's first number; the whole question is referred
    whatever it says, and whether it was judged on the margin alone is kept."""

    story_scope = ReferralCheck.story_scope
    margin_only = None

    def score(self, vector, top_labour, index=None, margin_only=False):
        return vector[0]

    def outside_labour_law(self, vector, top_labour, index=None, margin_only=False):
        self.margin_only = margin_only
        return True


def _clauses(*scores: float) -> list[tuple[str, Retrieval]]:
    return [(f"clause {n}", Retrieval(f"clause {n}", (), 0.5, vector=[s])) for n, s in enumerate(scores)]


def _judge(story: str, clauses, check=None) -> tuple[bool, _ScoredClauses]:
    check = check or _ScoredClauses()
    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=check)
    retrieval = Retrieval(story, (), 0.5, vector=[0.0])
    return assistant._outside_labour_law(retrieval, Case(extract_facts(story), ()), story, clauses), check


def test_a_story_with_a_clearly_labour_clause_and_nothing_else_is_not_referred():
    story = "孩子刚上幼儿园，想请育儿假，主管说厂里没有这种假"
    assert _judge(story, _clauses(PLAIN, CLEARLY_LABOUR, PLAIN))[0] is False
    # Without that clause, or beside a clause about another matter, the whole question decides.
    assert _judge(story, _clauses(PLAIN, PLAIN, PLAIN))[0] is True
    assert _judge(story, _clauses(CLEARLY_OUTSIDE, CLEARLY_LABOUR))[0] is True
    # A single clause says no more than the whole question.
    assert _judge(story, _clauses(CLEARLY_LABOUR))[0] is True


def test_a_docked_wage_does_not_shield_a_story_about_another_matter():
    story = "周末去河边钓鱼被人家的狗咬了，请假两天被扣了工资，狗主人不肯赔"
    assert "unpaid" in {e.value for e in extract_facts(story).events}
    referred, check = _judge(story, _clauses(CLEARLY_OUTSIDE, PLAIN, PLAIN))
    assert referred and check.margin_only is False  # judged as any question, classifier included
    # The same story with a clause clearly about a labour rule keeps the shield of a work story.
    referred, check = _judge(story, _clauses(CLEARLY_OUTSIDE, CLEARLY_LABOUR))
    assert check.margin_only is True


def test_a_worker_who_says_what_work_they_do_keeps_the_shield():
    story = "我在外卖平台跑单，周末去河边钓鱼被人家的狗咬了，请假两天被扣了工资"
    assert extract_facts(story).worker_types
    _, check = _judge(story, _clauses(CLEARLY_OUTSIDE, PLAIN, PLAIN))
    assert check.margin_only is True


def test_being_past_retirement_age_is_no_kind_of_work_that_keeps_the_shield():
    # a parent who worked until retirement, and a family matter about his money
    story = "我妈在纺织厂做到退休，去年走了，她的存款我们几兄弟姐妹要怎么分"
    assert {t.value for t in extract_facts(story).worker_types} == {"retired"}
    _, check = _judge(story, _clauses(CLEARLY_OUTSIDE, PLAIN, PLAIN))
    assert check.margin_only is False
    # ...nor when no clause is clear either way: the whole question decides, classifier included
    _, check = _judge(story, _clauses(IN_BETWEEN, PLAIN))
    assert check.margin_only is False
    # beside something that happened at work it counts (an older worker sent away)
    _, check = _judge("我爸六十三了在厂里做保安，老板叫他明天不用来了", _clauses(IN_BETWEEN, PLAIN))
    assert check.margin_only is True


def test_a_clause_asking_only_where_to_take_them_on_leaves_the_story_to_its_other_clauses():
    # 头家讲宿舍个床铺坏去卜扣我工钱…伊无给我签合同我卜去叨位告伊: the last clause alone reads as a lawsuit question
    story = "老板说宿舍床铺坏了要扣我工资，他没有给我签合同，我要去哪里告他"
    told = [
        ("老板说宿舍床铺坏了要扣我工资", PLAIN),
        ("他没有给我签合同", PLAIN),
        ("我要去哪里告他", CLEARLY_OUTSIDE),
    ]
    clauses = [(text, Retrieval(text, (), 0.5, vector=[score])) for text, score in told]
    _, check = _judge(story, clauses)
    assert check.margin_only is True  # a work story (wages docked, no contract): it keeps its shield
    # a clause that tells another matter still takes the shield away
    told[2] = ("房东不肯退押金", CLEARLY_OUTSIDE)
    clauses = [(text, Retrieval(text, (), 0.5, vector=[score])) for text, score in told]
    _, check = _judge("，".join(text for text, _ in told), clauses)
    assert check.margin_only is False


# --- a labour problem told beside another matter (the third outcome) ----------------------------------------

SURE = (
    EVENT_CLAUSE_COSINE + 0.05
)  # a clause's nearest labour passage: the labour problem raised with confidence
UNSURE = EVENT_CLAUSE_COSINE - 0.05


@pytest.mark.parametrize(
    ("readings", "two_matters"),
    [
        ([ClauseReading(PLAIN, SURE, True), ClauseReading(IN_BETWEEN, 0.4, False)], True),
        ([ClauseReading(PLAIN, SURE, True), ClauseReading(PLAIN, 0.5, False)], False),  # nothing else told
        ([ClauseReading(PLAIN, UNSURE, True), ClauseReading(IN_BETWEEN, 0.4, False)], False),  # labour unsure
        # wording alone (合同签一年 in a lease story) is no labour problem, however near a labour rule
        ([ClauseReading(CLEARLY_LABOUR, SURE, False), ClauseReading(CLEARLY_OUTSIDE, 0.4, False)], False),
        # ...unless the worker asks it (哺乳期每天有没有喂奶时间 beside a divorce): a labour question asked
        (
            [
                ClauseReading(CLEARLY_LABOUR, SURE, False, asks=True),
                ClauseReading(CLEARLY_OUTSIDE, 0.4, False),
            ],
            True,
        ),
        (
            [
                ClauseReading(CLEARLY_LABOUR, UNSURE, False, asks=True),
                ClauseReading(CLEARLY_OUTSIDE, 0.4, False),
            ],
            False,
        ),
        # a clause asking only where to take someone on (要去哪里告他) names no other matter
        (
            [
                ClauseReading(PLAIN, SURE, True),
                ClauseReading(CLEARLY_OUTSIDE, 0.4, False, names_matter=False),
            ],
            False,
        ),
        # what happened at work told in a clause leaning to the other matter (请假被扣的工资找谁赔) is its consequence
        ([ClauseReading(IN_BETWEEN, SURE, True), ClauseReading(CLEARLY_OUTSIDE, 0.4, False)], False),
    ],
)
def test_two_matters_need_a_sure_labour_problem_and_a_clause_leaning_to_another_matter(readings, two_matters):
    assert tells_two_matters(readings) is two_matters


def test_matters_read_whole_tell_two_when_one_is_clearly_a_labour_rule_and_another_leans_out():
    # 公司人事说产假只有九十八天…到底有几天。另外…房东说押金不退: the first matter is clearly about a labour rule
    labour = ClauseReading(CLEARLY_LABOUR, SURE, False)
    lease = ClauseReading(OUTSIDE_MATTER + 0.2, 0.5, False)
    assert matters_tell_two([labour, lease])
    assert not matters_tell_two(
        [ClauseReading(CLEARLY_LABOUR, UNSURE, False), lease]
    )  # no passage near enough
    assert not matters_tell_two([ClauseReading(PLAIN, SURE, False), lease])  # not clearly a labour rule
    assert not matters_tell_two(
        [labour, ClauseReading(OUTSIDE_MATTER - 0.05, 0.5, False)]
    )  # nothing else told
    # 年假一日都无放过…无放的年假会补钱无？还有阮阿爸上个月过身…分厝: what happened at work told in the first matter,
    # on the labour side though no passage is near enough, is the labour problem too
    assert matters_tell_two([ClauseReading(PLAIN, UNSURE, True), lease])
    assert not matters_tell_two([ClauseReading(-PLAIN, UNSURE, True), lease])  # nearer the other side


WAGES = "老板拖欠我两个月工资"
DEPOSIT = "还有房东不肯退押金两千"


def _referral_hit() -> Hit:
    chunk = Chunk(
        "hotline-12348-legal#0", "hotline-12348-legal", "12348", "x", "hotline", "全国", "s", "2022-01-01"
    )
    return Hit(replace(chunk, topic=REFERRAL_TOPIC), 1.0, 0.6, 1, 1)


def _topic_issue_hit(topic: str) -> Hit:
    chunk = Chunk(f"{topic}#0", topic, topic, "x", "injury", "全国", "s", "2020-01-01", topic=topic)
    return Hit(chunk, 1.0, 0.7, 1, 1)


def _told(*clauses: tuple[str, float, float, tuple]) -> list[tuple[str, Retrieval]]:
    """(clause, scope score, nearest labour cosine, hits) as the story's clauses with their rankings."""
    return [(text, Retrieval(text, hits, top, vector=[score])) for text, score, top, hits in clauses]


class _PlainMatters:
    """Searches a matter the story turns to (还有…) as a plain one: neither side of the scope check."""

    def search_many(self, texts, k, region=None):
        return [Retrieval(text, (), 0.0, vector=[0.0]) for text in texts]


def _outcome(clauses) -> tuple[ScopeOutcome, Assistant, Case, list]:
    story = "，".join(text for text, _ in clauses)
    assistant = Assistant(retriever=_PlainMatters(), refusal_threshold=0.5, referral=_ScoredClauses())
    case = Case(extract_facts(story), ())
    readings = assistant._clause_readings(case, clauses)
    retrieval = Retrieval(story, (), 0.5, vector=[0.0])  # the whole question: referred by the fake check
    return assistant._scope_outcome(retrieval, case, story, clauses, readings), assistant, case, readings


def test_unpaid_wages_told_beside_a_landlords_deposit_are_answered_and_the_deposit_named():
    clauses = _told((WAGES, PLAIN, SURE, ()), (DEPOSIT, IN_BETWEEN, 0.45, (_referral_hit(),)))
    outcome, assistant, case, readings = _outcome(clauses)
    assert outcome is ScopeOutcome.TWO_MATTERS
    wages = Issue("wage_arrears", "拖欠工资", WAGES, _referral_hit(), 0.7)
    named = assistant._with_other_matter(replace(case, issues=(wages,)), readings, outcome, None)
    assert [(i.topic, i.clause) for i in named.issues] == [("wage_arrears", WAGES), (REFERRAL_TOPIC, DEPOSIT)]
    # In a story answered as labour, only a clause clearly about another matter is named.
    kept = assistant._with_other_matter(replace(case, issues=(wages,)), readings, ScopeOutcome.ANSWER, None)
    assert [i.topic for i in kept.issues] == ["wage_arrears"]


def test_a_clause_telling_what_happened_at_work_is_not_named_as_another_matter_of_a_labour_story():
    # the station making the rider pay for a stolen bike reads as theft, but the worker is made to pay
    stolen = "前几天电动车被偷了站长还让我自己赔"
    assert {e.value for e in extract_facts(stolen).events} & {"made_to_pay"}
    clauses = _told(
        ("每天要在线十二个小时", PLAIN, SURE, ()), (stolen, CLEARLY_OUTSIDE, 0.45, (_referral_hit(),))
    )
    _, assistant, case, readings = _outcome(clauses)
    hours = Issue("working_hours", "工作时间", "每天要在线十二个小时", _topic_issue_hit("working_hours"), 0.7)
    kept = assistant._with_other_matter(replace(case, issues=(hours,)), readings, ScopeOutcome.ANSWER, None)
    assert [i.topic for i in kept.issues] == ["working_hours"]


def test_an_iou_the_boss_made_the_worker_sign_is_the_wage_claim_not_another_matter():
    note = "老板叫我签了一张借条说是我借他的钱"
    owed = "其实是他欠我三个月工资"
    clauses = _told((owed, PLAIN, SURE, ()), (note, IN_BETWEEN, 0.45, (_referral_hit(),)))
    outcome, assistant, case, readings = _outcome(clauses)
    assert outcome is ScopeOutcome.TWO_MATTERS
    wages = Issue("wage_arrears", "拖欠工资", owed, _topic_issue_hit("wage_arrears"), 0.7)
    kept = assistant._with_other_matter(replace(case, issues=(wages,)), readings, outcome, None)
    assert [i.topic for i in kept.issues] == ["wage_arrears"]


def test_a_story_whose_labour_problem_is_unsure_or_alone_is_judged_as_before():
    # the labour clause farther from its rule: referred whole, as before
    dismissed = "老板叫我明天不用来了"
    assert (
        _outcome(_told((dismissed, PLAIN, UNSURE, ()), (DEPOSIT, IN_BETWEEN, 0.45, ())))[0]
        is ScopeOutcome.REFER
    )
    # nothing leaning to another matter beside it: the whole-question check's word stands
    assert (
        _outcome(_told((dismissed, PLAIN, SURE, ()), ("这个怎么办呢", PLAIN, 0.45, ())))[0]
        is ScopeOutcome.REFER
    )


def test_wages_owed_by_the_employer_are_answered_even_when_the_whole_story_is_referred():
    # unsure of the wage clause, yet wages owed: answered, the deposit beside them named
    assert (
        _outcome(_told((WAGES, PLAIN, UNSURE, ()), (DEPOSIT, IN_BETWEEN, 0.45, ())))[0]
        is ScopeOutcome.TWO_MATTERS
    )
    # alone: answered
    assert (
        _outcome(_told((WAGES, PLAIN, SURE, ()), ("这个怎么办呢", PLAIN, 0.45, ())))[0] is ScopeOutcome.ANSWER
    )


def test_wages_owed_beside_money_the_boss_borrowed_are_answered_and_a_loan_to_a_workmate_referred():
    # the boss ran off, the wages told unpaid after it, and he had borrowed from the worker: two matters
    fled = "老板跑路电话也打不通我们十月的工资一人三千多都没发"
    loan = "他上个月还跟我借了两千说周转"
    clauses = _told(
        (fled, PLAIN, UNSURE, ()), (loan, IN_BETWEEN, 0.45, ()), ("我们到哪里去告他", PLAIN, 0.4, ())
    )
    assert _outcome(clauses)[0] is ScopeOutcome.TWO_MATTERS
    # a workmate's loan to be repaid from his pay (写了张欠条说发工资就还): no wages of the worker owed, referred
    workmate = "厂里一个工友跟我借了两万块写了张欠条说发工资就还"
    clauses = _told((workmate, PLAIN, UNSURE, ()), ("他辞工回老家了我要去哪里告他", IN_BETWEEN, 0.45, ()))
    assert _outcome(clauses)[0] is ScopeOutcome.REFER


def test_a_clause_whose_nearest_rule_is_an_issue_of_the_story_is_not_named_as_another_matter():
    # 下班路上被车撞了 reads as another matter, but its nearest rule is the 工伤 issue's own
    accident = "下班回家路上被一辆小车撞了"
    scope = _topic_issue_hit("injury_scope")
    clauses = _told(
        ("厂里说不算工伤", PLAIN, SURE, ()), (accident, CLEARLY_OUTSIDE, 0.5, (scope, _referral_hit()))
    )
    _, assistant, case, readings = _outcome(clauses)
    injury = Issue("injury_scope", "是否算工伤", "厂里说不算工伤", scope, 0.7)
    kept = assistant._with_other_matter(replace(case, issues=(injury,)), readings, ScopeOutcome.ANSWER, None)
    assert [i.topic for i in kept.issues] == ["injury_scope"]


def test_issues_raised_only_by_the_other_matters_clauses_are_dropped():
    from bot.answering.assistant import _without_other_matters_issues

    divorce = "另外我老婆要跟我离婚"
    clauses = _told(("上个月被辞退没给补偿", PLAIN, SURE, ()), (divorce, IN_BETWEEN, 0.5, ()))
    _, _, case, readings = _outcome(clauses)
    dismissed = Issue("illegal_termination", "违法辞退", "上个月被辞退没给补偿", _topic_issue_hit("x"), 0.7)
    leave = Issue("paternity_childcare", "育儿假", divorce, _topic_issue_hit("paternity_childcare"), 0.55)
    kept = _without_other_matters_issues(replace(case, issues=(dismissed, leave)), readings)
    assert [i.topic for i in kept.issues] == ["illegal_termination"]


@pytest.mark.parametrize(
    ("text", "matters"),
    [
        (
            "厂里欠了我两个月工资，一个月四千。还有一件事，放假去玩被车撞了，对方不赔",
            ["厂里欠了我两个月工资，一个月四千", "还有一件事，放假去玩被车撞了，对方不赔"],
        ),
        (
            "奶奶留下一套房子怎么分？另外公司试用期只发三千五",
            ["奶奶留下一套房子怎么分", "另外公司试用期只发三千五"],
        ),
        ("老板欠我工资还有加班费", []),  # "还有加班费" is too short to be a matter: one matter told
        ("老板欠了我三个月工资，还有吗", []),  # a marker at the very end turns to nothing
        ("被辞退了没有补偿", []),
    ],
)
def test_a_message_is_split_where_the_worker_turns_to_another_matter(text, matters):
    assert split_matters(text) == matters


def test_numbers_and_events_told_in_another_matter_leave_the_labour_facts():
    story = "做了四年零八个月，月工资四千六，老板三个月没发工资。另外分期买手机，每月三百，车也被撞了"
    facts = extract_facts(story)
    assert [c.field for c in facts.open_conflicts()] == ["monthly_wage"]  # 四千六 or 三百?
    start = story.index("另外")
    kept = without_told_between(facts, start, len(story))
    assert kept.monthly_wage.value == 4600 and kept.open_conflicts() == ()
    assert kept.tenure_months.value == 56 and {e.value for e in kept.events} >= {"unpaid"}
    assert all(e.span.start < start for e in kept.events)
    assert without_told_between(facts, 0, 0) == facts  # nothing told there: unchanged


# --- on the real knowledge base and model -------------------------------------------------------------------


@pytest.fixture(scope="module")
def assistant(real_index, usem3):
    settings = Settings()
    return make_assistant(settings, make_retriever(settings, usem3, real_index))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        # Family words (老公, 孩子) took the whole question nearer a custody example than the leave rule.
        "我老公在外地打工，我在电子厂上班，孩子一岁半，想请育儿假陪孩子，主管说没有这种假，我们两个人是不是都能请",
        "我在一间私立培训学校教书做了三年，工资四千，这个学期没有学生，校长让我们回家等通知，每个月只发八百块，"
        "学校要是关了能拿到补偿吗，去哪里申请仲裁",
    ],
)
def test_labour_stories_that_mention_family_or_school_are_answered(assistant, question):
    assert assistant.answer(question).status == Status.ANSWERED


@pytest.mark.slow
def test_a_rider_hurt_while_delivering_is_answered_as_a_work_injury(assistant):
    answer = assistant.answer(
        "我在普宁跑美团专送，站长每天排班，前天送餐路上被一辆面包车撞了，手骨折了，站点说我不是他们的员工不管，我该找谁"
    )
    assert answer.status == Status.ANSWERED and "12348" not in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        # a relative's employer taking a loss out of his pay (从他工资里扣), told by his wife
        "我老公在物流公司开车，出车时撞坏了别人的车，老板讲修车的钱全部从他工资里扣，三个月没拿到钱，这样合法吗",
        # overtime asked about is still the story's labour problem
        "我在鞋厂做了两年，每天加班到晚上十点，加班费一直按平时工资算，这样对吗",
        # hurt on the way home from a night shift, a mortgage told as background (家里还有房贷 turns to nothing)
        "我老公下夜班骑电动车回宿舍路上被泥头车撞断了腿，厂里讲不是在厂里受伤不关他们事，家里还有房贷，这个能算工伤吗",
        # the IOU the boss made the worker sign is the wage claim itself
        "老板叫我签了一张借条说是我借他的钱，其实是他欠我三个月工资，我该怎么办",
    ],
)
def test_labour_stories_that_sound_like_other_matters_name_no_other_matter(assistant, question):
    answer = assistant.answer(question)
    topics = [i["topic"] for i in answer.case["issues"]]
    assert answer.status == Status.ANSWERED and "12348" not in answer.text and REFERRAL_TOPIC not in topics


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "放假在家附近散步被一辆小货车刮倒，司机说车是他老板的，我看病花了三千，请假又扣了工资，该让谁赔",
        "周末休息我带孩子去公园玩，孩子被别人家的狗咬了，打疫苗花了两千块，还请了两天假被扣工资，狗主人不肯赔怎么办",
        # the kind of work said (工地) with nothing that happened at work: a fight in a bar is no labour story
        "我表哥在惠来的工地做泥水工，前天晚上收工后在烧烤摊跟人吵架动手把对方打伤了，现在人被警察带走了，会坐牢吗",
        # overtime told as what the job is like is no labour event of the story
        "我们厂天天要加班，我想报个夜校读书，学校收了三千块学费后来停办了不退钱怎么办",
    ],
)
def test_accidents_off_work_that_cost_a_docked_wage_are_referred(assistant, question):
    answer = assistant.answer(question)
    assert answer.status == Status.OUT_OF_SCOPE and "12348" in answer.text


def test_the_referral_is_an_issue_of_an_answered_story_only_for_a_clause_clearly_outside():
    assistant = Assistant(retriever=None, refusal_threshold=0.5, referral=_ScoredClauses())
    clauses = _clauses(CLEARLY_LABOUR, IN_BETWEEN, CLEARLY_OUTSIDE)
    assert assistant._clause_outside("clause 2", clauses)
    assert not assistant._clause_outside("clause 1", clauses)  # sounds legal, not clearly another matter
    assert not assistant._clause_outside("a clause the story does not have", clauses)


@pytest.mark.slow
def test_a_dismissal_told_beside_a_divorce_is_answered_and_the_divorce_referred(assistant):
    answer = assistant.answer(
        "我在厂里做了三年，上个月被辞退没给补偿，另外我老婆要跟我离婚，孩子抚养权怎么判"
    )
    assert answer.status == Status.ANSWERED and "12348" in answer.text and "离婚" in answer.text
    topics = [i["topic"] for i in answer.case["issues"]]
    assert topics[-1] == REFERRAL_TOPIC and {"illegal_termination", "severance"} & set(topics)
    assert "paternity_childcare" not in topics  # the divorce clause's nearest rule is no issue of the story


@pytest.mark.slow
def test_the_worker_told_to_go_is_answered_however_the_clause_leans_but_another_persons_dismissal_is_not(
    assistant,
):
    answer = assistant.answer("我跟老公都在同一个厂上班，离婚后厂里说夫妻只能留一个，叫我走")
    assert answer.status == Status.ANSWERED
    assert {"illegal_termination", "severance"} & {i["topic"] for i in answer.case["issues"]}
    told = (
        "小区保安把我打伤了，物业公司已经把那个保安辞退了，现在物业说人走了让我自己找他赔，物业公司有没有责任"
    )
    assert assistant.answer(told).status == Status.OUT_OF_SCOPE


@pytest.mark.slow
def test_another_matter_the_worker_turns_to_is_named_and_leaves_the_labour_case(assistant):
    # the accident's clauses alone say little (被一辆货车撞了, 医药费不给); the matter read whole is a road
    # accident on a day off: named with 12348, and its clauses raise no 工伤 issue
    answer = assistant.answer(
        "我在揭东一间五金厂做了两年多，老板已经两个月没发工资了，一个月四千二，可以去哪里投诉？还有一件事，"
        "上个月放假我开摩托车去汕头玩，在路上被一辆货车撞了，对方只肯赔一千块修车钱，医药费不给，这个要怎么处理"
    )
    assert answer.status == Status.ANSWERED and "12348" in answer.text
    topics = [i["topic"] for i in answer.case["issues"]]
    assert topics[0] == "wage_arrears" and topics[-1] == REFERRAL_TOPIC
    assert not [t for t in topics if t.startswith("injury")]


@pytest.mark.slow
def test_a_story_referred_whole_shows_the_referral_in_its_case(assistant):
    answer = assistant.answer("我跟老公要离婚，家里的存款是我打工挣的，孩子归谁，房子怎么分")
    assert answer.status == Status.OUT_OF_SCOPE
    assert [i["topic"] for i in answer.case["issues"]] == [REFERRAL_TOPIC]


@pytest.mark.parametrize(
    ("turn", "asks_the_story"),
    [
        ("我每个月工资大概四千六", True),  # only a number: the story's figure
        ("那我能拿多少", True),
        ("那试用期呢", False),  # names what it asks about next
        ("要去哪里告他", False),  # an ask of its own
    ],
)
def test_a_turn_that_completes_the_figure_asks_the_storys_issue(turn, asks_the_story):
    import datetime as dt

    from bot.answering.assistant import _asks_the_story

    assert _asks_the_story(turn, dt.date(2026, 11, 30)) is asks_the_story


@pytest.mark.slow
def test_a_wage_told_in_a_later_turn_completes_the_dismissal_figure(assistant):
    history = []
    for turn in ("我在厂里做了三年半，上个月被炒了", "我工资一个月五千"):
        answer = assistant.answer(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.text}]
    answer = assistant.answer("那我能拿多少", history)
    # 3 years 6 months: N = 4, 2N = 8 months of 5000
    assert "赔偿金" in answer.text and "40000" in answer.text


@pytest.mark.slow
def test_where_to_take_the_employer_on_comes_with_what_it_costs(assistant):
    story = "我在工地做钢筋，包工头欠我三个月工钱一直拖着不给"
    history = [
        {"role": "user", "content": story},
        {"role": "assistant", "content": assistant.answer(story).text},
    ]
    answer = assistant.answer("那去边度告佢", history)
    assert "履行地" in answer.text and "不收费" in answer.text


@pytest.mark.slow
def test_where_to_take_the_employer_on_is_answered_in_a_first_telling(assistant):
    answer = assistant.answer(
        "我上个月辞工了，厂里到现在还扣着我最后一个月的工资不给，还有三百块押金不退，我该去哪里告"
    )
    assert "arbitration_process" in [i["topic"] for i in answer.case["issues"]]
    assert "履行地" in answer.text and "不收费" in answer.text


def test_a_co_workers_loan_is_not_two_matters_for_what_his_pay_could_do():
    # 找老板扣他工资 is the loan's matter: the story is referred whole
    loan = "厂里一个工友跟我借了一万块说发工资就还"
    his_pay = "可以去厂里找老板扣他工资吗"
    assert _outcome(_told((loan, IN_BETWEEN, 0.45, ()), (his_pay, PLAIN, SURE, ())))[0] is ScopeOutcome.REFER
    # the worker's own wages owed beside the loan: two matters
    assert (
        _outcome(_told((loan, IN_BETWEEN, 0.45, ()), (WAGES, PLAIN, SURE, ())))[0] is ScopeOutcome.TWO_MATTERS
    )


def test_the_part_telling_everything_that_happened_at_work_is_no_other_matter() -> None:
    from types import SimpleNamespace

    from bot.answering.assistant import _tells_every_event

    story = (
        "我在五金厂开车上礼拜老板叫我开厂里的货车去汕头送货路上追尾人家我自己头缝了八针"
        "老板讲车是他的要我赔修车费每个月从工资扣两千家里还有房贷要还这个钱我要赔吗"
    )
    case = SimpleNamespace(facts=extract_facts(story))
    first, second = split_matters(story)
    assert _tells_every_event(case, first, story)
    assert not _tells_every_event(case, second, story)
    # an accident on a day off told first, wages owed after 另外: the accident may be the other matter
    story = "礼拜天放假骑车去钓鱼被小车撞了脚骨折了对方不肯赔另外老板还欠我两个月工资没发"
    case = SimpleNamespace(facts=extract_facts(story))
    first, _ = split_matters(story)
    assert not _tells_every_event(case, first, story)


def test_notes_the_boss_wrote_the_workers_for_wages_he_could_not_pay_are_the_wage_claim():
    # 发不出工资 then 老板给每个工人写了借条: wages owed, with the note over them; not a loan referred
    unpaid = "厂里去年开始发不出工资"
    note = "老板就给每个工人写了借条"
    clauses = _told((unpaid, PLAIN, UNSURE, ()), (note, PLAIN, 0.45, ()), ("要去哪里讨", PLAIN, 0.4, ()))
    assert _outcome(clauses)[0] is ScopeOutcome.ANSWER
    # the note's clause leaning out: still answered, not referred whole
    clauses = _told((unpaid, PLAIN, UNSURE, ()), (note, IN_BETWEEN, 0.45, ()), ("要去哪里讨", PLAIN, 0.4, ()))
    assert _outcome(clauses)[0] is not ScopeOutcome.REFER


class _NeverRefers:
    """A scope check that answers every whole question (the whole story reads as labour)."""

    def score(self, vector, top_labour, index=None, margin_only=False):
        return vector[0]

    def outside_labour_law(self, vector, top_labour, index=None, margin_only=False):
        return False


def test_money_lent_to_a_workmate_is_referred_whatever_the_borrower_did_at_work():
    def outcome(story: str) -> ScopeOutcome:
        assistant = Assistant(retriever=_PlainMatters(), refusal_threshold=0.5, referral=_NeverRefers())
        case = Case(extract_facts(story), ())
        retrieval = Retrieval(story, (), 0.5, vector=[0.0])
        return assistant._scope_outcome(retrieval, case, story, [], [])

    assert outcome("我借三千给同厂个工友 他辞工走了电话不接 要怎样讨") is ScopeOutcome.REFER
    # the worker's own wages owed beside the loan, or a note the boss wrote over wages: not referred for the loan
    assert outcome("我借三千给同厂个工友 老板还欠我两个月工资没发") is ScopeOutcome.ANSWER
    assert outcome("老板写了张借条给我 其实是工钱 最后还剩一万六没给") is ScopeOutcome.ANSWER
    # ...nor a family's loan to an injured worker (the injury is the story)
    assert outcome("我老弟在工地跌倒手骨断了 我们借钱给他看病 工伤要怎么申请") is ScopeOutcome.ANSWER


def test_a_person_named_as_that_man_is_a_person_whose_whereabouts_are_not_looked_up():
    from bot.answering.referral import asks_for_personal_details

    assert asks_for_personal_details("能不能帮我查一下那个男的现在在哪个厂上班 住在哪里 电话多少")
    assert not asks_for_personal_details("那个男的打了我 我要去哪里告他")
