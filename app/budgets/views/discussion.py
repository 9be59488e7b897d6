"""Around a proposal: comments, supports, reports, and moderators hiding with a reason."""

from __future__ import annotations

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.budgets.blueprint import bp
from app.budgets.forms import CommentForm, ReasonForm, ReportForm
from app.budgets.models import Comment, Proposal
from app.budgets.permissions import can_comment, can_moderate, can_report, can_support, can_view_proposal
from app.budgets.services import comments, moderation, supports
from app.budgets.views.common import actor, load_edition, load_proposal
from app.budgets.views.proposals import proposal_context
from app.core.errors import DomainError
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found, refused
from app.extensions import db


@bp.post("/projets/<int:proposal_id>/commentaires")
@access("user")
def comment(proposal_id: int) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_view_proposal(current_user, item) and can_comment(current_user, item))
    form = CommentForm()
    body, alignment = form.body.data or "", form.alignment.data or ""
    if form.validate_on_submit() and attempt(
        form, lambda: comments.add_comment(actor(), item, body, alignment, form.parent_id.data)
    ):
        db.session.commit()
        return done(
            _("Votre commentaire est publié."),
            url_for("budgets.proposal", proposal_id=item.id) + "#commentaires",
            "budgets/proposal.html",
            "comments",
            **proposal_context(item),
        )
    return failed("budgets/proposal.html", "comments", **proposal_context(item, comment_form=form))


def _support_action(proposal_id: int, give: bool) -> ResponseReturnValue:
    item = load_proposal(proposal_id)
    require(can_view_proposal(current_user, item) and can_support(current_user, item.edition))
    url = url_for("budgets.proposal", proposal_id=item.id)
    try:
        (supports.support if give else supports.withdraw_support)(actor(), item)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    message = _("Votre soutien est enregistré.") if give else _("Votre soutien est retiré.")
    return done(message, url, "budgets/proposal.html", "support", **proposal_context(item))


@bp.post("/projets/<int:proposal_id>/soutenir")
@access("user")
def support(proposal_id: int) -> ResponseReturnValue:
    return _support_action(proposal_id, True)


@bp.post("/projets/<int:proposal_id>/retirer-soutien")
@access("user")
def unsupport(proposal_id: int) -> ResponseReturnValue:
    return _support_action(proposal_id, False)


def _report(proposal: Proposal, target: Comment | None) -> ResponseReturnValue:
    require(can_view_proposal(current_user, proposal) and can_report(current_user))
    form = ReportForm()
    context = {"form": form, "proposal": proposal, "comment": target, "edition": proposal.edition}
    if request.method == "GET":
        return render("budgets/report_form.html", **context)
    if form.validate_on_submit() and attempt(
        form,
        lambda: moderation.report(
            actor(), form.reason.data or "", form.details.data or "", proposal=None if target else proposal,
            comment=target,
        ),
    ):  # fmt: skip
        db.session.commit()
        return done(
            _("Merci : la modération va examiner votre signalement."),
            url_for("budgets.proposal", proposal_id=proposal.id),
        )
    return failed("budgets/report_form.html", **context)


@bp.route("/projets/<int:proposal_id>/signaler", methods=["GET", "POST"])
@access("user")
def report_proposal(proposal_id: int) -> ResponseReturnValue:
    return _report(load_proposal(proposal_id), None)


@bp.route("/commentaires/<int:comment_id>/signaler", methods=["GET", "POST"])
@access("user")
def report_comment(comment_id: int) -> ResponseReturnValue:
    target = found(comments.get_comment, comment_id)
    return _report(target.proposal, target)


def _hide(proposal: Proposal, target: Comment | None) -> ResponseReturnValue:
    require(can_moderate(current_user, proposal.edition))
    form = ReasonForm()
    url = url_for("budgets.proposal", proposal_id=proposal.id)
    reason = form.reason.data or ""
    try:
        if target is None:
            moderation.hide_proposal(actor(), proposal, reason)
        else:
            moderation.hide_comment(actor(), target, reason)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    return done(_("Le contenu est masqué ; la raison est affichée à sa place."), url)


@bp.post("/projets/<int:proposal_id>/masquer")
@access("user")
def hide_proposal(proposal_id: int) -> ResponseReturnValue:
    return _hide(load_proposal(proposal_id), None)


@bp.post("/commentaires/<int:comment_id>/masquer")
@access("user")
def hide_comment(comment_id: int) -> ResponseReturnValue:
    target = found(comments.get_comment, comment_id)
    return _hide(target.proposal, target)


@bp.get("/<slug>/signalements")
@access("user")
def reports(slug: str) -> ResponseReturnValue:
    edition = load_edition(slug)
    require(can_moderate(current_user, edition))
    return render("budgets/reports.html", edition=edition, reports=moderation.open_reports(edition), form=ReasonForm())


@bp.post("/signalements/<int:report_id>/classer")
@access("user")
def dismiss_report(report_id: int) -> ResponseReturnValue:
    item = found(moderation.get_report, report_id)
    edition = item.proposal.edition if item.proposal else None
    require(can_moderate(current_user, edition))
    moderation.dismiss(actor(), item)
    db.session.commit()
    return done(_("Le signalement est classé sans suite."), url_for("budgets.reports", slug=edition.slug))
