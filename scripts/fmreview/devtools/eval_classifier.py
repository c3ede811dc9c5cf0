"""The discovery classifier's precision and recall on a held-out part of the corpus and the exclusions.

Positives are the entries' titles; negatives the exclusions of a triage file. While data/triage.yaml holds few
exclusions, the test fixture's (tests/fixtures/triage.yaml, fictional titles) are added, then generated titles
of the kinds a maintainer excludes (single-task models, surveys, text-only and non-medical work). Each step is
printed on its own line; the added negatives make the figure optimistic: say so wherever it is quoted.

    python -m fmreview.devtools.eval_classifier [--triage FILE] [--generated 150]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from ..commands.discover import training_titles
from ..config import Paths, find_root
from ..intake.classifier import evaluate

MIN_EXCLUSIONS = 50
SINGLE_TASK = ["A U-Net", "A residual CNN", "An attention-gated CNN", "A lightweight MobileNet", "A random forest",
               "A gradient-boosted classifier", "A 3D CNN", "A capsule network", "An ensemble of CNNs"]
TASKS = ["for liver tumour segmentation", "for pneumonia detection", "for diabetic retinopathy grading",
         "for skin lesion classification", "for polyp detection", "for brain tumour segmentation",
         "for knee osteoarthritis grading", "for mitosis counting", "for COVID-19 screening"]
WHERE = ["in contrast-enhanced CT", "on chest X-rays", "in fundus photographs", "in dermoscopy images",
         "in colonoscopy videos", "in multi-parametric MRI", "in knee radiographs", "in H&E slides"]
OTHER = ["Graph neural networks", "Transformers", "Diffusion models", "Contrastive learning",
         "Large language models", "Reinforcement learning", "Federated learning", "Self-supervised learning"]
DOMAINS = ["for traffic forecasting", "for satellite image segmentation", "for code generation",
           "for speech recognition", "for recommender systems", "for autonomous driving", "for weather forecasting",
           "for legal document review", "for clinical note summarisation", "for drug-drug interaction extraction",
           "for protein structure prediction", "for financial fraud detection"]
SURVEYS = ["A survey of", "A systematic review of", "Benchmarking", "A critical review of"]
SURVEYED = ["deep learning in radiology", "foundation models in healthcare", "vision-language models for medicine",
            "segmentation methods for medical images", "self-supervised learning in pathology"]


def generated_negatives(count: int, seed: int = 14) -> list[str]:
    """Titles of papers the review excludes, made from templates; distinct and reproducible."""
    pick = random.Random(seed)
    titles: set[str] = set()
    while len(titles) < count:
        kind = pick.random()
        if kind < 0.45:
            titles.add(f"{pick.choice(SINGLE_TASK)} {pick.choice(TASKS)} {pick.choice(WHERE)}")
        elif kind < 0.85:
            titles.add(f"{pick.choice(OTHER)} {pick.choice(DOMAINS)}")
        else:
            titles.add(f"{pick.choice(SURVEYS)} {pick.choice(SURVEYED)}")
    return sorted(titles)


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--triage", type=Path, help="a triage file (default: data/triage.yaml, topped up with the "
                      "test fixture's exclusions while it holds fewer than 50)")
    args.add_argument("--generated", type=int, default=150, help="generated negatives to add (default 150)")
    options = args.parse_args()
    root = find_root()
    if root is None:
        raise SystemExit("run inside the review's checkout")
    paths = Paths(root)
    source = options.triage or paths.data / "triage.yaml"
    positives, negatives, problems = training_titles(paths, source)
    if problems:
        raise SystemExit("\n".join(problems))
    print(f"{source}: {len(negatives)} exclusions")
    print(evaluate(positives, negatives).line())
    if not options.triage and len(negatives) < MIN_EXCLUSIONS:
        fixture = root / "tests" / "fixtures" / "triage.yaml"
        extra = training_titles(paths, fixture)[1]
        negatives += extra
        print(f"With the {len(extra)} exclusions of {fixture.relative_to(root)} added (fewer than "
              f"{MIN_EXCLUSIONS} real ones):")
        print(evaluate(positives, negatives).line())
    if options.generated:
        extra = generated_negatives(options.generated)
        print(f"With {len(extra)} generated exclusions added:")
        print(evaluate(positives, negatives + extra).line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
