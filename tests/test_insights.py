"""Insights: periods, the week-against-week summary, gap grouping, the handled action and CSV export."""

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.errors import BotError
from bot.records.export import CSV_TABLES, table, to_csv
from bot.records.insights import (
    GAP_EXEMPLARS,
    GapGroup,
    PeriodError,
    chart_days,
    group_gaps,
    group_questions,
    handle_gap,
    normalise_question,
    parse_period,
    period_code,
    period_label,
    summarise,
)
from bot.records.store import Records
from bot.records.turns import Turn
from bot.text.similarity import bigrams, jaccard

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 on 25 November in China
LOW = 0.6

# Fifty ways workers ask the one question the knowledge base cannot answer.
LEAD_INS = ["", "请问", "你好，", "您好！请问", "想问一下，"]
CORES = [
    "宿舍热水器坏了找谁修",
    "宿舍的热水器坏了找谁修",
    "厂里宿舍热水器坏了找谁修",
    "宿舍热水器坏了 找谁修理",
    "宿舍热水器坏咗找谁修",
]
ENDINGS = ["", "？", "啊", "呢？", "?"]


def variants(n: int = 50) -> list[str]:
    out = [lead + core + end for core in CORES for lead in LEAD_INS for end in ENDINGS]
    return out[:: len(out) // n][:n]


class Clock:
    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(clock):
    with Records(clock=clock) as store:
        yield store


def log(
    store, clock, when, question, status="answered", category="工资", cited=("wage-arrears",), confidence=0.8
):
    clock.now = when
    return store.turns.log(
        "s1", question, status, category, list(cited), confidence, 12, answer=f"答：{question}"
    )


# -- periods --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("24h", timedelta(hours=24)),
        ("7d", timedelta(days=7)),
        ("30d", timedelta(days=30)),
        (" 7D ", timedelta(days=7)),
        ("36h", timedelta(hours=36)),
        ("7天", timedelta(days=7)),
        ("24小时", timedelta(hours=24)),
        ("365d", timedelta(days=365)),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["", "7", "d", "7x", "0d", "-1d", "7 days", "1w", "366d", "9000h", "abc", "7d;"]
)
def test_parse_period_rejects_anything_else_in_chinese(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert isinstance(caught.value, BotError) and caught.value.status == 422
    assert (
        "时间范围" in caught.value.message and "24h" in caught.value.message and "7d" in caught.value.message
    )


def test_period_code_and_label():
    assert [period_code(parse_period(p)) for p in ("24h", "1d", "7天", "36h", "48h")] == [
        "24h",
        "24h",
        "7d",
        "36h",
        "2d",
    ]
    assert period_label(timedelta(days=7)) == "近 7 天"
    assert period_label(timedelta(hours=24)) == "近 24 小时"
    assert period_label(timedelta(hours=12)) == "近 12 小时"


def test_chart_days_span_two_periods_within_bounds():
    assert chart_days(timedelta(hours=24)) == 14
    assert chart_days(timedelta(days=7)) == 14
    assert chart_days(timedelta(days=10)) == 20
    assert chart_days(timedelta(days=30)) == 60
    assert chart_days(timedelta(days=365)) == 60


# -- grouping -------------------------------------------------------------------------------------------


def test_normalise_question_drops_greetings_punctuation_and_particles():
    assert normalise_question("您好！请问，宿舍热水器坏了找谁修呢？") == "宿舍热水器坏了找谁修"
    assert normalise_question("ＡＢＣ 公司　不发工资？") == "abc公司不发工资"
    assert normalise_question("？？？") == ""


def test_fifty_variants_of_one_gap_are_one_row_with_a_count(store, clock):
    questions = variants(50)
    assert len(set(questions)) == 50
    for i, question in enumerate(questions):
        log(store, clock, NOW - timedelta(minutes=100 - i), question, status="no_match", confidence=0.3)
    other = log(store, clock, NOW, "宿舍空调坏了找谁修", status="no_match", confidence=0.3)
    weak = log(store, clock, NOW + timedelta(minutes=1), "工会会员卡丢了怎么补办", confidence=0.45)

    gaps = group_gaps(store.analytics.gap_candidates(LOW), LOW)

    assert [g.count for g in gaps] == [50, 1, 1]
    big = gaps[0]
    assert isinstance(big, GapGroup)
    assert big.example in questions and len(big.variants) == 3
    assert (big.no_match, big.low_confidence) == (50, 0)
    assert big.first_seen == NOW - timedelta(minutes=100) and big.last_seen == NOW - timedelta(minutes=51)
    assert big.key == min(big.turn_ids) and len(big.turn_ids) == 50
    # Newest first among equal counts; a weak answer is a gap too, counted as such.
    assert [(g.example, g.no_match, g.low_confidence) for g in gaps[1:]] == [
        ("工会会员卡丢了怎么补办", 0, 1),
        ("宿舍空调坏了找谁修", 1, 0),
    ]
    assert {gaps[1].key, gaps[2].key} == {other, weak}


def test_grouping_is_deterministic_and_newer_turns_never_move_older_ones(store, clock):
    for i, question in enumerate(
        variants(10) + ["工会会费每月交多少", "工会会费每月交多少钱", "食堂太差找谁反映"]
    ):
        log(store, clock, NOW + timedelta(minutes=i), question, status="no_match")
    turns = store.analytics.gap_candidates(LOW)
    first = [[t.id for t in group] for group in group_questions(turns)]
    assert first == [[t.id for t in group] for group in group_questions(turns)]
    assert len(first) == 3

    log(store, clock, NOW + timedelta(hours=1), "宿舍热水器坏了找谁修？？", status="no_match")
    log(store, clock, NOW + timedelta(hours=1), "年终奖可以不发吗", status="no_match")
    grown = [[t.id for t in group] for group in group_questions(store.analytics.gap_candidates(LOW))]
    assert [group[: len(before)] for group, before in zip(grown, first, strict=False)] == first
    assert len(grown) == 4


def test_grouping_threshold_keeps_different_questions_apart(store, clock):
    for question in ["宿舍热水器坏了找谁修", "宿舍空调坏了找谁修", "工会会费怎么收", "工会会费每个月交多少"]:
        log(store, clock, NOW, question, status="no_match")
    turns = store.analytics.gap_candidates(LOW)
    assert len(group_questions(turns)) == 4
    assert len(group_questions(turns, threshold=0.2)) < 4  # a looser threshold merges the look-alikes


def brute_force_groups(turns, threshold):
    """The same single pass without the prefix filter: every group is compared."""
    groups: list[tuple[list, list]] = []  # (exemplars, turns)
    seen: dict[str, int] = {}
    for turn in turns:
        text = normalise_question(turn.question)
        if text in seen:
            groups[seen[text]][1].append(turn)
            continue
        grams = bigrams(text)
        scores = [max(jaccard(grams, e) for e in exemplars) for exemplars, _ in groups]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
        if best is None or scores[best] < threshold:
            best = len(groups)
            groups.append(([], []))
        exemplars, members = groups[best]
        members.append(turn)
        if len(exemplars) < GAP_EXEMPLARS:
            exemplars.append(grams)
        seen[text] = best
    return [[t.id for t in members] for _, members in groups]


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 1.0])
def test_prefix_filter_finds_exactly_what_comparing_every_group_finds(threshold):
    rng = random.Random(12351)
    alphabet = "工资加班宿舍热水坏了找谁修会费怎么办"  # few characters: many near-duplicates
    turns = [
        Turn(
            i,
            NOW,
            "s",
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))),
            "",
            "no_match",
            None,
            (),
            0.3,
            1,
        )
        for i in range(300)
    ]
    fast = [[t.id for t in group] for group in group_questions(turns, threshold)]
    assert fast == brute_force_groups(turns, threshold)
    assert 1 < len(fast) < len(turns)


