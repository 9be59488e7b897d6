"""Proposals: the listing with its filters (a plain GET form, htmx-enhanced), a proposal's page,
and its authors drafting, editing, submitting, withdrawing it and adding images."""

from __future__ import annotations

from typing import Any

from flask import request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.budgets.blueprint import bp
from app.budgets.forms import CommentForm, ImageForm, ProposalForm, SearchForm
from app.budgets.models import Edition, Proposal
from app.budgets.permissions import (
    can_comment,
    can_edit_proposal,
    can_moderate,
    can_propose,
    can_review,
    can_see_hidden,
    can_support,
    can_view_proposal,
)
from app.budgets.services import comments, editions, images, proposals, supports
from app.budgets.views.common import actor, load_edition, load_proposal
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.forms import grouped, pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found, refused
from app.extensions import db
from app.geo.models import Quartier
from app.geo.services import quartiers_by_district

PER_PAGE = 20


def _grouped_quartiers() -> list[SelectChoice]:
    return grouped(quartiers_by_district())


def _envelope_choices(edition: Edition) -> list[SelectChoice]:
    return pairs((envelope.id, envelope.name) for envelope in edition.envelopes)


@bp.get("/<slug>/projets")
@access("public")
def proposals_list(slug: str) -> ResponseReturnValue:
    edition = load_edition(slug)
    form = SearchForm(request.args)
    form.envelope.choices = [*pairs([("", _("Toutes"))]), *_envelope_choices(edition)]
    form.quartier.choices = [*pairs([("", _("Tous"))]), *_grouped_quartiers()]
    form.validate()
    criteria = proposals.Search(
        text=(form.q.data or "").strip() if not form.q.errors else "",
        envelope_id=form.envelope.data if isinstance(form.envelope.data, int) else None,
        theme=form.theme.data or None,
        quartier_id=form.quartier.data if isinstance(form.quartier.data, int) else None,
        status=form.status.data or None,
        sort=form.sort.data or "recent",
        include_hidden=can_moderate(current_user, edition),
    )
    page = db.paginate(
        proposals.search(edition, criteria),
        page=max(request.args.get("page", 1, type=int) or 1, 1),
        per_page=PER_PAGE,
        error_out=False,
    )
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render(
        "budgets/proposals.html",
        block="results",
        edition=edition,
        form=form,
        page=page,
        query={"slug": edition.slug, **query},
        show_supports=edition.has_support_phase and edition.show_support_counts,
        may_propose=can_propose(current_user, edition) and editions.is_open(edition, "submission"),
    )


def proposal_context(proposal: Proposal, **extra: Any) -> dict[str, Any]:
    edition = proposal.edition
    now = utcnow()
    supported = supports.supported_ids(current_user, edition)
    context: dict[str, Any] = {
        "proposal": proposal,
        "edition": edition,
        "thread": comments.thread(proposal),
        "alignments": comments.alignment_counts(proposal),
        "comment_form": CommentForm(formdata=None),
        "image_form": ImageForm(formdata=None),
        "may_edit": can_edit_proposal(current_user, proposal)
        and proposal.status in proposals.EDITABLE
        and editions.is_open(edition, "submission", now),
        "may_withdraw": can_edit_proposal(current_user, proposal)
        and proposal.status in proposals.WITHDRAWABLE
        and not editions.has_started(edition, "voting", now),
        "may_comment": can_comment(current_user, proposal) and not proposal.is_hidden,
        "may_moderate": can_moderate(current_user, edition),
        "may_review": can_review(current_user, edition),
        "see_hidden": can_see_hidden(current_user, proposal),
        "support_open": edition.has_support_phase
        and editions.is_open(edition, "support", now)
        and proposal.status == supports.supportable_status(edition),
        "may_support": can_support(current_user, edition),
        "supported": proposal.id in supported,
        "supports_left": (edition.support_limit or 0) - len(supported),
        "show_supports": edition.has_support_phase and edition.show_support_counts,
        "notice": None,
    }
    context.update(extra)
    return context


@bp.get("/projets/<int:proposal_id>")
@access("public")
def proposal(proposal_id: int) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_view_proposal(current_user, item))
    return render("budgets/proposal.html", **proposal_context(item))


def _proposal_form(edition: Edition, **kwargs: Any) -> ProposalForm:
    form = ProposalForm(**kwargs)
    form.envelope_id.choices = _envelope_choices(edition)
    form.quartier_id.choices = [*pairs([("", _("Toute la ville"))]), *_grouped_quartiers()]
    return form


