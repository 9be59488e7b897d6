"""Keyed hashes of identity documents: the same person always gives the same key, whichever
channel verified them (staff in person, the census file), and the number itself is never kept."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.accounts.models import ExternalIdentity, User
from app.core.security import keyed_hash
from app.extensions import db

# Document types a city accepts; the key is stored, the label shown.
DOCUMENT_LABELS = {
    "cni": _l("Carte nationale d'identité"),
    "passeport": _l("Passeport"),
    "titre-sejour": _l("Titre de séjour"),
    "permis": _l("Permis de conduire"),
}
DOCUMENT_TYPES = tuple(DOCUMENT_LABELS)


def normalise_number(number: str) -> str:
    """Upper case, accents and separators removed: "ab 12-34" and "AB1234" are one document."""
    text = unicodedata.normalize("NFKD", number).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def identity_hash(document_type: str, document_number: str) -> str:
    return keyed_hash(f"{document_type}:{normalise_number(document_number)}", "identity")


def census_check_hash(document_type: str, document_number: str, birth_date: date) -> str:
    """What a resident must know to match a census entry: the document and the birth date."""
    return keyed_hash(f"{document_type}:{normalise_number(document_number)}:{birth_date.isoformat()}", "census")


_VOUCHED_KEYS = sa.select(ExternalIdentity.identity_key).where(
    ExternalIdentity.user_id == sa.bindparam("user_id"), ExternalIdentity.identity_key.is_not(None)
)


def voter_keys(user: User) -> list[str]:
    """Every key that stands for this person on a voter roll. The vote engine writes one roll row per
    key, under a unique constraint, so the same person cannot vote twice through a second account
    (same verified identity, same identity at a vouching provider) or a second channel (a paper
    ballot is keyed by the census identity)."""
    keys = [f"user:{user.id}"]
    if user.identity_hash:
        keys.append(f"identity:{user.identity_hash}")
    # A provider that vouches for identity (FranceConnect): its subject stands for the person, so
    # two Parvis accounts that ever held the same such identity share this key.
    if "external_identities" in sa.inspect(user).unloaded:
        # Not loaded with the user (the signed-in one is: see the login loader): the keys alone.
        vouched = db.session.scalars(_VOUCHED_KEYS, {"user_id": user.id})
    else:
        vouched = (item.identity_key for item in user.external_identities)
    keys.extend(f"identity:{key}" for key in vouched if key)
    return keys


def identity_checked(user: User) -> bool:
    """Whether someone checked who this person is: a document (staff, census) or a provider that
    vouches for identity. Residency is a separate question (`user.is_verified`)."""
    return bool(user.identity_hash) or any(item.identity_key for item in user.external_identities)
