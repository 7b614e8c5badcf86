"""Deterministic entitlement calculators: each returns the figure, the steps and the article behind each step.

Use `calculate(name, inputs)`; `CALCULATORS` lists them with their input models for forms and schemas.
"""

from .base import (
    Calculation,
    Calculator,
    CalculatorInputError,
    Context,
    Step,
    UnknownCalculatorError,
)
from .figures import LocalFigure, check_local_figures, find_figure, load_local_figures
from .registry import CALCULATORS, CITED_SNIPPET_IDS, calculate, get_calculator

__all__ = [
    "CALCULATORS",
    "CITED_SNIPPET_IDS",
    "Calculation",
    "Calculator",
    "CalculatorInputError",
    "Context",
    "LocalFigure",
    "Step",
    "UnknownCalculatorError",
    "calculate",
    "check_local_figures",
    "find_figure",
    "get_calculator",
    "load_local_figures",
]
