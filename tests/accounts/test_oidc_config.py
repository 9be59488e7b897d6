"""Providers read from the environment: a complete entry, defaults, and a clear ConfigError for
each mistake an IT team can make."""

from __future__ import annotations

import pytest

from app.config import ConfigError, load, oidc_providers

BASE = {
    "PARVIS_OIDC_PROVIDERS": "marseille, franceconnect",
    "PARVIS_OIDC_MARSEILLE_ISSUER": "https://connexion.marseille.fr/realms/citoyens",
    "PARVIS_OIDC_MARSEILLE_CLIENT_ID": "parvis",
    "PARVIS_OIDC_MARSEILLE_CLIENT_SECRET": "s3cret",
    "PARVIS_OIDC_MARSEILLE_LABEL": "Compte citoyen Marseille",
    "PARVIS_OIDC_FRANCECONNECT_ISSUER": "https://oidc.franceconnect.gouv.fr/api/v2",
    "PARVIS_OIDC_FRANCECONNECT_CLIENT_ID": "fc-id",
    "PARVIS_OIDC_FRANCECONNECT_CLIENT_SECRET": "fc-secret",
    "PARVIS_OIDC_FRANCECONNECT_LABEL": "FranceConnect",
    "PARVIS_OIDC_FRANCECONNECT_SCOPES": "openid email given_name",
    "PARVIS_OIDC_FRANCECONNECT_VOUCHES_IDENTITY": "1",
    "PARVIS_OIDC_FRANCECONNECT_EMAIL_VERIFIED": "always",
    "PARVIS_OIDC_FRANCECONNECT_CLAIM_NAME": "given_name",
    "PARVIS_OIDC_FRANCECONNECT_AUTH_PARAMS": "acr_values=eidas1&prompt=login consent",
}


def test_two_providers() -> None:
    marseille, franceconnect = oidc_providers(BASE, production=True)
    assert marseille.slug == "marseille" and marseille.label == "Compte citoyen Marseille"
    assert marseille.scopes == ("openid", "email", "profile") and not marseille.vouches_identity
    assert marseille.discovery == "https://connexion.marseille.fr/realms/citoyens/.well-known/openid-configuration"
    assert franceconnect.vouches_identity and franceconnect.email_verified == "always"
    assert franceconnect.scopes == ("openid", "email", "given_name")
    assert franceconnect.claim_name == ("given_name",)
    assert franceconnect.auth_params == (("acr_values", "eidas1"), ("prompt", "login consent"))


def test_none_configured() -> None:
    assert oidc_providers({}) == ()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"PARVIS_OIDC_PROVIDERS": "Marseille"}, "not a valid name"),
        ({"PARVIS_OIDC_PROVIDERS": "marseille,marseille"}, "twice"),
        ({"PARVIS_OIDC_MARSEILLE_CLIENT_SECRET": ""}, "PARVIS_OIDC_MARSEILLE_CLIENT_SECRET"),
        ({"PARVIS_OIDC_MARSEILLE_ISSUER": "connexion.marseille.fr"}, "must be a full URL"),
        ({"PARVIS_OIDC_MARSEILLE_ISSUER": "http://connexion.marseille.fr"}, "must use https://"),
        ({"PARVIS_OIDC_MARSEILLE_SCOPES": "email profile"}, "must include openid"),
        ({"PARVIS_OIDC_FRANCECONNECT_VOUCHES_IDENTITY": "peut-être"}, "must be 1 or 0"),
        ({"PARVIS_OIDC_FRANCECONNECT_EMAIL_VERIFIED": "souvent"}, "'claim' or 'always'"),
        ({"PARVIS_OIDC_FRANCECONNECT_AUTH_PARAMS": "state=fixe"}, "may not set state"),
        ({"PARVIS_OIDC_TIMEOUT": "jamais"}, "PARVIS_OIDC_TIMEOUT"),
    ],
)
def test_mistakes_say_what_to_fix(change: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        oidc_providers({**BASE, **change}, production=True)


def test_plain_http_is_allowed_outside_production() -> None:
    env = {**BASE, "PARVIS_OIDC_MARSEILLE_ISSUER": "http://127.0.0.1:8080/realms/test"}
    assert oidc_providers(env, production=False)[0].issuer == "http://127.0.0.1:8080/realms/test"


def test_load_reads_them_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name, value in BASE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PARVIS_INSTANCE", str(tmp_path))
    assert [provider.slug for provider in load()["OIDC_PROVIDERS"]] == ["marseille", "franceconnect"]
    monkeypatch.setenv("PARVIS_OIDC_MARSEILLE_CLIENT_ID", "")
    with pytest.raises(ConfigError, match="PARVIS_OIDC_MARSEILLE_CLIENT_ID"):
        load()
