"""Records: round trips, redaction before storage, tickets, retention, concurrency and failures.

Every test that does not look at SQLite's own file runs on both backends (`database_target`: a SQLite file
and a fresh PostgreSQL database).
"""

import hashlib
import logging
import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import BotError, NotFoundError
from bot.records.db import SCHEMA_VERSION, RecordError, StoreError, iso
from bot.records.migrate import HEAD
from bot.records.store import Records

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in China


class Clock:
    """A hand-set clock shared by stores and threads."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_target, clock):
    with Records(database_target, clock=clock) as store:
        yield store


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "conversations.db"


def log(store, session="s1", question="试用期最长多久？", answer="不得超过六个月。", status="answered"):
    return store.turns.log(
        session, question, status, "劳动合同", ["law-19", "law-20"], 0.82, 35.6, answer=answer
    )


def raw_rows(target, sql):
    """Rows straight from the database (SQLite file or PostgreSQL URL), bypassing Records."""
    if str(target).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(target)) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]
    conn = sqlite3.connect(target)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- turns and history ---------------------------------------------------------------------------------


def test_log_turn_round_trip(store):
    turn_id = log(store)
    assert isinstance(turn_id, int)
    [turn] = store.turns.list()
    assert turn.id == turn_id
    assert turn.created_at == T0
    assert (turn.session_id, turn.question, turn.answer) == ("s1", "试用期最长多久？", "不得超过六个月。")
    assert (turn.status, turn.category, turn.cited_ids) == ("answered", "劳动合同", ("law-19", "law-20"))
    assert (turn.confidence, turn.latency_ms) == (0.82, 36)


def test_log_turn_accepts_sparse_values(store, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        turn_id = store.turns.log("s1", "你好", "weird", None, [], None, None)
    assert turn_id is not None
    [turn] = store.turns.list()
    assert (turn.status, turn.category, turn.cited_ids, turn.answer) == ("weird", None, (), "")
    assert "weird" in caplog.text


def test_log_turn_never_raises_on_bad_values(store, caplog):
    with caplog.at_level(logging.ERROR, logger="bot.store"):
        assert store.turns.log("s1", "问题", "answered", None, [], "not a number", 10) is None
    assert "unexpected error" in caplog.text


def test_history_is_oldest_first_per_session_and_limited(store):
    for i in range(1, 5):
        log(store, question=f"问题{i}", answer=f"回答{i}")
        log(store, session="other", question=f"别人的问题{i}")
    assert store.turns.history("s1", limit=2) == [
        {"role": "user", "content": "问题3"},
        {"role": "assistant", "content": "回答3"},
        {"role": "user", "content": "问题4"},
        {"role": "assistant", "content": "回答4"},
    ]
    assert len(store.turns.history("s1")) == 8
    assert store.turns.history("s1", limit=0) == []
    assert store.turns.history("nobody") == []


def test_history_skips_missing_answers(store):
    log(store, question="在吗", answer="", status="no_match")
    assert store.turns.history("s1") == [{"role": "user", "content": "在吗"}]


def test_turns_between_times(store, clock):
    for _ in range(3):
        log(store)
        clock.advance(hours=1)
    assert len(store.turns.list(since=T0 + timedelta(hours=1))) == 2
    assert len(store.turns.list(until=T0 + timedelta(hours=1))) == 1
    naive = (T0 + timedelta(hours=1)).replace(tzinfo=None)  # naive datetimes mean UTC
    assert len(store.turns.list(since=naive, until=naive + timedelta(hours=1))) == 1


# -- redaction before storage --------------------------------------------------------------------------


def test_personal_data_is_redacted_before_storage(database_target):
    db_path = database_target
    with Records(db_path) as store:
        turn_id = store.turns.log(
            "s1",
            "我手机13812345678，身份证440102199001011234，被拖欠工资怎么办",
            "answered",
            "工资",
            ["wage-1"],
            0.7,
            20,
            answer="我们会联系 zhang.san@example.com",
        )
        store.feedback.add(turn_id, "s1", "down", "请打我电话 139 8765 4321")
        ticket = store.tickets.create(
            "法律援助", "老板欠薪，联系13812345678，卡号6222021234567890", "13812345678", "张三"
        )
    stored = " ".join(
        str(value)
        for sql in (
            "SELECT * FROM turns",
            "SELECT * FROM feedback",
            "SELECT number, category, description, name, staff_note FROM tickets",
        )
        for row in raw_rows(db_path, sql)
        for value in row
    )
    for secret in (
        "13812345678",
        "440102199001011234",
        "zhang.san",
        "13987654321",
        "8765 4321",
        "6222021234567890",
    ):
        assert secret not in stored
    for mask in (
        "138****5678",
        "4401**********1234",
        "z***@example.com",
        "139 **** 4321",
        "************7890",
    ):
        assert mask in stored
    # The contact phone is the one unredacted value, in its own column.
    assert raw_rows(db_path, "SELECT phone FROM tickets") == [("13812345678",)]
    assert ticket.phone == "13812345678"


# -- feedback ------------------------------------------------------------------------------------------


def test_feedback_round_trip_and_filter(store):
    turn_id = log(store)
    up = store.feedback.add(turn_id, "s1", "up")
    down = store.feedback.add(None, "s1", "down", "  没说清楚赔偿怎么算  ")
    assert [f.id for f in store.feedback.list()] == [up, down]
    [only_down] = store.feedback.list("down")
    assert (only_down.turn_id, only_down.session_id, only_down.comment) == (None, "s1", "没说清楚赔偿怎么算")
    assert store.feedback.list("up")[0].turn_id == turn_id


@pytest.mark.parametrize("rating", ["good", "", "UP", None])
def test_feedback_rejects_bad_rating(store, rating):
    with pytest.raises(RecordError) as caught:
        store.feedback.add(None, "s1", rating)
    assert caught.value.status == 422


def test_feedback_on_unknown_or_foreign_turn_is_not_found(store):
    turn_id = log(store, session="s1")
    with pytest.raises(NotFoundError):
        store.feedback.add(turn_id + 100, "s1", "up")
    with pytest.raises(NotFoundError):
        store.feedback.add(turn_id, "someone-else", "up")
    assert store.feedback.list() == []


def test_feedback_comment_length_is_limited(store):
    with pytest.raises(RecordError):
        store.feedback.add(None, "s1", "down", "太" * 2001)


# -- tickets -------------------------------------------------------------------------------------------


def test_ticket_round_trip(store):
    ticket = store.tickets.create("服务帮扶", "工伤后单位不给报销医药费", "0663-1234567", "李四")
    assert ticket.number == "GH20261125-0001"
    assert (ticket.category, ticket.phone, ticket.name) == ("服务帮扶", "0663-1234567", "李四")
    assert (ticket.status, ticket.staff_note) == ("待处理", "")
    assert ticket.created_at == ticket.updated_at == T0
    assert store.tickets.get("gh20261125-0001 ") == ticket


def test_ticket_number_uses_china_date_and_daily_sequence(store, clock):
    clock.now = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)  # already 00:30 on the 25th in China
    numbers = [store.tickets.create("问题咨询", "咨询年假", "13812345678").number for _ in range(2)]
    clock.advance(days=1)
    numbers.append(store.tickets.create("问题咨询", "咨询年假", "13812345678").number)
    assert numbers == ["GH20261125-0001", "GH20261125-0002", "GH20261126-0001"]


def test_ticket_phone_is_normalised(store):
    assert store.tickets.create("问题咨询", "咨询", "+86 １３８ １２３４ ５６７８").phone == "13812345678"
    assert store.tickets.create("问题咨询", "咨询", "(020)1234 5678").phone == "020-12345678"


@pytest.mark.parametrize(
    ("category", "description", "phone", "message"),
    [
        ("工资问题", "欠薪", "13812345678", "诉求类别"),
        ("问题咨询", "   ", "13812345678", "描述"),
        ("问题咨询", "欠" * 2001, "13812345678", "太长"),
        ("问题咨询", "欠薪", "12351", "联系电话"),
        ("问题咨询", "欠薪", "1381234567", "联系电话"),
        ("问题咨询", "欠薪", "87654321", "联系电话"),
        ("问题咨询", "欠薪", "", "联系电话"),
    ],
)
def test_create_ticket_validates(store, category, description, phone, message):
    with pytest.raises(RecordError) as caught:
        store.tickets.create(category, description, phone)
    assert caught.value.status == 422
    assert message in caught.value.message
    assert store.tickets.list() == []


def test_list_tickets_masks_phones_newest_first(store):
    store.tickets.create("问题咨询", "咨询加班费", "13812345678")
    store.tickets.create("信访投诉", "投诉单位", "0663-1234567")
    listed = store.tickets.list()
    assert [t.number for t in listed] == ["GH20261125-0002", "GH20261125-0001"]
    assert [t.phone for t in listed] == ["0663-****567", "138****5678"]
    assert store.tickets.get("GH20261125-0001").phone == "13812345678"
    assert len(store.tickets.list(limit=1)) == 1


def test_list_tickets_by_status(store):
    first = store.tickets.create("问题咨询", "咨询", "13812345678")
    store.tickets.create("问题咨询", "咨询", "13812345678")
    store.tickets.update(first.number, status="处理中")
    assert [t.number for t in store.tickets.list(status="处理中")] == [first.number]
    assert len(store.tickets.list(status="待处理")) == 1
    with pytest.raises(RecordError):
        store.tickets.list(status="closed")


def test_update_ticket(store, clock):
    ticket = store.tickets.create("法律援助", "被辞退没有补偿", "13812345678")
    clock.advance(hours=2)
    updated = store.tickets.update(ticket.number, status="处理中", staff_note="已回电，对方手机13812345678")
    assert (updated.status, updated.staff_note) == ("处理中", "已回电，对方手机138****5678")
    assert (updated.created_at, updated.updated_at) == (T0, T0 + timedelta(hours=2))
    closed = store.tickets.update(ticket.number, status="已办结")
    assert (closed.status, closed.staff_note) == ("已办结", updated.staff_note)  # note kept
    assert store.tickets.update(ticket.number) == closed  # nothing to change


def test_update_ticket_rejects_bad_status_and_unknown_number(store):
    ticket = store.tickets.create("意见建议", "希望延长热线时间", "13812345678")
    with pytest.raises(RecordError) as caught:
        store.tickets.update(ticket.number, status="done")
    assert caught.value.status == 422
    assert store.tickets.get(ticket.number).status == "待处理"
    with pytest.raises(NotFoundError) as missing:
        store.tickets.update("GH20990101-0001", status="处理中")
    assert missing.value.status == 404
    with pytest.raises(NotFoundError):
        store.tickets.get("GH20990101-0001")


# -- retention -----------------------------------------------------------------------------------------


def test_prune_deletes_old_turns_feedback_and_closed_tickets(store, clock):
    old_turn = log(store)
    store.feedback.add(old_turn, "s1", "up")
    closed = store.tickets.create("问题咨询", "旧的已办结", "13812345678")
    store.tickets.update(closed.number, status="已办结")
    still_open = store.tickets.create("问题咨询", "旧的未办结", "13812345678")
    clock.advance(days=40)
    recent_turn = log(store)
    recently_closed = store.tickets.create("问题咨询", "新的已办结", "13812345678")
    store.tickets.update(recently_closed.number, status="已办结")

    assert store.prune(30) == 3  # the old turn, its feedback, the old closed ticket
    assert [t.id for t in store.turns.list()] == [recent_turn]
    assert store.feedback.list() == []
    assert {t.number for t in store.tickets.list()} == {still_open.number, recently_closed.number}
    assert store.prune(30) == 0
    with pytest.raises(RecordError):
        store.prune(-1)


# -- the database file ---------------------------------------------------------------------------------


def test_file_store_uses_wal_and_schema_version(db_path):
    with Records(db_path) as store:
        log(store)
    assert raw_rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert raw_rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw_rows(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def test_store_persists_across_reopening(database_target, clock):
    db_path = database_target
    with Records(db_path, clock=clock) as store:
        log(store)
        number = store.tickets.create("问题咨询", "咨询", "13812345678").number
    with Records(db_path, clock=clock) as reopened:
        assert len(reopened.turns.history("s1")) == 2
        assert reopened.tickets.create("问题咨询", "咨询", "13812345678").number == number[:-1] + "2"


def test_store_errors_are_bot_errors():
    assert issubclass(StoreError, BotError) and StoreError.status == 503
    assert issubclass(RecordError, BotError) and RecordError.status == 422


@pytest.fixture
def read_only_store(database_target):
    """A store over an existing database opened read-only (SQLite's mode=ro: writes fail even for root;
    PostgreSQL: default_transaction_read_only)."""
    yield from open_read_only(database_target)


def open_read_only(target):
    with Records(target) as writer:
        log(writer)
    with Records(target, read_only=True) as store:
        yield store


@pytest.fixture
def read_only_sqlite_store(db_path):
    yield from open_read_only(str(db_path))


@pytest.fixture
def read_only_postgres_store(postgres_url):
    yield from open_read_only(postgres_url)


@pytest.fixture
def corrupt_store(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database" * 200)
    with Records(path) as store:
        yield store


@pytest.fixture
def unreachable_store(tmp_path):
    """A PostgreSQL URL whose server is not there (a socket folder with no server in it)."""
    (tmp_path / "no-server").mkdir()
    with Records(f"postgresql://bot:secret@/records?host={tmp_path / 'no-server'}") as store:
        yield store


@pytest.fixture
def unusable_store(tmp_path):
    """The database's folder cannot be created because a plain file is in the way (fails even for root)."""
    (tmp_path / "blocked").write_text("a file, not a folder")
    with Records(tmp_path / "blocked" / "conversations.db") as store:
        yield store


