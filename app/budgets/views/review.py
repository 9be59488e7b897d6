"""Review by the edition's reviewers: the queue, a proposal's review page and its decisions
(feasibility, cost, merge, move). Authors are mailed after each committed decision."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.budgets import mails
from app.budgets.blueprint import bp
from app.budgets.forms import CostForm, FeasibilityForm, MergeForm, MoveForm, pairs
from app.budgets.models import PROPOSAL_STATUSES, Decision, Proposal
from app.budgets.permissions import can_review
from app.budgets.services import proposals, review
from app.budgets.views.common import actor, load_edition, load_proposal
from app.core.errors import DomainError, NotFound
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done
from app.extensions import db


@bp.get("/<slug>/instruction")
@access("user")
def review_queue(slug: str) -> ResponseReturnValue:
    edition = load_edition(slug)
    require(can_review(current_user, edition))
    status = request.args.get("etat", "submitted")
    shown = status if status in PROPOSAL_STATUSES else None
    return render(
        "budgets/review_queue.html",
        edition=edition,
        items=review.queue(edition, shown),
        status=shown,
        counts=proposals.status_counts(edition),
    )


def _forms(proposal: Proposal) -> dict[str, Any]:
    move = MoveForm(formdata=None)
    move.envelope_id.choices = pairs((e.id, e.name) for e in proposal.edition.envelopes if e.id != proposal.envelope_id)
    return {
        "feasibility_form": FeasibilityForm(formdata=None),
        "cost_form": CostForm(formdata=None),
        "merge_form": MergeForm(formdata=None),
        "move_form": move,
    }


def _page(proposal: Proposal, status: int = 200, **forms: FlaskForm) -> ResponseReturnValue:
    context = {**_forms(proposal), **forms}
    return render("budgets/review.html", status=status, proposal=proposal, edition=proposal.edition, **context)


@bp.get("/projets/<int:proposal_id>/instruction")
@access("user")
def review_page(proposal_id: int) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_review(current_user, item.edition))
    return _page(item)


def _decided(item: Proposal, decision: Decision) -> ResponseReturnValue:
    db.session.commit()
    mails.notify_decision(decision)
    return done(
        _("La décision est enregistrée et les auteurs sont prévenus."),
        url_for("budgets.review_page", proposal_id=item.id),
    )


def _reviewed(proposal_id: int) -> Proposal:
    item = load_proposal(proposal_id)
    require(can_review(current_user, item.edition))
    return item


@bp.post("/projets/<int:proposal_id>/instruction/faisabilite")
@access("user")
def decide_feasibility(proposal_id: int) -> ResponseReturnValue:
    item = _reviewed(proposal_id)
    form = FeasibilityForm()
    if form.validate_on_submit():
        if form.decision.data == "unfeasible":
            outcome = attempt(form, lambda: review.mark_unfeasible(actor(), item, form.reason.data or ""))
        else:
            outcome = attempt(form, lambda: review.mark_feasible(actor(), item, form.reason.data or "", form.cost.data))
        if outcome:
            return _decided(item, outcome.value)
    return _page(item, 422, feasibility_form=form)


@bp.post("/projets/<int:proposal_id>/instruction/cout")
@access("user")
def decide_cost(proposal_id: int) -> ResponseReturnValue:
    item = _reviewed(proposal_id)
    form = CostForm()
    if form.validate_on_submit():
        outcome = attempt(form, lambda: review.reestimate(actor(), item, form.cost.data, form.reason.data or ""))
        if outcome:
            return _decided(item, outcome.value)
    return _page(item, 422, cost_form=form)


@bp.post("/projets/<int:proposal_id>/instruction/fusion")
@access("user")
def decide_merge(proposal_id: int) -> ResponseReturnValue:
    item = _reviewed(proposal_id)
    form = MergeForm()

    def merge() -> Decision:
        try:
            target = proposals.get_proposal(form.target_id.data or 0)
        except NotFound as error:
            raise DomainError([("target_id", _("Aucun projet ne porte ce numéro."))]) from error
        return review.merge(actor(), item, target, form.reason.data or "")

    if form.validate_on_submit():
        outcome = attempt(form, merge)
        if outcome:
            return _decided(item, outcome.value)
    return _page(item, 422, merge_form=form)


@bp.post("/projets/<int:proposal_id>/instruction/enveloppe")
@access("user")
def decide_move(proposal_id: int) -> ResponseReturnValue:
    item = _reviewed(proposal_id)
    form = MoveForm()
    form.envelope_id.choices = _forms(item)["move_form"].envelope_id.choices
    if form.validate_on_submit():
        envelope = next((e for e in item.edition.envelopes if e.id == form.envelope_id.data), None)
        outcome = attempt(form, lambda: review.move(actor(), item, envelope, form.reason.data or ""))
        if outcome:
            return _decided(item, outcome.value)
    return _page(item, 422, move_form=form)
