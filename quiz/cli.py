"""Command-line tools: `flask bank check|sync|stats`, `flask users create-admin`."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import accounts
from .backup import backup, restore
from .bank import load_bank
from .bank.sync import sync_bank
from .grading.batch import BatchProblem, grade_answers, load_items

bank_cli = AppGroup("bank", help="Check the YAML question bank and load it into the database.")
users_cli = AppGroup("users", help="Manage accounts.")

DIR_OPTION = click.option("--dir", "bank_dir", type=click.Path(file_okay=False),
                          help="Bank folder (default: BANK_DIR, the bundled question_bank/).")


def _load(bank_dir: str | None, material: str | None = None):
    bank = load_bank(bank_dir or current_app.config["BANK_DIR"], material)
    for problem in bank.problems:
        click.echo(str(problem))
    return bank


@bank_cli.command("check")
@DIR_OPTION
@click.option("--material", type=click.Path(exists=True, file_okay=False),
              help="Course-material folder: also refuse anchors not found in it.")
def check(bank_dir: str | None, material: str | None) -> None:
    """Validate every file; print `file:line: item-id: problem` for each problem; exit 1 if any."""
    bank = _load(bank_dir, material)
    if not bank.ok:
        click.echo(f"{len(bank.problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(f"OK: {len(bank.questions)} questions in {len(bank.topics)} topics, {len(bank.exams)} exams.")


@bank_cli.command("sync")
@DIR_OPTION
def sync(bank_dir: str | None) -> None:
    """Load the bank into the database in one transaction (ids kept; removed items retired)."""
    bank = _load(bank_dir)
    if not bank.ok:
        click.echo("Nothing changed: fix the problems above first.", err=True)
        sys.exit(1)
    click.echo(f"Synced: {sync_bank(bank)}")


@bank_cli.command("stats")
@DIR_OPTION
def bank_stats(bank_dir: str | None) -> None:
    """Items by topic and type."""
    bank = _load(bank_dir)
    types = ["single", "multiple", "truefalse", "fill", "definition", "short", "essay", "case"]
    click.echo(f"{'topic':28}" + "".join(f"{t[:6]:>7}" for t in types) + f"{'total':>7}")
    totals: Counter = Counter()
    for slug, topic in bank.topics.items():
        counts = Counter(bank.questions[qid]["type"] for qid in topic.question_ids)
        totals.update(counts)
        click.echo(f"{slug:28}" + "".join(f"{counts[t]:>7}" for t in types) + f"{sum(counts.values()):>7}")
    click.echo(f"{'all':28}" + "".join(f"{totals[t]:>7}" for t in types) + f"{sum(totals.values()):>7}")
    if not bank.ok:
        sys.exit(1)


@bank_cli.command("grade")
@click.argument("bank_file", type=click.Path(exists=True, dir_okay=False))
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False))
def grade(bank_file: str, answers_file: str) -> None:
    """Grade ANSWERS_FILE ([{question: id, answer: text}], a case part as id/part) against BANK_FILE.

    Prints one JSON object per answer: {question, score, max_score, points: [{point, hit}]}. Problems go to
    stderr as file:line: message, and the exit status is 1 if there were any."""
    items, problems = load_items(Path(bank_file))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    failed = False
    for result in grade_answers(items, Path(answers_file)):
        if isinstance(result, BatchProblem):
            failed = True
            click.echo(str(result), err=True)
        else:
            click.echo(json.dumps(result, ensure_ascii=False))
    if failed:
        sys.exit(1)


@users_cli.command("create-admin")
@click.argument("username")
@click.password_option(envvar="ADMIN_PASSWORD")
def create_admin(username: str, password: str) -> None:
    """Create an admin account (password prompted, or ADMIN_PASSWORD)."""
    try:
        user = accounts.register(username, password, role="admin")
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created admin {user.username}.")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    """Write every table to PATH (gzipped JSON)."""
    counts = backup(Path(path))
    click.echo(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {path}.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask: replace every row in the database.")
def restore_command(path: str, yes: bool) -> None:
    """Replace the database's rows with a backup's (run `flask db upgrade` first on a new database)."""
    if not yes:
        click.confirm("This replaces every row in the database. Continue?", abort=True)
    try:
        counts = restore(Path(path))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(bank_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
