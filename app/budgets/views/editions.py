"""The editions: their list, an edition's page, and staff creating and editing an edition, its
phases and its envelopes."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.budgets.blueprint import bp
from app.budgets.forms import EditionForm, EnvelopeForm, PhasesForm
from app.budgets.models import PHASE_KINDS, Edition, Envelope
from app.budgets.permissions import (
    can_enter_paper,
    can_manage_editions,
    can_open_ballot,
    can_propose,
    can_review,
    can_see_turnout,
)
from app.budgets.services import editions, proposals, results, supports
from app.budgets.views.common import actor, load_edition
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.forms import pairs, to_local
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found, refused
from app.extensions import db
from app.geo.models import District, Sector


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    now = utcnow()
    items = [(edition, editions.current_phase(edition, now)) for edition in editions.all_editions()]
    return render("budgets/index.html", items=items, can_create=can_manage_editions(current_user))


@bp.get("/<slug>")
@access("public")
def edition(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    now = utcnow()
    voting_started = editions.has_started(item, "voting", now)
    # A result needs a vote: editions whose envelopes have none skip the look-ups.
    results_out = editions.has_started(item, "results", now) or any(
        envelope.vote_id is not None and results.result_of(envelope) is not None for envelope in item.envelopes
    )
    staff_desk = can_enter_paper(current_user, item)
    return render(
        "budgets/edition.html",
        edition=item,
        now=now,
        current=editions.current_phase(item, now),
        counts=proposals.status_counts(item),
        mine=proposals.of_author(current_user, item),
        may_propose=can_propose(current_user, item) and editions.is_open(item, "submission", now),
        submission_open=editions.is_open(item, "submission", now),
        can_review=can_review(current_user, item),
        can_manage=can_manage_editions(current_user),
        support_over=item.has_support_phase and editions.has_ended(item, "support", now),
        voting_open=editions.is_open(item, "voting", now),
        may_open_ballot=can_open_ballot(current_user),
        results_out=results_out,
        may_enter_paper=staff_desk and editions.is_open(item, "voting", now),
        may_see_turnout=voting_started and can_see_turnout(current_user, item),
        # Ahead of the phase only: once it starts, the vote's pages prepare the votes themselves.
        may_prepare=staff_desk and item.phase("voting") is not None and not voting_started,
    )


def _edition_input(form: EditionForm) -> editions.EditionInput:
    return editions.EditionInput(
        title=form.title.data or "",
        year=form.year.data or 0,
        slug=form.slug.data or "",
        description=form.description.data or "",
        unverified_may_propose=bool(form.unverified_may_propose.data),
        unverified_may_support=bool(form.unverified_may_support.data),
        support_limit=form.support_limit.data,
        support_pass_count=form.support_pass_count.data,
        support_leads_to=form.support_leads_to.data or "vote",
        show_support_counts=bool(form.show_support_counts.data),
        voting_scope=form.voting_scope.data or "",
        rule=form.rule.data or "",
        show_counts_during_vote=bool(form.show_counts_during_vote.data),
    )


@bp.route("/nouvelle", methods=["GET", "POST"])
@access("staff")
def new_edition() -> ResponseReturnValue:
    require(can_manage_editions(current_user))
    form = EditionForm()
    if form.validate_on_submit():
        outcome = attempt(form, lambda: editions.create_edition(actor(), _edition_input(form)))
        if outcome:
            db.session.commit()
            message = _("L'édition est créée : donnez maintenant les dates de ses phases.")
            return done(message, url_for("budgets.phases", slug=outcome.value.slug))
        return failed("budgets/edition_form.html", form=form, edition=None)
    if request.method == "POST":
        return failed("budgets/edition_form.html", form=form, edition=None)
    return render("budgets/edition_form.html", form=form, edition=None)


@bp.route("/<slug>/modifier", methods=["GET", "POST"])
@access("staff")
def edit_edition(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_manage_editions(current_user))
    if request.method == "GET":
        return render("budgets/edition_form.html", form=EditionForm(obj=item), edition=item)
    form = EditionForm()
    if form.validate_on_submit() and attempt(
        form, lambda: editions.update_edition(actor(), item, _edition_input(form))
    ):
        db.session.commit()
        return done(_("Les réglages de l'édition sont enregistrés."), url_for("budgets.edition", slug=item.slug))
    return failed("budgets/edition_form.html", form=form, edition=item)


@bp.route("/<slug>/phases", methods=["GET", "POST"])
@access("staff")
def phases(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_manage_editions(current_user))
    if request.method == "GET":
        form = PhasesForm()
        for phase in item.phases:
            form[f"{phase.kind}_starts"].data = to_local(phase.starts_at)
            form[f"{phase.kind}_ends"].data = to_local(phase.ends_at)
        return render("budgets/phases_form.html", form=form, edition=item, kinds=PHASE_KINDS)
    form = PhasesForm()
    if form.validate_on_submit() and attempt(form, lambda: editions.set_phases(actor(), item, form.dates())):
        db.session.commit()
        return done(_("Les dates des phases sont enregistrées."), url_for("budgets.edition", slug=item.slug))
    return failed("budgets/phases_form.html", form=form, edition=item, kinds=PHASE_KINDS)


def _envelope_form(**kwargs: Any) -> EnvelopeForm:
    form = EnvelopeForm(**kwargs)
    sectors = db.session.scalars(db.select(Sector).order_by(Sector.number))
    districts = db.session.scalars(db.select(District).order_by(District.number))
    form.sector_id.choices = pairs([("", "—"), *((s.id, s.name) for s in sectors)])
    form.district_id.choices = pairs([("", "—"), *((d.id, d.name) for d in districts)])
    return form


def _envelope_input(form: EnvelopeForm) -> editions.EnvelopeInput:
    return editions.EnvelopeInput(
        name=form.name.data or "",
        amount=form.amount.data,
        scope=form.scope.data or "",
        sector_id=form.sector_id.data,
        district_id=form.district_id.data,
        ballot_kind=form.ballot_kind.data or "",
        min_choices=form.min_choices.data,
        max_choices=form.max_choices.data,
        min_share=form.min_share.data,
        position=form.position.data or 0,
    )


@bp.route("/<slug>/enveloppes/nouvelle", methods=["GET", "POST"])
@access("staff")
def new_envelope(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_manage_editions(current_user))
    form = _envelope_form()
    if request.method == "POST":
        if form.validate_on_submit() and attempt(
            form, lambda: editions.add_envelope(actor(), item, _envelope_input(form))
        ):
            db.session.commit()
            return done(_("L'enveloppe est ajoutée."), url_for("budgets.edition", slug=item.slug))
        return failed("budgets/envelope_form.html", form=form, edition=item, envelope=None)
    return render("budgets/envelope_form.html", form=form, edition=item, envelope=None)


@bp.route("/enveloppes/<int:envelope_id>/modifier", methods=["GET", "POST"])
@access("staff")
def edit_envelope(envelope_id: int) -> ResponseReturnValue:
    envelope: Envelope = found(editions.get_envelope, envelope_id)
    require(can_manage_editions(current_user))
    item: Edition = envelope.edition
    if request.method == "GET":
        return render("budgets/envelope_form.html", form=_envelope_form(obj=envelope), edition=item, envelope=envelope)
    form = _envelope_form()
    if form.validate_on_submit() and attempt(
        form, lambda: editions.update_envelope(actor(), envelope, _envelope_input(form))
    ):
        db.session.commit()
        return done(_("L'enveloppe est enregistrée."), url_for("budgets.edition", slug=item.slug))
    return failed("budgets/envelope_form.html", form=form, edition=item, envelope=envelope)


@bp.post("/<slug>/preselection")
@access("user")
def preselect(slug: str) -> ResponseReturnValue:
    """Apply the support phase's outcome (or, without one, send every feasible project to the vote)."""
    item = load_edition(slug)
    require(can_review(current_user, item))
    url = url_for("budgets.edition", slug=item.slug)
    try:
        outcome = supports.preselect(actor(), item)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    message = _("%(passed)s projets retenus, %(aside)s écartés.", passed=outcome["passed"], aside=outcome["set_aside"])
    return done(message, url)