def test_log_turn_on_read_only_database_returns_none_and_logs(read_only_store, database_target, caplog):
    with caplog.at_level(logging.ERROR, logger="bot.store"):
        assert log(read_only_store, question="新问题") is None
    assert "readonly" in caplog.text or "read-only" in caplog.text
    assert len(read_only_store.turns.history("s1")) == 2  # reading still works
    assert raw_rows(database_target, "SELECT count(*) FROM turns") == [(1,)]


BROKEN = [
    "read_only_sqlite_store",
    "read_only_postgres_store",
    "corrupt_store",
    "unusable_store",
    "unreachable_store",
]


@pytest.mark.parametrize("broken", BROKEN)
def test_log_turn_on_broken_database_never_raises(broken, request, caplog):
    store = request.getfixturevalue(broken)
    with caplog.at_level(logging.ERROR, logger="bot.store"):
        assert log(store) is None
    assert "could not log turn" in caplog.text


@pytest.mark.parametrize("broken", ["corrupt_store", "unusable_store", "unreachable_store"])
def test_history_on_broken_database_is_empty(broken, request):
    assert request.getfixturevalue(broken).turns.history("s1") == []


@pytest.mark.parametrize("broken", BROKEN)
def test_explicit_writes_on_broken_database_raise_store_error(broken, request):
    store = request.getfixturevalue(broken)
    with pytest.raises(StoreError) as caught:
        store.feedback.add(None, "s1", "up", "有用")
    assert caught.value.status == 503
    assert "12351" in caught.value.message
    with pytest.raises(StoreError):
        store.tickets.create("问题咨询", "咨询", "13812345678")


