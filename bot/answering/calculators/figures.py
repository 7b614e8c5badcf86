"""Local figures staff keep in `knowledge/local-figures.yaml`: minimum wage and local average wage by region.

Only figures confirmed from an official notice belong in the file; a calculator that needs a figure the
file lacks states the formula and asks for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import KnowledgeError

KINDS = {
    "minimum_wage": "月最低工资标准",
    "average_monthly_wage": "上年度职工月平均工资",
}
UNITS = ("元/月",)
REGIONS = ("全国", "广东省", "揭阳市")
FIELDS = ("region", "kind", "value", "unit", "effective", "source")
# No Chinese region has a monthly minimum or average wage anywhere near this; a bigger number is a typo.
MAX_VALUE = 100_000


@dataclass(frozen=True)
class LocalFigure:
    """One published figure for one region, from its effective date."""

    region: str
    kind: str
    value: float
    unit: str
    effective: dt.date
    source: str


def _read_entries(path: Path) -> list:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"找不到地方数据文件：{path}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"地方数据文件不是有效的 YAML：{path}：{exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeError(f"地方数据文件应为列表（每项一条数据）：{path}")
    return data


def _entry_problems(number: int, entry) -> list[str]:
    where = f"第{number}项"
    if not isinstance(entry, dict):
        return [f"{where}：应为包含 {'、'.join(FIELDS)} 的条目"]
    problems = [f"{where}：缺少 {name}" for name in FIELDS if entry.get(name) in (None, "")]
    problems += [f"{where}：未知字段 {name}" for name in entry if name not in FIELDS]
    if entry.get("region") not in (None, "") and entry["region"] not in REGIONS:
        problems.append(f"{where}：region 应为 {'、'.join(REGIONS)} 之一")
    if entry.get("kind") not in (None, "") and entry["kind"] not in KINDS:
        problems.append(f"{where}：kind 应为 {'、'.join(KINDS)} 之一")
    if entry.get("unit") not in (None, "") and entry["unit"] not in UNITS:
        problems.append(f"{where}：unit 应为 {'、'.join(UNITS)}")
    value = entry.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        problems.append(f"{where}：value 应为数字")
    elif value is not None and not 0 < value <= MAX_VALUE:
        problems.append(f"{where}：value 应大于0且不超过{MAX_VALUE}")
    effective = entry.get("effective")
    if effective not in (None, "") and not isinstance(effective, dt.date):
        problems.append(f"{where}：effective 应为日期，如 2025-03-01")
    source = entry.get("source")
    if source not in (None, "") and not isinstance(source, str):
        problems.append(f"{where}：source 应为文字（发文机关、文号）")
    return problems


def check_local_figures(path: Path) -> list[str]:
    """Every problem in the file, as Chinese lines for `bot knowledge check`; empty when it is valid."""
    try:
        entries = _read_entries(path)
    except KnowledgeError as exc:
        return [exc.message]
    problems = [p for number, entry in enumerate(entries, 1) for p in _entry_problems(number, entry)]
    seen: dict[tuple, int] = {}
    for number, entry in enumerate(entries, 1):
        if isinstance(entry, dict):
            key = (entry.get("region"), entry.get("kind"), entry.get("effective"))
            if key in seen:
                problems.append(f"第{number}项：与第{seen[key]}项的地区、类别和生效日期相同")
            seen.setdefault(key, number)
    return problems


def load_local_figures(path: Path) -> list[LocalFigure]:
    """Read and validate the file; raises KnowledgeError listing the problems when it is invalid."""
    problems = check_local_figures(path)
    if problems:
        raise KnowledgeError(f"地方数据文件有误：{path}：" + "；".join(problems), problems)
    return [
        LocalFigure(
            region=e["region"],
            kind=e["kind"],
            value=float(e["value"]),
            unit=e["unit"],
            effective=e["effective"],
            source=e["source"],
        )
        for e in _read_entries(path)
    ]


def find_figure(figures, region: str | None, kind: str, on: dt.date) -> LocalFigure | None:
    """The figure of this kind for exactly this region in force on `on` (the latest effective), if any."""
    if not region:
        return None
    candidates = [f for f in figures if f.region == region and f.kind == kind and f.effective <= on]
    return max(candidates, key=lambda f: f.effective, default=None)