def test_grouping_threshold_must_be_a_similarity():
    with pytest.raises(ValueError):
        group_questions([], threshold=0)


def test_handled_takes_the_whole_group_out_until_it_is_asked_again(store, clock):
    for i, question in enumerate(variants(20)):
        log(store, clock, NOW + timedelta(minutes=i), question, status="no_match")
    keep = log(store, clock, NOW, "年终奖可以不发吗", status="no_match")
    [group, single] = group_gaps(store.analytics.gap_candidates(LOW), LOW)

    assert handle_gap(store, group.key, LOW) == 20
    assert [g.turn_ids for g in group_gaps(store.analytics.gap_candidates(LOW), LOW)] == [(keep,)]
    assert handle_gap(store, group.key, LOW) == 0  # already handled (by a colleague)

    log(store, clock, NOW + timedelta(days=1), "宿舍热水器坏了找谁修", status="no_match")
    assert sorted(g.count for g in group_gaps(store.analytics.gap_candidates(LOW), LOW)) == [1, 1]
    assert single.key == keep


# -- the summary ----------------------------------------------------------------------------------------


def seed_two_weeks(store, clock):
    """This week: 6 turns (3 answered, 2 no_match, 1 out_of_scope); last week: 4 answered turns."""
    this_week = NOW - timedelta(days=1)
    log(store, clock, this_week, "老板拖欠工资怎么办", cited=("wage-arrears",))
    log(store, clock, this_week, "工资被拖欠去哪里投诉", cited=("wage-arrears", "labour-arbitration"))
    log(store, clock, NOW - timedelta(hours=2), "试用期最长多久", category="劳动合同", cited=("probation",))
    log(
        store,
        clock,
        NOW - timedelta(hours=3),
        "宿舍热水器坏了找谁修",
        status="no_match",
        category=None,
        cited=(),
    )
    log(
        store,
        clock,
        NOW - timedelta(hours=4),
        "请问宿舍热水器坏了找谁修？",
        status="no_match",
        category=None,
        cited=(),
    )
    log(
        store,
        clock,
        NOW - timedelta(hours=5),
        "今天天气怎么样",
        status="out_of_scope",
        category=None,
        cited=(),
    )
    for day in (8, 9, 10, 12):
        log(
            store,
            clock,
            NOW - timedelta(days=day),
            "工伤认定多久内要申请",
            category="工伤",
            cited=("injury",),
        )
    log(store, clock, NOW - timedelta(days=9), "老板欠薪", cited=("wage-arrears",))
    log(store, clock, NOW - timedelta(days=20), "很久以前的问题", status="no_match")  # outside both windows