def test_unreachable_postgres_is_named_without_its_password(unreachable_store, caplog):
    with caplog.at_level(logging.ERROR, logger="bot.records"):
        assert log(unreachable_store) is None
    assert "postgresql://bot:***@/records" in caplog.text and "secret" not in caplog.text
    assert unreachable_store.db.last_error and not unreachable_store.db.ping()


def test_database_from_a_newer_version_is_refused(database_target):
    db_path = database_target
    with Records(db_path) as store:
        log(store)
    if db_path.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db_path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099'")
    else:
        conn = sqlite3.connect(db_path)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    with Records(db_path) as store:
        assert log(store) is None
        with pytest.raises(StoreError):
            store.tickets.list()


def test_locked_database_fails_fast_then_recovers(db_path, caplog):
    with Records(db_path) as writer:
        log(writer)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Records(db_path, busy_timeout_ms=100) as store:
            started = time.monotonic()
            with caplog.at_level(logging.ERROR, logger="bot.store"):
                assert log(store) is None
            assert time.monotonic() - started < 2
            assert "locked" in caplog.text
            assert len(store.turns.history("s1")) == 2  # WAL readers are not blocked by the writer
            with pytest.raises(StoreError):
                store.feedback.add(None, "s1", "up")
            holder.execute("COMMIT")
            assert log(store) is not None  # the same store works again once the lock is gone
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


