"""Two workers' figures in one telling (我做了4年 工资4千5 她做了1年4个月 工资3千9): whose words are whose.

A caller often tells a spouse's job beside their own. Read as one worker, the two wages and two spans of work
conflict and the worker is asked which is right; read apart, the caller's own figures answer the question, and a
later "那我老婆呢" is answered with the other's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A clause whose subject is the other person (她做了1年4个月, 我老婆工资3千9, 老公也在厂里做了三年).
_OTHER = r"(?:我)?(?:老婆|老公|爱人|妻子|丈夫|太太|媳妇)|她|他|佢"
# Only words of their own job follow (他说要扣我300 is the boss's words, not another worker's figures).
OTHER_SUBJECT = re.compile(
    rf"^(?:{_OTHER})(?!们|哋)(?:也|就|都|呢|在厂里|在那里)?"
    r"(?:做了|干了|做咗|工作了|上班|返工|入职|进厂|进去|工资|人工|工钱|月薪|底薪|每个?月|一个?月|一个月工资|每月工资)"
)
# ...and one whose subject is the caller alone, telling their own job (我做了4年; not 我爸, 我老婆, 我们, 我跟我老婆都).
SELF_SUBJECT = re.compile(
    r"^我(?:也|就|都|已经|一直|自己)?"
    r"(?:在|喺|做|干|工作|上班|返工|入职|进厂|进去|工资|人工|工钱|月薪|底薪|每个?月|一个?月)"
)
# A short turn asking about the other person (那我老婆呢, 她呢, 我老公能拿多少).
ABOUT_OTHER = re.compile(
    rf"^(?:那|咁|还有)?(?:{_OTHER})(?:呢|的呢|嘅呢|怎么算|点计|能拿多少|可以拿多少|能赔多少|可以攞几多|又点)"
)
_CLAUSE = re.compile(r"[^，,。.；;！!？?\s]+")
_FIGURE = re.compile(r"[\d一二两三四五六七八九十百千万]")


@dataclass(frozen=True)
class Tellings:
    """The caller's own words and the other person's, each the whole text with the other's clauses blanked out
    (offsets kept)."""

    own: str
    other: str


def split_persons(text: str) -> Tellings | None:
    """The caller's words and another person's when the text tells figures of both in clauses of their own (a
    clause led by 我 with a number, and one led by 她/我老婆… with a number); None otherwise. Clauses led by
    neither belong to both (我跟我老婆都在普宁一间腐竹厂做工, 厂里说年底关门了)."""
    owner: list[tuple[int, int, str | None]] = []  # (start, end, "own" / "other" / None for both)
    current: str | None = None
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if OTHER_SUBJECT.match(clause):
            current = "other"
        elif SELF_SUBJECT.match(clause):
            current = "own"
        owner.append((m.start(), m.end(), current if _FIGURE.search(clause) else None))
    told = {who for _, _, who in owner}
    if not {"own", "other"} <= told:
        return None

    def blanked(drop: str) -> str:
        chars = list(text)
        for start, end, who in owner:
            if who == drop:
                chars[start:end] = " " * (end - start)
        return "".join(chars)

    return Tellings(own=blanked("other"), other=blanked("own"))


def asks_about_other(turn: str) -> bool:
    """True for a short turn asking about the other person (那我老婆呢)."""
    return ABOUT_OTHER.match(turn.strip()) is not None
