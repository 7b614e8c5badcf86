"""A small logistic regression in numpy (Newton steps with an L2 penalty, both classes weighted equally).

Two models use it: the scope check (is a question a legal question outside labour law? features are the
question's vectors of one or more embedders, side by side; trained on the non-labour examples and the
questions staff marked "should be declined" against the knowledge base's sample questions), and the issue
model (`bot.answering.issue_model`: is a topic a clause lands on one of the story's issues?).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LogisticModel:
    """Weights per feature block (an embedder channel, a table of features) and a bias; `predict` gives P(1)."""

    weights: dict[str, np.ndarray]
    bias: float

    def score(self, features: dict[str, np.ndarray]) -> np.ndarray:
        """The log-odds of class 1, one per row."""
        total = np.full(len(next(iter(features.values()))), self.bias, dtype=np.float64)
        for name, w in self.weights.items():
            total += np.asarray(features[name], dtype=np.float64) @ w
        return total

    def predict(self, features: dict[str, np.ndarray]) -> np.ndarray:
        """P(class 1), one per row."""
        return 1.0 / (1.0 + np.exp(-self.score(features)))


def train_logistic(
    features: dict[str, np.ndarray], labels: np.ndarray, l2: float = 1.0, steps: int = 25
) -> LogisticModel:
    """Fit on rows of `features` (blocks of equal row count) with `labels` 1 / 0."""
    names = list(features)
    x = np.hstack([np.asarray(features[n], dtype=np.float64) for n in names])
    y = np.asarray(labels, dtype=np.float64)
    n, d = x.shape
    positives = max(float(y.sum()), 1.0)
    negatives = max(float(n - y.sum()), 1.0)
    sample = np.where(y == 1, n / (2 * positives), n / (2 * negatives))  # balanced classes
    xb = np.hstack([x, np.ones((n, 1))])
    xb32 = xb.astype(np.float32)
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (sample * (p - y)) + penalty * w
        # The Hessian's product in float32 (the costly part: rows x features^2), solved in float64.
        weighted = (xb32 * (sample * p * (1 - p)).astype(np.float32)[:, None]).T @ xb32
        hess = weighted.astype(np.float64) + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-5:  # converged (about 6 steps on the knowledge base's questions)
            break
    weights, start = {}, 0
    for name in names:
        width = np.asarray(features[name]).shape[1]
        weights[name] = w[start : start + width]
        start += width
    return LogisticModel(weights, float(w[-1]))
