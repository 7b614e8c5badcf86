"""A story told over several turns: what continues the case, what it keeps, what a follow-up quotes; limits the
facts go beyond. Real-model tests share one assistant over the repo knowledge base."""

from __future__ import annotations

import pytest

from bot.answering.facts import extract_facts
from bot.answering.issues import Issue, over_limits
from bot.index.search import Hit
from bot.knowledge.snippet import Chunk
from bot.vocab import Status

pytest_plugins = ["support.app_fixtures"]


@pytest.fixture
def assistant(real_assistant):
    return real_assistant


@pytest.mark.slow
def test_a_story_told_over_several_turns_keeps_its_facts_and_issues(assistant):
    """A stoppage told first, the unpaid wage and the wage next, then two questions: every turn is answered
    against the whole case, and "where do I sue him" in that case is a labour question, not a referral to
    12348. A stoppage is no dismissal (no 2N); the compensation asked for is 经济补偿 for leaving because wages
    went unpaid: 3.5 years from turn 1 and 4500 from turn 2 give 4 x 4500."""
    history: list[dict] = []
    answers = []
    for turn in (
        "我系揭阳一间鞋厂做嘢嘅，做咗三年半，上个月老细话订单少叫我哋唔使返工",
        "佢仲欠我两个月人工，每个月四千五",
        "咁我可以攞几多钱补偿",
        "要去边度告佢",
    ):
        answer = assistant.answer(turn, list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.text}]
        answers.append(answer)
    assert all(a.status == Status.ANSWERED for a in answers)
    assert all(a.case["continued"] for a in answers[1:])
    second = {i["topic"] for i in answers[1].case["issues"]}
    assert {"wage_stoppage_deduction", "wage_arrears"} <= second and "illegal_termination" not in second
    third = answers[2].case["issues"]
    assert third[0]["topic"] == "resign_for_cause" and "18000" in third[0]["figure"]
    fourth = answers[3].case["issues"]
    assert fourth[0]["topic"] == "arbitration_process" and "劳动合同履行地" in answers[3].text


def _topic_issue(topic: str, snippet: str, clause: str = "", whole_story: bool = False, more=()) -> Issue:
    chunk = Chunk(f"{snippet}#0", snippet, snippet, "x", "women", "全国", "s", "2020-01-01", topic=topic)
    return Issue(topic, topic, clause, Hit(chunk, 1.0, 0.7, 1, 1), 0.7, tuple(more), whole_story)


def test_a_topic_asked_again_is_led_by_the_rule_for_the_new_words():
    from bot.answering.issues import asked_again

    story = _topic_issue("female_protection", "no-dismissal-pregnancy")
    now = _topic_issue("female_protection", "breastfeeding-no-night-shift", clause="现在公司要我上夜班呢")
    again = asked_again(story, now)
    assert again.hit.chunk.snippet_id == "breastfeeding-no-night-shift"
    assert [h.chunk.snippet_id for h in again.more] == ["no-dismissal-pregnancy"]
    assert asked_again(story, None) is story
    assert (
        asked_again(story, _topic_issue("female_protection", "no-dismissal-pregnancy", clause="x")) is story
    )


@pytest.mark.slow
def test_a_turn_that_only_tells_more_adds_facts_and_no_issue(assistant):
    """In a Teochew injury story, "我做两年外，月工资四千" completes the case and raises nothing new (its nearest
    rule was 经济补偿); "厂里无签合同" then adds the contract issue with its figure (11 months x 4000)."""
    history: list[dict] = []
    answers = []
    for turn in (
        "阮佇头家个厂做工，上礼拜手乎机器压着，头家讲无买保险，叫我家己去看",
        "我做两年外，月工资四千",
        "厂里无签合同",
    ):
        answer = assistant.answer(turn, list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.text}]
        answers.append([i["topic"] for i in answer.case["issues"]])
    assert answers[1] == answers[0]
    assert answers[2][: len(answers[0])] == answers[0] and "contract_written" in answers[2]


