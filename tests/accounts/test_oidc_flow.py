"""Signing in through an OpenID Connect provider, over HTTP against the test provider: new accounts,
linking to an existing account with proof, every refusal, unlinking, sign-out at the provider."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import ExternalIdentity, OIDCAttempt, User
from app.accounts.services.identity import identity_checked, voter_keys
from app.core.audit import AuditEntry
from app.extensions import db
from tests.accounts.conftest import PASSWORD, oidc_settings, text
from tests.accounts.oidc_provider import ProviderForTests
from tests.test_security_headers import page_problems

SLUG = "ville"


@pytest.fixture
def app_config(oidc_provider: ProviderForTests) -> dict[str, Any]:
    return {
        "OIDC_PROVIDERS": (
            oidc_settings(oidc_provider, SLUG),
            oidc_settings(oidc_provider, "etat", label="Identité d'État", vouches_identity=True),
        )
    }


class _Stay(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def provider_answer(url: str) -> str:
    """Open the provider's authorization URL as a browser would; return where it sends us back."""
    try:
        build_opener(_Stay).open(url, timeout=5)
    except HTTPError as answer:
        assert answer.code == 302, answer.read()
        return answer.headers["Location"]
    raise AssertionError("the provider did not redirect")


def leave_for_provider(client: FlaskClient, slug: str = SLUG, next_url: str = "") -> str:
    response = client.get(f"/compte/oidc/{slug}", query_string={"next": next_url} if next_url else {})
    assert response.status_code == 303, text(response)
    location = response.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    return location


def sign_in_through(client: FlaskClient, slug: str = SLUG, next_url: str = "") -> Any:
    """The whole round trip; the answer of Parvis' callback."""
    return client.get(provider_answer(leave_for_provider(client, slug, next_url)))


def signed_in_user(client: FlaskClient) -> User | None:
    with client.session_transaction() as session:
        ident = session.get("_user_id")
    return db.session.get(User, int(ident.split(":")[0])) if ident else None


def complete(client: FlaskClient, **fields: Any) -> Any:
    return client.post("/compte/oidc/nouveau-compte", data={"display_name": "Camille", **fields})


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# A first sign-in creates an account ----------------------------------------------------------------


