"""The results of an edition: winners per envelope with their votes and cost, the amount used, the
rule explained, the overrides and their reasons, and who took part (SVG charts with the same figures
in tables); staff publish them at the close, admins override a result with a public reason."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.accounts.models import AGE_BANDS
from app.budgets.blueprint import bp
from app.budgets.forms import STATUS_LABELS
from app.budgets.models import Edition, Proposal
from app.budgets.permissions import can_override, can_run_tally
from app.budgets.services import participation, result_versions, results, voting
from app.budgets.views.common import actor, load_edition, load_proposal
from app.budgets.voting_forms import CHANNEL_LABELS, GENDER_LABELS, RULE_EXPLANATIONS, OverrideForm
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.figures import Bar, bars
from app.core.htmx import render
from app.core.kept import kept
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, refused
from app.extensions import db
from app.votes.services import votes

SECTIONS = "budgets_result_sections"  # this process's drawn sections of results pages (app.core.kept)


def per_thousand(rate: Fraction) -> str:
    """A rate per 1,000 inhabitants to one decimal (display only: the figure stays exact)."""
    tenths = (rate * 10).numerator * 2 // (rate * 10).denominator
    return format_decimal(Decimal((tenths + 1) // 2) / 10, format="#,##0.0")


def _record_due_closes(item: Edition) -> None:
    """A results page past the close records it (the tally follows), so results never wait for a job.
    Once every vote's close is recorded there is nothing left to do: no work and no commit (a commit
    expires everything loaded, and reloading it object by object was most of the page's time)."""
    if voting.all_closed(item):
        return
    now = utcnow()
    voting.ensure_prepared(item, now)  # dates first: an admin may have moved the voting phase
    for envelope in item.envelopes:
        vote = voting.vote_of(envelope)
        if vote is not None and vote.closed_at is None and votes.status(vote, now) == "closed":
            votes.close_if_due(vote, now)
            results.tally_envelope(None, envelope)
    db.session.commit()


def _group_bars(figures: participation.Participation) -> list[list[Bar]]:
    """Bars of the gender and age groups that are shown (a hidden group is not drawn at all)."""
    names: dict[str, str] = {**{k: str(v) for k, v in GENDER_LABELS.items()}, "": _("Sans réponse")}
    return [
        bars([(names.get(line.key, line.key), line.people) for line in lines if line.people is not None])
        for lines in (figures.genders, figures.age_bands)
    ]


def _status_label() -> Callable[[str], str]:
    """The blueprint's `status_label`, translated once per page rather than once per project line."""
    names = {key: str(label) for key, label in STATUS_LABELS.items()}
    return lambda key: names.get(key, key)


def _sections(item: Edition, can_override_results: bool) -> list[Markup]:
    """Each tallied envelope's section as drawn for its current results (`result_versions`): the page
    of a city-wide edition is hundreds of project lines with their explanations, the same for every
    visitor until a tally or an override changes them. Only what is missing is loaded and drawn."""
    store = kept(SECTIONS)
    locale = str(get_locale())
    keys = {
        envelope_id: (envelope_id, version, locale, can_override_results)
        for envelope_id, version in result_versions.versions(item).items()
    }
    drawn = {envelope_id: store.get(key) for envelope_id, key in keys.items()}
    if any(section is None for section in drawn.values()):
        status_label = _status_label()
        for outcome in results.edition_results(item):
            envelope_id = outcome.envelope.id
            if envelope_id in keys and drawn[envelope_id] is None:
                section = Markup(
                    render_template(
                        "budgets/_result_envelope.html",
                        outcome=outcome,
                        vote_bars=bars([(str(line.rank), line.votes) for line in outcome.lines]),
                        status_label=status_label,
                        can_override=can_override_results,
                    )
                )
                store.put(keys[envelope_id], section)
                drawn[envelope_id] = section
    return [section for envelope in item.envelopes if (section := drawn.get(envelope.id)) is not None]


def _participation_block(figures: participation.Participation) -> Markup:
    district_rows = [line for line in figures.districts if line.voters or line.district.population]
    return Markup(
        render_template(
            "budgets/_participation.html",
            figures=figures,
            district_rows=district_rows,
            district_bars=bars([(str(line.district.number), line.voters) for line in district_rows]),
            channel_bars=bars([(str(CHANNEL_LABELS[key]), n) for key, n in sorted(figures.channels.items())]),
            group_bars=_group_bars(figures),
            gender_labels=GENDER_LABELS,
            age_labels={band: _("%(band)s ans", band=band) for band in AGE_BANDS},
            per_thousand=per_thousand,
            channel_labels=CHANNEL_LABELS,
        )
    )


@bp.get("/<slug>/resultats")
@access("public")
def results_page(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    _record_due_closes(item)
    # The figures kept at the close never change: their drawing is kept too.
    kept_key = ("participation", item.id, str(get_locale()))
    block = kept(SECTIONS).get(kept_key)
    figures, snapshot = None, False
    if block is None:
        figures = participation.stored_participation(item)
        snapshot = figures is not None
        if figures is None and results.edition_results(item):
            figures = participation.final_participation(item)
            db.session.commit()  # the snapshot, once the vote is over
    # Read after the last commit, which would expire what was loaded.
    sections = _sections(item, can_override(current_user))
    if block is None:
        block = _participation_block(figures if figures is not None and sections else participation.Participation())
        if snapshot and sections:
            kept(SECTIONS).put(kept_key, block)
    return render(
        "budgets/results.html",
        edition=item,
        sections=sections,
        participation_block=block,
        rule_explanation=RULE_EXPLANATIONS.get(item.rule, ""),
        can_publish=can_run_tally(current_user, item),
    )


@bp.post("/<slug>/resultats/publier")
@access("staff")
def publish_results(slug: str) -> ResponseReturnValue:
    item = load_edition(slug)
    require(can_run_tally(current_user, item))
    url = url_for("budgets.results_page", slug=item.slug)
    try:
        tallied = results.publish(actor(), item)
    except DomainError as error:
        return refused(error, url)
    db.session.commit()
    return done(_("Résultats publiés pour %(count)s enveloppes.", count=len(tallied)), url)


@bp.route("/projets/<int:proposal_id>/arbitrage", methods=["GET", "POST"])
@access("admin")
def override(proposal_id: int) -> ResponseReturnValue:
    proposal: Proposal = load_proposal(proposal_id)
    require(can_override(current_user))
    funded = proposal.status != "funded"  # the override turns the result around
    form = OverrideForm()
    if request.method == "POST":
        if form.validate_on_submit() and attempt(
            form, lambda: results.override(actor(), proposal, funded, form.reason.data or "")
        ):
            db.session.commit()
            message = _("L'arbitrage est enregistré et publié avec sa raison.")
            return done(message, url_for("budgets.results_page", slug=proposal.edition.slug))
        return failed("budgets/override_form.html", form=form, proposal=proposal, funded=funded)
    return render("budgets/override_form.html", form=form, proposal=proposal, funded=funded)
