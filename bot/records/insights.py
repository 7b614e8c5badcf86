"""Staff insight: what workers asked over a period, compared with the period before, and what needs a person.

One `Insights` summary feeds the dashboard (/admin/insights), its CSV exports and `bot report`. Counting is
done by SQL in the store; this module picks the windows, compares them and groups the knowledge-gap queue.

Gap grouping is single-pass clustering on character bigrams (Jaccard similarity): deterministic, well under a
second for thousands of questions and easy to explain to staff. Embedding each question was tried and rejected: the
default model takes about 19 s per 1000 short questions on the server's CPU, too slow for a page load.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.errors import BotError
from bot.records.db import CHINA_TZ
from bot.records.feedback import Feedback
from bot.records.store import Records
from bot.records.tickets import Ticket
from bot.records.turns import Turn
from bot.text.similarity import bigrams as text_bigrams
from bot.text.similarity import gram_frequency, jaccard, rare_prefix
from bot.vocab import IssueStatus, Status

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


def china_time(moment: datetime | str) -> str:
    """A stored UTC time (a datetime, or the ISO text some records keep) as staff read it: '2026-11-25 10:00'
    (China time)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
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
class IssueCount:
    """One issue topic: conversations that raised it this period and the period before, and how this period's
    were handled. An uncovered issue's `topic` is the term the worker used (公积金)."""

    topic: str
    label: str
    current: int
    previous: int
    outcomes: dict[str, int]  # this period: IssueStatus value -> conversations

    @property
    def change(self) -> int:
        return self.current - self.previous

    def count(self, status: str) -> int:
        return self.outcomes.get(status, 0)

    @property
    def covered(self) -> bool:
        """False for an issue the knowledge base had nothing on (the answer named it with the hand-off)."""
        return self.count(IssueStatus.NOT_COVERED) < self.current


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
    # Phone calls closed in the caseworker console, per outcome (resolved / ticket), this and last period.
    calls: dict[str, int] = field(default_factory=dict)
    previous_calls: dict[str, int] = field(default_factory=dict)
    # Issue topics the answers dealt with (a several-issue story counts for each); uncovered ones apart.
    issues: list[IssueCount] = field(default_factory=list)
    uncovered: list[IssueCount] = field(default_factory=list)

    @property
    def contacts(self) -> int:
        """Chat questions and phone calls together."""
        return self.current.total + sum(self.calls.values())

    @property
    def previous_contacts(self) -> int:
        return self.previous.total + sum(self.previous_calls.values())

    @property
    def label(self) -> str:
        return period_label(self.period)


# -- building the summary -------------------------------------------------------------------------------


def summarise(
    store: Records,
    period: timedelta,
    now: datetime,
    low_confidence: float,
    *,
    top: int = 10,
    titles: dict[str, str] | None = None,
    topic_labels: dict[str, str] | None = None,
    ticket_status: str | None = None,
    ticket_limit: int = 200,
    downvote_limit: int = 200,
) -> Insights:
    """Read the store and build the summary of `period` ending at `now`, compared with the period before.

    `low_confidence` is the confidence below which an answer counts as a knowledge gap; `titles` maps snippet
    ids to titles and `topic_labels` issue topic keys to their Chinese names, for display. Raises StoreError
    when the database cannot be read.
    """
    start = now - period
    previous_start = start - period
    citations_now = store.analytics.citation_counts(start, now)
    citations_before = store.analytics.citation_counts(previous_start, start)
    issues = issue_counts(
        store.analytics.issue_counts(start, now),
        store.analytics.issue_counts(previous_start, start),
        topic_labels or {},
    )
    return Insights(
        period=period,
        now=now,
        start=start,
        previous_start=previous_start,
        current=StatusCounts(store.analytics.status_counts(start, now)),
        previous=StatusCounts(store.analytics.status_counts(previous_start, start)),
        days=daily(store, chart_days(period), now),
        # Chats and phone calls are counted together per category.
        categories=compare(
            _add(store.analytics.category_counts(start, now), store.calls.category_counts(start, now)),
            _add(
                store.analytics.category_counts(previous_start, start),
                store.calls.category_counts(previous_start, start),
            ),
            top,
        ),
        snippets=compare(citations_now, citations_before, top, titles),
        gaps=group_gaps(store.analytics.gap_candidates(low_confidence, GAP_SCAN_LIMIT), low_confidence),
        downvotes=[
            RatedTurn(feedback, turn)
            for feedback, turn in store.analytics.rated_turns("down", start, now, downvote_limit)
        ],
        ticket_counts=store.tickets.counts(),
        tickets=store.tickets.list(ticket_status, ticket_limit),
        calls=store.calls.outcome_counts(start, now),
        previous_calls=store.calls.outcome_counts(previous_start, start),
        issues=[i for i in issues if i.covered],
        uncovered=[i for i in issues if not i.covered],
    )


def issue_counts(
    current: dict[str, dict[str, int]], previous: dict[str, dict[str, int]], labels: dict[str, str]
) -> list[IssueCount]:
    """Every topic raised this period, most conversations first (ties by key), with last period's count."""
    rows = [
        IssueCount(
            topic,
            labels.get(topic, topic),
            sum(outcomes.values()),
            sum(previous.get(topic, {}).values()),
            outcomes,
        )
        for topic, outcomes in current.items()
    ]
    return sorted(rows, key=lambda row: (-row.current, row.topic))


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {key: a.get(key, 0) + b.get(key, 0) for key in a.keys() | b.keys()}


def chart_days(period: timedelta) -> int:
    """Days in the questions-per-day chart: the period and the one before, between two weeks and 60 days."""
    return min(60, max(14, math.ceil(2 * period / timedelta(days=1))))


def daily(store: Records, days: int, now: datetime) -> list[DayCount]:
    """Questions per China calendar day for the last `days` days up to today, oldest first (empty days 0)."""
    today = now.astimezone(CHINA_TZ).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time(), CHINA_TZ)
    counts = store.analytics.daily_counts(since, now)
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        key = day.isoformat()
        out.append(
            DayCount(
                day,
                counts.get((key, Status.ANSWERED), 0),
                counts.get((key, Status.OUT_OF_SCOPE), 0),
                counts.get((key, Status.NO_MATCH), 0),
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


@dataclass
class _Cluster:
    exemplars: list[frozenset[str]]
    turns: list[Turn]


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
    grams_of = {text: text_bigrams(text) for text in texts}
    frequency = gram_frequency(grams_of.values())

    clusters: list[_Cluster] = []
    by_text: dict[str, int] = {}
    postings: dict[str, set[int]] = defaultdict(set)
    for turn, text in zip(turns, texts, strict=True):
        if text in by_text:
            clusters[by_text[text]].turns.append(turn)
            continue
        grams = grams_of[text]
        head = rare_prefix(grams, frequency, threshold)
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
        no_match = sum(turn.status == Status.NO_MATCH for turn in members)
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


def handle_gap(store: Records, key: int, low_confidence: float) -> int:
    """Mark every question of the gap group whose oldest turn is `key` as handled; how many were marked
    (0 when the group is gone, e.g. already handled by a colleague)."""
    for group in group_gaps(store.analytics.gap_candidates(low_confidence, GAP_SCAN_LIMIT), low_confidence):
        if group.key == key:
            return store.analytics.mark_gaps_handled(group.turn_ids)
    return 0
