"""Casting a ballot, the receipt shown once, checking a receipt and replacing a ballot.

The receipt code is put in the voter's own session cookie between the POST and the receipt page (so
a reload does not post the ballot again), taken out when shown, and never written on the server.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.extensions import db, limiter
from app.votes import mails
from app.votes.blueprint import bp
from app.votes.forms import BallotForm, EmailReceiptForm, ReceiptForm, ballot_from_form
from app.votes.models import Vote
from app.votes.services import casting, receipts, votes
from app.votes.services.ballots import minimum_spend
from app.votes.views.common import load_vote
from app.votes.views.public import render_vote

RECEIPT_KEY = "votes_receipt"
# Receipt codes are 60 random bits; the limit keeps even a patient guesser far from one.
RECEIPT_ATTEMPTS = "30 per hour"


def _hand_over(vote: Vote, code: str) -> ResponseReturnValue:
    session[RECEIPT_KEY] = {"vote": vote.id, "code": code}
    return redirect_to(url_for("votes.receipt", vote_id=vote.id))


@bp.post("/<int:vote_id>/voter")
@access("user")
def cast(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    form = BallotForm()
    if not form.validate_on_submit():
        return render_vote(vote, form, request.form, [_("Le formulaire a expiré : rechargez la page.")], status=400)
    try:
        content = ballot_from_form(vote, request.form)
        code = casting.cast(vote, current_user, content)
    except DomainError as error:
        db.session.rollback()
        return render_vote(vote, form, request.form, error.messages, status=422)
    db.session.commit()
    return _hand_over(vote, code)


@bp.get("/<int:vote_id>/recu")
@access("public")
def receipt(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    held = session.get(RECEIPT_KEY) or {}
    code = None
    if held.get("vote") == vote.id:
        code = held.get("code")
        session.pop(RECEIPT_KEY, None)
    return render("votes/receipt.html", vote=vote, code=code, email_form=EmailReceiptForm(receipt=code))


@bp.post("/<int:vote_id>/recu/email")
@access("user")
def email_receipt(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    form = EmailReceiptForm()
    code = form.receipt.data if form.validate_on_submit() else None
    if not code or receipts.find_ballot(vote, code) is None:
        notice, sent = _("Ce reçu ne correspond à aucun bulletin de ce vote : rien n'a été envoyé."), False
    else:
        sent = mails.send_receipt(current_user, vote, code)
        if sent:
            notice = _("Le reçu a été envoyé à %(email)s.", email=current_user.email)
        else:
            notice = _("L'envoi a échoué : notez le code ci-dessus, il ne pourra pas être affiché de nouveau.")
    return render("votes/receipt.html", block="email", vote=vote, code=code, email_form=form, notice=notice, sent=sent)


@bp.route("/<int:vote_id>/verifier", methods=["GET", "POST"])
@access("public")
@limiter.limit(RECEIPT_ATTEMPTS, methods=["POST"])
def check(vote_id: int) -> ResponseReturnValue:
    vote = load_vote(vote_id)
    form = ReceiptForm()
    found, checked = None, False
    if form.validate_on_submit():
        checked = True
        found = receipts.check_receipt(vote, form.receipt.data or "")
    return render(
        "votes/check.html",
        block="check_result",
        status=422 if checked and found is None else 200,
        vote=vote,
        form=form,
        found=found,
        checked=checked,
        state=votes.status(vote),
    )


def _render_replace(
    vote: Vote, form: ReceiptForm, errors: Sequence[str] = (), status: int = 200
) -> ResponseReturnValue:
    return render(
        "votes/replace.html",
        block="replace_form",
        status=status,
        vote=vote,
        form=form,
        data=request.form,
        errors=errors,
        state=votes.status(vote),
        minimum_spend=minimum_spend(vote),
    )


@bp.route("/<int:vote_id>/remplacer", methods=["GET", "POST"])
@access("public")
@limiter.limit(RECEIPT_ATTEMPTS, methods=["POST"])
def replace(vote_id: int) -> ResponseReturnValue:
    """Open to anyone holding a receipt: a voter who voted on paper has no account to sign in with."""
    vote = load_vote(vote_id)
    form = ReceiptForm()
    if not form.validate_on_submit():
        return _render_replace(vote, form, status=422 if request.method == "POST" else 200)
    try:
        content = ballot_from_form(vote, request.form)
        code = casting.replace(vote, form.receipt.data or "", content)
    except DomainError as error:
        db.session.rollback()
        receipt_errors = [message for field, message in error.problems if field == "receipt"]
        form.receipt.errors = [*form.receipt.errors, *receipt_errors]
        others = [message for field, message in error.problems if field != "receipt"]
        return _render_replace(vote, form, others, status=422)
    db.session.commit()
    flash(_("Votre bulletin a été remplacé. L'ancien reçu ne vaut plus : voici le nouveau."), "success")
    return _hand_over(vote, code)
