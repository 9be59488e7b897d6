"""A real OpenID Connect provider for the tests: a small Flask app with its own RSA keys, served on
127.0.0.1 in a thread, so that Parvis talks to it over HTTP exactly as to a city portal or
FranceConnect. It checks what a strict provider checks (client secret, redirect URI, PKCE), and
can be told to misbehave: a bad signature, a wrong audience, an expired token, a wrong nonce, a
rotated key, a refusal of consent, or being down."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "parvis-test"
CLIENT_SECRET = "secret de test du client"

MISBEHAVIOURS = ("bad_signature", "wrong_audience", "expired", "wrong_nonce", "wrong_issuer", "rotated_key", "no_email")


def _key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"}, private=True)


@dataclass
class Person:
    sub: str = "sujet-0001"
    email: str = "camille.martin@example.org"
    email_verified: bool = True
    name: str = "Camille Martin"


@dataclass
class ProviderForTests:
    url: str = ""
    person: Person = field(default_factory=Person)
    misbehave: str | None = None
    refuse: bool = False  # the resident refuses consent
    interactive: bool = False  # show a consent page instead of answering at once
    claims_in_userinfo_only: bool = False  # as FranceConnect: the ID token carries only `sub`
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    logouts: list[dict[str, str]] = field(default_factory=list)
    jwks_fetches: int = 0
    key: RSAKey = field(default_factory=lambda: _key("cle-1"))
    next_key: RSAKey = field(default_factory=lambda: _key("cle-2"))
    rotated: bool = False

    def published_keys(self) -> KeySet:
        return KeySet([self.key, self.next_key] if self.rotated else [self.key])

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "sub": grant["sub"],
            "aud": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "nonce": grant["nonce"],
        }
        if not self.claims_in_userinfo_only:
            claims.update(self._profile(grant))
        key = self.key
        if self.misbehave == "wrong_audience":
            claims["aud"] = "une-autre-application"
        elif self.misbehave == "expired":
            claims.update(exp=now - 600, iat=now - 1200)
        elif self.misbehave == "wrong_nonce":
            claims["nonce"] = "pas-le-bon"
        elif self.misbehave == "wrong_issuer":
            claims["iss"] = "https://faux-fournisseur.example"
        elif self.misbehave == "bad_signature":
            key = _key(self.key.kid or "cle-1")  # same key id, another key: the signature cannot verify
        elif self.misbehave == "rotated_key":
            self.rotated, key = True, self.next_key  # a key Parvis has not fetched yet
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def _profile(self, grant: dict[str, Any]) -> dict[str, Any]:
        if self.misbehave == "no_email":
            return {"name": grant["name"]}
        return {"email": grant["email"], "email_verified": grant["email_verified"], "name": grant["name"]}

    # The HTTP side ----------------------------------------------------------------------------

    def wsgi(self) -> Flask:
        app = Flask("test-oidc-provider")

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                issuer=self.url,
                authorization_endpoint=f"{self.url}/authorize",
                token_endpoint=f"{self.url}/token",
                jwks_uri=f"{self.url}/jwks",
                userinfo_endpoint=f"{self.url}/userinfo",
                end_session_endpoint=f"{self.url}/logout",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/favicon.ico")
        def favicon() -> Any:
            return "", 204

        @app.get("/jwks")
        def jwks() -> Any:
            self.jwks_fetches += 1
            return jsonify(self.published_keys().as_dict(private=False))

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize() -> Any:
            args = request.values
            if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
                abort(400)
            if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
                abort(400, "PKCE S256 is required")
            if "openid" not in args.get("scope", "").split():
                abort(400)
            if self.interactive and request.method == "GET":
                hidden = "".join(f'<input type="hidden" name="{name}" value="{value}">' for name, value in args.items())
                return (
                    "<!doctype html><html lang='fr'><title>Fournisseur de test</title><h1>Fournisseur de test</h1>"
                    f"<p>Parvis demande votre adresse e-mail et votre nom.</p><form method='post'>{hidden}"
                    "<button name='decision' value='oui'>Autoriser</button>"
                    "<button name='decision' value='non'>Refuser</button></form></html>"
                )
            back = args["redirect_uri"]
            if self.refuse or args.get("decision") == "non":
                return redirect(f"{back}?{urlencode({'error': 'access_denied', 'state': args['state']})}")
            code = secrets.token_urlsafe(24)
            person = self.person
            self.codes[code] = {
                "sub": person.sub,
                "email": person.email,
                "email_verified": person.email_verified,
                "name": person.name,
                "nonce": args.get("nonce", ""),
                "challenge": args["code_challenge"],
                "redirect_uri": back,
            }
            return redirect(f"{back}?{urlencode({'code': code, 'state': args['state']})}")

        @app.post("/token")
        def token() -> Any:
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET.replace(' ', '+')}".encode()).decode()
            if request.headers.get("Authorization") != f"Basic {expected}":
                return jsonify(error="invalid_client"), 401
            grant = self.codes.pop(request.form.get("code", ""), None)  # a code serves once
            if grant is None or request.form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify(error="invalid_grant"), 400
            verifier = request.form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant["challenge"]:
                return jsonify(error="invalid_grant", error_description="PKCE verifier"), 400
            access_token = secrets.token_urlsafe(24)
            self.codes[f"access:{access_token}"] = grant
            return jsonify(
                access_token=access_token, token_type="Bearer", expires_in=300, id_token=self.id_token(grant)
            )

        @app.get("/userinfo")
        def userinfo() -> Any:
            grant = self.codes.get("access:" + request.headers.get("Authorization", "").removeprefix("Bearer "))
            if grant is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(sub=grant["sub"], **self._profile(grant))

        @app.get("/logout")
        def logout() -> Any:
            self.logouts.append(dict(request.args))
            return redirect(request.args["post_logout_redirect_uri"])

        return app


@contextmanager
def serve(provider: ProviderForTests | None = None) -> Iterator[ProviderForTests]:
    """Run a provider on 127.0.0.1:<free port> for the duration of the block."""
    provider = provider or ProviderForTests()
    server = make_server("127.0.0.1", 0, provider.wsgi(), threaded=True)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="test-oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
