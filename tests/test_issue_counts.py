"""Every answered turn keeps the issues of its case (topic key and outcome); the dashboard counts them per topic,
on both backends, including turns logged before schema 0007 had the column."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from test_migrations import engine_for

from bot.answering.topics import TOPIC_LABELS
from bot.http.service import case_issues
from bot.records.db import iso
from bot.records.insights import summarise
from bot.records.migrate import HEAD, MIGRATIONS_DIR
from bot.records.store import Records
from bot.records.turns import TurnIssue, issues_from_json, issues_json

pytest_plugins = ["support.app_fixtures"]

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


class Clock:
    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def log(store: Records, clock: Clock, ago: timedelta, session: str, *issues: tuple[str, str]) -> int:
    clock.now = NOW - ago
    return store.turns.log(
        session, "问题", "answered", "劳动合同", [], 0.8, 10, issues=[TurnIssue(*i) for i in issues]
    )


def test_issues_are_kept_per_turn_and_counted_per_conversation(database_target):
    clock = Clock()
    with Records(database_target, clock=clock) as store:
        # A story of three problems, one the knowledge base does not cover, and its follow-up with the figure.
        log(
            store,
            clock,
            timedelta(days=2),
            "a",
            ("illegal_termination", "needs_fact"),
            ("annual_leave", "answered"),
            ("公积金", "not_covered"),
        )
        log(store, clock, timedelta(days=1), "a", ("illegal_termination", "computed"))
        log(store, clock, timedelta(hours=3), "b", ("annual_leave", "computed"))
        log(store, clock, timedelta(hours=2), "c", ("公积金", "not_covered"))
        log(store, clock, timedelta(hours=1), "e", ("severance", "asks_which"))  # a status not known here
        log(store, clock, timedelta(days=9), "old", ("annual_leave", "answered"))  # the week before
        clock.now = NOW
        store.turns.log("d", "你好", "out_of_scope", None, [], 0.0, 5)  # no issues at all

        turns = store.turns.list()
        assert turns[0].issues == (
            TurnIssue("illegal_termination", "needs_fact"),
            TurnIssue("annual_leave", "answered"),
            TurnIssue("公积金", "not_covered"),
        )
        assert turns[-1].issues == ()
        assert store.analytics.issue_counts(NOW - WEEK, NOW) == {
            "illegal_termination": {"computed": 1},  # one conversation, its furthest outcome
            "annual_leave": {"answered": 1, "computed": 1},
            "公积金": {"not_covered": 2},
            "severance": {"answered": 1},  # dealt with somehow: never listed as uncovered
        }
        insights = summarise(store, WEEK, NOW, 0.6, topic_labels=TOPIC_LABELS)
    rows = {(row.topic, row.label, row.current, row.previous) for row in insights.issues}
    assert rows == {
        ("annual_leave", "带薪年休假", 2, 1),
        ("illegal_termination", "违法辞退", 1, 0),
        ("severance", "经济补偿", 1, 0),
    }
    assert insights.issues[0].topic == "annual_leave"  # most conversations first
    assert [(row.topic, row.current, row.covered) for row in insights.uncovered] == [("公积金", 2, False)]


def test_stored_issues_are_one_per_topic_short_and_redacted():
    stored = issues_json(
        [
            TurnIssue("annual_leave", "answered"),
            TurnIssue("annual_leave", "computed"),
            TurnIssue("电话13812345678" + "字" * 60, "not_covered"),
            TurnIssue("", "answered"),
        ]
    )
    issues = issues_from_json(stored)
    assert [i.topic for i in issues][0] == "annual_leave" and len(issues) == 2
    assert "13812345678" not in issues[1].topic and len(issues[1].topic) <= 40
    assert issues_from_json("not json") == () and issues_from_json(None) == ()


def test_case_issues_takes_the_topic_or_the_uncovered_term():
    case = {
        "issues": [
            {"topic": "severance", "label": "经济补偿", "status": "computed"},
            {"topic": "", "label": "公积金", "status": "not_covered"},
        ]
    }
    assert case_issues(case) == [TurnIssue("severance", "computed"), TurnIssue("公积金", "not_covered")]
    assert case_issues(None) == [] and case_issues({}) == []


def upgrade_to(target: str, revision: str) -> None:
    engine = engine_for(target)
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_turns_logged_before_0007_keep_showing_with_no_issues(database_target, tmp_path):
    (tmp_path / "data").mkdir()
    upgrade_to(database_target, "0006")
    engine = engine_for(database_target)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO turns (created_at, session_id, question, answer, status, category, cited_ids)"
                    " VALUES (:at, 'old', '老板拖欠工资怎么办', '答', 'answered', '工资', '[]')"
                ),
                {"at": iso(NOW - timedelta(days=1))},
            )
    finally:
        engine.dispose()
    clock = Clock()
    with Records(database_target, clock=clock) as store:
        assert store.db.upgrade() is True and store.db.revision() == HEAD
        [old] = store.turns.list()
        assert old.question == "老板拖欠工资怎么办" and old.issues == ()
        log(store, clock, timedelta(hours=1), "new", ("wage_arrears", "answered"))
        insights = summarise(store, WEEK, NOW, 0.6, topic_labels=TOPIC_LABELS)
    assert insights.current.total == 2
    assert [(c.key, c.current) for c in insights.categories] == [("劳动合同", 1), ("工资", 1)]
    assert [(i.label, i.current) for i in insights.issues] == [("拖欠工资", 1)]


def test_every_answering_endpoint_stores_the_issues_it_returns(real_fake_client):
    """/api/answer, the OpenAI endpoint and the web chat form all log the case's issues with the turn."""
    story = "在物流公司做了四年，公司要把我调去外地，不去就按旷工开除，年假也从来没休过，公积金也没交"
    turns = real_fake_client.app.state.runtime.records.turns
    before = len(turns.list())
    answer = real_fake_client.post("/api/answer", json={"question": story}).json()
    returned = [(i["topic"] or i["label"], i["status"]) for i in answer["case"]["issues"]]
    assert len(returned) >= 2 and ("公积金", "not_covered") in returned
    assert [(i.topic, i.status) for i in turns.list()[-1].issues] == returned

    completion = real_fake_client.post(
        "/v1/chat/completions",
        json={"model": "bot-12351", "messages": [{"role": "user", "content": story}]},
    )
    assert completion.status_code == 200, completion.text
    assert [(i.topic, i.status) for i in turns.list()[-1].issues] == returned

    page = real_fake_client.post(
        "/", data={"question": story}, headers={"Origin": str(real_fake_client.base_url)}
    )
    assert page.status_code == 200
    assert [(i.topic, i.status) for i in turns.list()[-1].issues] == returned
    assert len(turns.list()) == before + 3


def test_a_question_handed_to_a_person_still_names_its_uncovered_topic(real_fake_client):
    """A no-match answer carries the case too: the uncovered topic is stored and counted on the dashboard."""
    turns = real_fake_client.app.state.runtime.records.turns
    answer = real_fake_client.post("/api/answer", json={"question": "住房公积金每个月要交多少"}).json()
    assert answer["status"] == "no_match", answer
    assert [(i["label"], i["status"]) for i in answer["case"]["issues"]] == [("公积金", "not_covered")]
    assert [(i.topic, i.status) for i in turns.list()[-1].issues] == [("公积金", "not_covered")]
