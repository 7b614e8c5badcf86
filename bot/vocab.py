"""Fixed lists of values, defined once: answer statuses, regions, categories, ticket values, limits.

Schemas, SQL, CLI choices and templates read them from here. Imports nothing from `bot`.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What became of a question."""

    ANSWERED = "answered"
    OUT_OF_SCOPE = "out_of_scope"
    NO_MATCH = "no_match"


STATUS_LABELS = {
    Status.ANSWERED: "已回答",
    Status.OUT_OF_SCOPE: "超出服务范围",
    Status.NO_MATCH: "未找到答案",
}


class IssueStatus(StrEnum):
    """How the answer handled one issue of the worker's story (the `case` of an answer)."""

    ANSWERED = "answered"  # a rule quoted
    COMPUTED = "computed"  # the figure worked out from the facts
    NEEDS_FACT = "needs_fact"  # a figure applies but a fact is missing
    NOT_COVERED = "not_covered"  # the knowledge base has nothing on it: named with the hand-off


ISSUE_STATUS_LABELS = {
    IssueStatus.ANSWERED: "已作答",
    IssueStatus.COMPUTED: "已算出",
    IssueStatus.NEEDS_FACT: "缺事实",
    IssueStatus.NOT_COVERED: "未覆盖（转人工）",
}


class Region(StrEnum):
    """Where a rule applies; a worker in a region is covered by the rules of every level above it."""

    NATIONAL = "全国"
    GUANGDONG = "广东省"
    JIEYANG = "揭阳市"


REGIONS: tuple[str, ...] = tuple(r.value for r in Region)
# A worker in a region is covered by the rules of every level above it.
APPLICABLE_REGIONS: dict[str, frozenset[str]] = {
    Region.NATIONAL: frozenset({"全国"}),
    Region.GUANGDONG: frozenset({"全国", "广东省"}),
    Region.JIEYANG: frozenset({"全国", "广东省", "揭阳市"}),
}

CATEGORIES: tuple[str, ...] = (
    "工伤",
    "劳动合同",
    "工资",
    "工时休假",
    "女职工",
    "社会保险",
    "劳动争议",
    "工会",
    "工会服务",
    "热线",
)

RATINGS: tuple[str, ...] = ("up", "down")
# The five request categories of the 12351 hotline.
TICKET_CATEGORIES: tuple[str, ...] = ("问题咨询", "服务帮扶", "信访投诉", "法律援助", "意见建议")
TICKET_STATUSES: tuple[str, ...] = ("待处理", "处理中", "已办结")

# Dashboard periods (codes accepted by `bot report --since` too).
PERIODS: tuple[str, ...] = ("24h", "7d", "30d")
DEFAULT_PERIOD = "7d"

# Request limits shared by Settings defaults, schemas and forms.
MAX_QUESTION_CHARS = 1000
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 4000
MAX_TEXT_CHARS = 2000
MAX_NAME_CHARS = 50
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]+$"
MAX_SESSION_ID_CHARS = 64
