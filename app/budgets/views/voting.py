"""The vote: the ballot page (one form per envelope the resident may vote in, and a focus variant
with nothing else), the receipt shown once, checking and replacing a ballot with its receipt; for
staff, paper ballots at a town hall desk, the turnout, and preparing the votes ahead of time.

Forms post without JavaScript; a refused ballot comes back with what was ticked, its total and the
message that says what to change."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.accounts.models import User
from app.budgets.blueprint import bp
from app.budgets.models import Edition, Envelope
from app.budgets.permissions import can_enter_paper, can_open_ballot, can_see_turnout
from app.budgets.services import editions, envelope_votes, participation, voting
from app.budgets.services import paper as paper_ballots
from app.budgets.views.common import actor, load_edition
from app.budgets.voting_forms import (
    CHANNEL_LABELS,
    RULE_EXPLANATIONS,
    BallotForm,
    PaperForm,
    ReceiptForm,
    ballot_content,
)
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.core.htmx import redirect_to, render
from app.core.permissions import access, require
from app.core.responses import done, refused
from app.extensions import db, limiter
from app.votes.services import casting

RECEIPT_KEY = "budgets_receipt"
RECEIPT_ATTEMPTS = "30 per hour"  # codes are 60 random bits: this keeps guessing hopeless


def _envelope(edition: Edition, envelope_id: int) -> Envelope:
    """The edition's envelope of that id, else 404. Found among the edition's envelopes, which the
    ballot's checks load anyway: no query of its own."""
    envelope = next((item for item in edition.envelopes if item.id == envelope_id), None)
    if envelope is None:
        abort(404)
    return envelope