# -- concurrency ---------------------------------------------------------------------------------------

THREADS = 16


def run_together(work):
    """Run work(i) in 16 threads released at the same moment; returns the results in thread order."""
    barrier = threading.Barrier(THREADS)

    def start(i):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(start, range(THREADS)))


@pytest.fixture(
    params=[
        "memory",
        "shared file store",
        "one store per thread",
        "postgresql shared",
        "postgresql per thread",
    ]
)
def store_for_thread(request, db_path, clock):
    """store_for_thread(i): the store thread i uses; the per-thread cases have 16 stores on one database
    (like 16 processes or replicas)."""
    if request.param.startswith("postgresql"):
        from support.databases import create_schema

        db_path = create_schema(request.getfixturevalue("postgres_server"))
    if request.param == "memory":
        stores = [Records(clock=clock)]
    elif request.param in ("shared file store", "postgresql shared"):
        stores = [Records(db_path, clock=clock)]
    else:
        stores = [Records(db_path, clock=clock) for _ in range(THREADS)]
    yield lambda i: stores[i % len(stores)]
    for store in stores:
        store.close()


def test_concurrent_log_turn_loses_no_rows(store_for_thread):
    def work(i):
        store = store_for_thread(i)
        return [log(store, session=f"s{i}", question=f"问题{n}") for n in range(25)]

    ids = [turn_id for batch in run_together(work) for turn_id in batch]
    assert None not in ids
    assert len(set(ids)) == THREADS * 25
    reader = store_for_thread(0)
    assert len(reader.turns.list()) == THREADS * 25
    assert all(len(reader.turns.history(f"s{i}", limit=100)) == 50 for i in range(THREADS))