def test_summary_compares_this_week_with_last_week(store, clock):
    seed_two_weeks(store, clock)
    bad = log(store, clock, NOW - timedelta(hours=1), "加班费怎么算", category="工资", confidence=0.9)
    store.feedback.add(bad, "s1", "down", "没说清楚")
    store.tickets.create("法律援助", "欠薪三个月", "13812345678", "张三")

    insights = summarise(store, timedelta(days=7), NOW, LOW, titles={"wage-arrears": "单位拖欠工资"})

    assert insights.label == "近 7 天"
    assert (insights.start, insights.previous_start) == (NOW - timedelta(days=7), NOW - timedelta(days=14))
    assert insights.current.total == 7 and insights.previous.total == 5
    assert insights.current.count("no_match") == 2
    assert insights.current.rate("out_of_scope") == pytest.approx(1 / 7)
    assert insights.previous.rate("no_match") == 0
    assert [(c.key, c.current, c.previous, c.change) for c in insights.categories] == [
        ("工资", 3, 1, 2),
        ("劳动合同", 1, 0, 1),
    ]
    assert [(c.key, c.label, c.current, c.previous) for c in insights.snippets][:2] == [
        ("wage-arrears", "单位拖欠工资", 3, 1),
        ("labour-arbitration", "", 1, 0),
    ]
    assert "injury" not in {c.key for c in insights.snippets}  # cited last week only
    # The queue is not limited to the period: the old unanswered question still waits.
    assert sorted((g.count, g.example) for g in insights.gaps) == [
        (1, "很久以前的问题"),
        (2, "请问宿舍热水器坏了找谁修？"),
    ]
    [rated] = insights.downvotes
    assert (rated.turn.question, rated.turn.answer, rated.feedback.comment) == (
        "加班费怎么算",
        "答：加班费怎么算",
        "没说清楚",
    )
    assert insights.ticket_counts == {"待处理": 1, "处理中": 0, "已办结": 0}
    assert insights.tickets[0].phone == "138****5678"


def test_daily_counts_cover_two_weeks_of_china_days(store, clock):
    seed_two_weeks(store, clock)
    days = summarise(store, timedelta(days=7), NOW, LOW).days
    assert len(days) == 14
    assert days[-1].day == date(2026, 11, 25) and days[0].day == date(2026, 11, 12)
    by_day = {d.day: d for d in days}
    today = by_day[date(2026, 11, 25)]  # 10:00 China time: the turns 2-5 hours ago are today
    assert (today.answered, today.no_match, today.out_of_scope, today.total) == (1, 2, 1, 4)
    assert by_day[date(2026, 11, 24)].total == 2
    assert by_day[date(2026, 11, 13)].total == 1  # 12 days ago
    assert sum(d.total for d in days) == 11


def test_empty_store_gives_an_empty_summary(store):
    insights = summarise(store, timedelta(hours=24), NOW, LOW)
    assert insights.current.total == 0 and insights.current.rate("no_match") is None
    assert insights.categories == insights.snippets == insights.gaps == insights.downvotes == []
    assert all(d.total == 0 for d in insights.days)


# -- CSV ------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_to_csv_has_bom_crlf_and_defuses_formulas():
    data = to_csv(["问题", "次数"], [['=HYPERLINK("http://x")', 3], ["+86 电话", -2], ["工资", 1]])
    assert b"\r\n" in data
    assert read_csv(data) == [
        ["问题", "次数"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["'+86 电话", "-2"],
        ["工资", "1"],
    ]


def test_every_table_exports(store, clock):
    seed_two_weeks(store, clock)
    store.tickets.create("法律援助", "欠薪三个月", "13812345678", "张三")
    insights = summarise(store, timedelta(days=7), NOW, LOW)
    for name in CSV_TABLES:
        header, rows = table(insights, name)
        parsed = read_csv(to_csv(header, rows))
        assert parsed[0] == header and len(parsed) == len(rows) + 1
    header, rows = table(insights, "gaps")
    assert header[:2] == ["次数", "示例问题"] and rows[0][:2] == [2, "请问宿舍热水器坏了找谁修？"]
    _, rows = table(insights, "tickets")
    assert rows[0][4] == "138****5678"
    with pytest.raises(KeyError):
        table(insights, "secrets")
