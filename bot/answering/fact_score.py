"""Fact-based scoring of answers on the case evaluation set (tests/eval/cases): load, score, summarise.

An item passes when every fact group of every issue is found in the answer text or its cited passages; a
fact group is a list of alternatives, one of which must appear. A fact written in Arabic digits also counts when
the text states it in Chinese numerals (六十三周岁 holds the fact 63). Pure functions: no model, no index.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import cn2an

from bot.errors import BotError
from bot.vocab import Status

ANSWERED = Status.ANSWERED
STATUSES = frozenset(s.value for s in Status)

# The day the stories of tests/eval/cases are read as told on: they were written on 2026-11-29 and 2026-11-30 (their
# files' first commits), and their expected figures count from then (今年三月初进去…上个月底, 去年八月). Read on
# today's date instead, a month turning moves such a figure and the scores drift with the calendar.
CASES_ASKED_ON = dt.date(2026, 11, 30)
# Splits written later, their stories told on another day (dev28-dev50: 今年…上个月 = November 2026).
SPLITS_ASKED_ON = {
    "dev28": dt.date(2026, 12, 1),
    "dev29": dt.date(2026, 12, 1),
    "dev30": dt.date(2026, 12, 1),
    "dev31": dt.date(2026, 12, 1),
    "dev32": dt.date(2026, 12, 1),
    "dev33": dt.date(2026, 12, 1),
    "dev34": dt.date(2026, 12, 1),
    "dev35": dt.date(2026, 12, 1),
    "dev36": dt.date(2026, 12, 1),
    "dev37": dt.date(2026, 12, 1),
    "dev38": dt.date(2026, 12, 1),
    "dev39": dt.date(2026, 12, 1),
    "dev40": dt.date(2026, 12, 1),
    "dev41": dt.date(2026, 12, 2),
    "dev42": dt.date(2026, 12, 2),
    "dev43": dt.date(2026, 12, 2),
    "dev44": dt.date(2026, 12, 2),
    "dev45": dt.date(2026, 12, 2),
    "dev46": dt.date(2026, 12, 2),
    "dev47": dt.date(2026, 12, 2),
    "dev48": dt.date(2026, 12, 2),
    "dev49": dt.date(2026, 12, 2),
    "dev50": dt.date(2026, 12, 2),
    "dev51": dt.date(2026, 12, 3),
    "dev52": dt.date(2026, 12, 3),
}


def asked_on(split: str) -> dt.date:
    """The day a split's stories are read as told on."""
    return SPLITS_ASKED_ON.get(split, CASES_ASKED_ON)


KINDS = ("multi", "offtopic_legal", "dialect", "followup", "typo", "single", "uncovered")
REQUIRED_KEYS = ("id", "kind", "question", "history", "decline", "issues")