@pytest.mark.slow
def test_a_follow_up_quotes_the_list_item_of_the_story(assistant):
    """ "我不想辞，怎么办" after a pregnancy story: the protected-workers list is quoted at its pregnancy item,
    read from the whole story, not at whichever item the follow-up's own words are nearest."""
    first = "我怀孕5个月了，公司想让我主动辞职，说不辞就调我去仓库搬货"
    earlier = assistant.answer(first)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": earlier.text}]
    answer = assistant.answer("我不想辞，怎么办", history)
    assert answer.case["continued"] and "女职工在孕期、产期、哺乳期" in answer.text
    assert "连续工作满十五年" not in answer.text and "职业病" not in answer.text


@pytest.mark.parametrize(
    ("story", "over"),
    [
        ("一个月加班差不多100个小时", True),
        ("每个月加班三十个小时", False),
        ("每天加班4个小时", True),
        ("每天加班两个小时", False),
        ("加班八九十个小时", True),  # said without a period: per month
        ("月工资五千", False),
        ("每天早八点做到晚十点", True),  # a 14-hour day: 6 hours of overtime a day
        # a 10-hour day on every working day: 2 × 21.75 = 43.5 hours of overtime a month, over the 36
        ("每天做十个钟", True),
        ("每天做九个钟", False),  # 21.75 hours a month
        ("每天早上八点做到晚上八点中间吃饭一个钟", True),  # 11 hours worked, the break told
        ("我跑外卖，每天早八点跑到晚十点", False),  # a rider sets their own hours
        ("平时每天加班2小时，一个月上22天班", True),  # 44 hours a month
        ("平时每天加班1小时，一个月上22天班", False),  # 22 hours a month
    ],
)
def test_overtime_beyond_the_legal_limit_is_read(story, over):
    assert bool(over_limits(extract_facts(story))) is over


@pytest.mark.parametrize(
    ("story", "open_ended"),
    [
        ("做了三年零三个月，老板没签合同", True),  # no contract for over a year: deemed open-ended
        ("一直没签合同，做了十四个月", True),
        ("进厂八个月了一直没签合同", False),  # under a year: 二倍工资 only
        ("做了三年，合同签了三年", False),
    ],
)
def test_a_year_without_a_written_contract_is_read_as_a_limit(story, open_ended):
    assert ("no_contract_a_year" in over_limits(extract_facts(story))) is open_ended


@pytest.mark.slow
@pytest.mark.parametrize(
    ("story", "topic", "quoted"),
    [
        (
            "我在电子厂上夜班，一个月加班差不多100个小时，加班费按最低工资算的",
            "working_hours",
            ["每月累计不得超过36小时"],
        ),
        ("老板话中秋国庆都要返工，冇加班费，合唔合法", "public_holidays", ["中秋", "300%"]),
        ("我喺厂里做，一个月先休两日，每日做十个钟，人工四千五", "working_hours", ["每周至少休息一日"]),
    ],
)
def test_a_limit_gone_beyond_quotes_its_own_rule(assistant, story, topic, quoted):
    """Overtime over 36 hours a month, work on public holidays, less than a rest day a week: each raises its
    topic, led by the rule of that limit."""
    answer = assistant.answer(story)
    assert topic in {i["topic"] for i in answer.case["issues"]}
    assert all(words in answer.text for words in quoted)


@pytest.mark.slow
def test_a_workplace_moving_away_is_no_resignation_and_owes_severance(assistant):
    """A factory moving to another city, the worker unwilling to follow, the boss calling it 自离: the relocation
    rule (no 自动离职; N when the employer ends the contract) with N and 2N computed from 3 years at 5000."""
    answer = assistant.answer(
        "工厂要搬去惠州，我在这做了三年，人工五千，我唔想去，老细话唔去当自离，有冇补偿"
    )
    issues = {i["topic"]: i for i in answer.case["issues"]}
    assert "severance" in issues and "15000" in issues["severance"]["figure"]
    assert "不等于自动离职" in answer.text and "30000" in answer.text
    assert "contract-relocation-refuse-to-move" in {c.id for c in answer.citations}