def _proposal_input(form: ProposalForm) -> proposals.ProposalInput:
    return proposals.ProposalInput(
        title=form.title.data or "",
        description=form.description.data or "",
        estimated_cost=form.estimated_cost.data,
        theme=form.theme.data or "",
        envelope_id=form.envelope_id.data,
        quartier_id=form.quartier_id.data,
        address=form.address.data or "",
    )


@bp.route("/<slug>/projets/nouveau", methods=["GET", "POST"])
@access("user")
def new_proposal(slug: str) -> ResponseReturnValue:
    edition = load_edition(slug)
    require(can_propose(current_user, edition))
    if request.method == "GET":
        quartier: Quartier | None = current_user.quartier
        envelope = editions.envelope_for(edition, quartier)
        form = _proposal_form(
            edition, envelope_id=envelope.id if envelope else None, quartier_id=getattr(quartier, "id", None)
        )
        return render("budgets/proposal_form.html", form=form, edition=edition, proposal=None)
    form = _proposal_form(edition)
    if form.validate_on_submit():
        outcome = attempt(form, lambda: proposals.create_draft(actor(), edition, _proposal_input(form)))
        if outcome:
            db.session.commit()
            message = _("Votre brouillon est enregistré. Ajoutez des images si vous le souhaitez, puis déposez-le.")
            return done(message, url_for("budgets.proposal", proposal_id=outcome.value.id))
    return failed("budgets/proposal_form.html", form=form, edition=edition, proposal=None)


@bp.route("/projets/<int:proposal_id>/modifier", methods=["GET", "POST"])
@access("user")
def edit_proposal(proposal_id: int) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_edit_proposal(current_user, item))
    if request.method == "GET":
        form = _proposal_form(item.edition, obj=item)
        return render("budgets/proposal_form.html", form=form, edition=item.edition, proposal=item)
    form = _proposal_form(item.edition)
    if form.validate_on_submit() and attempt(
        form, lambda: proposals.update_proposal(actor(), item, _proposal_input(form))
    ):
        db.session.commit()
        return done(_("Le projet est enregistré."), url_for("budgets.proposal", proposal_id=item.id))
    return failed("budgets/proposal_form.html", form=form, edition=item.edition, proposal=item)


def _author_action(proposal_id: int, call: Any, message: str) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_edit_proposal(current_user, item))
    url = url_for("budgets.proposal", proposal_id=item.id)
    try:
        call(actor(), item)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    return done(message, url)


@bp.post("/projets/<int:proposal_id>/deposer")
@access("user")
def submit_proposal(proposal_id: int) -> ResponseReturnValue:
    message = _("Votre projet est déposé : vous pouvez le modifier jusqu'à la fin de la phase de dépôt.")
    return _author_action(proposal_id, proposals.submit, message)


@bp.post("/projets/<int:proposal_id>/retirer")
@access("user")
def withdraw_proposal(proposal_id: int) -> ResponseReturnValue:
    return _author_action(proposal_id, proposals.withdraw, _("Votre projet est retiré."))


@bp.post("/projets/<int:proposal_id>/images")
@access("user")
def add_image(proposal_id: int) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_edit_proposal(current_user, item))
    form = ImageForm()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.file.errors = [_("Choisissez une image.")]
    elif attempt(form, lambda: images.add_image(actor(), item, upload.stream, form.alt.data or "")):
        db.session.commit()
        return done(_("L'image est ajoutée."), url_for("budgets.proposal", proposal_id=item.id))
    return failed("budgets/proposal.html", **proposal_context(item, image_form=form))


@bp.post("/images/<int:image_id>/supprimer")
@access("user")
def remove_image(image_id: int) -> ResponseReturnValue:
    image = found(images.get_image, image_id)
    require(can_edit_proposal(current_user, image.proposal))
    url = url_for("budgets.proposal", proposal_id=image.proposal_id)
    try:
        images.remove_image(actor(), image)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    return done(_("L'image est retirée."), url)


@bp.get("/images/<int:image_id>")
@access("public")
def image(image_id: int) -> ResponseReturnValue:
    item = found(images.get_image, image_id)
    require(can_view_proposal(current_user, item.proposal))
    if item.proposal.is_hidden and not can_see_hidden(current_user, item.proposal):
        require(False)
    response = send_file(found(images.path_of, item), mimetype=item.content_type, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
