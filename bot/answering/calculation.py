"""Calculations as the rest of the product sees them: the result plus numbered citations of the snippets
its steps rest on, resolved against the served index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bot.answering.answer import Citation
from bot.answering.calculators import Calculation, LocalFigure, calculate, load_local_figures
from bot.index.index import ChunkCatalogue, Index

LOCAL_FIGURES_FILE = "local-figures.yaml"
SOURCE_URL = "/sources/{id}"


@dataclass(frozen=True)
class CitedCalculation:
    """A calculation with, per step, the number of the citation behind it."""

    calculation: Calculation
    title: str
    step_citations: tuple[int | None, ...]  # per step: its citation number (None when the snippet is absent)
    citations: tuple[Citation, ...]


def local_figures(knowledge_dir: Path) -> tuple[LocalFigure, ...]:
    """The staff-kept local figures; none when the file does not exist."""
    path = Path(knowledge_dir) / LOCAL_FIGURES_FILE
    return tuple(load_local_figures(path)) if path.is_file() else ()


def cite_calculation(
    calculation: Calculation, title: str, index: Index | ChunkCatalogue, first: int = 1
) -> CitedCalculation:
    """Number the snippets the steps cite (from `first` on), in first-use order."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    for snippet_id in calculation.snippet_ids:
        chunks = index.snippet_chunks(snippet_id)
        if not chunks:
            continue
        chunk = chunks[0]
        n = first + len(citations)
        numbers[snippet_id] = n
        citations.append(
            Citation(
                n=n,
                id=snippet_id,
                title=chunk.title,
                source=chunk.source,
                region=chunk.region,
                effective=chunk.effective,
                text="\n".join(c.text for c in chunks),
                url=SOURCE_URL.format(id=snippet_id),
            )
        )
    steps = tuple(numbers.get(step.snippet_id) for step in calculation.steps)
    return CitedCalculation(calculation, title, steps, tuple(citations))


def run_calculator(
    name: str,
    inputs: dict,
    index: Index,
    figures: tuple[LocalFigure, ...] = (),
    today: dt.date | None = None,
) -> CitedCalculation:
    """Validate and run one calculator for the API and the CLI (a missing input is an error there)."""
    from bot.answering.calculators import get_calculator

    calculation = calculate(name, inputs, today=today, figures=figures)
    return cite_calculation(calculation, get_calculator(name).title, index)
