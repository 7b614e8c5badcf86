"""bot.knowledge.statutes and bot.knowledge.review: the statutes file, and which snippets are due for review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REAL_KNOWLEDGE, SNIPPETS, snippet_text, write_snippet

from bot.knowledge.folder import load_knowledge
from bot.knowledge.review import cited_statutes, review_cutoff, review_folder, stale_reasons
from bot.knowledge.snippet import parse_snippet
from bot.knowledge.statutes import Statute, load_statutes

TODAY = dt.date(2026, 11, 29)
STATUTES = """\
- name: 劳动法
  amended: 2018-12-29
  note: 2018-12-29 修正
- name: 全国年节及纪念日放假办法
  amended: 2024-11-10
"""


def write_statutes(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "statutes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def snippet(source: str = "《劳动法》第五十条", reviewed: str = "2026-01-01", **fields):
    text = snippet_text(
        "wage-arrears", **{**SNIPPETS["wage-arrears"], "source": source, "reviewed": reviewed, **fields}
    )
    parsed, problems = parse_snippet(text.encode(), "wages/wage-arrears.md", TODAY)
    assert parsed is not None, problems
    return parsed


# --- statutes.yaml -------------------------------------------------------------------------------------------


def test_statutes_file_loads_with_dates_and_notes(tmp_path):
    statutes, problems = load_statutes(write_statutes(tmp_path, STATUTES), TODAY)
    assert problems == []
    assert statutes == {
        "劳动法": Statute("劳动法", dt.date(2018, 12, 29), "2018-12-29 修正"),
        "全国年节及纪念日放假办法": Statute("全国年节及纪念日放假办法", dt.date(2024, 11, 10), ""),
    }


def test_no_statutes_file_means_no_statutes_and_no_problem(tmp_path):
    assert load_statutes(tmp_path / "statutes.yaml") == ({}, [])
    assert load_statutes(write_statutes(tmp_path, "")) == ({}, [])


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("- 劳动合同法", "应为包含 name、amended"),
        ("- amended: 2012-12-28", "缺少 name"),
        ("- name: 《劳动合同法》\n  amended: 2012-12-28", "不要带书名号"),
        ("- name: [劳动合同法]\n  amended: 2012-12-28", "name 必须是文本"),
        ("- name: 劳动合同法", "缺少 amended"),
        ("- name: 劳动合同法\n  amended: 2012-13-28", "不是 YYYY-MM-DD"),
        ("- name: 劳动合同法\n  amended: 去年", "不是 YYYY-MM-DD"),
        ("- name: 劳动合同法\n  amended: 2026-12-01", "晚于今天（2026-11-29）"),
        ("- name: 劳动合同法\n  amended: 2012-12-28\n  effective: 2013-07-01", "未知字段 effective"),
        ("- name: 劳动合同法\n  amended: 2012-12-28\n  note: [a]", "note 必须是文本"),
        ("- name: 劳动法\n  amended: 2019-01-01", "与第1项重复"),
    ],
)
def test_a_bad_row_is_reported_by_number_and_the_others_still_load(tmp_path, row, fragment):
    path = write_statutes(tmp_path, STATUTES + row + "\n")
    statutes, problems = load_statutes(path, TODAY)
    assert [p.field for p in problems] == ["第3项"], problems
    assert fragment in problems[0].message and problems[0].level == "error"
    assert str(problems[0]).startswith("statutes.yaml: [error] 第3项:")
    assert set(statutes) == {"劳动法", "全国年节及纪念日放假办法"}
    assert statutes["劳动法"].amended == dt.date(2018, 12, 29)  # a duplicate does not replace the first


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("name: 劳动法\namended: 2018-12-29\n", "应为列表"), ("- name: [劳动法\n", "YAML 格式错误")],
)
def test_an_unreadable_statutes_file_is_one_clear_problem(tmp_path, text, fragment):
    statutes, problems = load_statutes(write_statutes(tmp_path, text), TODAY)
    assert statutes == {} and len(problems) == 1 and fragment in problems[0].message


def test_shipped_statutes_file_is_valid_and_every_entry_is_cited():
    statutes, problems = load_statutes(REAL_KNOWLEDGE / "statutes.yaml", TODAY)
    assert problems == []
    assert statutes["全国年节及纪念日放假办法"].amended == dt.date(2024, 11, 10)
    # the shipped snippets are read as of today: a snippet reviewed after TODAY is valid now, not on TODAY
    cited = {
        name
        for path in REAL_KNOWLEDGE.rglob("*.md")
        for name in cited_statutes(parse_snippet(path.read_bytes(), path.name, dt.date.today())[0].source)
    }
    assert set(statutes) <= cited, set(statutes) - cited


# --- due for review -----------------------------------------------------------------------------------------


def test_cited_statutes_are_the_names_in_book_title_marks():
    source = "《劳动合同法》第八十二条；《劳动合同法实施条例》第六条、第七条；《劳动合同法》第十条"
    assert cited_statutes(source) == ["劳动合同法", "劳动合同法实施条例"]
    assert cited_statutes("揭阳市总工会") == []


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        ("2026-11-29", "2025-11-29"),
        ("2026-01-15", "2025-01-15"),
        ("2024-02-29", "2023-02-28"),  # no 29 February a year earlier: the month's last day
        ("2026-03-31", "2025-03-31"),
    ],
)
def test_review_cutoff_is_twelve_months_back(today, cutoff):
    assert review_cutoff(dt.date.fromisoformat(today)) == dt.date.fromisoformat(cutoff)


@pytest.mark.parametrize(
    ("reviewed", "amended", "due"),
    [
        ("2026-01-01", "2025-12-31", False),
        ("2026-01-01", "2026-01-01", False),  # checked on the day of the amendment
        ("2026-01-01", "2026-01-02", True),
    ],
)
def test_a_statute_amended_after_the_review_makes_the_snippet_due(reviewed, amended, due):
    statutes = {"劳动法": Statute("劳动法", dt.date.fromisoformat(amended))}
    stale = stale_reasons(snippet("《劳动法》第五十条", reviewed), statutes, TODAY)
    assert (stale is not None) == due
    if due:
        assert stale.amended_statutes == ("劳动法",)
        assert stale.reasons == (
            f"引用的《劳动法》于 {amended} 修订，晚于本条复核日期 {reviewed}，请对照修订后的条文复核",
        )


@pytest.mark.parametrize(
    ("reviewed", "due"), [("2025-11-29", False), ("2025-11-28", True), ("2020-01-01", True)]
)
def test_a_review_older_than_twelve_months_is_due(reviewed, due):
    stale = stale_reasons(snippet(reviewed=reviewed), {}, TODAY)
    assert (stale is not None) == due
    if due:
        assert stale.reasons == (f"上次复核是 {reviewed}，已超过 12 个月，请对照原文重新复核",)


def test_both_reasons_are_given_and_unlisted_statutes_are_counted(tmp_path):
    write_statutes(tmp_path, "- name: 劳动法\n  amended: 2026-06-01\n")
    old = snippet("《劳动法》第五十条；《工资支付暂行规定》第十五条", "2025-01-01")
    review = review_folder(tmp_path, [old], TODAY)
    [stale] = review.stale
    assert len(stale.reasons) == 2 and "《劳动法》于 2026-06-01 修订" in stale.reasons[0]
    assert "已超过 12 个月" in stale.reasons[1]
    assert review.unlisted == {"工资支付暂行规定": 1} and review.statutes == 1
    assert [(p.path, p.field, p.level) for p in review.warnings()] == [
        ("wages/wage-arrears.md", "reviewed", "warning")
    ] * 2


def test_check_warns_on_due_snippets_and_reports_statute_errors(tmp_path):
    folder = tmp_path / "knowledge"
    write_snippet(
        folder, "wage-arrears", subdir="wages", **{**SNIPPETS["wage-arrears"], "reviewed": "2026-03-01"}
    )
    write_snippet(
        folder, "annual-leave", subdir="leave", **{**SNIPPETS["annual-leave"], "reviewed": "2026-11-01"}
    )
    write_statutes(folder, STATUTES.replace("2018-12-29", "2026-05-01", 1) + "- name: 劳动法\n")
    kb = load_knowledge(folder, today=TODAY)
    assert [(p.path, p.field, p.level) for p in kb.problems] == [
        ("statutes.yaml", "第3项", "error"),
        ("wages/wage-arrears.md", "reviewed", "warning"),
    ]
    assert [s.id for s in kb.review.stale] == ["wage-arrears"]
    # A year on, the snippet reviewed on 2026-03-01 is also past the 12 months.
    later = load_knowledge(folder, today=dt.date(2027, 3, 2))
    assert len(later.review.stale[0].reasons) == 2
