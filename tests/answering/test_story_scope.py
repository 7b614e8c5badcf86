"""The scope check read clause by clause: a labour story whose whole question drifts towards other law is
answered, a story about another matter that mentions a docked wage is referred (bot.answering.referral)."""

from __future__ import annotations

import pytest

from bot.answering.assistant import Assistant
from bot.answering.case import Case
from bot.answering.facts import extract_facts
from bot.answering.referral import (
    LABOUR_CLAUSE,
    OUTSIDE_CLAUSE,
    PLAIN_CLAUSE,
    ReferralCheck,
    StoryScope,
    read_story_scope,
)
from bot.config import Settings
from bot.index.search import Retrieval, make_retriever
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
@pytest.mark.parametrize(
    "question",
    [
        "放假在家附近散步被一辆小货车刮倒，司机说车是他老板的，我看病花了三千，请假又扣了工资，该让谁赔",
        "周末休息我带孩子去公园玩，孩子被别人家的狗咬了，打疫苗花了两千块，还请了两天假被扣工资，狗主人不肯赔怎么办",
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
