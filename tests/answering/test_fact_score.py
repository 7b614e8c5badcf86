"""Fact scoring of the case evaluation set: loading, validation, per-item scoring and the summary."""

import json
from pathlib import Path

import pytest

from bot.answering import fact_score as fs

CASES_DIR = Path(__file__).resolve().parents[1] / "eval" / "cases"


def item(**overrides) -> dict:
    row = {
        "id": "x1",
        "kind": "multi",
        "question": "做了三年被辞退，工资四千",
        "history": [],
        "decline": False,
        "issues": [
            {"topic": "illegal_termination", "facts": [["赔偿金"], ["24000", "2.4万"]]},
            {"topic": "annual_leave", "facts": [["300%", "三倍"]]},
        ],
        "notes": "",
    }
    row.update(overrides)
    return row


def write(tmp_path: Path, *rows) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows))
    return path


def load_one(tmp_path, **overrides) -> fs.CaseItem:
    return fs.load_cases(write(tmp_path, item(**overrides)))[0]


def test_load_cases_reads_items(tmp_path):
    cases = fs.load_cases(write(tmp_path, item(), item(id="x2", history=["先前的问题"])))
    assert [c.id for c in cases] == ["x1", "x2"]
    assert cases[0].issues[0].facts == (("赔偿金",), ("24000", "2.4万"))
    assert cases[1].history_messages() == [{"role": "user", "content": "先前的问题"}]


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"kind": "chitchat"}, "未知的 kind"),
        ({"issues": []}, "至少要有一个议题"),
        ({"issues": [{"topic": "severance", "facts": []}]}, "缺少 facts"),
        ({"issues": [{"topic": "severance", "facts": [[]]}]}, "事实组"),
        ({"issues": [{"topic": "severance", "facts": [["  "]]}]}, "事实组"),
        ({"issues": [{"topic": "", "facts": [["a"]]}]}, "topic"),
        ({"history": "前一句"}, "history"),
        ({"decline": "yes"}, "decline"),
        ({"question": " "}, "question"),
    ],
)
def test_load_cases_names_the_bad_line(tmp_path, overrides, fragment):
    path = write(tmp_path, item(id="ok"), item(**overrides))
    with pytest.raises(fs.CaseFormatError) as info:
        fs.load_cases(path)
    assert "第 2 行" in info.value.message and fragment in info.value.message


def test_load_cases_rejects_missing_keys_bad_json_duplicates_and_empty_files(tmp_path):
    row = item()
    del row["issues"]
    with pytest.raises(fs.CaseFormatError, match="缺少字段 issues"):
        fs.load_cases(write(tmp_path, row))
    with pytest.raises(fs.CaseFormatError, match="第 1 行.*JSON"):
        fs.load_cases(write(tmp_path, "{not json"))
    with pytest.raises(fs.CaseFormatError, match="重复"):
        fs.load_cases(write(tmp_path, item(), item()))
    with pytest.raises(fs.CaseFormatError, match="空的"):
        fs.load_cases(write(tmp_path, ""))


def test_decline_items_may_have_no_facts(tmp_path):
    case = load_one(tmp_path, kind="offtopic_legal", decline=True, issues=[])
    assert case.decline and case.issues == ()


def test_score_item_needs_every_group_of_every_issue(tmp_path):
    case = load_one(tmp_path)
    full = fs.score_item(
        case, "answered", "违法解除应支付赔偿金，约 2.4 万元", ["未休年休假按日工资的300%支付"]
    )
    assert full.passed and full.facts_ok and full.issues_passed == 2 and full.missing == ()
    partial = fs.score_item(case, "answered", "违法解除应支付赔偿金", ["未休年休假按日工资的三倍支付"])
    assert not partial.passed
    assert partial.missing == (("illegal_termination", ("24000", "2.4万")),)
    assert partial.issues_passed == 1


def test_score_item_normalises_spaces_full_width_and_digit_commas(tmp_path):
    case = load_one(tmp_path)
    result = fs.score_item(case, "answered", "赔 偿 金 合计 24,000 元，年假按 ３００％ 支付", [])
    assert result.passed


def test_a_fact_in_digits_is_found_when_the_text_writes_it_in_chinese_numerals(tmp_path):
    case = load_one(tmp_path, issues=[{"topic": "retirement_age", "facts": [["63"], ["4个月"]]}])
    assert fs.score_item(case, "answered", "男职工延迟至六十三周岁，每四个月延迟一个月", []).passed
    wrong = fs.score_item(case, "answered", "男职工延迟至六十二周岁，每四个月延迟一个月", [])
    assert wrong.missing == (("retirement_age", ("63",)),)


