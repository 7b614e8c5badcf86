"""The worker's case: facts read from the whole conversation, the issues of the current story, and the
topics the knowledge base does not cover. Derived from the turns each time, so `history`, server sessions and
the OpenAI endpoint's messages all keep the same case."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import reduce

from bot.answering.clauses import split_clauses
from bot.answering.fact_patterns import Event
from bot.answering.fact_types import QUANTITY_FIELDS
from bot.answering.facts import Facts, extract_facts, merge
from bot.answering.followup import is_elliptical, is_followup, previous_questions
from bot.answering.issues import CLAUSE_HITS, Issue
from bot.answering.numerals import parse_number
from bot.answering.persons import Tellings, asks_about_other, split_persons
from bot.index.search import Retrieval, Retriever


@dataclass(frozen=True)
class Case:
    """What the assistant understood: the facts so far and the problems to answer now."""

    facts: Facts
    issues: tuple[Issue, ...]
    uncovered: tuple[str, ...] = ()  # topic terms asked about that no snippet covers
    continued: bool = False  # a follow-up of an earlier story (its facts and issues carried over)
    story: str = ""  # the worker's turns of the story, joined (the question alone when it is one turn)


def story_turns(question: str, history: list[dict] | None, starts_story) -> list[str]:
    """The worker's turns of the current story, oldest first, ending with `question` (see `read_story`)."""
    return read_story(question, history, starts_story)[0]


def read_story(
    question: str, history: list[dict] | None, starts_story, today: dt.date | None = None
) -> tuple[list[str], Facts, list[Facts]]:
    """The worker's turns of the current story, oldest first, ending with `question`, their facts (later
    turns completing or correcting earlier ones) and each turn's facts alone; each turn is read once.

    A turn in the labour domain (`starts_story(text)`) starts a new story when it reports something new that
    happened (an event the story so far does not have) after a story that was more than a description
    ("我是外卖骑手"), or when it is a question of its own that adds no facts; a turn that adds facts or asks
    about them ("我做咗一年三个月，人工五千五，可以攞几多") continues it.
    """
    story: list[str] = []
    own: list[Facts] = []  # each turn's facts alone
    # the words each turn's facts are read from (the caller's own, when it told two workers)
    read_as: list[str] = []
    told_both: tuple[int, Tellings] | None = None  # the turn that told another worker's figures too
    so_far: Facts | None = None  # the story's facts, merged turn by turn
    for turn in [*previous_questions(history), question]:
        tellings = split_persons(turn)
        text = tellings.own if tellings else turn
        facts = extract_facts(text, today)
        if so_far is not None and _starts_new_story(turn, facts, so_far, starts_story):
            story, own, read_as, told_both, so_far = [], [], [], None, None
        retold = _retold(turn, story)
        if retold is not None:
            # 不是2年5个月，是5年2个月: the earlier turn read again as the worker now tells it
            at, said, meant = retold
            head, _, tail = story[at].rpartition(said)
            story[at] = head + meant + tail
            read_as[at] = _own_words(story[at])
            own[at] = extract_facts(read_as[at], today)
            so_far = reduce(merge, own)
        if told_both is not None and asks_about_other(turn):
            # 那我老婆呢 after 我做了4年…她做了1年4个月: the other worker's figures answer it from now on
            at, both = told_both
            read_as[at] = both.other
            own[at] = extract_facts(read_as[at], today)
            so_far = reduce(merge, own)
            told_both = None
        if tellings is not None:
            told_both = (len(story), tellings)
        story.append(turn)
        read_as.append(text)
        own.append(facts)
        so_far = facts if so_far is None else merge(so_far, facts)
    if len(story) > 1 and so_far is not None:
        # the turns read together, once, for what only they tell
        whole = extract_facts("，".join(read_as), today)
        so_far = _earlier_job_across_turns(_dated_across_turns(so_far, whole), whole)
        so_far = _day_pay_across_turns(so_far, whole)
    return story, so_far, own


def _own_words(turn: str) -> str:
    """The words of a turn the caller's own facts are read from (the caller's clauses when it tells two workers)."""
    tellings = split_persons(turn)
    return tellings.own if tellings else turn


