"""The chat page's 计算器 panel over HTTP (no browser): the forms, and the no-JavaScript post rendering the
result or the problem on the server (real knowledge base, fake embedder: fast)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from test_web import assert_no_inline_code

from bot.answering.calculators import CALCULATORS
from bot.http.views.calculator import PANELS, figure_texts, form_inputs, number_text

pytest_plugins = ["support.app_fixtures"]

FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def post(client, **form):
    return client.post("/calculator", data=form)


def panel_html(page: str, key: str) -> str:
    """The markup of one panel's <details>."""
    start = page.index(f'<details class="calc" id="calc-{key}"')
    return page[start : page.index("</details>", start)]


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_panel_has_the_nine_calculators_with_labels_from_the_schemas(real_fake_client):
    page = real_fake_client.get("/").text
    assert 'id="calculator"' in page and ">计算器</h2>" in page
    assert '<a class="btn btn-ghost" href="#calculator">计算器</a>' in page
    assert [p.key for p in PANELS] == [
        "severance",
        "double_wage",
        "annual_leave",
        "maternity_leave",
        "overtime_pay",
        "non_compete",
        "wage_arrears",
        "heat_allowance",
        "retirement_age",
    ]
    for panel in PANELS:
        markup = panel_html(page, panel.key)
        assert f"<summary>{panel.title}</summary>" in markup
        assert f'action="/calculator#calc-{panel.key}"' in markup and "novalidate" in markup
        assert " open" not in markup.split(">", 1)[0]  # closed until used
        for name in panel.names:
            assert f'value="{name}"' in markup
        model = CALCULATORS[panel.names[0]].input_model
        for field in panel.fields:
            info = model.model_fields[field.name]
            assert field.label == info.title
            field_id = f"calc-{panel.key}-{field.name}"
            assert f'id="{field_id}"' in markup and f'name="{field.name}"' in markup
            assert re.search(
                rf'<label (class="check" )?for="{field_id}">(<input[^>]*> )?{re.escape(info.title)}', markup
            )
            if field.required:
                assert f'for="{field_id}">{info.title} <span class="req">（必填）</span>' in markup
    severance = panel_html(page, "severance")
    assert "违法解除：赔偿金（2N）" in severance and 'value="severance" checked' in severance
    maternity = panel_html(page, "maternity_leave")
    assert '<option value="全国" selected>' in maternity and 'type="checkbox"' in maternity
    assert_no_inline_code(page)


def test_form_post_renders_the_figure_formula_and_cited_steps(real_fake_client):
    response = post(real_fake_client, calculator="severance", years="3", months="2", monthly_wage="5000")
    assert response.status_code == 200
    page = response.text
    markup = panel_html(page, "severance")
    assert markup.startswith('<details class="calc" id="calc-severance" open>')
    assert '<p class="calc-figure">3.5 个月，17,500 元</p>' in markup
    assert "经济补偿＝3.5个月×5000元＝17500元" in markup
    assert "（《劳动合同法》第四十七条第一款）</span>" in markup
    assert '<a class="cite" href="/sources/contract-severance-formula" data-n="1"' in markup
    assert "法律依据" in markup and "注意：" in markup
    assert 'name="years" value="3"' in markup and 'name="monthly_wage" value="5000"' in markup
    assert 'role="alert" hidden' in markup  # no error shown
    # The other panels stay closed and empty.
    assert "calc-figure" not in panel_html(page, "double_wage")
    assert_no_inline_code(page)
    # The [n] link leads to the cited source's page.
    source = real_fake_client.get("/sources/contract-severance-formula")
    assert source.status_code == 200 and "经济补偿怎么算" in source.text


@pytest.mark.parametrize(
    ("form", "panel", "figure"),
    [
        (
            {"calculator": "illegal_termination", "years": "3", "months": "2", "monthly_wage": "5000"},
            "severance",
            "7 个月，35,000 元",
        ),
        (
            {"calculator": "double_wage", "months_without_contract": "8", "monthly_wage": "4000"},
            "double_wage",
            "7 个月，28,000 元",
        ),
        ({"calculator": "annual_leave", "years_worked": "21"}, "annual_leave", "15 天"),
        ({"calculator": "maternity_leave", "region": "广东省"}, "maternity_leave", "178 天"),
        (
            {"calculator": "maternity_leave", "region": "广东省", "difficult_birth": "on"},
            "maternity_leave",
            "193 天",
        ),
        (
            {"calculator": "overtime_pay", "monthly_wage": "4350", "workday_hours": "10"},
            "overtime_pay",
            "375 元",
        ),
        ({"calculator": "non_compete", "monthly_wage": "8000"}, "non_compete", "2,400 元"),
        (
            {"calculator": "wage_arrears", "daily_wage": "300", "worked_days": "110", "paid": "8000"},
            "wage_arrears",
            "25,000 元",
        ),
        (
            {"calculator": "heat_allowance", "region": "揭阳市", "months": "4", "paid_monthly": "150"},
            "heat_allowance",
            "600 元",
        ),
        (
            {"calculator": "retirement_age", "sex": "男", "birth_year": "1965", "birth_month": "1"},
            "retirement_age",
            "法定退休年龄60岁1个月，2025年2月退休",
        ),
        (
            {
                "calculator": "retirement_age",
                "sex": "女",
                "female_original_age": "55",
                "birth_year": "1981",
                "birth_month": "9",
            },
            "retirement_age",
            "法定退休年龄58岁，2039年9月退休",
        ),
        # As typed on a phone: full-width digits, thousands separators.
        (
            {"calculator": "severance", "years": "３", "months": "2", "monthly_wage": "５,０００"},
            "severance",
            "3.5 个月，17,500 元",
        ),
    ],
)
def test_each_panel_computes_from_the_form(real_fake_client, form, panel, figure):
    response = post(real_fake_client, **form)
    assert response.status_code == 200, text_of(response.text)[:500]
    markup = panel_html(response.text, panel)
    assert f'<p class="calc-figure">{figure}</p>' in markup
    assert 'class="calc-formula"' in markup and 'class="cite"' in markup


