"""Editions: their settings, their dated phases (which one is open decides what residents may do)
and their envelopes. Staff create and edit them; every change of a phase's dates is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from itertools import pairwise

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import (
    BALLOT_KINDS,
    ENVELOPE_SCOPES,
    PHASE_KINDS,
    REQUIRED_PHASES,
    SUPPORT_LEADS_TO,
    VOTING_SCOPES,
    Edition,
    Envelope,
    Phase,
)
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.services.bodies import slugify
from app.extensions import db
from app.geo.models import District, Quartier, Sector
from app.votes.models import RULES

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")  # also a role grant's scope (reviewers)
# Words the URLs use after /budget/: an edition cannot take them as its slug.
RESERVED = {"nouvelle", "projets", "images", "commentaires", "enveloppes"}
MAX_AMOUNT = Decimal("999999999999.99")


def get_edition(slug: str) -> Edition:
    edition = db.session.scalar(sa.select(Edition).where(Edition.slug == slug))
    if edition is None:
        raise NotFound(_("Cette édition du budget participatif n'existe pas."))
    return edition


def all_editions() -> list[Edition]:
    return list(db.session.scalars(sa.select(Edition).order_by(Edition.year.desc(), Edition.id.desc())))


# Phases --------------------------------------------------------------------------------------------


def current_phase(edition: Edition, now: datetime | None = None) -> Phase | None:
    """The phase open now (the one that started last, should two overlap), or None."""
    moment = now or utcnow()
    open_phases = [phase for phase in edition.phases if phase.is_open(moment)]
    return max(open_phases, key=lambda phase: phase.starts_at) if open_phases else None


def is_open(edition: Edition, kind: str, now: datetime | None = None) -> bool:
    phase = edition.phase(kind)
    return phase is not None and phase.is_open(now or utcnow())


def has_ended(edition: Edition, kind: str, now: datetime | None = None) -> bool:
    phase = edition.phase(kind)
    return phase is not None and phase.is_over(now or utcnow())


def has_started(edition: Edition, kind: str, now: datetime | None = None) -> bool:
    phase = edition.phase(kind)
    return phase is not None and phase.starts_at <= (now or utcnow())


def open_editions(now: datetime | None = None) -> list[tuple[Edition, Phase]]:
    """Editions with a phase open now, and that phase (for the home page)."""
    moment = now or utcnow()
    found = []
    for edition in all_editions():
        phase = current_phase(edition, moment)
        if phase is not None and phase.kind in ("submission", "support", "voting"):
            found.append((edition, phase))
    return found


PhaseDates = dict[str, tuple[datetime | None, datetime | None]]


def phase_order(support_leads_to: str) -> tuple[str, ...]:
    """The phases in the order they run: supports that pick what is reviewed come before review."""
    if support_leads_to != "review":
        return PHASE_KINDS
    return (
        "submission",
        "support",
        "review",
        *(kind for kind in PHASE_KINDS if kind not in ("submission", "support", "review")),
    )


def _check_phases(dates: PhaseDates, order: tuple[str, ...]) -> list[tuple[str, datetime, datetime | None]]:
    problems: list[tuple[str | None, str]] = []
    chosen: list[tuple[str, datetime, datetime | None]] = []
    for kind in order:
        starts, ends = dates.get(kind, (None, None))
        if starts is None and ends is None:
            if kind in REQUIRED_PHASES:
                problems.append((f"{kind}_starts", _("Cette phase est obligatoire : donnez ses dates.")))
            continue
        if starts is None:
            problems.append((f"{kind}_starts", _("Donnez la date d'ouverture de cette phase.")))
            continue
        if ends is None and kind not in ("results", "followup"):
            problems.append((f"{kind}_ends", _("Donnez la date de clôture de cette phase.")))
            continue
        if ends is not None and ends <= starts:
            problems.append((f"{kind}_ends", _("La clôture doit venir après l'ouverture.")))
            continue
        chosen.append((kind, starts, ends))
    for (_kind, _starts, ends), (next_kind, next_starts, _next_ends) in pairwise(chosen):
        if ends is None or next_starts < ends:
            problems.append(
                (f"{next_kind}_starts", _("Cette phase ne peut commencer qu'après la fin de la précédente."))
            )
    if problems:
        raise DomainError(problems)
    return chosen


def set_phases(actor: User | None, edition: Edition, dates: PhaseDates) -> None:
    """Replace the edition's phase dates (an absent optional phase is removed). Each change of a
    phase that already existed is audited with its old and new dates."""
    chosen = _check_phases(dates, phase_order(edition.support_leads_to))
    existing = {phase.kind: phase for phase in edition.phases}
    changes = []
    for kind, starts, ends in chosen:
        phase = existing.pop(kind, None)
        if phase is None:
            edition.phases.append(Phase(kind=kind, starts_at=starts, ends_at=ends))
            changes.append({"kind": kind, "new": [starts, ends]})
        elif (phase.starts_at, phase.ends_at) != (starts, ends):
            changes.append({"kind": kind, "old": [phase.starts_at, phase.ends_at], "new": [starts, ends]})
            phase.starts_at, phase.ends_at = starts, ends
    for kind, phase in existing.items():
        changes.append({"kind": kind, "old": [phase.starts_at, phase.ends_at], "new": None})
        edition.phases.remove(phase)
    db.session.flush()
    if changes:
        audit.record(
            "budgets.phases_changed",
            actor_id=actor.id if actor else None,
            subject_type="budget_edition",
            subject_id=edition.id,
            data={"changes": changes},
        )


# Editions -----------------------------------------------------------------------------------------


@dataclass
class EditionInput:
    title: str
    year: int
    slug: str = ""
    description: str = ""
    unverified_may_propose: bool = False
    unverified_may_support: bool = False
    support_limit: int | None = None
    support_pass_count: int | None = None
    support_leads_to: str = "vote"
    show_support_counts: bool = True
    voting_scope: str = "own_and_city"
    rule: str = "greedy"
    show_counts_during_vote: bool = False


def _check_edition(data: EditionInput) -> None:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre à l'édition.")))
    if not 2000 <= (data.year or 0) <= 2100:
        problems.append(("year", _("Indiquez l'année de l'édition, par exemple 2027.")))
    if data.rule not in RULES:
        problems.append(("rule", _("Choisissez la règle de désignation des lauréats.")))
    if data.voting_scope not in VOTING_SCOPES:
        problems.append(("voting_scope", _("Choisissez les enveloppes où chacun peut voter.")))
    if data.support_leads_to not in SUPPORT_LEADS_TO:
        problems.append(("support_leads_to", _("Choisissez ce que décident les soutiens.")))
    for name in ("support_limit", "support_pass_count"):
        value = getattr(data, name)
        if value is not None and not 1 <= value <= 1000:
            problems.append((name, _("Un nombre entre 1 et 1000, ou rien.")))
    if problems:
        raise DomainError(problems)


def _apply(edition: Edition, data: EditionInput) -> None:
    for item in fields(data):
        if item.name != "slug":
            value = getattr(data, item.name)
            setattr(edition, item.name, value.strip() if isinstance(value, str) else value)


def create_edition(actor: User | None, data: EditionInput) -> Edition:
    _check_edition(data)
    slug = (data.slug or slugify(data.title)).strip().lower()
    if not SLUG.match(slug) or slug in RESERVED:
        raise DomainError([("slug", _("L'identifiant s'écrit en minuscules, chiffres et tirets."))])
    if db.session.scalar(sa.select(Edition.id).where(Edition.slug == slug)) is not None:
        raise DomainError([("slug", _("Une édition porte déjà cet identifiant (%(slug)s).", slug=slug))])
    edition = Edition(slug=slug, created_by_id=actor.id if actor else None)
    _apply(edition, data)
    db.session.add(edition)
    db.session.flush()
    audit.record(
        "budgets.edition_created",
        actor_id=actor.id if actor else None,
        subject_type="budget_edition",
        subject_id=edition.id,
        data={"slug": slug, "rule": edition.rule},
    )
    return edition


def update_edition(actor: User, edition: Edition, data: EditionInput, now: datetime | None = None) -> Edition:
    """The winner rule and who votes in which envelope are chosen in advance: they cannot change once
    the vote has opened."""
    _check_edition(data)
    if data.rule != edition.rule and has_started(edition, "voting", now):
        raise DomainError([("rule", _("Le vote a commencé : la règle choisie à l'avance ne change plus."))])
    if data.voting_scope != edition.voting_scope and has_started(edition, "voting", now):
        # as the envelopes: a ballot cast under one answer would not be cast under another
        message = _("Le vote a commencé : les enveloppes où chacun peut voter ne changent plus.")
        raise DomainError([("voting_scope", message)])
    if edition.phases and data.support_leads_to != edition.support_leads_to:
        try:
            _check_phases(
                {p.kind: (p.starts_at, p.ends_at) for p in edition.phases}, phase_order(data.support_leads_to)
            )
        except DomainError as error:
            message = _("Les dates des phases ne suivent pas cet ordre : changez d'abord les dates.")
            raise DomainError([("support_leads_to", message)]) from error
    before = {"rule": edition.rule, "voting_scope": edition.voting_scope, "support_limit": edition.support_limit}
    _apply(edition, data)
    db.session.flush()
    audit.record(
        "budgets.edition_updated",
        actor_id=actor.id,
        subject_type="budget_edition",
        subject_id=edition.id,
        data={"before": before, "rule": edition.rule, "voting_scope": edition.voting_scope},
    )
    return edition


# Envelopes ----------------------------------------------------------------------------------------


@dataclass
class EnvelopeInput:
    name: str
    amount: Decimal | None
    scope: str = "city"
    sector_id: int | None = None
    district_id: int | None = None
    ballot_kind: str = "knapsack"
    min_choices: int | None = None
    max_choices: int | None = None
    min_share: int | None = None
    position: int = 0


def _check_envelope(data: EnvelopeInput) -> None:
    problems: list[tuple[str | None, str]] = []
    if not data.name.strip():
        problems.append(("name", _("Donnez un nom à l'enveloppe.")))
    if data.amount is None or not Decimal(0) < data.amount <= MAX_AMOUNT or data.amount != round(data.amount, 2):
        problems.append(("amount", _("Indiquez un montant positif en euros, au centime près.")))
    if data.scope not in ENVELOPE_SCOPES:
        problems.append(("scope", _("Choisissez ce que couvre l'enveloppe.")))
    if data.scope == "sector" and db.session.get(Sector, data.sector_id or 0) is None:
        problems.append(("sector_id", _("Choisissez le secteur.")))
    if data.scope == "district" and db.session.get(District, data.district_id or 0) is None:
        problems.append(("district_id", _("Choisissez l'arrondissement.")))
    if data.ballot_kind not in BALLOT_KINDS:
        problems.append(("ballot_kind", _("Choisissez la forme du bulletin.")))
    if data.ballot_kind == "approval":
        if data.max_choices is None or data.max_choices < 1:
            problems.append(("max_choices", _("Indiquez combien de projets on peut choisir au plus.")))
        elif data.min_choices is not None and not 0 <= data.min_choices <= data.max_choices:
            problems.append(("min_choices", _("Le minimum doit être entre 0 et le maximum.")))
    if data.ballot_kind == "knapsack" and data.min_share is not None and not 0 <= data.min_share <= 100:
        problems.append(("min_share", _("Une part entre 0 et 100 %.")))
    if problems:
        raise DomainError(problems)


def _apply_envelope(envelope: Envelope, data: EnvelopeInput) -> None:
    envelope.name = data.name.strip()
    envelope.amount = data.amount or Decimal(0)
    envelope.scope = data.scope
    envelope.sector_id = data.sector_id if data.scope == "sector" else None
    envelope.district_id = data.district_id if data.scope == "district" else None
    envelope.ballot_kind = data.ballot_kind
    approval = data.ballot_kind == "approval"
    envelope.min_choices = data.min_choices if approval else None
    envelope.max_choices = data.max_choices if approval else None
    envelope.min_share = data.min_share if not approval else None
    envelope.position = data.position


def _refuse_once_voting(edition: Edition, now: datetime | None) -> None:
    if has_started(edition, "voting", now):
        raise DomainError(_("Le vote a commencé : les enveloppes ne changent plus."))


def add_envelope(actor: User | None, edition: Edition, data: EnvelopeInput, now: datetime | None = None) -> Envelope:
    _check_envelope(data)
    _refuse_once_voting(edition, now)
    envelope = Envelope()
    _apply_envelope(envelope, data)
    edition.envelopes.append(envelope)
    edition.updated_at = utcnow()  # the edition's version, which per-process copies of its envelopes go by
    db.session.flush()
    audit.record(
        "budgets.envelope_added",
        actor_id=actor.id if actor else None,
        subject_type="budget_envelope",
        subject_id=envelope.id,
        data={"edition": edition.slug, "name": envelope.name, "amount": envelope.amount},
    )
    return envelope


def update_envelope(actor: User, envelope: Envelope, data: EnvelopeInput, now: datetime | None = None) -> Envelope:
    _check_envelope(data)
    _refuse_once_voting(envelope.edition, now)
    before = {"amount": envelope.amount, "ballot_kind": envelope.ballot_kind}
    _apply_envelope(envelope, data)
    envelope.edition.updated_at = utcnow()  # see add_envelope
    db.session.flush()
    audit.record(
        "budgets.envelope_updated",
        actor_id=actor.id,
        subject_type="budget_envelope",
        subject_id=envelope.id,
        data={"before": before, "amount": envelope.amount, "ballot_kind": envelope.ballot_kind},
    )
    return envelope


def get_envelope(envelope_id: int) -> Envelope:
    envelope = db.session.get(Envelope, envelope_id)
    if envelope is None:
        raise NotFound(_("Cette enveloppe n'existe pas."))
    return envelope


def envelope_for(edition: Edition, quartier: Quartier | None) -> Envelope | None:
    """The most local envelope covering `quartier` (arrondissement, then sector, then city)."""
    order = {"district": 0, "sector": 1, "city": 2}
    covering = [envelope for envelope in edition.envelopes if envelope.covers(quartier)]
    return min(covering, key=lambda envelope: (order[envelope.scope], envelope.position), default=None)


def votable_envelopes(edition: Edition, quartier: Quartier | None) -> list[Envelope]:
    """The envelopes a resident of `quartier` may vote in, as the edition says: their own area's
    (the most local that covers them) and the city-wide ones, only their own, or all of them."""
    if edition.voting_scope == "all":
        return list(edition.envelopes)
    own = envelope_for(edition, quartier)
    local = [own] if own is not None and own.scope != "city" else []
    city = [envelope for envelope in edition.envelopes if envelope.scope == "city"]
    if edition.voting_scope == "own":
        return local or city[:1]
    return [*local, *city]
