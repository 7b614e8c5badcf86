"""The shapes every calculator shares: a cited step, a result, the registry entry, and its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

from bot.errors import BotError, NotFoundError

from .figures import LocalFigure

# The regions whose rules are Guangdong's (the province and the hotline's city in it).
GUANGDONG = ("广东省", "揭阳市")
# 月计薪天数: the days of pay in a month, the 日工资 divisor (unchanged by 人社部发〔2025〕2号).
PAY_DAYS = Decimal("21.75")


class UnknownCalculatorError(NotFoundError):
    """No calculator has the requested name."""

    status = 404


class CalculatorInputError(BotError):
    """An input to a calculator is missing, of the wrong type, or absurd."""

    status = 422

    def __init__(self, message: str, fields: Sequence[str] = ()):
        super().__init__(message)
        self.fields = tuple(fields)


@dataclass(frozen=True)
class Step:
    """One line of working: what was done, and the snippet and article it rests on."""

    text: str
    snippet_id: str
    source: str


@dataclass(frozen=True)
class Calculation:
    """A calculator's result. Figures are None when they do not apply or a fact is missing.

    `asks` are one-line Chinese questions for missing facts; `missing` names the input fields they
    concern (a figure could not be computed without them); `notes` are caveats shown with the figure.
    """

    name: str
    formula: str
    steps: tuple[Step, ...]
    months: float | None = None
    amount: float | None = None
    days: int | None = None
    deadline: dt.date | None = None
    # A result that is none of the above, as Chinese text (a retirement age and month).
    headline: str | None = None
    notes: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    inputs: dict = field(default_factory=dict)

    @property
    def snippet_ids(self) -> tuple[str, ...]:
        """The snippets the steps cite, in first-use order, without repeats."""
        return tuple(dict.fromkeys(step.snippet_id for step in self.steps))


@dataclass(frozen=True)
class Context:
    """What a calculation may know besides its inputs: today's date and the staff-kept local figures."""

    today: dt.date
    figures: tuple[LocalFigure, ...] = ()


@dataclass(frozen=True)
class Calculator:
    """A registry entry: the name used in URLs, a Chinese title, the input model and the function."""

    name: str
    title: str
    input_model: type[BaseModel]
    compute: Callable[[BaseModel, Context], Calculation]
    cites: tuple[str, ...]

    def input_schema(self) -> dict:
        """JSON schema of the inputs (field descriptions are the Chinese labels)."""
        return self.input_model.model_json_schema()


class CalculatorInput(BaseModel):
    """Base input model: unknown fields are refused and NaN/infinity are not numbers."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, data):
        # Lax parsing keeps "3" from a form working, but would also read true as 1 year.
        if isinstance(data, dict):
            for name, value in data.items():
                field = cls.model_fields.get(name)
                if (
                    isinstance(value, bool)
                    and field is not None
                    and field.annotation not in (bool, bool | None)
                ):
                    raise ValueError(f"{field.title or name}（{name}）：应为数字或文字，不能是 true/false")
        return data


def not_in_future(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """Field validator body: a date that must already have happened."""
    today = (info.context or {}).get("today") or dt.date.today()
    if value is not None and value > today:
        raise ValueError(f"日期不能晚于今天（{today.isoformat()}）")
    return value


def money(value: Decimal | float) -> float:
    """Round to the fen, half up, as wages are paid."""
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def show(value: Decimal | float) -> str:
    """A figure for Chinese text: no trailing zeros, at most two decimals."""
    number = Decimal(str(money(value))).normalize()
    return f"{number:f}"


def dec(value: float | int) -> Decimal:
    """Exact decimal from an input number (through its shortest text form)."""
    return Decimal(str(value))