@pytest.mark.slow
def test_an_assessed_injury_on_leaving_gets_the_guangdong_lump_sums(assistant):
    """A grade-10 injury in Jieyang, the contract not renewed: 7 + 1 + 4 months of 5000 (工伤保险条例第三十七条,
    广东省工伤保险条例第三十二条); an injury already assessed raises its pay while off work, not the deadline to
    apply for recognition."""
    answer = assistant.answer("我在揭阳工厂做，工伤鉴定十级，月工资五千，合同到期公司不续签了，可以拿多少")
    topics = [i["topic"] for i in answer.case["issues"]]
    assert topics[0] == "injury_disability" and "injury_deadline" not in topics
    assert "injury_benefits" in topics
    assert "60000" in answer.text and "一次性伤残就业补助金4个月" in answer.text


@pytest.mark.parametrize(
    ("events", "kept"),
    [
        (["resigned"], False),  # 辞职是我提的: no 违法辞退 2N
        (["resigned", "dismissed"], True),  # a resignation forced by the employer reads as a dismissal too
        (["unpaid"], True),
    ],
)
def test_a_resignation_is_no_unlawful_dismissal(events, kept):
    from bot.answering.issues import add_event_issues

    found = [
        _topic_issue("resign_for_cause", "contract-resign-for-cause", clause="辞职是我提的"),
        _topic_issue("illegal_termination", "contract-illegal-dismissal-2n", clause="这样还能拿到经济补偿吗"),
    ]
    topics = [i.topic for i in add_event_issues(found, events, lambda t: None)]
    assert ("illegal_termination" in topics) is kept and "resign_for_cause" in topics


def test_a_continuing_turn_that_asks_where_is_answered_first_then_the_story():
    from bot.answering.issues import continued_issues

    earlier = [
        _topic_issue("injury_deadline", "injury-deadline"),
        _topic_issue("platform_workers", "platform"),
    ]
    found = [
        _topic_issue("injury_deadline", "injury-deadline"),
        _topic_issue("injury_benefits", "injury-medical", clause="那医药费谁出", whole_story=True),
    ]
    asking = continued_issues(found, earlier, extract_facts("那医药费谁出"))
    assert [i.topic for i in asking] == ["injury_benefits", "injury_deadline", "platform_workers"]
    # Telling more ("我做两年外") without asking: the story's issues, and no issue from the turn's nearest rule.
    telling = continued_issues(found, earlier, extract_facts("我做两年外，月工资四千"))
    assert [i.topic for i in telling] == ["injury_deadline", "platform_workers"]


@pytest.mark.slow
def test_a_pregnant_worker_is_not_quoted_the_harassment_rule(assistant):
    """女职工特殊保护 holds unrelated protections: no remedy rule is added from its name (that found the
    harassment rule); each story gets its own."""
    pregnant = assistant.answer("我怀孕5个月了，公司想让我主动辞职，说不辞就调我去仓库搬货")
    assert "不得因女职工怀孕" in pregnant.text and "性骚扰" not in pregnant.text
    harassed = assistant.answer("部长成日对我动手动脚讲些下流话，我同老板讲了老板说我想多了，仲扣我人工")
    assert "性骚扰" in harassed.text


