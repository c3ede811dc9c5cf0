"""How likely a candidate paper is in scope: TF-IDF over titles and logistic regression, trained on the review's
entries (in scope) and the triage file's exclusions (out of scope). Deterministic: no randomness but the
held-out split, which takes a fixed seed.

Titles only, on both sides: the triage file records titles, and a model trained on entries' summaries but
excluded papers' titles would learn text length instead of topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score, recall_score
from sklearn.model_selection import train_test_split

SEED = 14
HOLD_OUT = 0.25
THRESHOLD = 0.5


@dataclass(frozen=True)
class Scored:
    score: float  # the probability of being in scope, 0 to 1
    terms: tuple[str, ...]  # the terms that raised the score most


@dataclass(frozen=True)
class Evaluation:
    positives: int
    negatives: int
    tested: int
    precision: float
    recall: float

    def line(self) -> str:
        return (f"Classifier on a held-out {HOLD_OUT:.0%} (seed {SEED}) of {self.positives} entries and "
                f"{self.negatives} exclusions: precision {self.precision:.2f}, recall {self.recall:.2f} "
                f"({self.tested} papers tested, threshold {THRESHOLD}).")


class Classifier:
    """Fit on labelled titles; score and explain new ones."""

    def __init__(self, positives: Sequence[str], negatives: Sequence[str]) -> None:
        if not positives or not negatives:
            raise ValueError("the classifier needs entries and exclusions to learn from")
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                                          token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9-]+\b")
        matrix = self.vectorizer.fit_transform([*positives, *negatives])
        labels = np.array([1] * len(positives) + [0] * len(negatives))
        self.model = LogisticRegression(class_weight="balanced", C=10.0, max_iter=1000)
        self.model.fit(matrix, labels)
        self.names = self.vectorizer.get_feature_names_out()

    def score(self, texts: Sequence[str], top: int = 5) -> list[Scored]:
        if not texts:
            return []
        matrix = self.vectorizer.transform(texts)
        probabilities = self.model.predict_proba(matrix)[:, 1]
        weights = self.model.coef_[0]
        scored = []
        for row, probability in enumerate(probabilities):
            vector = matrix.getrow(row)
            contributions = sorted(((value * weights[col], self.names[col])
                                    for col, value in zip(vector.indices, vector.data, strict=True)), reverse=True)
            terms = tuple(name for contribution, name in contributions if contribution > 0)[:top]
            scored.append(Scored(float(probability), terms))
        return scored


def evaluate(positives: Sequence[str], negatives: Sequence[str]) -> Evaluation:
    """Precision and recall on a stratified held-out part, the rest used for training."""
    texts, labels = [*positives, *negatives], [1] * len(positives) + [0] * len(negatives)
    if min(len(positives), len(negatives)) < 4:
        raise ValueError(f"too few papers to hold some back ({len(positives)} entries, {len(negatives)} "
                         "exclusions; at least 4 of each)")
    train, test, train_labels, test_labels = train_test_split(texts, labels, test_size=HOLD_OUT, random_state=SEED,
                                                              stratify=labels)
    model = Classifier([t for t, y in zip(train, train_labels, strict=True) if y],
                       [t for t, y in zip(train, train_labels, strict=True) if not y])
    predicted = [int(s.score >= THRESHOLD) for s in model.score(test)]
    return Evaluation(len(positives), len(negatives), len(test),
                      float(precision_score(test_labels, predicted, zero_division=0)),
                      float(recall_score(test_labels, predicted, zero_division=0)))
