"""bot.knowledge: parsing, validation problems, chunking, and the real knowledge folder."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import REAL_KNOWLEDGE, SNIPPETS, WAVE2_TOPICS, snippet_text, write_snippet

from bot.errors import KnowledgeError
from bot.knowledge.folder import load_knowledge, read_knowledge
from bot.knowledge.snippet import chunk_snippet, file_hash, parse_snippet
from bot.text.sentences import split_sentences

CATALOGUE_TOPICS = """
    injury_deadline injury_scope injury_benefits contract_written probation_length probation_pay
    resignation_notice resign_for_cause severance illegal_termination non_compete labor_dispatch
    working_hours overtime_pay minimum_wage heat_allowance wage_arrears migrant_wage annual_leave
    maternity_leave paternity_childcare female_protection arbitration_limitation arbitration_process
    legal_aid social_insurance union_membership new_employment_forms union_formation union_dues
    union_funds hotline_12351 union_services
""".split()


def parse(snippet_id: str = "wage-arrears", path: str | None = None, **fields):
    """Parse a rendered snippet; defaults are the valid wage-arrears fixture."""
    fields = {**SNIPPETS["wage-arrears"], **fields}
    text = snippet_text(snippet_id, **fields)
    return parse_snippet(text.encode("utf-8"), path or f"工资/{snippet_id}.md")


def errors_by_field(problems) -> dict[str, str]:
    return {p.field: p.message for p in problems if p.level == "error"}


def test_valid_snippet_parses_every_field():
    fields = {**SNIPPETS["wage-arrears"], "topic": "wage_arrears", "steps": ["保留工资条", "拨打12351"]}
    data = snippet_text("wage-arrears", **fields).encode()
    snippet, problems = parse_snippet(data, "工资/wage-arrears.md")
    assert problems == []
    assert snippet.id == "wage-arrears"
    assert snippet.category == "工资" and snippet.region == "全国"
    assert snippet.effective == "2020-01-01"
    assert snippet.questions == tuple(SNIPPETS["wage-arrears"]["questions"])
    assert snippet.steps == ("保留工资条", "拨打12351")
    assert snippet.topic == "wage_arrears"
    assert snippet.body.startswith("用人单位应当以货币形式")
    assert snippet.sha256 == file_hash(data)


def test_missing_front_matter_is_reported_against_the_file():
    snippet, problems = parse_snippet("只有正文，没有头信息。".encode(), "工资/x.md")
    assert snippet is None
    assert [(p.path, p.field, p.level) for p in problems] == [("工资/x.md", "front matter", "error")]


def test_invalid_yaml_names_the_line():
    data = "---\nid: x\ntitle: [未闭合\n---\n正文".encode()
    snippet, problems = parse_snippet(data, "工资/x.md")
    assert snippet is None
    assert problems[0].field == "front matter" and "YAML" in problems[0].message


@pytest.mark.parametrize(
    "missing", ["id", "title", "category", "region", "source", "effective", "reviewed", "questions"]
)
def test_each_required_field_is_checked(missing):
    fields = {**SNIPPETS["wage-arrears"], missing: ""}
    snippet, problems = parse(**fields)
    assert snippet is None
    assert errors_by_field(problems)[missing] == "缺少必填字段"
    assert str(next(p for p in problems if p.field == missing)).startswith("工资/wage-arrears.md: [error]")


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("category", "加班", "不在允许的分类中"),
        ("region", "北京市", "不在允许的地区中"),
        ("effective", "2020-13-01", "不是 YYYY-MM-DD"),
        ("effective", "去年", "不是 YYYY-MM-DD"),
        ("reviewed", "2026-02-30", "不是 YYYY-MM-DD"),
        ("reviewed", "上个月", "不是 YYYY-MM-DD"),
        ("source", "网上看到的", "《法规名称》"),
        ("source", "《劳动法》", "《法规名称》"),
        ("questions", "只有一句", "文本列表"),
        ("title", "[1, 2]", "必须是文本"),
    ],
)
def test_invalid_values_name_their_field(field, value, fragment):
    snippet, problems = parse(**{field: value})
    assert snippet is None
    assert fragment in errors_by_field(problems)[field]


@pytest.mark.parametrize("bad_id", ["Wage_Arrears", "-leading-dash", "工资", "a" * 81])
def test_bad_id_is_an_error(bad_id):
    snippet, problems = parse(bad_id, path="工资/x.md")
    assert snippet is None
    assert "小写字母" in errors_by_field(problems)["id"]


@pytest.mark.parametrize(
    "source",
    [
        "《工伤保险条例》第十七条",
        "《劳动合同法》第19条",
        "《关于工资总额组成的规定》国统字〔1990〕1号",
        "《最低工资规定》（劳动和社会保障部令〔2004〕21号）",
        "中华全国总工会",
        "广东省人力资源和社会保障厅",
    ],
)
def test_accepted_sources(source):
    snippet, problems = parse(source=source)
    assert snippet is not None, problems


def test_non_utf8_file_is_an_error_not_a_crash():
    data = snippet_text("wage-arrears", **SNIPPETS["wage-arrears"]).encode("gbk")
    snippet, problems = parse_snippet(data, "工资/wage-arrears.md")
    assert snippet is None
    assert problems[0].field == "file" and "UTF-8" in problems[0].message


def test_utf8_bom_is_accepted():
    data = b"\xef\xbb\xbf" + snippet_text("wage-arrears", **SNIPPETS["wage-arrears"]).encode()
    snippet, _ = parse_snippet(data, "工资/wage-arrears.md")
    assert snippet is not None


def test_empty_questions_and_body_are_errors():
    _, problems = parse(questions=[])
    assert errors_by_field(problems)["questions"] == "缺少必填字段"
    _, problems = parse(questions=["有效问法", "''"])
    assert "空项" in errors_by_field(problems)["questions"]
    _, problems = parse(body="")
    assert errors_by_field(problems)["body"] == "正文为空"


def test_soft_rules_are_warnings_only():
    snippet, problems = parse(path="工资/other-name.md", questions=["只有一个问法"], body="太短。", extra="x")
    assert snippet is not None
    assert {p.field for p in problems if p.level == "warning"} == {"id", "questions", "body", "extra"}


def test_duplicate_ids_keep_the_first_and_name_both_files(tmp_path: Path):
    write_snippet(tmp_path, "wage-arrears", subdir="a", **SNIPPETS["wage-arrears"])
    write_snippet(tmp_path, "wage-arrears", subdir="b", **SNIPPETS["annual-leave"])
    kb = load_knowledge(tmp_path)
    assert [s.path for s in kb.snippets] == ["a/wage-arrears.md"]
    [error] = kb.errors
    assert error.path == "b/wage-arrears.md" and error.field == "id" and "a/wage-arrears.md" in error.message


def test_near_duplicate_bodies_are_warned(tmp_path: Path):
    body = SNIPPETS["wage-arrears"]["body"]
    write_snippet(tmp_path, "wage-arrears", **SNIPPETS["wage-arrears"])
    write_snippet(
        tmp_path, "wage-arrears-copy", **{**SNIPPETS["wage-arrears"], "body": body + "请及时维权。"}
    )
    write_snippet(tmp_path, "annual-leave", **SNIPPETS["annual-leave"])
    kb = load_knowledge(tmp_path)
    assert kb.errors == []
    [warning] = kb.warnings
    assert warning.path == "topic/wage-arrears.md" and "topic/wage-arrears-copy.md" in warning.message


def test_readme_and_hidden_folders_are_skipped(tmp_path: Path):
    write_snippet(tmp_path, "wage-arrears", **SNIPPETS["wage-arrears"])
    (tmp_path / "README.md").write_text("# 说明", encoding="utf-8")
    write_snippet(tmp_path, "annual-leave", subdir=".drafts", **SNIPPETS["annual-leave"])
    kb = load_knowledge(tmp_path)
    assert [s.id for s in kb.snippets] == ["wage-arrears"] and kb.problems == []


def test_read_knowledge_raises_listing_every_error(tmp_path: Path):
    write_snippet(tmp_path, "good", **SNIPPETS["wage-arrears"])
    write_snippet(tmp_path, "bad", **{**SNIPPETS["annual-leave"], "region": "火星"})
    with pytest.raises(KnowledgeError) as caught:
        read_knowledge(tmp_path)
    assert "topic/bad.md" in caught.value.message and "region" in caught.value.message
    assert len(caught.value.problems) == 1


def test_missing_or_empty_folder_raises(tmp_path: Path):
    with pytest.raises(KnowledgeError, match="不存在"):
        load_knowledge(tmp_path / "nope")
    with pytest.raises(KnowledgeError, match="没有任何"):
        read_knowledge(tmp_path)


def test_split_sentences():
    text = "第一句。第二句！第三句？\n第四句；第五句 ok! six\n\n"
    assert split_sentences(text) == ["第一句。", "第二句！", "第三句？", "第四句；", "第五句 ok!", "six"]


def test_short_body_is_one_chunk_with_the_snippet_id():
    snippet, _ = parse()
    [chunk] = chunk_snippet(snippet)
    assert chunk.id == chunk.snippet_id == "wage-arrears"
    assert chunk.text == snippet.body and chunk.questions == snippet.questions
    assert chunk.passage() == f"{snippet.title}\n{snippet.body}"


def test_long_body_splits_on_headings_and_sentence_ends():
    first = "单位应当按月足额支付工资。" * 6  # 78 characters
    second = "劳动者可以向劳动监察投诉。" * 6
    body = f"## 发放\n{first}\n## 投诉\n{second}"
    snippet, _ = parse(body=body)
    chunks = chunk_snippet(snippet, max_chars=60)
    assert [c.id for c in chunks] == [f"wage-arrears#{n}" for n in range(1, len(chunks) + 1)]
    assert len(chunks) >= 4
    assert all(c.title == snippet.title and c.snippet_id == "wage-arrears" for c in chunks)
    assert all(len(c.text) <= 60 and c.text.endswith("。") for c in chunks)
    # No chunk mixes the two sections, and nothing is lost.
    assert all(("工资" in c.text) != ("投诉" in c.text) for c in chunks)
    assert "".join(c.text for c in chunks) == "发放" + first + "投诉" + second
    assert chunks[0].questions == snippet.questions and all(c.questions == () for c in chunks[1:])


def test_reviewed_date_may_not_be_in_the_future():
    today = dt.date(2026, 11, 29)
    # One day of slack for time zones (staff in UTC+8, a server on UTC).
    for reviewed, ok in [
        ("2026-11-29", True),
        ("2026-11-30", True),
        ("2026-12-01", False),
        ("2030-01-01", False),
    ]:
        snippet, problems = parse_snippet(snippet_text("x", reviewed=reviewed).encode(), "t/x.md", today)
        assert (snippet is not None) == ok, problems
        if not ok:
            assert "晚于今天（2026-11-29）" in errors_by_field(problems)["reviewed"]
        else:
            assert snippet.reviewed == reviewed


def test_reviewed_before_the_effective_date_is_accepted():
    """A rule published ahead of its effective date is checked before it applies; that is no error."""
    text = snippet_text("x", effective="2026-07-01", reviewed="2026-05-20")
    snippet, problems = parse_snippet(text.encode(), "t/x.md", dt.date(2026, 6, 1))
    assert problems == [] and snippet.reviewed == "2026-05-20" and snippet.effective == "2026-07-01"


def test_real_knowledge_folder_is_clean_and_covers_the_catalogue():
    # As of the day of the latest review: the folder must be clean then; whether reviews have since fallen
    # due is `bot knowledge stale`'s question, not something a test should start failing on by itself.
    reviewed = max(s.reviewed for s in load_knowledge(REAL_KNOWLEDGE, near_duplicates=False).snippets)
    kb = load_knowledge(REAL_KNOWLEDGE, today=dt.date.fromisoformat(reviewed))
    assert [str(p) for p in kb.errors] == []
    assert [str(p) for p in kb.warnings] == []
    assert kb.review.stale == [] and kb.review.statutes >= 25
    assert len(kb.snippets) >= 200
    topics = {s.topic for s in kb.snippets}
    assert [t for t in CATALOGUE_TOPICS + WAVE2_TOPICS if t not in topics] == []
