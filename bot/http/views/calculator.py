"""The chat page's 计算器 panel: small forms built from the calculators' input models, and the no-JavaScript
form post that runs one and renders the result (figures, formula, cited steps) on the server.

web/templates/_calculator.html draws the forms and results; web/static/app.js posts the same forms to
POST /api/calculate/{name} and draws the same markup from the JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
import unicodedata

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic.fields import FieldInfo

from bot.answering.calculation import run_calculator
from bot.answering.calculators import CALCULATORS
from bot.errors import BotError
from bot.http.deps import RuntimeDep
from bot.http.routes.calculators import calculation_payload
from bot.http.views.chat import render_chat

router = APIRouter(include_in_schema=False)


@dataclasses.dataclass(frozen=True)
class FormField:
    """One input of a panel form, as the template draws it (label and hint are the model's Chinese)."""

    name: str
    label: str
    hint: str
    kind: str  # "int", "number", "date", "choice" or "flag"
    required: bool
    options: tuple[str, ...] = ()
    default: str = ""


@dataclasses.dataclass(frozen=True)
class Panel:
    """One calculator form: its anchor key, heading, the calculators it runs (a choice when more than one)
    and the fields it shows, a small subset of the model's so the form fits a phone."""

    key: str
    title: str
    calculators: tuple[tuple[str, str], ...]  # (calculator name, label of the choice)
    fields: tuple[FormField, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.calculators)


def _kind(annotation) -> tuple[str, tuple[str, ...]]:
    """The form kind of a field annotation (Optional stripped) and its options for a choice."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = args[0] if len(args) == 1 else annotation
    if annotation is bool:
        return "flag", ()
    if typing.get_origin(annotation) is typing.Literal:
        return "choice", tuple(str(v) for v in typing.get_args(annotation))
    if annotation is dt.date:
        return "date", ()
    return ("int" if annotation is int else "number"), ()


def _field(name: str, info: FieldInfo, required: bool) -> FormField:
    kind, options = _kind(info.annotation)
    default = info.default if info.default not in (None, False, True) else ""
    return FormField(name, info.title or name, info.description or "", kind, required, options, str(default))


def _panel(
    key: str,
    title: str,
    calculators: tuple[tuple[str, str], ...],
    fields: str,
    required: str,
    hints: dict[str, str] | None = None,
) -> Panel:
    """A panel over the first calculator's model; `hints` replace descriptions that mention fields the
    small form leaves out (e.g. "与入职日期、离职日期二选一")."""
    model = CALCULATORS[calculators[0][0]].input_model
    needed = set(required.split())
    shown = []
    for name in fields.split():
        field = _field(name, model.model_fields[name], name in needed)
        if hints and name in hints:
            field = dataclasses.replace(field, hint=hints[name])
        shown.append(field)
    return Panel(key, title, calculators, tuple(shown))


PANELS: tuple[Panel, ...] = (
    _panel(
        "severance",
        "经济补偿／违法解除赔偿金",
        (("severance", "合法解除或终止：经济补偿（N）"), ("illegal_termination", "违法解除：赔偿金（2N）")),
        "years months monthly_wage local_average_monthly_wage",
        "years monthly_wage",
        {"years": "在本单位工作满几年（从开始上班算起）"},
    ),
    _panel(
        "double_wage",
        "未签劳动合同二倍工资",
        (("double_wage", "未签书面合同二倍工资"),),
        "months_without_contract monthly_wage",
        "months_without_contract monthly_wage",
        {"months_without_contract": "从开始上班起，一直没有签书面劳动合同的月数"},
    ),
    _panel(
        "annual_leave",
        "带薪年休假",
        (("annual_leave", "带薪年休假"),),
        "years_worked join_date leave_date taken_days monthly_wage",
        "years_worked",
    ),
    _panel(
        "maternity_leave",
        "产假",
        (("maternity_leave", "产假"),),
        "region difficult_birth babies miscarriage pregnancy_months",
        "",
    ),
    _panel(
        "overtime_pay",
        "加班费",
        (("overtime_pay", "加班费"),),
        "monthly_wage workday_hours restday_hours holiday_hours",
        "monthly_wage",
    ),
    _panel(
        "non_compete",
        "竞业限制经济补偿",
        (("non_compete", "竞业限制经济补偿"),),
        "monthly_wage agreed_monthly_compensation restriction_months unpaid_months minimum_wage",
        "monthly_wage",
    ),
    _panel(
        "wage_arrears",
        "被拖欠工资",
        (("wage_arrears", "被拖欠工资"),),
        "monthly_wage unpaid_months daily_wage worked_days unpaid_amount paid",
        "",
    ),
    _panel(
        "heat_allowance",
        "高温津贴",
        (("heat_allowance", "高温津贴"),),
        "region months paid_monthly",
        "region months",
        {"months": "6至10月里在高温下干活、没发足高温津贴的月数（广东最多5个月）"},
    ),
    _panel(
        "retirement_age",
        "法定退休年龄",
        (("retirement_age", "法定退休年龄"),),
        "sex female_original_age birth_year birth_month age",
        "sex",
    ),
)


def panel_for(name: str) -> Panel | None:
    """The panel that runs calculator `name`, if the page has one."""
    return next((p for p in PANELS if name in p.names), None)


def number_text(value: str) -> str:
    """A number as typed on a phone: full-width digits and separators made plain ("５,０００" -> "5000")."""
    return unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "")


def form_inputs(panel: Panel, form: typing.Mapping[str, str]) -> dict[str, object]:
    """The calculator inputs from the posted form: empty fields left out (the calculator names any that are
    needed), ticked boxes true, numbers as text for the calculator's own validation to read or refuse."""
    inputs: dict[str, object] = {}
    for field in panel.fields:
        value = str(form.get(field.name) or "").strip()
        if field.kind == "flag":
            if value:
                inputs[field.name] = True
        elif value:
            inputs[field.name] = number_text(value) if field.kind in ("int", "number") else value
    return inputs


def figure_texts(payload: dict) -> list[str]:
    """The headline figures of a calculation, e.g. ["3.5 个月", "17,500 元"] (app.js formats the same)."""
    texts = []
    if payload["months"] is not None:
        texts.append(f"{payload['months']:g} 个月")
    if payload["amount"] is not None:
        amount = payload["amount"]
        texts.append(f"{amount:,.0f} 元" if float(amount).is_integer() else f"{amount:,.2f} 元")
    if payload["days"] is not None:
        texts.append(f"{payload['days']} 天")
    if payload["deadline"] is not None:
        texts.append(f"截止 {payload['deadline']}")
    if payload.get("headline"):
        texts.append(payload["headline"])
    return texts


@router.post("/calculator", response_class=HTMLResponse)
async def calculator_post(request: Request, runtime: RuntimeDep):
    """The no-JavaScript calculator form: run it and show the chat page with the result in the panel, or the
    problem, in Chinese, in the form with the values as typed."""
    form = await request.form()
    name = str(form.get("calculator") or "")
    panel = panel_for(name)
    if panel is None:
        return render_chat(request, 404, error=f"没有名为“{name[:40]}”的计算器，请从计算器列表中选择")
    values = {f.name: str(form.get(f.name) or "")[:100] for f in panel.fields}
    state = {"panel": panel.key, "name": name, "typed": values}
    try:
        result = run_calculator(name, form_inputs(panel, values), runtime.index(), runtime.local_figures)
    except BotError as exc:
        invalid = getattr(exc, "fields", ())
        return render_chat(request, exc.status, calc={**state, "error": exc.message, "invalid": invalid})
    payload = calculation_payload(result)
    return render_chat(request, calc={**state, "result": payload, "figures": figure_texts(payload)})


@router.get("/calculator")
def calculator_page():
    """The panel lives on the chat page (a reload after the form post lands here)."""
    return RedirectResponse("/#calculator", status_code=303)