def test_first_sign_in_creates_an_account_after_completion(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    page = client.get("/compte/connexion")
    assert "Se connecter avec Compte Ville" in text(page)

    back = sign_in_through(client, next_url="/compte/mes-donnees")
    assert back.status_code == 303 and back.headers["Location"] == "/compte/oidc/nouveau-compte"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0  # nothing until completed

    form = client.get("/compte/oidc/nouveau-compte")
    assert 'value="Camille Martin"' in text(form) and "camille.martin@example.org" in text(form)
    refused = complete(client, display_name="x")
    assert "au moins 2 caractères" in text(refused)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0

    done = complete(client, display_name="Camille M.", gender="femme", consent="y")
    assert done.status_code == 303 and done.headers["Location"] == "/compte/mes-donnees"
    user = db.session.scalar(sa.select(User).where(User.email == "camille.martin@example.org"))
    assert user is not None and user.password_hash is None and user.email_confirmed_at is not None
    assert user.display_name == "Camille M." and user.gender == "femme"
    assert [identity.provider for identity in user.external_identities] == [SLUG]
    assert user.external_identities[0].subject_hash != oidc_provider.person.sub  # only a keyed hash is kept
    assert signed_in_user(client) == user
    assert "accounts.oidc_account_created" in audit_actions() and "accounts.oidc_linked" in audit_actions()
    attempt = db.session.scalar(sa.select(OIDCAttempt))
    assert attempt is not None and attempt.pending is None  # the provider's claims are not kept

    # Signing out ends the provider's session too, and the next sign-in goes straight in.
    out = client.post("/compte/deconnexion")
    assert out.status_code == 303 and out.headers["Location"] == "/compte/oidc/deconnexion"
    onward = text(client.get("/compte/oidc/deconnexion"))
    found = re.search(r'href="(http://127\.0\.0\.1:\d+/logout\?[^"]+)"', onward)
    assert found and found.group(1).startswith(f"{oidc_provider.url}/logout?")
    assert provider_answer(found.group(1)) == "http://localhost/" and len(oidc_provider.logouts) == 1
    logout = parse_qs(urlsplit(found.group(1)).query)
    assert logout["id_token_hint"][0].count(".") == 2
    assert logout["post_logout_redirect_uri"] == ["http://localhost/"]
    assert signed_in_user(client) is None

    again = sign_in_through(client)
    assert again.status_code == 303 and signed_in_user(client) == user
    assert "Bonjour Camille M., vous êtes connecté avec Compte Ville." in text(client.get("/"))
    assert audit_actions().count("accounts.oidc_sign_in") == 1


def test_an_unverified_address_opens_no_account(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    oidc_provider.person.email_verified = False
    response = sign_in_through(client)
    assert "n'a pas vérifié l'adresse e-mail" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert client.get("/compte/oidc/nouveau-compte").status_code == 400  # nothing waits to be completed


def test_an_unverified_address_may_still_link_with_proof(
    app: Flask, client: FlaskClient, oidc_provider: Any, member: Callable[..., Any]
) -> None:
    owner = member(email="camille.martin@example.org", email_confirmed_at=None)
    oidc_provider.person.email_verified = False
    assert sign_in_through(client).headers["Location"] == "/compte/oidc/lier"
    client.post("/compte/oidc/lier", data={"password": PASSWORD})
    db.session.expire_all()
    assert [identity.provider for identity in owner.external_identities] == [SLUG]
    assert owner.email_confirmed_at is None  # neither the provider nor a mail confirmed it


def test_claims_from_userinfo_when_the_id_token_has_only_the_subject(
    app: Flask, client: FlaskClient, oidc_provider: Any
) -> None:
    oidc_provider.claims_in_userinfo_only = True
    assert sign_in_through(client).headers["Location"] == "/compte/oidc/nouveau-compte"
    assert "camille.martin@example.org" in text(client.get("/compte/oidc/nouveau-compte"))


# An account with the same address exists: its owner proves it ----------------------------------------


def test_existing_address_needs_the_password_before_linking(
    app: Flask, client: FlaskClient, oidc_provider: Any, member: Callable[..., Any]
) -> None:
    owner = member(email="camille.martin@example.org", display_name="Camille")
    back = sign_in_through(client)
    assert back.headers["Location"] == "/compte/oidc/lier"
    assert signed_in_user(client) is None
    assert client.get("/compte/oidc/nouveau-compte").headers["Location"] == "/compte/oidc/lier"  # no duplicate

    wrong = client.post("/compte/oidc/lier", data={"password": "pas le bon"})
    assert "Adresse e-mail ou mot de passe incorrect." in text(wrong)
    assert not db.session.scalars(sa.select(ExternalIdentity)).all()

    right = client.post("/compte/oidc/lier", data={"password": PASSWORD})
    assert right.status_code == 303
    db.session.expire_all()
    assert [identity.provider for identity in owner.external_identities] == [SLUG]
    assert signed_in_user(client) == owner
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert "password" in json.loads(db.session.scalars(sa.select(AuditEntry.data)).all()[-1]).values()


def test_existing_address_linked_through_the_mailed_link(
    app: Flask, client: FlaskClient, oidc_provider: Any, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    owner = member(email="camille.martin@example.org", display_name="Camille", email_confirmed_at=None)
    sign_in_through(client)
    sent = client.post("/compte/oidc/lier/email")
    assert "Nous avons envoyé un lien à camille.martin@example.org" in text(sent)
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost(/compte/oidc/lier/confirmer/\S+)", body)
    assert link, body

    other_browser = app.test_client()  # the mail may be opened anywhere
    shown = other_browser.get(link.group(1))
    assert shown.status_code == 200 and "Relier et me connecter" in text(shown)
    assert not owner.external_identities  # opening the link (a mail scanner) changes nothing
    linked = other_browser.post(link.group(1))
    assert linked.status_code == 303 and signed_in_user(other_browser) == owner
    db.session.expire_all()
    assert [identity.provider for identity in owner.external_identities] == [SLUG]
    assert owner.email_confirmed_at is not None  # opening the mail proved the address
    # The password was chosen before anyone confirmed the address: it could be anyone's, so it goes.
    assert owner.password_hash is None
    assert "le mot de passe choisi avant la confirmation" in text(other_browser.get("/"))
    assert other_browser.post(link.group(1)).status_code == 400  # a link serves once


# Refusals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("misbehaviour", "status", "message"),
    [
        ("bad_signature", 400, "n'a pas passé nos vérifications de sécurité"),
        ("wrong_audience", 400, "n'a pas passé nos vérifications de sécurité"),
        ("wrong_nonce", 400, "n'a pas passé nos vérifications de sécurité"),
        ("wrong_issuer", 400, "n'a pas passé nos vérifications de sécurité"),
        ("expired", 400, "était périmée"),
        ("no_email", 200, "ne nous a pas transmis votre adresse e-mail"),
    ],
)
def test_bad_answers_are_refused(
    app: Flask, client: FlaskClient, oidc_provider: Any, misbehaviour: str, status: int, message: str
) -> None:
    oidc_provider.misbehave = misbehaviour
    response = sign_in_through(client)
    body = text(response)
    assert response.status_code == status and message in body
    assert "Avec votre adresse e-mail et votre mot de passe" in body  # the other ways to sign in
    assert signed_in_user(client) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert not db.session.scalars(sa.select(ExternalIdentity)).all()


def test_refused_consent(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    oidc_provider.refuse = True
    response = sign_in_through(client)
    assert response.status_code == 200
    assert "Vous n'avez pas accepté de partager vos informations" in text(response)
    assert signed_in_user(client) is None


def test_replayed_state_is_refused(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    callback = provider_answer(leave_for_provider(client))
    with client.session_transaction() as session:
        state = session["oidc_state"]
    assert client.get(callback).status_code == 303
    with client.session_transaction() as session:
        session["oidc_state"] = state  # even with the state put back in the session
    replay = client.get(callback)
    assert replay.status_code == 400 and "Cette connexion n'est plus valable" in text(replay)


def test_state_from_another_browser_is_refused(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    callback = provider_answer(leave_for_provider(client))
    stranger = app.test_client()
    response = stranger.get(callback)
    assert response.status_code == 400 and "Cette connexion n'est plus valable" in text(response)
    assert signed_in_user(stranger) is None


def test_provider_down(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    app.config["OIDC_PROVIDERS"] = (
        oidc_settings(oidc_provider, SLUG, issuer="http://127.0.0.1:9", timeout=1.0),  # nothing listens there
    )
    response = client.get(f"/compte/oidc/{SLUG}")
    assert response.status_code == 503 and "ne répond pas pour le moment" in text(response)
    assert not db.session.scalars(sa.select(OIDCAttempt)).all()


def test_rotated_key_is_fetched_again(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    sign_in_through(client)  # caches the first key set
    complete(client)
    client.post("/compte/deconnexion")
    oidc_provider.misbehave = "rotated_key"
    fetches = oidc_provider.jwks_fetches
    assert sign_in_through(client).status_code == 303
    assert oidc_provider.jwks_fetches == fetches + 1 and signed_in_user(client) is not None


def test_unknown_provider_is_not_found(app: Flask, client: FlaskClient) -> None:
    assert client.get("/compte/oidc/inconnu").status_code == 404
    assert client.get("/compte/oidc/inconnu/retour?state=x&code=y").status_code == 404


# Linking from the profile, unlinking --------------------------------------------------------------------


def test_link_from_the_profile_then_unlink(
    app: Flask, client: FlaskClient, oidc_provider: Any, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    owner = member(email="lou@example.org", display_name="Lou")
    sign_in("lou@example.org")
    assert "Relier Compte Ville à mon compte" in text(client.get("/compte/"))
    back = sign_in_through(client, next_url="/compte/")
    assert back.headers["Location"] == "/compte/"
    db.session.expire_all()
    identity = owner.external_identities[0]
    assert "Délier Compte Ville" in text(client.get("/compte/"))

    # Another Parvis account cannot take the same provider account.
    client.post("/compte/deconnexion")
    member(email="autre@example.org")
    sign_in("autre@example.org")
    taken = sign_in_through(client)
    assert taken.status_code == 409 and "déjà relié à un autre compte Parvis" in text(taken)

    client.post("/compte/deconnexion")
    sign_in("lou@example.org")
    unlinked = client.post(f"/compte/oidc/delier/{identity.id}")
    assert unlinked.status_code == 303
    db.session.expire_all()
    assert owner.external_identities == [] and "accounts.oidc_unlinked" in audit_actions()


def test_the_only_way_in_cannot_be_unlinked(
    app: Flask, client: FlaskClient, oidc_provider: Any, hx: dict[str, str]
) -> None:
    sign_in_through(client)
    complete(client)
    user = signed_in_user(client)
    assert user is not None
    identity = user.external_identities[0]
    assert "votre seule façon de vous connecter" in text(client.get("/compte/"))
    refused = client.post(f"/compte/oidc/delier/{identity.id}", headers=hx)
    assert refused.status_code == 422 and "C'est votre seule façon de vous connecter" in text(refused)
    assert text(refused).lstrip().startswith('<section id="providers"')

    # With a second provider linked, the first may go.
    assert sign_in_through(client, "etat").status_code == 303
    db.session.expire_all()
    assert client.post(f"/compte/oidc/delier/{identity.id}").status_code == 303
    db.session.expire_all()
    assert [item.provider for item in user.external_identities] == ["etat"]


def test_cannot_unlink_someone_elses(
    app: Flask, client: FlaskClient, oidc_provider: Any, login_as: Callable[..., Any]
) -> None:
    sign_in_through(client)
    complete(client)
    identity = db.session.scalar(sa.select(ExternalIdentity))
    assert identity is not None
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = str(login_as().id)
    assert other.post(f"/compte/oidc/delier/{identity.id}").status_code == 404


# One person, one vote ----------------------------------------------------------------------------------


def test_vouching_identity_counts_once_across_two_accounts(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    """The identity key follows the provider's subject: when the same state identity moves from one
    Parvis account to another, both accounts carry the same key, which the roll allows once."""
    sign_in_through(client, "etat")
    complete(client, display_name="Premier compte")
    first = signed_in_user(client)
    assert first is not None and identity_checked(first) and not first.is_verified  # residency is separate
    first_keys = voter_keys(first)
    assert len(first_keys) == 2 and first_keys[1].startswith("identity:")

    # The same person later links that identity to a second account (after unlinking it).
    db.session.delete(first.external_identities[0])
    db.session.commit()
    client.post("/compte/deconnexion")
    oidc_provider.person.email = "deuxieme@example.org"
    sign_in_through(client, "etat")
    complete(client, display_name="Second compte")
    second = signed_in_user(client)
    assert second is not None and second != first
    assert voter_keys(second)[1] == first_keys[1]

    # A non-vouching provider gives no identity key.
    assert not identity_checked(db.session.get(User, first.id))


# Erasure and export ------------------------------------------------------------------------------------


def test_export_lists_linked_providers_and_erasure_removes_them(
    app: Flask, client: FlaskClient, oidc_provider: Any
) -> None:
    sign_in_through(client, "etat")
    complete(client)
    exported = client.get("/compte/mes-donnees/export.json").get_json()
    assert [item["label"] for item in exported["linked_providers"]] == ["Identité d'État"]
    assert exported["linked_providers"][0]["vouches_identity"] is True
    assert "subject" not in json.dumps(exported)

    page = text(client.get("/compte/mes-donnees"))
    assert "Mot de passe" not in page  # no password to type: the fresh sign-in confirms
    user = signed_in_user(client)
    erased = client.post("/compte/supprimer", data={"confirm": "y"})
    assert erased.status_code == 303
    db.session.expire_all()
    assert user is not None and user.is_erased
    assert not db.session.scalars(sa.select(ExternalIdentity)).all()
    assert not db.session.scalars(sa.select(OIDCAttempt).where(OIDCAttempt.user_id == user.id)).all()


def test_erasure_without_password_needs_a_fresh_sign_in(app: Flask, client: FlaskClient, oidc_provider: Any) -> None:
    sign_in_through(client)
    complete(client)
    with client.session_transaction() as session:
        session["oidc_signed_in_at"] = 0  # long ago
    page = text(client.get("/compte/mes-donnees"))
    assert "Me reconnecter avec Compte Ville" in page
    refused = client.post("/compte/supprimer", data={"confirm": "y"})
    assert "reconnectez-vous d'abord" in text(refused)
    user = signed_in_user(client)
    assert user is not None and not user.is_erased

    # Signing in again at the provider (from the button on that page) confirms it is them.
    back = sign_in_through(client, next_url="/compte/mes-donnees")
    assert back.headers["Location"] == "/compte/mes-donnees"
    assert "vous êtes connecté avec Compte Ville" in text(client.get("/compte/mes-donnees"))
    assert client.post("/compte/supprimer", data={"confirm": "y"}).status_code == 303
    db.session.expire_all()
    assert user.is_erased and user.external_identities == []


def test_pages_keep_the_layout_rules(
    app: Flask, client: FlaskClient, oidc_provider: Any, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    """One <h1> and nothing the CSP refuses, on every page of the provider sign-in."""
    pages: dict[str, str] = {}

    def keep(name: str, response: Any) -> None:
        pages[name] = response.get_data(as_text=True)

    keep("login", client.get("/compte/connexion"))
    keep("register", client.get("/compte/inscription"))
    oidc_provider.refuse = True
    keep("problem", sign_in_through(client))
    oidc_provider.refuse = False
    sign_in_through(client)
    keep("complete", client.get("/compte/oidc/nouveau-compte"))
    complete(client)
    keep("profile", client.get("/compte/"))
    keep("my data", client.get("/compte/mes-donnees"))
    client.post("/compte/deconnexion")
    keep("signed out", client.get("/compte/oidc/deconnexion"))

    member(email="lou@example.org")
    oidc_provider.person.sub, oidc_provider.person.email = "sujet-lou", "lou@example.org"
    sign_in_through(client)
    keep("prove", client.get("/compte/oidc/lier"))
    client.post("/compte/oidc/lier/email")
    link = re.search(r"http://localhost(/\S+)", outbox()[-1].get_body(preferencelist=("plain",)).get_content())
    assert link
    keep("link by mail", client.get(link.group(1)))

    for name, body in pages.items():
        assert "<html" in body, name
        assert not page_problems(body), f"{name}: {page_problems(body)}"
