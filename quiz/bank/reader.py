"""Reading a whole bank folder: topic files first, then the blueprints that draw on them."""
from __future__ import annotations

from pathlib import Path

from .blueprints import load_blueprints
from .loader import Bank, Problem, display_path, load_topic_file, read_material


def load_bank(directory: str | Path, material_dir: str | Path | None = None) -> Bank:
    """Read every topic file and blueprint under `directory`; collect all problems, stop at none."""
    directory = Path(directory)
    bank = Bank()
    material = read_material(Path(material_dir)) if material_dir else None
    if not directory.is_dir():
        bank.problems.append(Problem(str(directory), 0, "-", "bank folder not found"))
        return bank
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        bank.problems.append(Problem(str(directory), 0, "-", "no topic files (*.yaml) found"))
    for path in files:
        load_topic_file(path, display_path(path), bank, material)
    load_blueprints(directory / "exams", bank)
    return bank