def test_concurrent_tickets_get_unique_numbers(store_for_thread):
    def work(i):
        return store_for_thread(i).tickets.create("问题咨询", f"第{i}个诉求", "13812345678").number

    numbers = run_together(work)
    assert all(re.fullmatch(r"GH20261125-\d{4}", number) for number in numbers)
    assert sorted(numbers) == [f"GH20261125-{seq:04d}" for seq in range(1, THREADS + 1)]


# -- insight queries (dashboard and `bot report`) --------------------------------------------------------


def log_at(
    store, clock, when, question="问题", status="answered", category="工资", cited=("wage-1",), confidence=0.8
):
    clock.now = when
    return store.turns.log(
        "s1", question, status, category, list(cited), confidence, 10, answer=f"答：{question}"
    )


def test_status_category_and_citation_counts_in_a_window(store, clock):
    log_at(store, clock, T0 - timedelta(days=8), category="工伤", cited=("injury-1",))  # before the window
    log_at(store, clock, T0 - timedelta(days=1), cited=("wage-1", "wage-2"))
    log_at(store, clock, T0 - timedelta(hours=1), cited=("wage-1", "wage-1"))  # cited twice, one turn
    log_at(store, clock, T0 - timedelta(hours=1), status="no_match", category=None, cited=())
    log_at(store, clock, T0, status="out_of_scope", category="", cited=())  # at `until`: excluded
    since, until = T0 - timedelta(days=7), T0
    assert store.analytics.status_counts(since, until) == {"answered": 2, "no_match": 1}
    assert store.analytics.category_counts(since, until) == {"工资": 2}
    assert store.analytics.citation_counts(since, until) == {"wage-1": 2, "wage-2": 1}
    assert store.analytics.status_counts() == {"answered": 3, "no_match": 1, "out_of_scope": 1}