def test_choice_is_kept_after_the_post(real_fake_client):
    page = post(real_fake_client, calculator="illegal_termination", years="3", monthly_wage="5000").text
    markup = panel_html(page, "severance")
    assert 'value="illegal_termination" checked' in markup and 'value="severance" checked' not in markup
    assert "违法解除赔偿金（2N）" in markup


@pytest.mark.parametrize(
    ("form", "panel", "field", "fragments"),
    [
        (
            {"calculator": "severance", "years": "300", "monthly_wage": "5000"},
            "severance",
            "years",
            ["工作年数", "不能大于60"],
        ),
        (
            {"calculator": "severance", "years": "-1", "monthly_wage": "5000"},
            "severance",
            "years",
            ["工作年数", "不能小于0"],
        ),
        (
            {"calculator": "severance", "years": "3", "monthly_wage": "-5000"},
            "severance",
            "monthly_wage",
            ["月工资", "必须大于0"],
        ),
        (
            {"calculator": "severance", "years": "3", "monthly_wage": "五千"},
            "severance",
            "monthly_wage",
            ["月工资", "应为数字"],
        ),
        ({"calculator": "severance", "years": "3"}, "severance", "monthly_wage", ["缺少必填项", "月工资"]),
        ({"calculator": "severance"}, "severance", None, ["缺少必填项"]),
        (
            {"calculator": "double_wage", "months_without_contract": "2.5", "monthly_wage": "4000"},
            "double_wage",
            "months_without_contract",
            ["未签合同月数", "应为整数"],
        ),
        (
            {"calculator": "annual_leave", "years_worked": "5", "join_date": FUTURE},
            "annual_leave",
            "join_date",
            ["入职日期", "不能晚于今天"],
        ),
        (
            {"calculator": "maternity_leave", "miscarriage": "on", "pregnancy_months": "40"},
            "maternity_leave",
            "pregnancy_months",
            ["怀孕月数", "不能大于10"],
        ),
        (
            {"calculator": "maternity_leave", "region": "北京"},
            "maternity_leave",
            "region",
            ["地区", "只能是"],
        ),
        (
            {"calculator": "overtime_pay", "monthly_wage": "5000", "workday_hours": "0"},
            "overtime_pay",
            None,
            ["不能都为0"],
        ),
        (
            {"calculator": "retirement_age", "sex": "男", "birth_year": "1970", "birth_month": "13"},
            "retirement_age",
            "birth_month",
            ["出生月份", "不能大于12"],
        ),
        (
            {"calculator": "retirement_age", "sex": "男", "age": "200"},
            "retirement_age",
            "age",
            ["现在年龄", "不能大于100"],
        ),
    ],
)
def test_bad_values_are_shown_in_the_form_in_chinese(real_fake_client, form, panel, field, fragments):
    response = post(real_fake_client, **form)
    assert response.status_code == 422
    markup = panel_html(response.text, panel)
    assert " open>" in markup.split("\n", 1)[0]
    error = re.search(r'<div class="alert alert-error calc-error" role="alert">([^<]+)</div>', markup)
    assert error, markup
    message = html.unescape(error.group(1))
    assert message.startswith("输入有误：")
    for fragment in fragments:
        assert fragment in message
    if field:
        assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', markup, re.S)
        typed = form.get(field, "")
        assert f'value="{typed}"' in markup or "<option" in markup  # what was typed is kept
    assert "calc-figure" not in markup  # no figure from nonsense
    assert_no_inline_code(response.text)


def test_unknown_calculator_is_a_chinese_page_error(real_fake_client):
    response = post(real_fake_client, calculator="lottery", years="3")
    assert response.status_code == 404
    assert "没有名为“lottery”的计算器" in response.text and 'role="alert"' in response.text
    assert post(real_fake_client).status_code == 404  # no calculator named at all


def test_typed_markup_is_escaped(real_fake_client):
    payload = '"><script>alert(1)</script>'
    response = post(real_fake_client, calculator="severance", years=payload, monthly_wage="5000")
    assert response.status_code == 422
    assert "<script>alert(1)" not in response.text
    assert_no_inline_code(response.text)


def test_reloading_the_post_address_goes_back_to_the_panel(real_fake_client):
    response = real_fake_client.get("/calculator", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/#calculator"


def test_form_inputs_leave_out_empty_fields_and_read_ticks():
    panel = next(p for p in PANELS if p.key == "maternity_leave")
    form = {
        "region": "广东省",
        "difficult_birth": "on",
        "miscarriage": "",
        "babies": " ",
        "pregnancy_months": "",
    }
    assert form_inputs(panel, form) == {"region": "广东省", "difficult_birth": True}
    assert number_text(" １２,３４５.５ ") == "12345.5"


def test_figure_texts_match_the_api_figures():
    base = {"months": None, "amount": None, "days": None, "deadline": None}
    assert figure_texts({**base, "months": 3.5, "amount": 17500.0}) == ["3.5 个月", "17,500 元"]
    assert figure_texts({**base, "amount": 2442.53}) == ["2,442.53 元"]
    assert figure_texts({**base, "amount": 2442.5}) == ["2,442.50 元"]
    assert figure_texts({**base, "days": 305, "deadline": "2027-10-01"}) == ["305 天", "截止 2027-10-01"]
