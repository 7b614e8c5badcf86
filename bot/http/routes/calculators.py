"""Entitlement calculators over HTTP: the list with input schemas, and one calculation with cited steps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from bot.answering.calculation import CitedCalculation, run_calculator
from bot.answering.calculators import CALCULATORS
from bot.http.deps import RuntimeDep
from bot.http.schemas import CalculationOut, CalculatorsOut

router = APIRouter(tags=["calculators"])

_EXAMPLES = {
    "severance": {"years": 3, "months": 2, "monthly_wage": 5000},
    "illegal_termination": {"years": 3, "months": 2, "monthly_wage": 5000},
    "double_wage": {"months_without_contract": 8, "monthly_wage": 4000},
    "annual_leave": {"years_worked": 21},
    "maternity_leave": {"region": "广东省"},
    "non_compete": {"monthly_wage": 8000},
    "retirement_age": {"sex": "male", "birth_year": 1965, "birth_month": 1},
}


def calculation_payload(result: CitedCalculation) -> dict:
    """The JSON body of a calculation (API and chat page)."""
    calc = result.calculation
    return {
        "name": calc.name,
        "title": result.title,
        "months": calc.months,
        "amount": calc.amount,
        "days": calc.days,
        "deadline": calc.deadline.isoformat() if calc.deadline else None,
        "headline": calc.headline,
        "formula": calc.formula,
        "steps": [
            {"text": s.text, "source": s.source, "snippet_id": s.snippet_id, "citation": n}
            for s, n in zip(calc.steps, result.step_citations, strict=True)
        ],
        "notes": list(calc.notes),
        "asks": list(calc.asks),
        "citations": [c.__dict__ for c in result.citations],
    }


@router.get("/api/calculators", response_model=CalculatorsOut)
def list_calculators() -> dict:
    """Every calculator with the JSON schema of its inputs."""
    return {
        "calculators": [
            {"name": c.name, "title": c.title, "input_schema": c.input_schema()} for c in CALCULATORS.values()
        ]
    }


@router.post(
    "/api/calculate/{name}",
    response_model=CalculationOut,
    responses={404: {"description": "没有这个计算器"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    # anyOf, not oneOf: two calculators (N and 2N) take the same inputs, and a body valid for
                    # both would match oneOf twice, i.e. be invalid by the document.
                    "schema": {
                        "anyOf": list(
                            {c.input_model: c.input_schema() for c in CALCULATORS.values()}.values()
                        ),
                        "description": "所选计算器的输入项，见 GET /api/calculators",
                    },
                    "examples": {name: {"value": value} for name, value in _EXAMPLES.items()},
                }
            },
        }
    },
)
def post_calculate(
    name: Annotated[str, Path(description="计算器名称：" + "、".join(CALCULATORS))],
    inputs: Annotated[dict[str, Any], Body()],
    runtime: RuntimeDep,
) -> dict:
    """Run calculator `name` on the inputs: figures, the formula, each step with its article (404 for an
    unknown calculator, 422 naming the field for missing, wrong or absurd inputs)."""
    result = run_calculator(name, inputs, runtime.index(), runtime.local_figures)
    return calculation_payload(result)