# A later turn taking back what an earlier one said (不是2年5个月，是5年2个月; 系五千五唔系五千): what was said, told
# verbatim, and what is meant; both carry a number.
_NUMBERED = r"[^，,。.；;！!？?\s是系]{0,4}[\d一二两三四五六七八九十半][^，,。.；;！!？?\s是系]{0,8}"
_RETOLD = (
    re.compile(
        rf"(?:不是|唔系|毋是|不系)\s*(?P<said>{_NUMBERED})\s*[，,]?\s*(?:而|就)?(?:是|系)\s*(?P<meant>{_NUMBERED})"
    ),
    re.compile(
        rf"(?:是|系)\s*(?P<meant>{_NUMBERED})\s*[，,]?\s*(?:而)?(?:不是|唔系|毋是|不系)\s*(?P<said>{_NUMBERED})"
    ),
)


# A number as an earlier turn may have written it (4600, 四千六, 4千6, 3k5).
_NUMBER_TOKEN = re.compile(r"[\d一二两三四五六七八九十百千万kK.]+")


def _retold(turn: str, story: list[str]) -> tuple[int, str, str] | None:
    """(which earlier turn, what it said, what the worker now says it is) when `turn` takes back words an earlier
    turn of the story told, verbatim or as the same number written another way (系五千五唔系四千六 after
    工资是4600; the latest such turn); else None."""
    for pattern in _RETOLD:
        for m in pattern.finditer(turn):
            said, meant = m.group("said"), m.group("meant")
            if said == meant or said in turn[: m.start()]:
                continue
            value = parse_number(said)
            for at in range(len(story) - 1, -1, -1):
                if said in story[at]:
                    return at, said, meant
                if value is not None and value.high is None:
                    told = [
                        t.group(0)
                        for t in _NUMBER_TOKEN.finditer(story[at])
                        if parse_number(t.group(0)) == value
                    ]
                    if told:
                        return at, told[-1], meant
    return None


# Time counted from a date told in one turn to today, which a leaving told in a later turn ends sooner (今年四月一号
# 进去的一直没签合同, then 上个月底老板说不用我了): read from the turns together.
DATED_FIELDS = ("tenure_months", "months_without_contract")
_DATE_WORDS = re.compile(r"\d\s*(?:年|月|号|日)|[一二三四五六七八九十]\s*(?:月|号)|今年|去年|前年")


def _dated_across_turns(facts: Facts, whole: Facts) -> Facts:
    """`facts` with the dated fields the turns read together count shorter (a later turn's leaving date): the time
    worked when an earlier turn dated it, and then the months without a contract in it; the earlier turn's words
    stay their span. `whole`: the facts of the turns read together."""
    changed = {}
    if any(c.field == "tenure_months" and c.chosen is not None for c in facts.conflicts):
        return facts  # a later turn corrected the time worked (我记错了 三月初进去的): the turns read together hold both
    for name in DATED_FIELDS:
        mine, together = getattr(facts, name), getattr(whole, name)
        if (
            mine is not None
            and together is not None
            and together.value < mine.value
            and (_DATE_WORDS.search(mine.span.text) or "tenure_months" in changed)
            and not any(c.field == name for c in whole.conflicts)
        ):
            changed[name] = replace(mine, value=together.value, high=together.high)
    return replace(facts, **changed) if changed else facts


def _earlier_job_across_turns(facts: Facts, whole: Facts) -> Facts:
    """`facts` with the years of work in all when a later turn tells an earlier job (我在这里做了两年, then 之前在汕头
    别的公司也开了九年车): read from the turns together, the time at this employer stays the first turn's, and the
    region is this job's (揭阳), not the earlier one's (汕头)."""
    if facts.total_work_months is not None:
        return facts
    if whole.total_work_months is None or whole.tenure_months is None:
        return facts
    tenure = facts.tenure_months
    if tenure is not None and not tenure.agrees(whole.tenure_months):
        tenure = replace(tenure, value=whole.tenure_months.value, high=whole.tenure_months.high)
    conflicts = tuple(c for c in facts.conflicts if c.field != "tenure_months")
    region = whole.region or facts.region
    return replace(
        facts,
        tenure_months=tenure,
        total_work_months=whole.total_work_months,
        conflicts=conflicts,
        region=region,
    )


# A day-paid worker's days and what was paid of them, told in a turn after the day's pay (一天三百五, then
# 做了八十天，包工头只给了一万块): each needs the day's pay to be read, so they are read from the turns together.
DAY_PAY_FIELDS = ("worked_days", "wage_paid")


def _day_pay_across_turns(facts: Facts, whole: Facts) -> Facts:
    """`facts` with the days worked and the sum paid of them that only the turns read together (`whole`) tell."""
    changed = {
        name: getattr(whole, name)
        for name in DAY_PAY_FIELDS
        if getattr(facts, name) is None
        and getattr(whole, name) is not None
        and not any(c.field == name for c in whole.conflicts)
    }
    return replace(facts, **changed) if changed else facts


