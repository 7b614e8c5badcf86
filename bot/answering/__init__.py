"""Answer layer: case analysis, composition and its fact-based evaluation."""