def test_a_stoppage_story_gets_the_stoppage_rule_and_no_dismissal(assistant):
    answer = assistant.answer("订单少，老板叫我们不用上班，也不发工资，已经两个月了，我做了三年")
    topics = [i["topic"] for i in answer.case["issues"]]
    assert "wage_stoppage_deduction" in topics and "illegal_termination" not in topics
    # The stoppage's own rule is quoted (an event's rule within its topic), and the overview's count reads
    # true although the topic's label holds a "、".
    assert "停工、停产，在一个工资支付周期内" in answer.text
    overview = answer.text.splitlines()[0]
    assert overview.startswith(f"您的情况涉及{len(topics)}个问题：") and "停工、扣工资与调岗降薪" in overview
    assert overview.count("；") == len(topics) - 1


def test_an_injury_story_quotes_the_deadline_the_pay_while_off_work_and_the_uninsured_employers_duty(
    assistant,
):
    answer = assistant.answer(
        "我在揭阳五金厂做了两年，上个月手被冲床压伤了骨裂，老板说休息期间不发工资，也没帮我买社保"
    )
    assert "停工留薪期内，原工资福利待遇不变" in answer.text
    assert "30日内" in answer.text  # the injury's own rule: the deadline to apply for recognition
    assert "未参加的用人单位" in answer.text or "单位未参加工伤保险" in answer.text


def test_asking_where_to_sue_keeps_the_storys_money_issue(assistant):
    # 2.5 years: 2 full years and a half year counted as one (第四十七条) -> 3 x 5000.
    first = assistant.answer("公司拖欠我两个月工资了，每个月五千，我在这做了两年半，我想辞职，能拿补偿吗")
    assert (
        first.case["issues"][0]["topic"] == "resign_for_cause"
        and "15000" in first.case["issues"][0]["figure"]
    )
    history = [{"role": "user", "content": first.query}, {"role": "assistant", "content": first.text}]
    then = assistant.answer("要去边度告佢", history)
    topics = [i["topic"] for i in then.case["issues"]]
    assert topics[0] == "arbitration_process" and "resign_for_cause" in topics


def test_taking_him_to_arbitration_continues_the_story():
    from bot.answering.case import read_story
    from bot.answering.followup import is_followup
    from bot.answering.scope import is_in_domain

    # "告他" names no one new: the employer of the story, however long the turn
    assert is_followup("要去哪里告他，要不要交钱") and is_followup("我想投诉佢哋，应该点做")
    assert not is_followup("劳动仲裁要准备哪些材料")
    history = [
        {"role": "user", "content": "我在厂里做了三年，老板叫我明天不用来了，一分钱都不赔"},
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story("要去哪里告他，要不要交钱", history, is_in_domain)
    assert len(turns) == 2 and facts.tenure_months is not None


def test_a_leaving_date_in_a_later_turn_ends_the_time_counted_from_an_earlier_start():
    import datetime as dt

    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {"role": "user", "content": "我在榕城一间饭店做服务员今年四月一号进去的一直没签合同"},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": "工资讲好三千八 上个月底老板说不用我了"},
        {"role": "assistant", "content": "……"},
    ]
    today = dt.date(2026, 11, 30)
    _, facts, _ = read_story("那最少该给我多少", history, is_in_domain, today)
    # April to the end of October, not to today; the months without a contract with it
    assert facts.tenure_months.value == 7 and facts.months_without_contract.value == 7
    # a later turn that tells no leaving changes nothing
    _, facts, _ = read_story("那最少该给我多少", history[:2], is_in_domain, today)
    assert facts.tenure_months.value == 8


