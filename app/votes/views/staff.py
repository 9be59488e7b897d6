"""Staff pages: create and configure a vote, open and close it, enter paper ballots."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.accounts.models import User
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access, require
from app.extensions import db
from app.geo.models import District
from app.geo.services import quartiers_by_district
from app.votes.blueprint import bp
from app.votes.forms import PaperBallotForm, VoteForm, ballot_from_form
from app.votes.models import Vote
from app.votes.permissions import can_enter_paper_ballots, can_manage_vote, can_manage_votes
from app.votes.services import paper, votes
from app.votes.services.ballots import minimum_spend
from app.votes.services.votes import KIND_LABELS
from app.votes.views.common import load_vote


def _vote_form(**kwargs: object) -> VoteForm:
    districts = [(d.id, d.name) for d in db.session.scalars(sa.select(District).order_by(District.number))]
    return VoteForm(districts=districts, quartiers=quartiers_by_district(), **kwargs)


@bp.get("/gestion")
@access("staff")
def manage() -> ResponseReturnValue:
    require(can_manage_votes(current_user))
    rows = db.session.scalars(sa.select(Vote).order_by(Vote.id.desc()))
    listed = [(vote, votes.status(vote), votes.ballot_count(vote)) for vote in rows]
    return render("votes/manage.html", rows=listed, kind_labels=KIND_LABELS)


@bp.route("/gestion/nouveau", methods=["GET", "POST"])
@access("staff")
def create() -> ResponseReturnValue:
    require(can_manage_votes(current_user))
    form = _vote_form()
    if form.validate_on_submit():
        try:
            vote = votes.create_vote(current_user, **form.settings())
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Le vote est créé. Vérifiez-le, puis ouvrez-le quand il est prêt."), "success")
            return redirect_to(url_for("votes.edit", vote_id=vote.id))
    return render("votes/edit.html", block="vote_form", status=422 if form.errors else 200, form=form, vote=None)


@bp.route("/<int:vote_id>/gestion", methods=["GET", "POST"])
@access("staff")
def edit(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    require(can_manage_vote(current_user, vote))
    form = _vote_form()
    if request.method == "GET":
        form.fill_from(vote)
    elif form.validate_on_submit():
        try:
            votes.update_vote(current_user, vote, **form.settings())
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Les réglages du vote sont enregistrés."), "success")
            return redirect_to(url_for("votes.edit", vote_id=vote.id))
    return render(
        "votes/edit.html",
        block="vote_form",
        status=422 if form.errors or form.form_errors else 200,
        form=form,
        vote=vote,
        state=votes.status(vote),
        ballots=votes.ballot_count(vote),
    )


def _change_state(vote_id: int, action: str) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    require(can_manage_vote(current_user, vote))
    try:
        if action == "open":
            votes.open_vote(current_user, vote)
            message = _("Le vote est ouvert.")
        else:
            votes.close_vote(current_user, vote)
            message = _("Le vote est clos. Les résultats sont publiés.")
    except DomainError as error:
        db.session.rollback()
        flash(" ".join(error.messages), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect_to(url_for("votes.edit", vote_id=vote.id))


@bp.post("/<int:vote_id>/ouvrir")
@access("staff")
def open_(vote_id: int) -> ResponseReturnValue:
    return _change_state(vote_id, "open")


@bp.post("/<int:vote_id>/fermer")
@access("staff")
def close(vote_id: int) -> ResponseReturnValue:
    return _change_state(vote_id, "close")


def _voter(form: PaperBallotForm) -> paper.PaperVoter:
    if form.voter_email.data:
        email = form.voter_email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None or user.is_erased:
            raise DomainError(
                [("voter_email", _("Aucun compte n'a cette adresse : vérifiez-la, ou utilisez la pièce d'identité."))]
            )
        return paper.PaperVoter(user=user)
    return paper.PaperVoter(
        document_type=form.document_type.data or "",
        document_number=form.document_number.data or "",
        name=form.voter_name.data or "",
    )


@bp.route("/<int:vote_id>/papier", methods=["GET", "POST"])
@access("staff")
def enter_paper(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    require(can_enter_paper_ballots(current_user, vote))
    form = PaperBallotForm()
    code, errors, status = None, [], 200
    if form.validate_on_submit():
        try:
            content = ballot_from_form(vote, request.form)
            code = paper.enter_paper_ballot(vote, current_user, _voter(form), content, channel=form.channel.data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
            status = 422
        else:
            db.session.commit()
            form = PaperBallotForm(formdata=None)
    elif request.method == "POST":
        status = 422
    errors = list(form.form_errors)
    return render(
        "votes/paper.html",
        block="paper_form",
        status=status,
        vote=vote,
        form=form,
        code=code,
        data=request.form if status != 200 else MultiDict(),
        errors=errors,
        state=votes.status(vote),
        ballots=votes.ballot_count(vote),
        minimum_spend=minimum_spend(vote),
    )
