"""Staff insight: what workers asked over a period, compared with the period before, and what needs a person.

One `Insights` summary feeds the dashboard (/admin/insights), its CSV exports and `bot report`. Counting is
done by SQL in the store; this module picks the windows, compares them and groups the knowledge-gap queue.

Gap grouping is single-pass clustering on character bigrams (Jaccard similarity): deterministic, well under a
second for thousands of questions and easy to explain to staff. Embedding each question was tried and rejected: the
default model takes about 19 s per 1000 short questions on the server's CPU, too slow for a page load.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.errors import BotError
from bot.store import CHINA_TZ, ConversationStore, Feedback, Ticket, Turn

STATUS_LABELS = {"answered": "已回答", "out_of_scope": "超出服务范围", "no_match": "未找到答案"}
# Two questions whose bigram sets overlap by at least half (Jaccard) ask the same thing in other words:
# against "宿舍热水器坏了找谁修", "厂里宿舍的热水器坏了找谁修啊" scores 0.62, "宿舍空调坏了找谁修" 0.42.
GAP_SIMILARITY = 0.5
# A group is compared through up to this many of its distinct phrasings, so it can grow past its first
# wording without chaining into an unrelated topic.
GAP_EXEMPLARS = 5
# Only the latest questions are grouped, which bounds the page's cost whatever the backlog: 5000 questions
# built from the knowledge base's own phrasings group in about 0.6 s on one core.
GAP_SCAN_LIMIT = 5000
MAX_PERIOD_DAYS = 365

_PERIOD = re.compile(r"(\d{1,5})\s*(h|小时|d|天)")
# Greetings and lead-ins that do not change what is asked.
_LEAD_IN = re.compile(
    r"^(?:你好|您好|请问|麻烦问一下|我想咨询|我想问一下|我想问|想问一下|想问|问一下|咨询一下|咨询)+"
)
_TRAILING_PARTICLES = "吗呢啊吧呀嘛哈啦"


class PeriodError(BotError):
    """A report period is not a number of hours or days (24h, 7d, 30d)."""

    status = 422


def parse_period(text: str) -> timedelta:
    """'24h', '7d', '30d' (also '7天', '24小时') as a timedelta; PeriodError for anything else."""
    match = _PERIOD.fullmatch((text or "").strip().lower())
    amount = int(match[1]) if match else 0
    period = timedelta(hours=amount) if match and match[2] in ("h", "小时") else timedelta(days=amount)
    if not match or amount == 0 or period > timedelta(days=MAX_PERIOD_DAYS):
        raise PeriodError(
            f"时间范围“{text}”无法识别：请写成数字加单位，如 24h（24 小时）、7d（7 天）、30d（30 天），"
            f"最长 {MAX_PERIOD_DAYS} 天"
        )
    return period


def period_code(period: timedelta) -> str:
    """The short form of a period, as `parse_period` reads it: '7d', '24h', '36h' (hours under two days)."""
    if period % timedelta(days=1) or period < timedelta(days=2):
        return f"{period // timedelta(hours=1)}h"
    return f"{period.days}d"


def period_label(period: timedelta) -> str:
    """'近 7 天', '近 24 小时'."""
    if period % timedelta(days=1) or period < timedelta(days=2):
        return f"近 {period // timedelta(hours=1)} 小时"
    return f"近 {period.days} 天"


def china_time(moment: datetime) -> str:
    """A stored UTC time as staff read it: '2026-11-25 10:00' (China time)."""
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


# -- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """Turns of one window by status."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def rate(self, status: str) -> float | None:
        """Share of turns with this status, None when there were no turns."""
        return self.count(status) / self.total if self.total else None


@dataclass(frozen=True)
class DayCount:
    """Questions asked on one China calendar day, by status."""

    day: date
    answered: int
    out_of_scope: int
    no_match: int

    @property
    def total(self) -> int:
        return self.answered + self.out_of_scope + self.no_match


@dataclass(frozen=True)
class Comparison:
    """One category or snippet: turns this period and the period before."""

    key: str
    current: int
    previous: int
    label: str = ""  # a snippet's title, when known

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class GapGroup:
    """Unanswered or weakly answered questions that ask the same thing, as one row of the gap queue."""

    key: int  # id of the group's oldest turn: stable while newer variants join
    example: str  # the most frequent wording
    variants: tuple[str, ...]  # a few other wordings
    count: int
    no_match: int
    low_confidence: int
    first_seen: datetime
    last_seen: datetime
    turn_ids: tuple[int, ...]


@dataclass(frozen=True)
class RatedTurn:
    """A 👎 with the question and answer it rated (turn None when the turn is gone or was not named)."""

    feedback: Feedback
    turn: Turn | None


@dataclass(frozen=True)
class Insights:
    """Everything the dashboard and `bot report` show for one period."""

    period: timedelta
    now: datetime
    start: datetime  # current window: start <= t < now
    previous_start: datetime  # previous window: previous_start <= t < start
    current: StatusCounts
    previous: StatusCounts
    days: list[DayCount]
    categories: list[Comparison]
    snippets: list[Comparison]
    gaps: list[GapGroup]
    downvotes: list[RatedTurn]
    ticket_counts: dict[str, int]
    tickets: list[Ticket] = field(default_factory=list)  # contact phones masked

    @property
    def label(self) -> str:
        return period_label(self.period)