def test_a_short_question_about_what_comes_next_continues_the_story():
    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    # "那加班费呢" names overtime, new to the story, yet asks about it in the same story: the wage still counts
    history = [
        {"role": "user", "content": "我做了三年，工资四千，被辞退了能赔多少"},
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story("那加班费呢", history, is_in_domain)
    assert len(turns) == 2 and facts.monthly_wage.value == 4000
    # a turn telling something new of its own after a question still starts a new story
    turns, _, _ = read_story("另外我上个月在车间摔伤了腰，厂里不给报工伤", history, is_in_domain)
    assert len(turns) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("story", "topic", "words"),
    [
        # a worker who cannot pay a lawyer is told of legal aid before the rest
        (
            "我在揭阳送外卖一年多，是站点专送，每天打卡排班迟到要罚钱，一直没签合同，上礼拜送货被车撞断了腿，"
            "站长说不关他们事，我没钱请律师，该怎么办",
            "legal_aid",
            "法律援助",
        ),
        # where to apply, asked of a story of four problems: the story's last issue gives way
        (
            "我在一间鞋厂做了三年，怀孕五个月了，主管把我工资从四千五降到三千，我不同意就叫我明天不用来了，"
            "去年的年假也没休，每天还要加班三个钟没加班费，我要去哪里申请仲裁",
            "arbitration_process",
            "履行地",
        ),
        # the union's own help asked at the end of a run-on story of wages owed and a resignation
        (
            "我在普宁一个鞋厂做了六年工资四千八厂里欠了两个月工资我女儿今年考上大学学费还差一万多想辞工"
            "厂里说自己走没补偿想问工会有没有孩子上大学的补助",
            "union_services",
            "金秋助学",
        ),
    ],
)
def test_what_the_worker_asks_in_so_many_words_outranks_the_rest(assistant, story, topic, words):
    # what the worker asks in so many words outranks the background events under the four-issue cap
    answer = assistant.answer(story)
    topics = [i["topic"] for i in answer.case["issues"]]
    assert topic in topics and len(topics) <= 4 and words in answer.text


def test_where_asked_takes_the_last_place_and_drops_the_time_limit_its_words_found():
    from bot.answering.assistant import with_where

    where = _topic_issue("arbitration_process", "where", "我要去哪里申请仲裁")
    story = [
        _topic_issue("arbitration_limitation", "limit", "我要去哪里申请仲裁"),
        _topic_issue("illegal_termination", "2n", "叫我明天不用来了"),
        _topic_issue("female_protection", "preg", "怀孕五个月了"),
        _topic_issue("overtime_pay", "ot", "每天还要加班三个钟"),
    ]
    topics = [i.topic for i in with_where(story, where, extract_facts("我要去哪里申请仲裁"))]
    assert topics == ["illegal_termination", "female_protection", "overtime_pay", "arbitration_process"]
    # asked whether it is too late, the time limit stays; a fourth issue gives way
    asked = extract_facts("我要去哪里申请仲裁，现在还来得及吗")
    topics = [i.topic for i in with_where(story, where, asked)]
    assert topics == [
        "arbitration_limitation",
        "illegal_termination",
        "female_protection",
        "arbitration_process",
    ]


@pytest.mark.slow
def test_the_loan_words_of_a_wage_note_are_no_other_matter(assistant):
    # the boss made the worker write an IOU over wages owed: no 12348 section for "他跟我借的钱"
    answer = assistant.answer(
        "我在一间五金厂做了两年老板拖了我四个月的工资一万六前几天叫我写一张借条讲是他跟我借的钱能不能告他"
    )
    topics = [i["topic"] for i in answer.case["issues"]]
    assert "wage_arrears" in topics and "public_legal_hotline" not in topics


@pytest.mark.slow
def test_asking_who_pays_for_the_birth_ranks_maternity_leave_before_the_background(assistant):
    # told by the husband (叫她走, 没帮她买过社保): a labour story, answered; the birth money asked in so many
    # words comes before the events told around it
    answer = assistant.answer(
        "我老婆在鞋厂做了半年还在试用期，怀孕了厂里就讲她不合格叫她走，也没帮她买过社保，以后生孩子的钱怎么办"
    )
    assert answer.status == Status.ANSWERED
    topics = [i["topic"] for i in answer.case["issues"]]
    assert topics.index("maternity_leave") < topics.index("illegal_termination")
    assert "social_insurance" in topics


