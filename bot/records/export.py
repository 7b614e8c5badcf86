"""CSV export of the dashboard's tables (UTF-8 with BOM for Excel; formula-looking cells neutralised)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot.records.insights import Insights, china_time
from bot.vocab import ISSUE_STATUS_LABELS, STATUS_LABELS, IssueStatus

# -- CSV export -----------------------------------------------------------------------------------------

# Name in the URL -> Chinese file name stem.
CSV_TABLES = {
    "daily": "每日提问量",
    "categories": "热门分类",
    "snippets": "热门引用条目",
    "issues": "诉求议题",
    "gaps": "知识缺口",
    "downvotes": "差评",
    "tickets": "工单",
}


def table(insights: Insights, name: str) -> tuple[list[str], list[list[object]]]:
    """Header and rows of one exported table (names in CSV_TABLES)."""
    if name == "daily":
        return ["日期", "提问数", "已回答", "超出服务范围", "未找到答案"], [
            [d.day.isoformat(), d.total, d.answered, d.out_of_scope, d.no_match] for d in insights.days
        ]
    if name == "categories":
        return ["分类", f"本期（{insights.label}）", "上期", "变化"], [
            [r.key, r.current, r.previous, r.change] for r in insights.categories
        ]
    if name == "snippets":
        return ["条目编号", "标题", f"本期（{insights.label}）", "上期", "变化"], [
            [r.key, r.label, r.current, r.previous, r.change] for r in insights.snippets
        ]
    if name == "issues":
        header = ["议题", "主题键", "知识库已覆盖", f"本期（{insights.label}）", "上期", "变化"]
        header += [ISSUE_STATUS_LABELS[s] for s in IssueStatus]
        return header, [
            [
                r.label,
                r.topic if r.covered else "",
                "是" if r.covered else "否",
                r.current,
                r.previous,
                r.change,
            ]
            + [r.count(s) for s in IssueStatus]
            for r in (*insights.issues, *insights.uncovered)
        ]
    if name == "gaps":
        return [
            "次数",
            "示例问题",
            "其他问法",
            "未找到答案",
            "低置信度回答",
            "首次提问",
            "最近提问",
            "组编号",
        ], [
            [
                g.count,
                g.example,
                " / ".join(g.variants),
                g.no_match,
                g.low_confidence,
                china_time(g.first_seen),
                china_time(g.last_seen),
                g.key,
            ]
            for g in insights.gaps
        ]
    if name == "downvotes":
        return ["评价时间", "问题", "回答", "回答状态", "评价意见"], [
            [
                china_time(r.feedback.created_at),
                r.turn.question if r.turn else "",
                r.turn.answer if r.turn else "",
                STATUS_LABELS.get(r.turn.status, r.turn.status) if r.turn else "",
                r.feedback.comment,
            ]
            for r in insights.downvotes
        ]
    if name == "tickets":
        return [
            "工单号",
            "诉求类别",
            "状态",
            "问题描述",
            "联系电话",
            "姓名",
            "提交时间",
            "更新时间",
            "处理备注",
        ], [
            [
                t.number,
                t.category,
                t.status,
                t.description,
                t.phone,
                t.name,
                china_time(t.created_at),
                china_time(t.updated_at),
                t.staff_note,
            ]
            for t in insights.tickets
        ]
    raise KeyError(name)


# A cell starting with one of these is run as a formula by Excel (CSV injection); a leading apostrophe makes
# it text. Worker questions are free text, so this matters.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese correctly), CRLF rows, formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