# -- building the summary -------------------------------------------------------------------------------


def summarise(
    store: ConversationStore,
    period: timedelta,
    now: datetime,
    low_confidence: float,
    *,
    top: int = 10,
    titles: dict[str, str] | None = None,
    ticket_status: str | None = None,
    ticket_limit: int = 200,
    downvote_limit: int = 200,
) -> Insights:
    """Read the store and build the summary of `period` ending at `now`, compared with the period before.

    `low_confidence` is the confidence below which an answer counts as a knowledge gap; `titles` maps snippet
    ids to titles for display. Raises StoreError when the database cannot be read.
    """
    start = now - period
    previous_start = start - period
    citations_now = store.citation_counts(start, now)
    citations_before = store.citation_counts(previous_start, start)
    return Insights(
        period=period,
        now=now,
        start=start,
        previous_start=previous_start,
        current=StatusCounts(store.status_counts(start, now)),
        previous=StatusCounts(store.status_counts(previous_start, start)),
        days=daily(store, chart_days(period), now),
        categories=compare(
            store.category_counts(start, now), store.category_counts(previous_start, start), top
        ),
        snippets=compare(citations_now, citations_before, top, titles),
        gaps=group_gaps(store.gap_candidates(low_confidence, GAP_SCAN_LIMIT), low_confidence),
        downvotes=[
            RatedTurn(feedback, turn)
            for feedback, turn in store.rated_turns("down", start, now, downvote_limit)
        ],
        ticket_counts=store.ticket_counts(),
        tickets=store.list_tickets(ticket_status, ticket_limit),
    )


def chart_days(period: timedelta) -> int:
    """Days in the questions-per-day chart: the period and the one before, between two weeks and 60 days."""
    return min(60, max(14, math.ceil(2 * period / timedelta(days=1))))


def daily(store: ConversationStore, days: int, now: datetime) -> list[DayCount]:
    """Questions per China calendar day for the last `days` days up to today, oldest first (empty days 0)."""
    today = now.astimezone(CHINA_TZ).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time(), CHINA_TZ)
    counts = store.daily_counts(since, now)
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        key = day.isoformat()
        out.append(
            DayCount(
                day,
                counts.get((key, "answered"), 0),
                counts.get((key, "out_of_scope"), 0),
                counts.get((key, "no_match"), 0),
            )
        )
    return out


def compare(
    current: dict[str, int], previous: dict[str, int], top: int, titles: dict[str, str] | None = None
) -> list[Comparison]:
    """The `top` keys of the current period (most turns first, ties by name) with last period's count."""
    ranked = sorted(current.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [Comparison(key, n, previous.get(key, 0), (titles or {}).get(key, "")) for key, n in ranked]


# -- grouping the knowledge-gap queue -------------------------------------------------------------------


def normalise_question(text: str) -> str:
    """What is compared: full-width folded, lower case, letters and digits only, without greetings or the
    final particle ('请问，宿舍热水器坏了找谁修呢？' -> '宿舍热水器坏了找谁修')."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch for ch in text if ch.isalnum())
    return _LEAD_IN.sub("", text).rstrip(_TRAILING_PARTICLES)


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of a normalised question (a one-character question is its own gram)."""
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets (two questions with no letters at all)."""
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


@dataclass
class _Cluster:
    exemplars: list[frozenset[str]]
    turns: list[Turn]


def _prefix_length(size: int, threshold: float) -> int:
    """How many of a set's rarest grams two sets with Jaccard >= threshold must share at least one of (the
    prefix filter of set-similarity joins: Bayardo et al. 2007, "Scaling up all pairs similarity search")."""
    return size - math.ceil(threshold * size - 1e-9) + 1


def group_questions(turns: Sequence[Turn], threshold: float = GAP_SIMILARITY) -> list[list[Turn]]:
    """Group turns whose questions ask the same thing, in one pass over `turns` (oldest first).

    Each question joins the most similar earlier group (Jaccard of bigrams against the group's exemplar
    wordings, at least `threshold`; ties go to the older group) or starts a new one. The same input always
    gives the same groups, and adding newer turns never moves an older one.

    Only groups that share one of the question's rarer bigrams are compared (the prefix filter), which finds
    exactly the groups a full comparison would, without comparing against every group that shares a common
    bigram such as 怎么 or 工资.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    texts = [normalise_question(turn.question) for turn in turns]
    grams_of = {text: bigrams(text) for text in texts}
    frequency = Counter(gram for grams in grams_of.values() for gram in grams)

    def prefix(grams: frozenset[str]) -> list[str]:
        rare_first = sorted(grams, key=lambda gram: (frequency[gram], gram))
        return rare_first[: _prefix_length(len(grams), threshold)]

    clusters: list[_Cluster] = []
    by_text: dict[str, int] = {}
    postings: dict[str, set[int]] = defaultdict(set)
    for turn, text in zip(turns, texts, strict=True):
        if text in by_text:
            clusters[by_text[text]].turns.append(turn)
            continue
        grams = grams_of[text]
        head = prefix(grams)
        candidates = sorted(set().union(*(postings.get(gram, ()) for gram in head)))
        best, best_score = None, threshold
        for index in candidates:
            score = max(jaccard(grams, exemplar) for exemplar in clusters[index].exemplars)
            if score > best_score or (best is None and score >= threshold):
                best, best_score = index, score
        if best is None:
            best = len(clusters)
            clusters.append(_Cluster([], []))
        cluster = clusters[best]
        cluster.turns.append(turn)
        if len(cluster.exemplars) < GAP_EXEMPLARS:
            cluster.exemplars.append(grams)
            for gram in head:
                postings[gram].add(best)
        by_text[text] = best
    return [cluster.turns for cluster in clusters]