_WHITESPACE = re.compile(r"\s+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


class CaseFormatError(BotError):
    """A line of a case file is malformed."""

    status = 422


@dataclass(frozen=True)
class Issue:
    """One labour issue of an item and the fact groups its answer must contain."""

    topic: str
    facts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CaseItem:
    """One evaluation item: the worker's message, earlier turns, and what a right answer contains."""

    id: str
    kind: str
    question: str
    history: tuple[str, ...]
    decline: bool
    issues: tuple[Issue, ...]
    notes: str = ""

    def history_messages(self) -> list[dict]:
        """The earlier turns as chat messages (user role), oldest first."""
        return [{"role": "user", "content": text} for text in self.history]


@dataclass(frozen=True)
class ItemResult:
    """How one answer scored."""

    item: CaseItem
    status: str
    declined: bool  # status != answered
    facts_ok: bool  # every fact group found
    passed: bool
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (topic, group) not found
    issues_passed: int = 0

    @property
    def declined_correctly(self) -> bool:
        """The refusal decision matches the item (declined iff it should be)."""
        return self.declined == self.item.decline


@dataclass
class Summary:
    """Aggregate figures; `as_dict()` is what the bench script prints."""

    n: int = 0
    fact_pass: float = 0.0
    issue_pass: float = 0.0
    by_kind: dict[str, dict] = field(default_factory=dict)
    confusion: dict[str, int] = field(default_factory=dict)
    offtopic_declined_rate: float = 0.0
    indomain_wrongly_declined_rate: float = 0.0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def normalise(text: str) -> str:
    """NFKC, no whitespace, no digit-grouping commas: the form both facts and answers are compared in."""
    text = unicodedata.normalize("NFKC", text)
    return _DIGIT_COMMA.sub("", _WHITESPACE.sub("", text))


def searchable_forms(text: str) -> tuple[str, ...]:
    """The text as written and with its Chinese numerals turned into digits (cn2an), both normalised."""
    try:
        with warnings.catch_warnings():  # cn2an warns about each numeral run it cannot read, then leaves it
            warnings.simplefilter("ignore")
            digits = cn2an.transform(text, "cn2an")
    except (
        ValueError,
        KeyError,
        IndexError,
    ):  # cn2an rejects a few malformed numeral runs; keep the text as is
        digits = text
    return normalise(text), normalise(digits)


def _fail(path: Path, number: int, message: str) -> CaseFormatError:
    return CaseFormatError(f"评测集 {path} 第 {number} 行：{message}")


def _parse_issue(raw, decline: bool, path: Path, number: int) -> Issue:
    if not isinstance(raw, dict) or not isinstance(raw.get("topic"), str) or not raw["topic"].strip():
        raise _fail(path, number, "issues 中每项须有非空的 topic")
    facts = raw.get("facts")
    if not isinstance(facts, list) or (not facts and not decline):
        raise _fail(path, number, f"议题 {raw['topic']} 缺少 facts")
    groups = []
    for group in facts:
        if (
            not isinstance(group, list)
            or not group
            or not all(isinstance(alt, str) and normalise(alt) for alt in group)
        ):
            raise _fail(path, number, f"议题 {raw['topic']} 有空的或非字符串的事实组：{group!r}")
        groups.append(tuple(group))
    return Issue(topic=raw["topic"], facts=tuple(groups))


def parse_case(row: dict, path: Path, number: int) -> CaseItem:
    """One validated item from a decoded JSON line."""
    if not isinstance(row, dict):
        raise _fail(path, number, "不是 JSON 对象")
    missing = [key for key in REQUIRED_KEYS if key not in row]
    if missing:
        raise _fail(path, number, f"缺少字段 {', '.join(missing)}")
    if row["kind"] not in KINDS:
        raise _fail(path, number, f"未知的 kind {row['kind']!r}（可选：{', '.join(KINDS)}）")
    if not isinstance(row["question"], str) or not row["question"].strip():
        raise _fail(path, number, "question 为空")
    history = row["history"]
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        raise _fail(path, number, "history 须为非空字符串的列表")
    if not isinstance(row["decline"], bool):
        raise _fail(path, number, "decline 须为 true 或 false")
    if not isinstance(row["issues"], list):
        raise _fail(path, number, "issues 须为列表")
    decline = row["decline"]
    issues = tuple(_parse_issue(raw, decline, path, number) for raw in row["issues"])
    if not decline and not issues:
        raise _fail(path, number, "应作答的问题至少要有一个议题")
    return CaseItem(
        id=str(row["id"]),
        kind=row["kind"],
        question=row["question"],
        history=tuple(history),
        decline=decline,
        issues=issues,
        notes=str(row.get("notes") or ""),
    )


def load_cases(path: Path | str) -> list[CaseItem]:
    """Read and validate a JSONL case file; a bad line raises CaseFormatError naming the line."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFormatError(f"无法读取评测集 {path}：{exc}") from exc
    items: list[CaseItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, number, f"JSON 无法解析：{exc}") from exc
        item = parse_case(row, path, number)
        if item.id in seen:
            raise _fail(path, number, f"id {item.id} 重复")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise CaseFormatError(f"评测集 {path} 是空的")
    return items


def score_item(item: CaseItem, status: str, answer_text: str, cited_texts: list[str]) -> ItemResult:
    """Score one answer: facts searched in the answer and its cited passages; the decline decision from status."""
    if status not in STATUSES:
        raise ValueError(f"unknown answer status {status!r}")
    haystacks = searchable_forms("\n".join([answer_text, *cited_texts]))
    missing = []
    issues_passed = 0
    for issue in item.issues:
        absent = [g for g in issue.facts if not any(normalise(alt) in h for alt in g for h in haystacks)]
        missing += [(issue.topic, g) for g in absent]
        issues_passed += not absent
    declined = status != ANSWERED
    facts_ok = not missing
    return ItemResult(
        item=item,
        status=status,
        declined=declined,
        facts_ok=facts_ok,
        passed=facts_ok and declined == item.decline,
        missing=tuple(missing),
        issues_passed=issues_passed,
    )


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def summarise(results: list[ItemResult]) -> dict:
    """Fact pass overall and per kind, issue pass, and the refusal confusion matrix."""
    summary = Summary(n=len(results))
    n_issues = sum(len(r.item.issues) for r in results)
    summary.fact_pass = _rate(sum(r.passed for r in results), len(results))
    summary.issue_pass = _rate(
        sum(r.issues_passed if r.declined == r.item.decline else 0 for r in results), n_issues
    )
    groups: dict[str, list[ItemResult]] = defaultdict(list)
    for r in results:
        groups[r.item.kind].append(r)
    for kind in [k for k in KINDS if k in groups]:
        rows = groups[kind]
        summary.by_kind[kind] = {
            "n": len(rows),
            "fact_pass": _rate(sum(r.passed for r in rows), len(rows)),
            "declined": _rate(sum(r.declined for r in rows), len(rows)),
        }
    off = [r for r in results if r.item.decline]
    ind = [r for r in results if not r.item.decline]
    summary.confusion = {
        "offtopic_declined": sum(r.declined for r in off),
        "offtopic_answered": sum(not r.declined for r in off),
        "indomain_answered": sum(not r.declined for r in ind),
        "indomain_wrongly_declined": sum(r.declined for r in ind),
    }
    summary.offtopic_declined_rate = _rate(summary.confusion["offtopic_declined"], len(off))
    summary.indomain_wrongly_declined_rate = _rate(summary.confusion["indomain_wrongly_declined"], len(ind))
    return summary.as_dict()


# --- running and reporting ------------------------------------------------------------------------


def answer_item(assistant, item: CaseItem) -> ItemResult:
    """Replay the earlier turns, answer the last one, score it."""
    history: list[dict] = []
    for turn in item.history:
        earlier = assistant.answer(turn, list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.text}]
    answer = assistant.answer(item.question, history)
    return score_item(item, answer.status, answer.text, [c.text for c in answer.citations])


def format_summary(split: str, summary: dict, seconds: float) -> str:
    c = summary["confusion"]
    lines = [
        f"== {split}: {summary['n']} items, {seconds:.1f} s",
        f"   fact pass {summary['fact_pass']:.3f}   issue pass {summary['issue_pass']:.3f}",
        f"   off-topic declined {c['offtopic_declined']}  off-topic answered {c['offtopic_answered']}"
        f"  (declined rate {summary['offtopic_declined_rate']:.3f})",
        f"   in-domain answered {c['indomain_answered']}  in-domain wrongly declined {c['indomain_wrongly_declined']}"
        f"  (wrongly declined rate {summary['indomain_wrongly_declined_rate']:.3f})",
        "   by kind:",
    ]
    for kind, row in summary["by_kind"].items():
        lines.append(
            f"     {kind:15s} n={row['n']:3d}  fact pass {row['fact_pass']:.3f}  declined {row['declined']:.3f}"
        )
    return "\n".join(lines)


def format_misses(results: list[ItemResult]) -> str:
    lines = ["   failed items:"]
    for r in results:
        if r.passed:
            continue
        why = "wrong refusal decision" if not r.declined_correctly else ""
        missing = "; ".join(f"{topic}: {'/'.join(group)}" for topic, group in r.missing)
        lines.append(
            f"     {r.item.id} [{r.status}] {why} {('missing ' + missing) if missing else ''}".rstrip()
        )
    return "\n".join(lines)