def test_daily_counts_use_the_china_calendar_day(store, clock):
    log_at(store, clock, datetime(2026, 11, 24, 15, 59, tzinfo=UTC))  # 23:59 on the 24th in China
    log_at(store, clock, datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # 00:00 on the 25th in China
    log_at(store, clock, datetime(2026, 11, 24, 17, 0, tzinfo=UTC), status="no_match")
    assert store.analytics.daily_counts() == {
        ("2026-11-24", "answered"): 1,
        ("2026-11-25", "answered"): 1,
        ("2026-11-25", "no_match"): 1,
    }


def test_gap_candidates_are_unanswered_or_weak_and_unhandled(store, clock):
    no_match = log_at(store, clock, T0, "宿舍热水器坏了找谁修", status="no_match", confidence=0.3)
    weak = log_at(store, clock, T0, "工会会员卡怎么补办", confidence=0.45)
    log_at(store, clock, T0, "试用期多久", confidence=0.85)  # confident: not a gap
    log_at(store, clock, T0, "今天天气怎么样", status="out_of_scope", confidence=0.1)  # not our domain
    assert [t.id for t in store.analytics.gap_candidates(below=0.6)] == [no_match, weak]
    assert [t.id for t in store.analytics.gap_candidates(below=0.6, limit=1)] == [
        weak
    ]  # the latest, oldest first

    assert (
        store.analytics.mark_gaps_handled([no_match, no_match, 999]) == 1
    )  # unknown ids and repeats are ignored
    assert store.analytics.mark_gaps_handled([no_match]) == 0
    assert [t.id for t in store.analytics.gap_candidates(below=0.6)] == [weak]


def test_rated_turns_pair_feedback_with_its_turn_newest_first(store, clock):
    first = log_at(store, clock, T0, "加班费怎么算")
    second = log_at(store, clock, T0 + timedelta(hours=1), "年假几天")
    store.feedback.add(first, "s1", "down", "没说清楚")
    store.feedback.add(second, "s1", "up")
    store.feedback.add(None, "s1", "down", "整体不好用")
    rated = store.analytics.rated_turns("down")
    assert [(f.comment, t.question if t else None) for f, t in rated] == [
        ("整体不好用", None),
        ("没说清楚", "加班费怎么算"),
    ]
    assert rated[1][1].answer == "答：加班费怎么算"
    assert store.analytics.rated_turns("down", since=T0 + timedelta(hours=2)) == []
    with pytest.raises(RecordError):
        store.analytics.rated_turns("meh")


def test_ticket_counts_include_every_status(store):
    assert store.tickets.counts() == {"待处理": 0, "处理中": 0, "已办结": 0}
    number = store.tickets.create("问题咨询", "咨询", "13812345678").number
    store.tickets.create("问题咨询", "咨询", "13812345678")
    store.tickets.update(number, status="处理中")
    assert store.tickets.counts() == {"待处理": 1, "处理中": 1, "已办结": 0}


def test_prune_forgets_handled_marks_of_deleted_turns(database_target, clock):
    db_path = database_target
    with Records(db_path, clock=clock) as store:
        old = log_at(store, clock, T0, "旧问题", status="no_match")
        store.analytics.mark_gaps_handled([old])
        clock.advance(days=40)
        store.prune(30)
    assert raw_rows(db_path, "SELECT count(*) FROM handled_gaps") == [(0,)]


def test_version_1_database_is_upgraded_in_place(db_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """CREATE TABLE turns (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, session_id TEXT NOT NULL,
               question TEXT NOT NULL, answer TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, category TEXT,
               cited_ids TEXT NOT NULL DEFAULT '[]', confidence REAL, latency_ms INTEGER);
           INSERT INTO turns (created_at, session_id, question, status) VALUES
               ('2026-11-25T02:00:00.000000+00:00', 's1', '旧库里的问题', 'no_match');
           PRAGMA user_version = 1;"""
    )
    conn.close()
    with Records(db_path) as store:
        [gap] = store.analytics.gap_candidates(below=0.6)
        assert gap.question == "旧库里的问题"
        assert store.analytics.mark_gaps_handled([gap.id]) == 1
    assert raw_rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


# The schema the bot wrote before alembic at its user_version 3 (issue 15's staff sessions and idempotency
# keys), 4 (teaching) and 5 (console: calls, audit log, session roles); its versions 3 to 5 are not alembic's
# 0003 (shared knowledge) to 0005.
PRE_ALEMBIC_VERSION_3 = """
CREATE TABLE turns (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, session_id TEXT NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, category TEXT,
    cited_ids TEXT NOT NULL DEFAULT '[]', confidence REAL, latency_ms INTEGER);
CREATE INDEX turns_by_session ON turns (session_id, id);
CREATE INDEX turns_by_time ON turns (created_at);
CREATE TABLE feedback (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, turn_id INTEGER,
    session_id TEXT NOT NULL, rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '');
CREATE INDEX feedback_by_time ON feedback (created_at);
CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, day TEXT NOT NULL,
    seq INTEGER NOT NULL, category TEXT NOT NULL, description TEXT NOT NULL, phone TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, staff_note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (day, seq));
CREATE INDEX tickets_by_status ON tickets (status, id);
CREATE TABLE handled_gaps (turn_id INTEGER PRIMARY KEY, handled_at TEXT NOT NULL);
CREATE TABLE staff_sessions (id_hash TEXT PRIMARY KEY, csrf_token TEXT NOT NULL, created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL);
CREATE TABLE idempotency_keys (endpoint TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    created_at TEXT NOT NULL, status INTEGER, body TEXT, PRIMARY KEY (endpoint, key));
PRAGMA user_version = 3;
"""
PRE_ALEMBIC_VERSION_4 = (
    PRE_ALEMBIC_VERSION_3.replace("PRAGMA user_version = 3;", "")
    + """
CREATE TABLE teaching (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, action TEXT NOT NULL,
    question TEXT NOT NULL, snippet_id TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '',
    staff TEXT NOT NULL DEFAULT '', client TEXT NOT NULL DEFAULT '');
INSERT INTO teaching (created_at, action, question, staff) VALUES
    ('2026-11-25T02:00:00.000000+00:00', 'decline', '帮我查一下邻居的电话', '王老师');
PRAGMA user_version = 4;
"""
)
PRE_ALEMBIC_VERSION_5 = (
    PRE_ALEMBIC_VERSION_4.replace("PRAGMA user_version = 4;", "").replace(
        "expires_at TEXT NOT NULL);",
        "expires_at TEXT NOT NULL, role TEXT NOT NULL DEFAULT 'admin', name TEXT NOT NULL DEFAULT '');",
    )
    + """
CREATE TABLE calls (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('resolved', 'ticket')), topics TEXT NOT NULL DEFAULT '[]',
    category TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', ticket_number TEXT,
    caseworker TEXT NOT NULL DEFAULT '');
CREATE INDEX calls_by_time ON calls (created_at);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, actor TEXT NOT NULL,
    role TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');
CREATE INDEX audit_by_time ON audit_log (created_at);
INSERT INTO calls (created_at, outcome, notes) VALUES ('2026-11-25T02:00:00.000000+00:00', 'resolved', '旧笔记');
PRAGMA user_version = 5;
"""
)


@pytest.mark.parametrize(
    "script",
    [PRE_ALEMBIC_VERSION_3, PRE_ALEMBIC_VERSION_4, PRE_ALEMBIC_VERSION_5],
    ids=["v3", "v4", "v5"],
)
def test_pre_alembic_database_keeps_its_sessions_keys_teaching_and_calls(db_path, script):
    db_path.parent.mkdir(parents=True)
    session_id, csrf = "a-session-id-from-the-old-bot", "its-csrf-token"
    now = datetime.now(UTC)
    conn = sqlite3.connect(db_path)
    conn.executescript(script)
    conn.execute(
        "INSERT INTO staff_sessions (id_hash, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (hashlib.sha256(session_id.encode()).hexdigest(), csrf, iso(now), iso(now + timedelta(hours=8))),
    )
    conn.execute(
        "INSERT INTO idempotency_keys VALUES ('feedback', 'k1', 'h1', ?, 200, '{\"ok\": true, \"id\": 7}')",
        (iso(now),),
    )
    conn.commit()
    conn.close()
    with Records(db_path) as store:
        found = store.staff_sessions.find(session_id)
        assert found is not None and found.csrf_token == csrf
        stored = store.idempotency.claim("feedback", "k1", "h1")
        assert stored is not None and stored.body == {"ok": True, "id": 7}
        assert found.role == "admin"  # the column 0006 adds (or finds) defaults to admin
        declined = [] if script is PRE_ALEMBIC_VERSION_3 else ["帮我查一下邻居的电话"]
        assert store.teaching.declined_questions() == declined
        old_calls = ["旧笔记"] if script is PRE_ALEMBIC_VERSION_5 else []
        assert [call.notes for call in store.calls.recent()] == old_calls
        assert store.db.revision() == HEAD
    assert raw_rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert raw_rows(db_path, "SELECT count(*) FROM documents") == [(0,)]  # revision 0003 ran as well


def test_teaching_marks_newest_first_and_declined_questions_once(database_target):
    with Records(database_target) as store:
        first = store.teaching.record("decline", "帮我查邻居电话", "王老师", "10.0.0.1")
        link = store.teaching.record("link", "宿舍停水找谁", "李老师", snippet_id="union-join", path="r/u.md")
        store.teaching.record("decline", "帮我查邻居电话", "李老师")
        assert link.id > first.id
        marks = store.teaching.marks()
        assert [m.action for m in marks] == ["decline", "link", "decline"]
        assert marks[1] == link and marks[2].client == "10.0.0.1"
        assert [m.question for m in store.teaching.marks("link")] == ["宿舍停水找谁"]
        assert store.teaching.declined_questions() == ["帮我查邻居电话"]
        assert len(store.teaching.marks(limit=1)) == 1


def test_a_decline_mark_taken_back_leaves_the_examples_and_stays_in_the_log(database_target):
    with Records(database_target) as store:
        store.teaching.record("decline", "帮我查邻居电话", "王老师")
        store.teaching.record("decline", "离婚孩子归谁", "王老师")
        revision = store.teaching.declined_revision()
        store.teaching.record("undecline", "帮我查邻居电话", "李老师", "10.0.0.2")
        assert store.teaching.declined_revision() > revision  # other replicas re-read their examples
        assert store.teaching.declined_questions() == ["离婚孩子归谁"]
        assert [m.question for m in store.teaching.declined_marks()] == ["离婚孩子归谁"]
        assert [(m.action, m.staff) for m in store.teaching.marks()][:1] == [("undecline", "李老师")]
        store.teaching.record("decline", "帮我查邻居电话", "王老师")  # marked again later: in force again
        assert store.teaching.declined_questions() == ["离婚孩子归谁", "帮我查邻居电话"]


def test_calls_are_logged_counted_and_pruned(database_target, clock):
    with Records(database_target, clock=clock) as store:
        old = store.calls.log("resolved", ["severance"], "老板不给补偿，电话 13812345678", "劳动合同")
        clock.advance(days=40)
        ticket = store.tickets.create("问题咨询", "工伤认定被拒", "13812345678")
        made = store.calls.log("ticket", [], "转工单", "工伤", ticket.number, caseworker="丙")
        assert made.id > old.id and made.ticket_number == ticket.number and made.caseworker == "丙"
        assert "13812345678" not in old.notes and old.topics == ("severance",)
        assert [c.id for c in store.calls.recent()] == [made.id, old.id]
        assert store.calls.outcome_counts() == {"resolved": 1, "ticket": 1}
        recent = clock() - timedelta(days=1)
        assert store.calls.outcome_counts(since=recent) == {"resolved": 0, "ticket": 1}
        assert store.calls.category_counts(until=recent) == {"劳动合同": 1}
        with pytest.raises(RecordError):
            store.calls.log("dropped", [], "")
        assert store.prune(30) == 1  # the old call
        assert [c.id for c in store.calls.recent()] == [made.id]


def test_audit_log_and_console_sessions(database_target):
    with Records(database_target) as store:
        store.audit.record("丙", "console", "console.ticket", "GH20261129-0001", "电话 13812345678")
        store.audit.record("", "admin", "login")
        newest, first = store.audit.recent()
        assert (newest.actor, newest.action) == ("admin", "login")  # no name: the role
        assert first.target == "GH20261129-0001" and "13812345678" not in first.detail
        session = store.staff_sessions.open(timedelta(hours=1), role="console", name=" 丙 ")
        found = store.staff_sessions.find(session.id)
        assert (found.role, found.name) == ("console", "丙")


def test_a_ticket_saved_by_someone_else_is_not_overwritten(database_target, clock):
    from bot.records.tickets import TicketChangedError

    with Records(database_target, clock=clock) as store:
        opened = store.tickets.create("问题咨询", "欠薪三个月", "13812345678")
        clock.advance(minutes=1)
        saved = store.tickets.update(
            opened.number, staff_note="已回电", expected_updated_at=opened.updated_at
        )
        with pytest.raises(TicketChangedError) as caught:
            store.tickets.update(opened.number, staff_note="覆盖", expected_updated_at=opened.updated_at)
        assert caught.value.status == 409 and caught.value.current.staff_note == "已回电"
        assert store.tickets.get(opened.number).updated_at == saved.updated_at


def test_concurrent_saves_of_one_ticket_version_on_two_replicas_let_one_win(database_target):
    from bot.records.tickets import TicketChangedError

    with Records(database_target) as a, Records(database_target) as b:
        opened = a.tickets.create("问题咨询", "欠薪三个月", "13812345678")
        b.tickets.get(opened.number)  # both replicas connected before the race

        def save(n: int) -> str:
            store = (a, b)[n % 2]
            try:
                store.tickets.update(
                    opened.number, staff_note=f"备注{n}", expected_updated_at=opened.updated_at
                )
            except TicketChangedError:
                return "conflict"
            return "saved"

        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(save, range(8)))
        assert outcomes.count("saved") == 1 and outcomes.count("conflict") == 7
