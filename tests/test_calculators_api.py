"""The calculators over HTTP: the contract examples, citations that resolve to the real knowledge base, bad
input refused in the one error shape, and the OpenAPI document (fake embedder: fast)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import REAL_KNOWLEDGE

from bot.answering.calculators import CALCULATORS, CITED_SNIPPET_IDS
from bot.knowledge.folder import read_knowledge

pytest_plugins = ["support.app_fixtures"]

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Snippets another helper's knowledge merge adds; until it lands, the steps citing them carry no number.
ARRIVING_WITH_KNOWLEDGE_MERGE = {
    "injury-disability-lump-sum",
    "injury-disability-allowance",
    "injury-gd-lump-sums-on-leaving",
    "leave-medical-period",
}
REAL_SNIPPETS = {s.id: s for s in read_knowledge(REAL_KNOWLEDGE)}
PRESENT = [i for i in CITED_SNIPPET_IDS if i in REAL_SNIPPETS]
ABSENT = [i for i in CITED_SNIPPET_IDS if i not in REAL_SNIPPETS]

# Issue 11's contract: inputs and the figures they must give.
CONTRACT = [
    ("severance", {"years": 3, "months": 2, "monthly_wage": 5000}, {"months": 3.5, "amount": 17500}),
    ("illegal_termination", {"years": 3, "months": 2, "monthly_wage": 5000}, {"months": 7, "amount": 35000}),
    ("double_wage", {"months_without_contract": 8, "monthly_wage": 4000}, {"months": 7, "amount": 28000}),
    ("annual_leave", {"years_worked": 21}, {"days": 15}),
    ("maternity_leave", {"region": "广东省"}, {"days": 178}),
]

# Together these take every branch that cites a snippet: each id in CITED_SNIPPET_IDS is emitted by one.
COVERAGE = [
    ("severance", {"years": 20, "months": 7, "monthly_wage": 30000, "local_average_monthly_wage": 8000}),
    ("illegal_termination", {"years": 3, "months": 2, "monthly_wage": 5000}),
    ("double_wage", {"start_date": "2024-03-15", "contract_date": "2025-06-20", "monthly_wage": 4000}),
    (
        "probation",
        {
            "contract_months": 12,
            "agreed_probation_months": 3,
            "agreed_monthly_wage": 6000,
            "minimum_wage": 1750,
        },
    ),
    ("probation", {"contract_type": "task"}),
    ("overtime_pay", {"monthly_wage": 5000, "workday_hours": 30, "restday_hours": 8, "holiday_hours": 8}),
    (
        "annual_leave",
        {"years_worked": 12, "join_date": "2025-03-01", "leave_date": "2025-08-31", "monthly_wage": 5000},
    ),
    ("annual_leave", {"years_worked": 3, "join_date": "2025-07-01"}),
    ("maternity_leave", {"region": "广东省", "difficult_birth": True, "babies": 2}),
    ("maternity_leave", {"miscarriage": True, "pregnancy_months": 3}),
    ("injury_disability", {"grade": 5, "monthly_wage": 5000, "region": "广东省", "leaving": True}),
    ("medical_period", {"total_years": 12, "years_at_employer": 7}),
    ("deadlines", {"kind": "injury", "accident_date": "2025-10-01"}),
    ("deadlines", {"kind": "arbitration", "knew_date": "2025-10-01"}),
    ("deadlines", {"kind": "wage_arrears", "still_employed": False, "end_date": "2025-10-01"}),
    ("non_compete", {"monthly_wage": 8000, "restriction_months": 24, "unpaid_months": 3}),
    ("retirement_age", {"sex": "男", "birth_year": 1965, "birth_month": 1}),
    ("training_bond", {"training_cost": 9000, "service_months": 36, "served_months": 12}),
    ("suspension_pay", {"monthly_wage": 5000, "months": 6, "paid_monthly": 2000}),
    ("pay_cut_arrears", {"previous_monthly_wage": 6000, "monthly_wage": 4500, "months": 3}),
    ("damage_deduction", {"monthly_wage": 5000, "region": "广东省"}),
    ("heat_allowance", {"months": 3, "region": "揭阳市"}),
    ("wage_arrears", {"daily_wage": 300, "worked_days": 100, "paid": 8000}),
    (
        "severance",
        {"years": 2, "monthly_wage": 5200, "previous_monthly_wage": 4600, "months_at_current_wage": 3},
    ),
    (
        "double_wage",
        {
            "months_without_contract": 9,
            "monthly_wage": 3900,
            "previous_monthly_wage": 3600,
            "months_at_previous_wage": 4,
        },
    ),
]

FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()
NEXT_YEAR = dt.date.today().year + 1
WAGE = {"monthly_wage": 5000}

# (calculator, JSON body, status, fragments the Chinese message must contain: the field, by title or key).
BAD_INPUT = [
    ("severance", {"years": -1, **WAGE}, 422, ["工作年数", "years", "不能小于0"]),
    ("severance", {"years": 300, **WAGE}, 422, ["工作年数", "不能大于60"]),
    ("severance", {"years": 3, "monthly_wage": -5000}, 422, ["月工资", "monthly_wage", "必须大于0"]),
    ("severance", {"years": 3, "monthly_wage": 0}, 422, ["月工资", "必须大于0"]),
    ("severance", {"years": 3, "months": 12, **WAGE}, 422, ["另加月数", "months"]),
    ("severance", {"years": 3}, 422, ["缺少必填项", "月工资", "monthly_wage"]),
    ("severance", {}, 422, ["缺少必填项"]),
    ("severance", {"years": "三年", **WAGE}, 422, ["工作年数", "应为整数"]),
    ("severance", {"years": 3.5, **WAGE}, 422, ["工作年数", "应为整数"]),
    ("severance", {"years": True, **WAGE}, 422, ["工作年数", "true/false"]),
    ("severance", {"years": [3], **WAGE}, 422, ["工作年数", "应为整数"]),
    ("severance", {"years": 3, "monthly_wage": "五千"}, 422, ["月工资", "应为数字"]),
    ("severance", {"years": 3, "monthly_wage": 5000, "salary": 1}, 422, ["salary", "不是这个计算器的输入项"]),
    ("severance", {"years": 3, "region": "北京市", **WAGE}, 422, ["地区", "只能是"]),
    (
        "severance",
        {"start_date": "2020-01-01", "end_date": FUTURE, **WAGE},
        422,
        ["离职日期", "不能晚于今天"],
    ),
    (
        "severance",
        {"start_date": "2020-13-01", "end_date": "2021-01-01", **WAGE},
        422,
        ["入职日期", "应为日期"],
    ),
    ("illegal_termination", {"years": 3, "monthly_wage": -5000}, 422, ["月工资"]),
    (
        "double_wage",
        {"months_without_contract": -2, "monthly_wage": 4000},
        422,
        ["未签合同月数", "不能小于0"],
    ),
    ("double_wage", {"start_date": FUTURE, "monthly_wage": 4000}, 422, ["入职日期", "不能晚于今天"]),
    ("double_wage", {"months_without_contract": 8}, 422, ["缺少必填项", "月工资"]),
    ("annual_leave", {"years_worked": 300}, 422, ["累计工作年限", "years_worked"]),
    ("annual_leave", {"years_worked": -1}, 422, ["累计工作年限", "不能小于0"]),
    ("annual_leave", {"years_worked": 5, "join_date": FUTURE}, 422, ["入职日期", "不能晚于今天"]),
    ("annual_leave", {}, 422, ["缺少必填项", "years_worked"]),
    ("maternity_leave", {"miscarriage": True, "pregnancy_months": 40}, 422, ["怀孕月数", "不能大于10"]),
    ("maternity_leave", {"babies": 0}, 422, ["婴儿数", "不能小于1"]),
    ("maternity_leave", {"babies": "two"}, 422, ["婴儿数", "应为整数"]),
    ("maternity_leave", {"difficult_birth": "maybe"}, 422, ["难产", "true 或 false"]),
    ("maternity_leave", {"region": "火星"}, 422, ["地区", "只能是"]),
    ("overtime_pay", {"monthly_wage": 5000, "workday_hours": -3}, 422, ["工作日加班小时", "不能小于0"]),
    ("overtime_pay", {"monthly_wage": 5000, "workday_hours": 1000}, 422, ["工作日加班小时", "不能大于300"]),
    ("deadlines", {"kind": "injury", "accident_date": FUTURE}, 422, ["不能晚于今天"]),
    ("non_compete", {"monthly_wage": -8000}, 422, ["离职前平均月工资", "monthly_wage", "必须大于0"]),
    ("non_compete", {}, 422, ["缺少必填项", "monthly_wage"]),
    ("retirement_age", {"sex": "男", "birth_year": NEXT_YEAR}, 422, ["出生年份", "不能晚于今年"]),
    ("training_bond", {"training_cost": 9000, "service_months": 12, "served_months": 24}, 422, ["不能超过"]),
    ("suspension_pay", {"monthly_wage": 4000, "months": 30}, 422, ["停工留薪月数"]),
    ("damage_deduction", {"monthly_wage": -100}, 422, ["当月工资", "必须大于0"]),
    ("damage_deduction", {"monthly_wage": 4000, "region": "火星"}, 422, ["地区", "只能是"]),
    ("heat_allowance", {"months": 7, "region": "广东省"}, 422, ["高温月数", "不能大于5"]),
    ("heat_allowance", {"months": 3}, 422, ["缺少必填项", "region"]),
    ("wage_arrears", {"monthly_wage": 4000}, 422, ["缺少必填项", "拖欠月数"]),
    ("wage_arrears", {"unpaid_amount": 3000, "paid": 3000}, 422, ["已付部分", "没有拖欠"]),
    (
        "pay_cut_arrears",
        {"previous_monthly_wage": 3000, "monthly_wage": 3500, "months": 2},
        422,
        ["降薪后月工资", "应低于"],
    ),
    (
        "pay_cut_arrears",
        {"previous_monthly_wage": 6000, "monthly_wage": 4000},
        422,
        ["缺少必填项", "降薪月数"],
    ),
    (
        "severance",
        {"years": 1, "monthly_wage": 5000, "previous_monthly_wage": 4000},
        422,
        ["months_at_current_wage", "要一起填"],
    ),
    (
        "severance",
        {"months": 5, "monthly_wage": 5000, "previous_monthly_wage": 4000, "months_at_current_wage": 8},
        422,
        ["调整后月数", "不能多于"],
    ),
    (
        "double_wage",
        {"months_without_contract": 6, "monthly_wage": 4000, "previous_monthly_wage": 3500},
        422,
        ["调整前月工资", "wage_change_date"],
    ),
    (
        "double_wage",
        {
            "start_date": "2025-03-01",
            "monthly_wage": 4000,
            "previous_monthly_wage": 3500,
            "wage_change_date": "2024-12-01",
        },
        422,
        ["wage_change_date", "不能早于入职日期"],
    ),
    (
        "retirement_age",
        {"sex": "男", "birth_year": 1970, "birth_month": 13},
        422,
        ["出生月份", "不能大于12"],
    ),
    ("retirement_age", {"sex": "男", "age": 200}, 422, ["现在年龄", "age", "不能大于100"]),
    ("retirement_age", {"sex": "女", "birth_year": 1975}, 422, ["缺少必填项", "女职工原法定退休年龄"]),
    ("retirement_age", {"birth_year": 1975}, 422, ["缺少必填项", "性别"]),
    ("no-such-calculator", {"years": 3}, 404, ["no-such-calculator", "severance"]),
]

# Bodies that are not a JSON object of finite inputs, and the words the message must contain.
BAD_BODIES = [
    (b"[1, 2]", "请求体"),
    (b'"years"', "请求体"),
    (b"5", "请求体"),
    (b"null", "请求体"),
    (b"{", "不是合法的 JSON"),
    (b"", "请求体"),
    (b'{"years": 3, "monthly_wage": NaN}', "月工资"),
    (b'{"years": 3, "monthly_wage": 1e999}', "月工资"),
]


def assert_error_shape(response, status: int) -> str:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    assert CHINESE.search(body["error"]), body["error"]
    return body["error"]


def assert_cited(payload: dict) -> None:
    """Every step's number is one of the citations; the citations are numbered 1.. in order, one per id."""
    numbers = [c["n"] for c in payload["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
    by_id = {c["id"]: c["n"] for c in payload["citations"]}
    assert len(by_id) == len(numbers)
    for step in payload["steps"]:
        assert step["text"] and step["source"].startswith(("《", "法释"))
        if step["snippet_id"] in ABSENT:
            assert step["citation"] is None
        else:
            assert step["citation"] == by_id[step["snippet_id"]], step


@pytest.mark.parametrize(("name", "inputs", "figures"), CONTRACT, ids=[c[0] for c in CONTRACT])
def test_contract_examples(real_fake_client, name, inputs, figures):
    response = real_fake_client.post(f"/api/calculate/{name}", json=inputs)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["name"] == name and payload["title"] == CALCULATORS[name].title
    for key in ("months", "amount", "days"):
        assert payload[key] == figures.get(key), key
    assert CHINESE.search(payload["formula"]) and "\n" not in payload["formula"]
    assert payload["steps"] and payload["citations"]
    assert payload["asks"] == []
    assert_cited(payload)


@pytest.mark.parametrize(
    ("name", "inputs", "figures", "formula"),
    [
        ("non_compete", {"monthly_wage": 8000}, {"amount": 2400, "headline": None}, "8000×30%＝2400元/月"),
        (
            "retirement_age",
            {"sex": "男", "birth_year": 1965, "birth_month": 1},
            {"amount": None, "headline": "法定退休年龄60岁1个月，2025年2月退休"},
            "60岁1个月",
        ),
        (
            "retirement_age",
            {"sex": "女", "female_original_age": 50, "birth_year": 1984, "birth_month": 11},
            {"headline": "法定退休年龄55岁，2039年11月退休"},
            "55岁",
        ),
    ],
)
def test_non_compete_and_retirement_figures(real_fake_client, name, inputs, figures, formula):
    response = real_fake_client.post(f"/api/calculate/{name}", json=inputs)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert {k: payload[k] for k in figures} == figures and formula in payload["formula"]
    assert payload["asks"] == [] and payload["citations"]
    assert_cited(payload)


def test_severance_formula_and_steps_name_the_article(real_fake_client):
    payload = real_fake_client.post("/api/calculate/severance", json=CONTRACT[0][1]).json()
    assert payload["formula"] == "经济补偿＝3.5个月×5000元＝17500元"
    assert any("第四十七条" in step["source"] for step in payload["steps"])
    citation = payload["citations"][0]
    snippet = REAL_SNIPPETS["contract-severance-formula"]
    assert (citation["id"], citation["title"], citation["url"]) == (
        snippet.id,
        snippet.title,
        "/sources/contract-severance-formula",
    )


@pytest.mark.parametrize(("name", "inputs"), COVERAGE, ids=[f"{n}-{i}" for i, (n, _) in enumerate(COVERAGE)])
def test_citations_resolve_to_the_real_knowledge_base(real_fake_client, name, inputs):
    response = real_fake_client.post(f"/api/calculate/{name}", json=inputs)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert_cited(payload)
    for citation in payload["citations"]:
        snippet = REAL_SNIPPETS[citation["id"]]
        assert (citation["title"], citation["source"], citation["region"]) == (
            snippet.title,
            snippet.source,
            snippet.region,
        )
        assert citation["text"].strip() and citation["url"] == f"/sources/{snippet.id}"


def test_coverage_cases_emit_every_cited_snippet(real_fake_client):
    emitted = set()
    for name, inputs in COVERAGE:
        emitted |= {
            step["snippet_id"]
            for step in real_fake_client.post(f"/api/calculate/{name}", json=inputs).json()["steps"]
        }
    assert emitted == set(CITED_SNIPPET_IDS)


@pytest.mark.parametrize("snippet_id", PRESENT)
def test_cited_snippet_is_served(real_fake_client, snippet_id):
    response = real_fake_client.get(f"/api/sources/{snippet_id}")
    assert response.status_code == 200
    assert response.json()["title"] == REAL_SNIPPETS[snippet_id].title


def test_only_the_announced_snippets_are_missing_from_the_knowledge_base():
    # Strict: a calculator citing any other snippet that does not exist fails here.
    assert set(ABSENT) <= ARRIVING_WITH_KNOWLEDGE_MERGE


@pytest.mark.parametrize(
    ("name", "body", "status", "fragments"), BAD_INPUT, ids=[f"{c[0]}-{i}" for i, c in enumerate(BAD_INPUT)]
)
def test_bad_input_is_refused_in_chinese_naming_the_field(real_fake_client, name, body, status, fragments):
    message = assert_error_shape(real_fake_client.post(f"/api/calculate/{name}", json=body), status)
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(("content", "fragment"), BAD_BODIES, ids=[repr(b)[:30] for b, _ in BAD_BODIES])
def test_a_body_that_is_not_an_object_of_inputs_is_refused(real_fake_client, content, fragment):
    response = real_fake_client.post(
        "/api/calculate/severance", content=content, headers={"content-type": "application/json"}
    )
    assert fragment in assert_error_shape(response, 422)


def test_wrong_method_and_form_bodies_are_refused(real_fake_client):
    assert_error_shape(real_fake_client.get("/api/calculate/severance"), 405)
    form = real_fake_client.post("/api/calculate/severance", data={"years": "3", "monthly_wage": "5000"})
    assert_error_shape(form, 422)


def test_list_of_calculators_with_input_schemas(real_fake_client):
    response = real_fake_client.get("/api/calculators")
    assert response.status_code == 200
    listed = response.json()["calculators"]
    assert [c["name"] for c in listed] == list(CALCULATORS)
    for entry in listed:
        assert CHINESE.search(entry["title"])
        properties = entry["input_schema"]["properties"]
        assert properties == CALCULATORS[entry["name"]].input_schema()["properties"]
        assert all(
            CHINESE.search(p["title"]) and CHINESE.search(p["description"]) for p in properties.values()
        )


def _resolve(schema: dict, document: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def test_openapi_documents_every_field(real_fake_client):
    document = real_fake_client.get("/openapi.json").json()
    assert set(document["paths"]["/api/calculators"]) == {"get"}
    operation = document["paths"]["/api/calculate/{name}"]["post"]
    (parameter,) = operation["parameters"]
    assert parameter["name"] == "name" and all(name in parameter["description"] for name in CALCULATORS)
    assert {"200", "404", "422"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]
    inputs = body["schema"]["anyOf"]
    # Every calculator's input fields are documented (N and 2N share one model, listed once).
    documented = {name: prop for schema in inputs for name, prop in schema["properties"].items()}
    for calculator in CALCULATORS.values():
        for field in calculator.input_model.model_fields:
            assert documented[field]["title"] and documented[field]["description"], field
    assert {c[0] for c in CONTRACT} <= set(body["examples"])
    # Response fields: the calculation, its steps and the list (citations share the answers' shape).
    schemas = document["components"]["schemas"]
    for model in ("CalculationOut", "StepOut", "CalculatorOut", "CalculatorsOut"):
        for field, prop in schemas[model]["properties"].items():
            assert prop.get("description"), f"{model}.{field}"
    success = _resolve(operation["responses"]["200"]["content"]["application/json"]["schema"], document)
    assert success == schemas["CalculationOut"]


def test_contract_examples_in_the_document_give_the_contract_figures(real_fake_client):
    document = real_fake_client.get("/openapi.json").json()
    examples = document["paths"]["/api/calculate/{name}"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]
    for name, inputs, figures in CONTRACT:
        assert examples[name]["value"] == inputs
        payload = real_fake_client.post(f"/api/calculate/{name}", json=examples[name]["value"]).json()
        assert {k: payload[k] for k in figures} == figures
