"""`flask votes ...`: run a tally rule on a Pabulib file, export a vote's anonymous ballots, compile the
tally ahead of its first use."""

from __future__ import annotations

import json
import time
from fractions import Fraction

import click

from app.votes.pabulib import PbError, decimal_text, read_pb
from app.votes.tally import RULES, TIE_BREAKS, Election, Project, TallyInputError, tally


@click.group("votes", help="The vote engine: tallies and Pabulib files.")
def votes_cli() -> None:
    pass


def _amount(value: Fraction) -> str:
    try:
        return decimal_text(value)
    except ValueError:  # no finite decimal form
        return str(value)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


@votes_cli.command("tally")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--rule", type=click.Choice(RULES), required=True, help="The tally rule.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of one id per line.")
@click.option(
    "--tie-break",
    type=click.Choice(sorted(TIE_BREAKS)),
    default="by_id",
    show_default=True,
    help="How exact ties are broken (by_id is pabutools' order).",
)
def tally_command(path: str, rule: str, as_json: bool, tie_break: str) -> None:
    """Run RULE on the Pabulib file PATH and print the selected project ids in selection order.

    With --json: {"rule", "selected", "cost" (exact, as a string), "seconds" (the rule alone)}.
    A malformed file is reported with its line number and exit status 2.
    """
    try:
        election = read_pb(path).election()
    except PbError as error:
        _fail(f"{path}: {error}")
    started = time.perf_counter()
    try:
        result = tally(election, rule, tie_break=TIE_BREAKS[tie_break])
    except TallyInputError as error:
        _fail(f"{path}: {error}")
    seconds = time.perf_counter() - started
    if as_json:
        payload = {"rule": rule, "selected": list(result.selected), "cost": _amount(result.cost), "seconds": seconds}
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    for project_id in result.selected:
        click.echo(project_id)


@votes_cli.command("compile")
def compile_command() -> None:
    """Compile the tally's MES run into numba's disk cache (run it at deploy time).

    A cold compile takes up to a minute, which would otherwise fall on the first tally of each
    new release: the request that closes a vote. Later processes load the cache in about a second."""
    started = time.perf_counter()
    tally(Election.approval([Project("a", 3), Project("b", 2)], 4, [{"a"}, {"a", "b"}, {"b"}]), "mes")
    click.echo(f"Tally compiled or loaded from the cache in {time.perf_counter() - started:.1f} s.")


@votes_cli.command("export")
@click.argument("vote_id", type=int)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
def export_command(vote_id: int, output: str | None) -> None:
    """Print a closed vote's anonymous ballots as a Pabulib .pb file (or write it to --output)."""
    from flask import current_app

    from app.core.errors import DomainError
    from app.votes.services.export import pabulib_export

    with current_app.test_request_context():  # messages are translated with the request machinery
        try:
            text = pabulib_export(vote_id)
        except DomainError as error:
            _fail(str(error))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
