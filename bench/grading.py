"""Free-text grader against hand scores: agreement and speed.

    .venv/bin/python bench/grading.py [--seconds 3] [--show]

Two hand-scored sets in tests/data: grading_dev.yaml, the development set the grader was tuned on, and
grading_holdout.yaml, written apart and never looked at while tuning (its figures are the honest ones).
For each it prints quadratic weighted kappa (QWK) over all answers, exact-score agreement, mean absolute error,
point-level agreement, the same by kind of answer, and the grading speed on one core (answers per second);
with the bank's keywords, and with every keyword removed (points looked for through their own text)."""
from __future__ import annotations

import argparse
import copy
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank import load_bank
from quiz.grading import grade
from quiz.grading.batch import answerable_items


def quadratic_weighted_kappa(truth: list[int], predicted: list[int]) -> float:
    low, high = min(truth + predicted), max(truth + predicted)
    size = high - low + 1
    observed = [[0] * size for _ in range(size)]
    for t, p in zip(truth, predicted):
        observed[t - low][p - low] += 1
    n = len(truth)
    rows = [sum(r) for r in observed]
    cols = [sum(observed[i][j] for i in range(size)) for j in range(size)]
    numerator = denominator = 0.0
    for i in range(size):
        for j in range(size):
            weight = (i - j) ** 2 / (size - 1) ** 2 if size > 1 else 0
            numerator += weight * observed[i][j]
            denominator += weight * rows[i] * cols[j] / n
    return 1 - numerator / denominator if denominator else 1.0


def strip_keywords(items: dict[str, dict]) -> dict[str, dict]:
    stripped = copy.deepcopy(items)
    for item in stripped.values():
        for point in item.get("points", []):
            point.pop("keywords", None)
    return stripped


def report(title: str, items: dict[str, dict], dev: list[dict], seconds: float) -> dict:
    truth, predicted, errors, exact = [], [], [], 0
    point_total = point_agree = 0
    by_kind = defaultdict(lambda: [0, 0, 0.0])  # answers, exact, absolute error
    disagreements = []
    for row in dev:
        result = grade(items[row["question"]], row["answer"])
        # Scores in half points as rating categories (the rubrics use 0.5 steps).
        truth.append(round(row["score"] * 2))
        predicted.append(round(result.score * 2))
        error = abs(result.score - row["score"])
        errors.append(error)
        exact += error < 1e-9
        kind = by_kind[row.get("kind", "?")]
        kind[0] += 1
        kind[1] += error < 1e-9
        kind[2] += error
        for hand, machine in zip(row.get("hits", []), result.points):
            point_total += 1
            point_agree += bool(hand) == machine.hit
        if error >= 1e-9:
            disagreements.append((row["question"], row.get("kind"), row["score"], result.score))
    # Speed: grade the whole set again and again for `seconds` on this one process (one core).
    answers = [(items[row["question"]], row["answer"]) for row in dev]
    graded, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for item, answer in answers:
            grade(item, answer)
        graded += len(answers)
    rate = graded / (time.perf_counter() - started)
    figures = {
        "qwk": quadratic_weighted_kappa(truth, predicted), "exact": exact / len(dev),
        "mae": sum(errors) / len(errors), "points": point_agree / point_total if point_total else float("nan"),
        "rate": rate,
    }
    print(f"\n== {title}: {len(dev)} answers over {len({r['question'] for r in dev})} questions")
    print(f"QWK {figures['qwk']:.3f} | exact agreement {figures['exact']:.1%} | MAE {figures['mae']:.3f} points | "
          f"point agreement {figures['points']:.1%} | {rate:,.0f} answers/s (one core)")
    print(f"{'kind':16}{'answers':>8}{'exact':>8}{'MAE':>8}")
    for kind, (count, same, error) in sorted(by_kind.items()):
        print(f"{kind:16}{count:>8}{same / count:>8.0%}{error / count:>8.2f}")
    return {"figures": figures, "disagreements": disagreements}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent measuring speed, per mode")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    items = answerable_items(load_bank(ROOT / "question_bank").questions)
    for name in ("grading_dev", "grading_holdout"):
        path = ROOT / "tests" / "data" / f"{name}.yaml"
        if not path.exists():
            continue
        answers = yaml.safe_load(path.read_text(encoding="utf-8"))
        with_keywords = report(f"{name}, rubric keywords", items, answers, args.seconds)
        report(f"{name}, no keywords (points looked for in their own text)", strip_keywords(items), answers,
               args.seconds)
        if args.show:
            for question, kind, hand, machine in with_keywords["disagreements"]:
                print(f"  {question:24} {kind:14} hand {hand:g}  machine {machine:g}")


if __name__ == "__main__":
    main()
