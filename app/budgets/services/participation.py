"""Who took part in an edition's vote, counted by person and only ever in aggregate: by
arrondissement (per 1,000 inhabitants where the population is known), by age band and gender from
the answers residents chose to give (a group of fewer than 10 people is not shown), and ballots on
the web against paper.

The voter roll knows *that* someone voted (never what): each person is found from their roll keys —
an account, or an identity document for a paper voter without one (the census gives their quartier)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts.models import AGE_BANDS, GENDERS, CensusEntry, ExternalIdentity, User
from app.budgets.models import Edition
from app.budgets.outcomes import EnvelopeResult, ParticipationSnapshot
from app.core.figures import GroupLine, group_lines
from app.extensions import db
from app.geo.models import District, Quartier
from app.votes.models import Ballot, RollEntry


@dataclass(frozen=True)
class Person:
    quartier_id: int | None
    gender: str | None
    age_band: str | None


def _vote_ids(edition: Edition) -> list[int]:
    return [envelope.vote_id for envelope in edition.envelopes if envelope.vote_id is not None]


USER_KEY, IDENTITY_KEY = "user:", "identity:"  # the roll's key prefixes (`accounts.services.identity.voter_keys`)


def participants(edition: Edition) -> list[Person]:
    """Every person on the roll of at least one envelope, once. The roll's keys are matched to people
    by the database: a city's tens of thousands of voters would not fit in a statement's parameters."""
    vote_ids = _vote_ids(edition)
    if not vote_ids:
        return []
    keys = sa.select(RollEntry.voter_key.label("key")).where(RollEntry.vote_id.in_(vote_ids)).distinct().cte("keys")
    named = sa.func.substr(keys.c.key, len(USER_KEY) + 1)
    identity = sa.func.substr(keys.c.key, len(IDENTITY_KEY) + 1)
    is_user, is_identity = keys.c.key.startswith(USER_KEY), keys.c.key.startswith(IDENTITY_KEY)
    # An identity that stands for an account (verified with it, or vouched by a provider) is that account.
    owned = sa.select(User.id).join(keys, User.identity_hash == identity).where(is_identity)
    vouched = sa.select(ExternalIdentity.user_id).join(keys, ExternalIdentity.identity_key == identity)
    accounts = sa.union(
        sa.select(sa.cast(named, sa.Integer)).where(is_user), owned.where(is_identity), vouched.where(is_identity)
    ).subquery()
    people = [
        Person(quartier_id, gender, age_band)
        for quartier_id, gender, age_band in db.session.execute(
            sa.select(User.quartier_id, User.gender, User.age_band).where(User.id.in_(sa.select(accounts.c[0])))
        )
    ]
    # The other identities are paper voters without an account: the census gives their quartier.
    unowned = (
        sa.select(CensusEntry.quartier_id)
        .select_from(keys)
        .outerjoin(CensusEntry, CensusEntry.identity_hash == identity)
        .where(
            is_identity,
            ~sa.exists().where(User.identity_hash == identity),
            ~sa.exists().where(ExternalIdentity.identity_key == identity),
        )
        .order_by(identity)
    )
    people += [Person(quartier_id, None, None) for quartier_id in db.session.scalars(unowned)]
    return people


@dataclass(frozen=True)
class DistrictLine:
    district: District
    voters: int
    per_thousand: Fraction | None  # None where the population is not known


@dataclass
class Participation:
    voters: int = 0
    districts: list[DistrictLine] = field(default_factory=list)
    unknown_place: int = 0
    genders: list[GroupLine] = field(default_factory=list)
    age_bands: list[GroupLine] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)  # ballots by channel, all envelopes


def participation(edition: Edition) -> Participation:
    people = participants(edition)
    figures = Participation(voters=len(people))
    district_of = dict(db.session.execute(sa.select(Quartier.id, Quartier.district_id)).all())
    by_district = Counter(district_of.get(person.quartier_id) for person in people)
    figures.unknown_place = by_district.pop(None, 0)
    for district in db.session.scalars(sa.select(District).order_by(District.number)):
        count = by_district[district.id]
        rate = Fraction(1000 * count, district.population) if district.population else None
        figures.districts.append(DistrictLine(district, count, rate))
    genders: Counter[str | None] = Counter(person.gender for person in people)
    ages: Counter[str | None] = Counter(person.age_band for person in people)
    figures.genders = group_lines(genders, GENDERS)
    figures.age_bands = group_lines(ages, AGE_BANDS)
    vote_ids = _vote_ids(edition)
    if vote_ids:
        rows = db.session.execute(
            sa.select(Ballot.channel, sa.func.count()).where(Ballot.vote_id.in_(vote_ids)).group_by(Ballot.channel)
        )
        figures.channels = {channel: count for channel, count in rows}
    return figures


# Kept once the vote is over ----------------------------------------------------------------------


def _to_json(figures: Participation) -> dict[str, Any]:
    return {
        "voters": figures.voters,
        "unknown_place": figures.unknown_place,
        "districts": [
            [line.district.id, line.voters, None if line.per_thousand is None else str(line.per_thousand)]
            for line in figures.districts
        ],
        "genders": [[line.key, line.people] for line in figures.genders],
        "age_bands": [[line.key, line.people] for line in figures.age_bands],
        "channels": figures.channels,
    }


def _from_json(data: dict[str, Any]) -> Participation:
    districts = {d.id: d for d in db.session.scalars(sa.select(District))}
    return Participation(
        voters=data["voters"],
        unknown_place=data["unknown_place"],
        districts=[
            DistrictLine(districts[key], voters, None if rate is None else Fraction(rate))
            for key, voters, rate in data["districts"]
            if key in districts
        ],
        genders=[GroupLine(key, people) for key, people in data["genders"]],
        age_bands=[GroupLine(key, people) for key, people in data["age_bands"]],
        channels=data["channels"],
    )


def stored_participation(edition: Edition) -> Participation | None:
    """The figures kept once the vote was over and tallied; None while there are none."""
    snapshot = db.session.get(ParticipationSnapshot, edition.id)
    return None if snapshot is None else _from_json(snapshot.figures)


def final_participation(edition: Edition) -> Participation:
    """The figures of the results page: computed once every envelope of the vote is tallied, then
    read back from the snapshot (the roll no longer changes); live until then."""
    stored = stored_participation(edition)
    if stored is not None:
        return stored
    figures = participation(edition)
    voted = [envelope.id for envelope in edition.envelopes if envelope.vote_id is not None]
    tallied = db.session.scalar(
        sa.select(sa.func.count()).select_from(EnvelopeResult).where(EnvelopeResult.envelope_id.in_(voted))
    )
    if voted and tallied == len(voted):
        try:
            with db.session.begin_nested():  # two first visits at once: one keeps its snapshot
                db.session.add(ParticipationSnapshot(edition_id=edition.id, figures=_to_json(figures)))
        except IntegrityError:
            pass
    return figures