# A turn opening with "also, still" (after the one it is about): 他还欠我…, 公司又…, 而且…
_MORE_OF_THE_SAME = re.compile(
    r"\s*(?:他们|佢哋|他|她|佢|伊|公司|老板|老细|头家|厂里|单位|我)?(?:还|也|又|仲|而且|同时|并且)"
)


def _starts_new_story(turn: str, facts: Facts, before: Facts, starts_story) -> bool:
    if not starts_story(turn):
        return False
    now = {tag.value for tag in facts.events}
    if not now:
        # No event of its own: a new question on its own topic, unless it adds facts to the story or is a
        # statement without an ask ("公司说我严重违纪但没有证据" tells more of the same story).
        adds_facts = any(getattr(facts, name) is not None for name in QUANTITY_FIELDS)
        return not is_followup(turn) and bool(facts.asks) and not adds_facts
    # Something new happening starts a new story after a question ("加班费怎么算" then "另外我摔伤了腰"), unless
    # the turn says it is more of the same ("他还欠我两个月工资"). After a description ("我是外卖骑手") or a
    # story told without a question it is what happened next: the earlier facts still count.
    # Having left (离职后两年不能去同行) is where most stories go, not a new problem of its own.
    new_events = now - {tag.value for tag in before.events} - {Event.LEFT}
    # A statement with figures and no ask of its own ("我平时工资五千四左右，加班多的月份多一点") gives the story
    # the facts it lacked; what it mentions in passing is no new problem.
    if not facts.asks and any(getattr(facts, name) is not None for name in QUANTITY_FIELDS):
        return False
    # "那加班费呢" names overtime, but asks about it in the same story.
    return (
        bool(new_events)
        and bool(before.asks)
        and not _MORE_OF_THE_SAME.match(turn)
        and not is_elliptical(turn)
    )


def read_facts(turns: list[str], today: dt.date | None = None) -> Facts:
    """The facts of several turns, later turns completing or correcting earlier ones."""
    facts = extract_facts(turns[0], today)
    for turn in turns[1:]:
        facts = merge(facts, extract_facts(turn, today))
    return facts


# Facts that only describe the worker ("做了三年", "人工四千五"): a clause saying nothing more raises no issue
# of its own (searched alone it lands on whichever rule mentions years or wages); the facts still count.
DESCRIPTIVE_FACTS = (
    "tenure_months",
    "total_work_months",
    "monthly_wage",
    "agreed_wage",
    "age",
    "birth_year",
    "birth_month",
    "region",
)


# A clause saying only where the worker works: 我在老板的厂上班, 我在一间酒楼做服务员.
_WORKPLACE = re.compile(
    r"(?:我|我们)?(?:一直|现在|之前|以前)?在[^，,。？?！!]{1,14}(?:上班|打工|工作|做工|干活|做事|(?:做|当)[^，,。？?！!了]{1,5})"
)


# The longest clause read as a mere description (我在揭阳一间鞋厂做了三年多, 每个月工资四千五左右).
DESCRIPTION_MAX_CHARS = 24


def only_describes(clause: str) -> bool:
    """True for a clause whose every fact is descriptive (or that only says where the worker works) and which
    reports no event and asks nothing; a long clause of a run-on story says more than a description (签了三年租约
    先做了一年现在业主话要收返间铺…: a lease told at length)."""
    if len(clause) > DESCRIPTION_MAX_CHARS:
        return False
    facts = extract_facts(clause)
    described = any(getattr(facts, name) is not None for name in DESCRIPTIVE_FACTS)
    described = described or bool(_WORKPLACE.fullmatch(clause.strip()))
    others = [f for f in QUANTITY_FIELDS if f not in DESCRIPTIVE_FACTS and getattr(facts, f) is not None]
    return described and not others and not (facts.events or facts.asks or facts.birth or facts.worker_types)


def story_clauses(text: str) -> list[str]:
    """The clauses of `text` searched on their own: none for a one-clause question, else each clause that
    says more than a description."""
    clauses = split_clauses(text)
    if len(clauses) < 2:
        return []
    return [c for c in clauses if not only_describes(c)]


def story_retrievals(
    retriever: Retriever, query: str, text: str, k: int, region: str | None
) -> tuple[Retrieval, list[tuple[str, Retrieval]]]:
    """The ranking of `query` and each clause of `text` with its own ranking, all embedded in one call."""
    clauses = story_clauses(text)
    retrieval, rankings = retriever.search_with_clauses(query, clauses, k, CLAUSE_HITS, region)
    return retrieval, list(zip(clauses, rankings, strict=True))