@pytest.mark.slow
def test_where_and_what_it_costs_asked_after_a_dismissal_are_both_answered(assistant):
    first = assistant.answer(
        "我在揭阳一间鞋厂做了四年，工资四千八，老板叫我明天不用来了，一分钱都不赔，能赔多少"
    )
    history = [{"role": "user", "content": first.query}, {"role": "assistant", "content": first.text}]
    then = assistant.answer("要去哪里告他，要不要出钱", history)
    assert then.status == Status.ANSWERED
    assert "履行地" in then.text and "不收费" in then.text
    assert "illegal_termination" in [i["topic"] for i in then.case["issues"]]


def test_asking_where_and_whether_it_is_too_late_stays_in_the_work_story(assistant):
    # Longer than a bare follow-up, but it only asks where to take the employer on and whether it is too late:
    # the labour case is answered, never referred to 12348 as a lawsuit question.
    history = []
    for turn in (
        "我前年在揭西一间鞋厂做了十几个月今年三月老板叫我走了还欠我两个月工资9千",
        "我现在回了老家潮州",
    ):
        answer = assistant.answer(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.text}]
    last = assistant.answer("那去边度告 现在还来得及吗", history)
    topics = [i["topic"] for i in last.case["issues"]]
    assert last.status == "answered" and "public_legal_hotline" not in topics
    assert {"arbitration_process", "arbitration_limitation"} <= set(topics)


@pytest.mark.slow
def test_a_guangdong_workers_issue_quotes_the_provinces_own_rule_beside_the_national_one(assistant):
    answer = assistant.answer(
        "我在揭阳工地扎钢筋，夏天三十八度还在外面做，老板说没有高温补贴，只给几瓶水，另外上个月工资也拖着没发，合法吗"
    )
    assert "heat_allowance" in [i["topic"] for i in answer.case["issues"]]
    assert "每人每月300元" in answer.text  # 广东高温津贴 beside the national duty to pay one


def test_an_earlier_job_told_in_a_later_turn_adds_to_the_years_of_work():
    import datetime as dt

    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {"role": "user", "content": "我在揭阳一个物流公司开货车工资6千这里做了两年一天年假都没休过"},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": "之前我在汕头别的公司也开了九年车"},
        {"role": "assistant", "content": "……"},
    ]
    _, facts, _ = read_story("那我一年能休几天年假", history, is_in_domain, dt.date(2026, 12, 1))
    assert facts.tenure_months.value == 24 and facts.total_work_months.value == 132
    assert facts.region.value == "揭阳市"  # this job's place, not the earlier one's (汕头)


@pytest.mark.slow
def test_a_contract_signed_for_a_term_raises_no_written_contract_issue_and_prices_the_probation(assistant):
    story = (
        "我妹在普宁一间服装店做导购签了两年合同试用期写了六个月试用期工资三千转正四千五"
        "做到第五个月老板说她不合适叫她走了试用期这么长合法吗能要什么"
    )
    answer = assistant.answer(story)
    topics = [i["topic"] for i in answer.case["issues"]]
    assert "contract_written" not in topics and "probation_length" in topics
    assert "3个月×4500元＝13500元" in answer.text  # five months served, two allowed (第八十三条)


def test_a_day_paid_workers_days_and_sum_paid_told_in_a_later_turn():
    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {"role": "user", "content": "我在揭东一个工地做模板，一天三百五"},
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story(
        "做了八十天，包工头只给了一万块就跑了，剩下的钱找谁要", history, is_in_domain
    )
    assert len(turns) == 2 and facts.daily_wage.value == 350
    assert facts.worked_days.value == 80 and facts.wage_paid.value == 10000


