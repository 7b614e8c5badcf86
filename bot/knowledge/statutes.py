"""The statutes the snippets cite, each with the date of its latest amendment: `<knowledge>/statutes.yaml`.

Staff keep the file; `bot knowledge check` and `bot knowledge stale` compare it with the snippets'
`reviewed:` dates (bot.knowledge.review). Format, one entry per statute:

    - name: 全国年节及纪念日放假办法     # spelled exactly as inside 《》 in the snippets' `source:`
      amended: 2024-11-10               # latest amendment / revision (or publication when never amended)
      note: 国务院令第795号，2025-01-01 施行   # optional: where the date comes from
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.snippet import CLOCK_SLACK, Problem, TextDateLoader, parse_date

STATUTES_FILE = "statutes.yaml"
FIELDS = ("name", "amended", "note")


@dataclass(frozen=True)
class Statute:
    """One statute and the date it was last amended."""

    name: str
    amended: dt.date
    note: str = ""


def load_statutes(path: Path, today: dt.date | None = None) -> tuple[dict[str, Statute], list[Problem]]:
    """The valid entries by name, and a problem for every bad one (that entry is left out).

    A folder without the file has no statutes and no problem: only the 12-month review age is checked then.
    """
    path = Path(path)
    if not path.is_file():
        return {}, []
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(path.name, field, message))

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDateLoader)
    except UnicodeDecodeError:
        bad("file", "不是 UTF-8 编码的文本")
        return {}, problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行）" if mark else ""
        bad("file", f"YAML 格式错误{where}: {getattr(exc, 'problem', exc)}")
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, list):
        bad("file", "应为列表：每项以“- name:”开头，含 name、amended（可选 note）")
        return {}, problems

    statutes: dict[str, Statute] = {}
    rows: dict[str, int] = {}
    today = today or dt.date.today()
    for number, entry in enumerate(data, start=1):
        where = f"第{number}项"
        statute, messages = _parse_entry(entry, today)
        for message in messages:
            bad(where, message)
        if statute is None:
            continue
        if statute.name in rows:
            bad(where, f"《{statute.name}》与第{rows[statute.name]}项重复")
            continue
        rows[statute.name] = number
        statutes[statute.name] = statute
    return statutes, problems


def _parse_entry(entry, today: dt.date) -> tuple[Statute | None, list[str]]:
    """One entry and what is wrong with it (no statute when anything is)."""
    if not isinstance(entry, dict):
        return None, ["应为包含 name、amended（可选 note）的条目"]
    messages = [f"未知字段 {key}（只能有 {'、'.join(FIELDS)}）" for key in entry if key not in FIELDS]
    name = entry.get("name")
    if name in (None, ""):
        messages.append("缺少 name（法规名称）")
    elif not isinstance(name, str):
        messages.append("name 必须是文本")
    elif "《" in name or "》" in name:
        messages.append(f"name“{name}”不要带书名号，按《》里的写法填写")
    value = entry.get("amended")
    amended = parse_date(value)
    if value in (None, ""):
        messages.append("缺少 amended（最近一次修订日期）")
    elif amended is None:
        messages.append(f"amended“{value}”不是 YYYY-MM-DD 格式的日期")
    elif amended > today + CLOCK_SLACK:
        messages.append(
            f"amended {amended.isoformat()} 晚于今天（{today.isoformat()}），应为已公布的修订日期"
        )
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        messages.append("note 必须是文本")
    if messages:
        return None, messages
    return Statute(name=name.strip(), amended=amended, note=(note or "").strip()), []
