"""Hostile knowledge files (issue 15, item 1): YAML bombs and non-text values are refused before anything is
built, with short messages, on every path that reads a file: parse, `bot index build`, the admin upload and
the documents list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SNIPPETS, FakeEmbedder, snippet_text, write_snippet
from fastapi.testclient import TestClient

from bot.cli import main
from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import run_build
from bot.index.versions import IndexStore
from bot.knowledge.snippet import QUOTE_CHARS, parse_snippet

TOKEN = "hostile-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def alias_bomb(levels: int = 8) -> bytes:
    """The tester's file: each level is a list of nine aliases of the level before ("billion laughs")."""
    names = "abcdefghij"
    lines = ["---", "id: bomb", "a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for n in range(1, levels):
        lines.append(f"{names[n]}: &{names[n]} [" + ",".join([f"*{names[n - 1]}"] * 9) + "]")
    lines += [f"effective: *{names[levels - 1]}", "---", "正文" * 50, ""]
    return "\n".join(lines).encode()


def front_matter(yaml_text: str) -> bytes:
    return f"---\n{yaml_text}\n---\n{'正文' * 50}\n".encode()


HOSTILE = {
    "alias bomb": (alias_bomb(), "b", "别名"),
    "one alias": (front_matter("t: &t 标题\ntitle: *t"), "title", "别名"),
    "merge key": (front_matter("base: &b {x: 1}\nmore:\n  <<: *b"), "base", "必须是文本"),
    "list as title": (front_matter("title: [a, b]"), "title", "必须是文本"),
    "mapping as effective": (front_matter("effective: {year: 2020}"), "effective", "必须是文本"),
    "mapping as questions": (front_matter("questions: {a: b}"), "questions", "文本列表"),
    "nested list": (front_matter("questions:\n  - [a, b]"), "questions", "不能再嵌套"),
    "mapping in unknown field": (front_matter("extra: {a: 1}"), "extra", "必须是文本"),
    "list at the top": (front_matter("- a\n- b"), "front matter", "键: 值"),
    "complex key": (front_matter("? [a]\n: b"), "front matter", "字段名必须是文本"),
    "deep flow nesting": (front_matter("title: " + "[" * 2000 + "]" * 2000), "front matter", "YAML"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_front_matter_is_refused_with_a_short_message(name):
    data, field, fragment = HOSTILE[name]
    snippet, problems = parse_snippet(data, "rules/bomb.md")
    assert snippet is None
    assert len(problems) == 1, problems
    assert problems[0].field.startswith(field) and fragment in problems[0].message, problems[0]
    assert len(str(problems[0])) < 300


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "工" * 5000), ("region", "x" * 5000), ("effective", "9-" * 2500), ("id", "A" * 5000)],
)
def test_a_long_value_is_quoted_cut(field, value):
    _, problems = parse_snippet(snippet_text("long", **{field: value}).encode(), "rules/long.md")
    message = next(p.message for p in problems if p.field == field)
    assert value[:QUOTE_CHARS] in message and value[: QUOTE_CHARS + 1] not in message
    assert len(message) < QUOTE_CHARS + 200


@pytest.fixture
def admin_site(tmp_path):
    knowledge = tmp_path / "knowledge"
    write_snippet(knowledge, "wage-arrears", subdir="rules", **SNIPPETS["wage-arrears"])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    settings = Settings(
        knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data", admin_token=TOKEN
    )
    with TestClient(create_app(settings, embedder=FakeEmbedder())) as client:
        yield client, knowledge


def test_admin_upload_refuses_the_bomb_and_writes_nothing(admin_site):
    client, knowledge = admin_site
    response = client.put("/api/admin/documents/rules/bomb.md", headers=AUTH, content=alias_bomb())
    assert response.status_code == 422
    assert "别名" in response.json()["error"] and len(response.content) < 1000
    assert not (knowledge / "rules" / "bomb.md").exists()
    assert client.get("/healthz").status_code == 200


def test_documents_list_reports_a_bomb_on_disk_briefly(admin_site):
    client, knowledge = admin_site
    (knowledge / "rules" / "bomb.md").write_bytes(alias_bomb(9))
    listed = client.get("/api/admin/documents", headers=AUTH)
    assert listed.status_code == 200 and len(listed.content) < 5000
    bomb = next(d for d in listed.json()["documents"] if d["path"] == "rules/bomb.md")
    assert bomb["status"] == "error" and "别名" in bomb["problems"][0]


def test_index_build_refuses_a_bomb_cleanly(tmp_path):
    knowledge = tmp_path / "knowledge"
    write_snippet(knowledge, "wage-arrears", subdir="rules", **SNIPPETS["wage-arrears"])
    (knowledge / "rules" / "bomb.md").write_bytes(alias_bomb(9))
    env = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_INDEX_DIR": str(tmp_path / "index")}
    result = CliRunner().invoke(main, ["index", "build"], env=env)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "rules/bomb.md" in result.stderr and "别名" in result.stderr
    assert len(result.stderr) < 2000
    assert IndexStore(tmp_path / "index").current_version() is None


def test_a_lone_anchor_is_harmless_and_accepted():
    snippet, problems = parse_snippet(snippet_text("anchored", title="&t 标题").encode(), "rules/anchored.md")
    assert snippet is not None and snippet.title == "标题" and not [p for p in problems if p.level == "error"]


def test_a_huge_number_is_a_problem_not_a_crash():
    _, problems = parse_snippet(front_matter("effective: " + "9" * 5000), "rules/n.md")
    assert [p.message for p in problems] == ["头信息中有过长的数字，请加引号写成文本"]