def group_gaps(
    turns: Sequence[Turn], low_confidence: float, threshold: float = GAP_SIMILARITY
) -> list[GapGroup]:
    """The gap queue: similar questions as one row, biggest and most recent first."""
    groups = []
    for members in group_questions(turns, threshold):
        wordings = Counter(turn.question.strip() for turn in members)
        # Most frequent wording; among equals the most recent, as staff remember it.
        latest = {turn.question.strip(): turn.id for turn in members}
        ordered = sorted(wordings, key=lambda w: (-wordings[w], -latest[w]))
        no_match = sum(turn.status == "no_match" for turn in members)
        groups.append(
            GapGroup(
                key=members[0].id,
                example=ordered[0],
                variants=tuple(ordered[1:4]),
                count=len(members),
                no_match=no_match,
                low_confidence=len(members) - no_match,
                first_seen=min(turn.created_at for turn in members),
                last_seen=max(turn.created_at for turn in members),
                turn_ids=tuple(turn.id for turn in members),
            )
        )
    return sorted(groups, key=lambda g: (-g.count, -g.last_seen.timestamp(), g.key))


def handle_gap(store: ConversationStore, key: int, low_confidence: float) -> int:
    """Mark every question of the gap group whose oldest turn is `key` as handled; how many were marked
    (0 when the group is gone, e.g. already handled by a colleague)."""
    for group in group_gaps(store.gap_candidates(low_confidence, GAP_SCAN_LIMIT), low_confidence):
        if group.key == key:
            return store.mark_gaps_handled(group.turn_ids)
    return 0


# -- CSV export -----------------------------------------------------------------------------------------

# Name in the URL -> Chinese file name stem.
CSV_TABLES = {
    "daily": "每日提问量",
    "categories": "热门分类",
    "snippets": "热门引用条目",
    "gaps": "知识缺口",
    "downvotes": "差评",
    "tickets": "工单",
}


def table(insights: Insights, name: str) -> tuple[list[str], list[list[object]]]:
    """Header and rows of one exported table (names in CSV_TABLES)."""
    if name == "daily":
        return ["日期", "提问数", "已回答", "超出服务范围", "未找到答案"], [
            [d.day.isoformat(), d.total, d.answered, d.out_of_scope, d.no_match] for d in insights.days
        ]
    if name == "categories":
        return ["分类", f"本期（{insights.label}）", "上期", "变化"], [
            [r.key, r.current, r.previous, r.change] for r in insights.categories
        ]
    if name == "snippets":
        return ["条目编号", "标题", f"本期（{insights.label}）", "上期", "变化"], [
            [r.key, r.label, r.current, r.previous, r.change] for r in insights.snippets
        ]
    if name == "gaps":
        return [
            "次数",
            "示例问题",
            "其他问法",
            "未找到答案",
            "低置信度回答",
            "首次提问",
            "最近提问",
            "组编号",
        ], [
            [
                g.count,
                g.example,
                " / ".join(g.variants),
                g.no_match,
                g.low_confidence,
                china_time(g.first_seen),
                china_time(g.last_seen),
                g.key,
            ]
            for g in insights.gaps
        ]
    if name == "downvotes":
        return ["评价时间", "问题", "回答", "回答状态", "评价意见"], [
            [
                china_time(r.feedback.created_at),
                r.turn.question if r.turn else "",
                r.turn.answer if r.turn else "",
                STATUS_LABELS.get(r.turn.status, r.turn.status) if r.turn else "",
                r.feedback.comment,
            ]
            for r in insights.downvotes
        ]
    if name == "tickets":
        return [
            "工单号",
            "诉求类别",
            "状态",
            "问题描述",
            "联系电话",
            "姓名",
            "提交时间",
            "更新时间",
            "处理备注",
        ], [
            [
                t.number,
                t.category,
                t.status,
                t.description,
                t.phone,
                t.name,
                china_time(t.created_at),
                china_time(t.updated_at),
                t.staff_note,
            ]
            for t in insights.tickets
        ]
    raise KeyError(name)


# A cell starting with one of these is run as a formula by Excel (CSV injection); a leading apostrophe makes
# it text. Worker questions are free text, so this matters.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese correctly), CRLF rows, formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