def test_in_domain_item_not_answered_fails_even_with_the_facts(tmp_path):
    case = load_one(tmp_path)
    result = fs.score_item(case, "no_match", "赔偿金 24000 300%", [])
    assert result.facts_ok and result.declined and not result.passed and not result.declined_correctly


def test_decline_item_passes_only_when_declined_with_its_referral(tmp_path):
    case = load_one(
        tmp_path,
        kind="offtopic_legal",
        decline=True,
        issues=[{"topic": "public_legal_hotline", "facts": [["12348"]]}],
    )
    assert fs.score_item(case, "out_of_scope", "请拨打 12348 公共法律服务热线", []).passed
    no_referral = fs.score_item(case, "out_of_scope", "抱歉，不在服务范围内", [])
    assert no_referral.declined_correctly and not no_referral.passed
    answered = fs.score_item(case, "answered", "请拨打 12348", [])
    assert not answered.declined_correctly and not answered.passed


def test_score_item_rejects_unknown_status(tmp_path):
    with pytest.raises(ValueError):
        fs.score_item(load_one(tmp_path), "maybe", "", [])


def test_summarise_reports_pass_by_kind_and_refusal_matrix(tmp_path):
    multi = load_one(tmp_path)
    off = fs.parse_case(item(id="o", kind="offtopic_legal", decline=True, issues=[]), Path("x"), 1)
    typo = fs.parse_case(item(id="t", kind="typo"), Path("x"), 1)
    results = [
        fs.score_item(multi, "answered", "赔偿金 24000 300%", []),  # pass
        fs.score_item(typo, "no_match", "", []),  # wrongly declined
        fs.score_item(off, "answered", "", []),  # off-topic answered
        fs.score_item(off, "out_of_scope", "", []),  # off-topic declined, no facts needed
    ]
    summary = fs.summarise(results)
    assert summary["n"] == 4
    assert summary["fact_pass"] == 0.5
    assert summary["by_kind"]["multi"] == {"n": 1, "fact_pass": 1.0, "declined": 0.0}
    assert summary["by_kind"]["typo"]["fact_pass"] == 0.0
    assert summary["by_kind"]["offtopic_legal"]["fact_pass"] == 0.5
    assert summary["confusion"] == {
        "offtopic_declined": 1,
        "offtopic_answered": 1,
        "indomain_answered": 1,
        "indomain_wrongly_declined": 1,
    }
    assert summary["offtopic_declined_rate"] == 0.5
    assert summary["indomain_wrongly_declined_rate"] == 0.5
    assert summary["issue_pass"] == 0.5  # 2 of the 4 in-domain issues, the wrongly declined item's count 0


def test_statuses_are_the_vocabulary_statuses():
    from bot.vocab import Status

    assert fs.ANSWERED == Status.ANSWERED == "answered"
    assert fs.STATUSES == {"answered", "out_of_scope", "no_match"}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_committed_splits_load(split):
    cases = fs.load_cases(CASES_DIR / f"{split}.jsonl")
    kinds = {c.kind for c in cases}
    assert kinds == set(fs.KINDS)
    assert all(c.decline == (c.kind == "offtopic_legal") for c in cases)


@pytest.mark.parametrize(
    ("split", "absent"),
    [
        ("dev2", {"single"}),
        ("dev3", {"single", "uncovered"}),
        ("dev4", {"single", "uncovered"}),
        ("dev5", {"offtopic_legal", "uncovered"}),
        ("dev6", {"multi", "followup", "typo"}),
    ],
)
def test_blind_splits_load_and_use_knowledge_topics(split, absent):
    from bot.knowledge.folder import read_knowledge

    cases = fs.load_cases(CASES_DIR / f"{split}.jsonl")
    topics = {s.topic for s in read_knowledge(Path(__file__).resolve().parents[2] / "knowledge")}
    assert {c.kind for c in cases} == set(fs.KINDS) - absent
    assert all(c.decline == (c.kind == "offtopic_legal") for c in cases)
    assert all(c.history for c in cases if c.kind == "followup")
    # a multi-issue story has two issues or more, or one with a contradiction to ask about (dev5)
    assert all(len(c.issues) >= 2 or "请问" in c.issues[0].facts[0] for c in cases if c.kind == "multi")
    assert {i.topic for c in cases for i in c.issues} <= topics
