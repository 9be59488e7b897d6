"""Open data of the participatory budget: only what is public, exact amounts, CSV and JSON saying the
same thing, and ballots anyone can re-tally with pabutools to find the published winners."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare

from app.budgets.services import moderation, review
from app.extensions import db
from app.votes.services import casting, votes
from tests.budgets.conftest import World, request_context  # noqa: F401  (fixture used by `world`)
from tests.budgets.conftest import world as budgets_world

world = budgets_world


def _get(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def _rows(client: FlaskClient, slug: str, name: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    text = _get(client, f"/open-data/v1/budgets/{slug}/{name}.csv").get_data(as_text=True)
    document = json.loads(_get(client, f"/open-data/v1/budgets/{slug}/{name}.json").get_data(as_text=True))
    return list(csv.DictReader(io.StringIO(text))), document


def test_proposals_are_the_public_ones_without_their_authors(client: FlaskClient, world: World) -> None:
    edition = world.edition("review")
    author = world.resident(display_name="Nadia Benali", email="nadia@example.org")
    shown = world.proposal(edition, author, estimated_cost=Decimal("45000.50"), title="Un jardin partagé")
    world.proposal(edition, author, status="draft", title="Brouillon secret")
    world.proposal(edition, author, status="withdrawn", title="Retirée")
    hidden = world.proposal(edition, author, title="Masquée")
    moderation.hide_proposal(world.staff(), hidden, "Propos injurieux")
    db.session.commit()

    rows, document = _rows(client, edition.slug, "proposals")
    assert [row["title"] for row in rows] == ["Un jardin partagé"]
    assert rows[0]["estimated_cost"] == "45000.50"  # exact, never a float
    assert rows[0]["url"].endswith(f"/budget/projets/{shown.id}")
    assert rows == [{key: _as_csv(value) for key, value in row.items()} for row in document["rows"]]
    assert document["licence"]["name"].startswith("Licence Ouverte")
    assert {column["name"] for column in document["columns"]} == set(rows[0])
    everything = json.dumps(document) + "".join(map(str, rows))
    assert "Nadia" not in everything and "nadia@example.org" not in everything


def _as_csv(value: Any) -> str:
    """How the CSV file writes a JSON value: both files must say the same thing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def test_review_decisions_carry_their_public_reason_and_no_reviewer(
    client: FlaskClient, world: World, make_user: Callable[..., Any]
) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition)
    reviewer = make_user(display_name="Agent Martin", roles=[("reviewer", edition.slug)])
    review.mark_unfeasible(reviewer, proposal, "Le terrain n'appartient pas à la ville.", now=world.now)
    db.session.commit()

    rows, document = _rows(client, edition.slug, "decisions")
    assert [(row["proposal_id"], row["kind"], row["reason"]) for row in rows] == [
        (str(proposal.id), "unfeasible", "Le terrain n'appartient pas à la ville.")
    ]
    assert "Martin" not in json.dumps(document)


def test_results_and_ballots_let_anyone_recompute_the_winners(
    client: FlaskClient, world: World, app: Flask, tmp_path: Any
) -> None:
    edition = world.edition("voting")
    envelope = edition.envelopes[0]
    projects = [
        world.proposal(edition, status="selected", title=title, estimated_cost=Decimal(cost))
        for title, cost in (("Jardin", "400000"), ("Piste cyclable", "700000"), ("Bancs", "90000.50"))
    ]
    vote = votes.create_vote(
        None,
        title=envelope.name,
        kind="knapsack",
        budget=envelope.amount,
        eligibility="signed_in",
        rule="greedy",
        options=[votes.OptionSpec(p.title, cost=p.cost, ref=str(p.id)) for p in projects],
    )
    votes.open_vote(None, vote)
    envelope.vote_id = vote.id
    option = {o.ref: o.id for o in vote.options}
    choices = [[0, 2], [0, 2], [1], [1, 2], [0]]  # jardin 3, piste 2, bancs 3
    for chosen in choices:
        casting.cast(vote, world.resident(), {"approve": [option[str(projects[i].id)] for i in chosen]})
    db.session.commit()

    _get(client, f"/open-data/v1/budgets/{edition.slug}/envelopes/{envelope.id}/ballots.pb", 404)
    votes.close_vote(None, vote)
    db.session.commit()

    rows, _ = _rows(client, edition.slug, "results")
    selected = {row["proposal_id"] for row in rows if row["selected_by_rule"] == "true"}
    assert {row["votes"] for row in rows} == {"3", "2"}
    assert all(row["cost"] in ("400000.00", "700000.00", "90000.50") for row in rows)

    pb = _get(client, f"/open-data/v1/budgets/{edition.slug}/envelopes/{envelope.id}/ballots.pb").get_data(as_text=True)
    path = tmp_path / "envelope.pb"
    path.write_text(pb, encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    winners = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    ref_of = {str(o.id): o.ref for o in vote.options}  # the .pb names projects by their ballot option
    assert {ref_of[p.name] for p in winners} == selected
    assert profile.num_ballots() == len(choices)

    envelopes, _ = _rows(client, edition.slug, "envelopes")
    assert envelopes[0]["ballots"] == str(len(choices)) and envelopes[0]["pabulib_url"].endswith(".pb")


def test_unpublished_editions_and_unknown_envelopes_are_not_found(client: FlaskClient, world: World) -> None:
    edition = world.edition("before")  # its submission phase has not begun
    _get(client, f"/open-data/v1/budgets/{edition.slug}/proposals.json", 404)
    _get(client, "/open-data/v1/budgets/nothing-here/proposals.csv", 404)
    published = world.edition("review", title="BP 2028", year=2028)
    _get(client, f"/open-data/v1/budgets/{published.slug}/envelopes/999999/ballots.pb", 404)
    _get(client, f"/open-data/v1/budgets/{published.slug}/secrets.csv", 404)
    page = _get(client, "/open-data/v1/").get_data(as_text=True)
    assert "BP 2028" in page and edition.title not in page.replace("BP 2028", "")


def test_files_can_be_cached_and_revalidated(client: FlaskClient, world: World) -> None:
    edition = world.edition("review")
    world.proposal(edition)
    first = _get(client, f"/open-data/v1/budgets/{edition.slug}/proposals.csv")
    assert first.headers["Cache-Control"].startswith("public")
    assert first.headers["Content-Type"].startswith("text/csv")
    again = client.get(
        f"/open-data/v1/budgets/{edition.slug}/proposals.csv", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    catalog = json.loads(_get(client, "/open-data/v1/catalog.json").get_data(as_text=True))
    assert [entry["edition"] for entry in catalog["budgets"]] == [edition.slug]


@pytest.mark.parametrize("name", ["envelopes", "proposals", "decisions", "results"])
def test_every_dataset_is_described_column_by_column(client: FlaskClient, world: World, name: str) -> None:
    edition = world.edition("review")
    document = json.loads(_get(client, f"/open-data/v1/budgets/{edition.slug}/{name}.json").get_data(as_text=True))
    assert document["format_version"] == 1 and document["dataset"] == name
    assert all(column["description"] for column in document["columns"])
    header = _get(client, f"/open-data/v1/budgets/{edition.slug}/{name}.csv").get_data(as_text=True).splitlines()[0]
    assert header.split(",") == [column["name"] for column in document["columns"]]