def _ballot_page(
    edition: Edition,
    posted: dict[int, Any] | None = None,
    errors: dict[int, list[str]] | None = None,
    replacing: dict[int, ReceiptForm] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The ballot page; after a refused ballot, the envelope's form again with what was ticked."""
    now = utcnow()
    ballots = voting.ballot_for(edition, current_user, now)
    db.session.commit()  # the votes prepared on the way, if the phase just opened
    totals = {
        item.envelope.id: voting.chosen_total(item.vote, ballot_content(posted[item.envelope.id]))
        for item in ballots
        if posted and item.envelope.id in posted
    }
    focus = request.args.get("focus") == "1"
    listed = {item.envelope.id for item in ballots}
    stray = [message for key, messages in (errors or {}).items() if key not in listed for message in messages]
    return render(
        "budgets/ballot_focus.html" if focus else "budgets/ballot.html",
        status=status,
        edition=edition,
        ballots=ballots,
        form=BallotForm(),
        posted=posted or {},
        errors=errors or {},
        stray_errors=stray,
        totals=totals,
        replacing=replacing or {},
        receipt_form=ReceiptForm(formdata=None),
        focus=focus,
        voting_open=editions.is_open(edition, "voting", now),
        rule_explanation=RULE_EXPLANATIONS.get(edition.rule, ""),
    )


@bp.get("/<slug>/vote")
@access("user")
def ballot(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_open_ballot(current_user))
    return _ballot_page(item)


def _hand_over(slug: str, envelope_id: int, code: str) -> ResponseReturnValue:
    """The receipt goes through the voter's own session cookie to the page that shows it once.
    Takes plain values read before the commit: the commit expires the edition and the envelope,
    and reading them again would cost a query each."""
    session[RECEIPT_KEY] = {"envelope": envelope_id, "code": code}
    return redirect_to(url_for("budgets.ballot_receipt", slug=slug))


@bp.post("/<slug>/vote/<int:envelope_id>")
@casting.autocommit_cast
@access("user")
def cast_ballot(slug: str, envelope_id: int) -> ResponseReturnValue:
    """The busiest request of a city-wide vote: a ballot that passes loads neither the edition nor the
    vote (see `envelope_votes`); a refused one gets the ballot page with what was ticked. The form's
    CSRF token was checked before the view, as for every post (`CSRFProtect`; a stale one gets core's
    "form expired" page): building a `BallotForm` here would only sign a new token for nothing."""
    require(can_open_ballot(current_user))
    try:
        code = envelope_votes.cast(actor(), slug, envelope_id, ballot_content(request.form))
    except NotFound:
        abort(404)
    except DomainError as error:
        db.session.rollback()
        item = load_edition(slug)
        envelope = _envelope(item, envelope_id)
        return _ballot_page(item, {envelope.id: request.form}, {envelope.id: error.messages}, status=422)
    db.session.commit()
    return _hand_over(slug, envelope_id, code)


@bp.post("/<slug>/vote/<int:envelope_id>/remplacer")
@access("public")
@limiter.limit(RECEIPT_ATTEMPTS)
def replace_ballot(slug: str, envelope_id: int) -> ResponseReturnValue:
    """Open to anyone holding a receipt: a voter who voted on paper may have no account."""
    item = load_edition(slug)
    envelope = _envelope(item, envelope_id)
    form = ReceiptForm()
    if form.validate_on_submit():
        try:
            code = voting.replace(envelope, form.receipt.data or "", ballot_content(request.form))
        except DomainError as error:
            db.session.rollback()
            form.receipt.errors = [message for field, message in error.problems if field == "receipt"]
            others = [message for field, message in error.problems if field != "receipt"]
        else:
            slug, envelope_id = item.slug, envelope.id
            db.session.commit()
            flash(_("Votre bulletin a été remplacé. L'ancien reçu ne vaut plus : voici le nouveau."), "success")
            return _hand_over(slug, envelope_id, code)
    else:
        others = []
    if not current_user.is_authenticated:
        for message in [*form.receipt.errors, *others]:
            flash(message, "error")
        return redirect_to(url_for("budgets.check_receipt", slug=item.slug))
    return _ballot_page(item, {envelope.id: request.form}, {envelope.id: others}, {envelope.id: form}, status=422)


@bp.get("/<slug>/vote/recu")
@access("user")
def ballot_receipt(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    held = session.pop(RECEIPT_KEY, None) or {}
    envelope = next((e for e in item.envelopes if e.id == held.get("envelope")), None)
    code = held.get("code") if envelope is not None else None
    # The vote's id is all the page needs of it (to mail the receipt): not worth loading the vote.
    vote_id = envelope.vote_id if envelope is not None else None
    return render("budgets/receipt.html", edition=item, envelope=envelope, vote_id=vote_id, code=code)


@bp.route("/<slug>/verifier-recu", methods=["GET", "POST"])
@access("public")
@limiter.limit(RECEIPT_ATTEMPTS, methods=["POST"])
def check_receipt(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    form = ReceiptForm()
    checked = form.validate_on_submit()
    result = voting.check_receipt(item, form.receipt.data or "") if checked else None
    return render(
        "budgets/receipt_check.html",
        block="check_result",
        status=422 if checked and result is None else 200,
        edition=item,
        form=form,
        checked=checked,
        result=result,
        vote=voting.vote_of(result.envelope) if result else None,
    )


# Staff ----------------------------------------------------------------------------------------------


def _find_voter(form: PaperForm) -> paper_ballots.PaperVoter:
    if form.voter_email.data:
        email = form.voter_email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            raise DomainError(
                [("voter_email", _("Aucun compte ne porte cette adresse : utilisez la pièce d'identité."))]
            )
        return paper_ballots.PaperVoter(user=user)
    return paper_ballots.PaperVoter(
        document_type=form.document_type.data or "", document_number=form.document_number.data or ""
    )


def _paper_page(edition: Edition, envelope: Envelope | None, form: PaperForm, **context: Any) -> ResponseReturnValue:
    vote = voting.vote_of(envelope) if envelope is not None else None
    return render(
        "budgets/paper.html",
        edition=edition,
        envelope=envelope,
        vote=vote,
        envelopes=[e for e in edition.envelopes if e.vote_id is not None],
        form=form,
        data=context.pop("data", MultiDict()),
        errors=context.pop("errors", []),
        minimum_spend=voting.minimum_spend(vote) if vote is not None else None,
        **context,
    )


@bp.route("/<slug>/papier", methods=["GET", "POST"])
@access("staff")
def paper(slug: str) -> ResponseReturnValue:
    """Staff enter one paper ballot at a time: choose the envelope, the voter, then the ticked projects."""
    item = load_edition(slug)
    require(can_enter_paper(current_user, item))
    voting.ensure_prepared(item)
    db.session.commit()
    chosen = request.values.get("enveloppe", type=int)
    envelope = _envelope(item, chosen) if chosen else None
    if request.method == "GET":
        return _paper_page(item, envelope, PaperForm(place=session.get("budgets_paper_place", "")))
    form = PaperForm()
    if envelope is None:
        abort(400)
    if not form.validate_on_submit():
        return _paper_page(item, envelope, form, data=request.form, status=422)
    try:
        code = paper_ballots.enter(
            actor(), envelope, _find_voter(form), ballot_content(request.form), form.place.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        fields = {name: getattr(form, name) for name in ("place", "voter_email", "document_type", "document_number")}
        others = []
        for name, message in error.problems:
            target = fields.get(name or "") or (form.voter_email if name == "voter" else None)
            if target is not None:
                target.errors = [*target.errors, message]
            else:
                others.append(message)
        return _paper_page(item, envelope, form, data=request.form, errors=others, status=422)
    db.session.commit()
    session["budgets_paper_place"] = form.place.data
    message = _("Bulletin papier enregistré. Reçu à remettre au votant : %(code)s", code=code)
    return done(message, url_for("budgets.paper", slug=item.slug, enveloppe=envelope.id))


@bp.get("/<slug>/participation")
@access("user")
def turnout(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_see_turnout(current_user, item))
    rows = voting.turnout(item)
    db.session.commit()
    return render(
        "budgets/turnout.html",
        edition=item,
        rows=rows,
        voters=participation.participation(item).voters,
        channel_labels=CHANNEL_LABELS,
        projects={p.id: p for row in rows for p in voting.ballot_proposals(row.envelope)},
    )


@bp.post("/<slug>/vote/preparer")
@access("staff")
def prepare_voting(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_enter_paper(current_user, item))
    url = url_for("budgets.edition", slug=item.slug)
    try:
        outcome = voting.prepare_voting(actor(), item)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    count = len(outcome.prepared)
    message = ngettext("%(num)d enveloppe prête pour le vote.", "%(num)d enveloppes prêtes pour le vote.", count)
    if outcome.skipped:
        names = ", ".join(envelope.name for envelope in outcome.skipped)
        message += " " + _("Sans vote, faute d'au moins deux projets : %(names)s.", names=names)
    return done(message, url)
