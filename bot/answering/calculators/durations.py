"""Calendar arithmetic for service lengths and time limits (whole months first, then leftover days)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A length of time as whole years, months (0-11) and leftover days."""

    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def text(self) -> str:
        """Chinese reading, e.g. 3年2个月5天."""
        parts = [f"{self.years}年" if self.years else "", f"{self.months}个月" if self.months else ""]
        parts.append(f"{self.days}天" if self.days else "")
        return "".join(parts) or "0天"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later; a missing day (31st, 29 Feb) becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def span_between(start: dt.date, end_exclusive: dt.date) -> Span:
    """Whole months from `start` while they fit before `end_exclusive`, then the remaining days."""
    months = max(0, (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month)
    while months and add_months(start, months) > end_exclusive:
        months -= 1
    days = (end_exclusive - add_months(start, months)).days
    return Span(months // 12, months % 12, days)


def service_span(first_day: dt.date, last_day: dt.date) -> Span:
    """Length of service counting both the first and the last working day."""
    return span_between(first_day, last_day + dt.timedelta(days=1))