def test_a_statement_giving_the_wage_asked_for_continues_the_story():
    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {
            "role": "user",
            "content": "我在揭东一间五金厂做了六年零九个月，上个月厂里说订单少要裁一批人，说会给补偿",
        },
        {"role": "assistant", "content": "……请问您离职前12个月的平均月工资是多少元？"},
        {"role": "user", "content": "我平时工资五千四左右，加班多的月份多一点"},
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story("那我能拿多少", history, is_in_domain)
    # the overtime named in passing starts no new story: the dismissal and its years stay
    assert len(turns) == 3 and facts.tenure_months.value == 81 and facts.monthly_wage.value == 5400
    assert "dismissed" in {e.value for e in facts.events}


@pytest.mark.slow
def test_asking_where_to_complain_of_pay_docked_names_the_labour_inspectorate(assistant):
    index = assistant.retriever.index
    told = "厂里规定迟到一次罚五十，上个月我被罚了六百多块，这种罚款要去哪里投诉"
    where = assistant._where_issue(told, index, None, extract_facts(told))
    assert "wage_arrears" in {h.chunk.topic for h in where.more}  # the inspectorate's rule beside arbitration
    plain = "我想辞职，要去哪里申请仲裁"
    where = assistant._where_issue(plain, index, None, extract_facts(plain))
    assert "wage_arrears" not in {h.chunk.topic for h in where.more}


def test_a_later_turn_taking_back_what_an_earlier_one_said():
    """不是2年5个月，是5年2个月: the earlier turn is read as the worker now tells it (either word order); words
    no earlier turn said change nothing."""
    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {
            "role": "user",
            "content": "我在惠来一间海产品加工厂剥虾，干了2年5个月，工资4000，厂里下个月要关门了，能补多少钱",
        },
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story(
        "不好意思搞错了，不是2年5个月，是5年2个月，工资是4600，重新算下", history, is_in_domain
    )
    assert facts.tenure_months.value == 62 and facts.monthly_wage.value == 4600
    assert "干了5年2个月" in turns[0]
    _, facts, _ = read_story("讲错了 系5年2个月唔系2年5个月", history, is_in_domain)
    assert facts.tenure_months.value == 62
    _, facts, _ = read_story("不是3年，是5年2个月", history, is_in_domain)
    assert facts.tenure_months.value == 29
    # the same number written another way (4000 told, 四千 taken back)
    _, facts, _ = read_story("讲错了 系五千五唔系四千", history, is_in_domain)
    assert facts.monthly_wage.value == 5500 and facts.tenure_months.value == 29


def test_a_later_turn_telling_the_start_again_corrects_the_months_without_a_contract():
    """做了五个月 then 我记错了…三月初进去的: the time worked and the months without a contract follow the later
    turn (9 months on 2 December 2026), not the first one."""
    import datetime as dt

    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {"role": "user", "content": "我在榕城一家酒楼做砧板 进去的时候没签合同 做了五个月了 工资4200"},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": "不好意思我记错了 是九个月了 三月初进去的"},
        {"role": "assistant", "content": "……"},
    ]
    turns, facts, _ = read_story("那老板该补我多少", history, is_in_domain, dt.date(2026, 12, 2))
    assert len(turns) == 3
    assert facts.tenure_months.value == 9 and facts.months_without_contract.value == 9


def test_a_later_turn_moving_a_dated_start_moves_the_months_without_a_contract():
    """去年3月进去的 到现在都没签 then 是今年3月1号进去的: the months without a contract (dated, the time worked)
    follow the corrected start."""
    import datetime as dt

    from bot.answering.case import read_story
    from bot.answering.scope import is_in_domain

    history = [
        {
            "role": "user",
            "content": "我在揭西一间酱油厂做杂工 去年3月进去的 到现在都没签劳动合同 工资4千 这样能要多少钱",
        },
        {"role": "assistant", "content": "……"},
    ]
    _, facts, _ = read_story(
        "不好意思搞错了 是今年3月1号进去的 工资是4千2", history, is_in_domain, dt.date(2026, 12, 2)
    )
    assert facts.tenure_months.value == 9 and facts.months_without_contract.value == 9
    assert facts.monthly_wage.value == 4200
