"""Public pages of a vote: the list, a vote's page, the published ballots, the results, the export."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.core.htmx import render
from app.core.permissions import access
from app.extensions import db
from app.votes.blueprint import bp
from app.votes.forms import CHANNEL_LABELS, RULE_LABELS, BallotForm
from app.votes.models import Vote
from app.votes.permissions import can_manage_vote, can_see_open_choices
from app.votes.services import export, results, votes
from app.votes.services.ballots import describe, minimum_spend
from app.votes.services.explain import euros
from app.votes.services.votes import KIND_LABELS, MAJORITY_LABELS
from app.votes.views.common import load_vote, voter_context


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    listed = db.session.scalars(sa.select(Vote).where(Vote.opens_at.is_not(None)).order_by(Vote.opens_at.desc()))
    groups: dict[str, list[Vote]] = {"open": [], "scheduled": [], "closed": []}
    for vote in listed:
        groups[votes.status(vote)].append(vote)
    return render("votes/index.html", groups=groups)


def render_vote(
    vote: Vote, form: BallotForm, data: MultiDict | None = None, errors: Sequence[str] = (), status: int = 200
) -> Response:
    """The vote's page, or its ballot region for an htmx swap (after a refused ballot)."""
    return render(
        "votes/show.html",
        block="ballot",
        status=status,
        vote=vote,
        form=form,
        data=data if data is not None else MultiDict(),
        errors=list(errors),
        ballots=votes.ballot_count(vote),
        kind_labels=KIND_LABELS,
        minimum_spend=minimum_spend(vote),
        can_manage=can_manage_vote(current_user, vote),
        **voter_context(vote),
    )


@bp.get("/<int:vote_id>")
@access("public")
def show(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    return render_vote(vote, BallotForm())


@bp.get("/<int:vote_id>/bulletins")
@access("public")
def ballots(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    page = request.args.get("page", 1, type=int) or 1
    return render(
        "votes/ballots.html",
        block="ballot_list",
        vote=vote,
        page=results.published_ballots(vote, page=max(page, 1)),
        state=votes.status(vote),
        channel_labels=CHANNEL_LABELS,
    )


@bp.get("/<int:vote_id>/resultats")
@access("public")
def show_results(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    state = votes.status(vote)
    outcome = results.results(vote) if state == "closed" else None
    return render(
        "votes/results.html",
        vote=vote,
        state=state,
        outcome=outcome,
        open_choices=results.open_choices(vote) if can_see_open_choices(None, vote) and outcome else [],
        rule_labels=RULE_LABELS,
        majority_labels=MAJORITY_LABELS,
        euros=euros,
        describe=describe,
    )


@bp.get("/<int:vote_id>/export.pb")
@access("public")
def export_pabulib(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    if votes.status(vote) != "closed":
        abort(404)  # the ballots' content is published at the close, not before
    body = export.pabulib_export(vote.id)
    response = Response(body, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="parvis-vote-{vote.id}.pb"'
    return response
