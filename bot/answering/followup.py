"""Follow-up questions: spotting them, and the text to retrieve with when one leans on earlier turns."""

from __future__ import annotations

import re

from bot.answering.scope import is_in_domain
from bot.vocab import MAX_HISTORY_TURNS

# An elliptical follow-up leans on the previous question: "那试用期呢？", "那我去哪申请", "要几多钱".
_FOLLOWUP_START = re.compile(
    r"^(那|那么|那如果|如果|要是|还有|另外|然后|再问|再请问|同样|这个|这种|那个|那种|它|佢|她|他)"
)
_FOLLOWUP_END = re.compile(r"(呢|嘞|咧|喔|嘅话|的话)[？?。！!\s]*$")
# Taking "him" to arbitration names no one new: the employer of the story so far ("要去边度告佢", "着出钱无").
_BACK_REFERENCE = re.compile(r"(?:告|找|投诉|举报|起诉|仲裁|追|讨)(?:他们|佢哋|他|她|佢|伊)")
# Questions this short rarely stand alone ("要几多钱", "广东呢").
FOLLOWUP_MAX_CHARS = 10
HISTORY_TURNS = MAX_HISTORY_TURNS


def is_followup(question: str) -> bool:
    """True when a question only makes sense together with the earlier turns."""
    q = question.strip()
    return len(q) <= FOLLOWUP_MAX_CHARS or bool(
        _FOLLOWUP_START.match(q) or _FOLLOWUP_END.search(q) or _BACK_REFERENCE.search(q)
    )


def is_elliptical(question: str) -> bool:
    """True for a short question that names only what it asks about next ("那加班费呢", "咁年假呢"): it asks
    about the same story, whatever it names."""
    q = question.strip()
    return len(q) <= FOLLOWUP_MAX_CHARS and bool(_FOLLOWUP_END.search(q))


def previous_questions(history: list[dict] | None) -> list[str]:
    """The worker's earlier questions, oldest first."""
    return [t.get("content", "") for t in history or () if t.get("role") == "user" and t.get("content")]


def with_previous_question(question: str, history: list[dict] | None) -> str:
    """A follow-up prefixed with the last user question, for a reader that needs the context (the model)."""
    previous = previous_questions(history)
    if not previous or not is_followup(question):
        return question
    return f"（此前的问题：{previous[-1].strip()}）{question.strip()}"


def resolve_query(question: str, history: list[dict] | None) -> str:
    """The text to retrieve with: the question, joined to the last user question when it is a follow-up."""
    # A follow-up that names its own labour topic ("那试用期呢？") is searched as asked: joining the earlier
    # question would let its longer text decide the ranking. One without ("那我去哪申请", "要几多钱") needs it.
    if not history or not is_followup(question) or is_in_domain(question):
        return question
    previous = previous_questions(history[-HISTORY_TURNS:])
    if not previous:
        return question
    # The current question twice: it says what is asked now, the earlier one only what it is about
    # (on the evaluation set's follow-ups this raised hit@1 from 0.59 to 0.82).
    return f"{previous[-1].strip()}；{question.strip()}；{question.strip()}"
