"""Which snippets are due for review: a statute they cite was amended after they were last checked, or
they were last checked more than 12 months ago.

Both are warnings (`bot knowledge check` prints them, `--strict` fails on them) and the staff worklist
(`bot knowledge stale`, the admin documents page). "Last checked" is the snippet's `reviewed:` date; its
`effective:` date is not used, because a rule checked after an amendment already reflects it, and a rule
checked before its effective date (published ahead of time) is checked all the same.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.snippet import Problem, Snippet
from bot.knowledge.statutes import STATUTES_FILE, Statute, load_statutes

# How long a review holds: after this many months a snippet is checked against its sources again.
REVIEW_MAX_MONTHS = 12
_CITED = re.compile(r"《([^》]+)》")


@dataclass(frozen=True)
class StaleSnippet:
    """A snippet due for review, with every reason in Chinese for staff."""

    id: str
    path: str
    title: str
    reviewed: str
    reasons: tuple[str, ...]
    amended_statutes: tuple[str, ...] = ()  # cited statutes amended after `reviewed`

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "reasons": list(self.reasons),
            "amended_statutes": list(self.amended_statutes),
        }


@dataclass
class Review:
    """The review state of a knowledge folder on one day."""

    today: dt.date
    stale: list[StaleSnippet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors in statutes.yaml
    statutes: int = 0  # valid entries in statutes.yaml
    unlisted: dict[str, int] = field(
        default_factory=dict
    )  # cited statute -> snippets, no amendment date known

    def warnings(self) -> list[Problem]:
        """One warning per reason, for `bot knowledge check`."""
        return [Problem(s.path, "reviewed", reason, "warning") for s in self.stale for reason in s.reasons]


def cited_statutes(source: str) -> list[str]:
    """The statute names in 《》 in a `source:` field, in order, without repeats."""
    return list(dict.fromkeys(name.strip() for name in _CITED.findall(source)))


def review_cutoff(today: dt.date, months: int = REVIEW_MAX_MONTHS) -> dt.date:
    """The same day `months` earlier (the month's last day when it has no such day): older reviews are due."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    return today.replace(year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1]))


def stale_reasons(snippet: Snippet, statutes: dict[str, Statute], today: dt.date) -> StaleSnippet | None:
    """Why one snippet is due for review, or None when it is not."""
    reviewed = dt.date.fromisoformat(snippet.reviewed)
    reasons = []
    amended = []
    for name in cited_statutes(snippet.source):
        statute = statutes.get(name)
        if statute is not None and statute.amended > reviewed:
            amended.append(name)
            reasons.append(
                f"引用的《{name}》于 {statute.amended.isoformat()} 修订，晚于本条复核日期 {snippet.reviewed}，"
                "请对照修订后的条文复核"
            )
    if reviewed < review_cutoff(today):
        reasons.append(f"上次复核是 {snippet.reviewed}，已超过 {REVIEW_MAX_MONTHS} 个月，请对照原文重新复核")
    if not reasons:
        return None
    return StaleSnippet(
        snippet.id, snippet.path, snippet.title, snippet.reviewed, tuple(reasons), tuple(amended)
    )


def review_folder(directory: Path, snippets: list, today: dt.date | None = None) -> Review:
    """Compare the parsed snippets of `directory` with its statutes.yaml as of `today` (default: now).

    Entries that are not parsed snippets (unchanged files of an incremental build) are skipped.
    """
    today = today or dt.date.today()
    statutes, problems = load_statutes(Path(directory) / STATUTES_FILE, today)
    review = Review(today=today, problems=problems, statutes=len(statutes))
    unlisted: Counter[str] = Counter()
    for snippet in snippets:
        if not isinstance(snippet, Snippet) or not snippet.reviewed:
            continue
        unlisted.update(name for name in cited_statutes(snippet.source) if name not in statutes)
        stale = stale_reasons(snippet, statutes, today)
        if stale is not None:
            review.stale.append(stale)
    review.stale.sort(key=lambda s: (s.reviewed, s.path))
    review.unlisted = dict(unlisted.most_common())
    return review
