"""The OpenID Connect protocol as a relying party: discovery, the authorization request with PKCE,
the code exchange, and the checks on the ID token (signature, issuer, audience, expiry, nonce).

Nothing here touches the database. HTTP goes through the standard library with a timeout (the
provider may be down; the resident must get an answer quickly); the discovery document and the
signing keys are cached per process, and the keys fetched again once when a token names a key we
do not know (the provider rotated its keys).
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote_plus, urlencode, urlsplit
from urllib.request import Request, urlopen

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from app.config import OIDCProvider

log = logging.getLogger(__name__)

CLOCK_SKEW = 60  # seconds of disagreement tolerated between our clock and the provider's
DISCOVERY_TTL = 3600
JWKS_TTL = 3600
MAX_RESPONSE = 1024 * 1024
# Signatures by the provider's published keys only: no "none", and no shared-secret algorithms.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


class OIDCError(Exception):
    """The provider could not sign the resident in. `kind` says what went wrong, for the page the
    resident sees: "unavailable" (down, timeout, bad answer), "refused" (the resident said no),
    "invalid" (a token that fails a check), "expired" (an expired token); `detail` is for the log."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind}: {detail}")


@dataclass(frozen=True)
class Authorization:
    """What to send the resident to, and what to keep server-side until they come back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class SignIn:
    """What a checked ID token (and the userinfo answer, if asked) says about the resident."""

    subject: str
    claims: dict[str, Any]
    id_token: str


@dataclass
class _Cache:
    entries: dict[str, tuple[float, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str, ttl: float) -> Any | None:
        with self.lock:
            entry = self.entries.get(key)
        if entry is None or time.monotonic() - entry[0] > ttl:
            return None
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), value)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_discovery_cache = _Cache()
_jwks_cache = _Cache()


def clear_caches() -> None:
    _discovery_cache.clear()
    _jwks_cache.clear()


# HTTP -------------------------------------------------------------------------------------------


def _http(
    provider: OIDCProvider, url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, or of a form POST when `data` is given. Error statuses
    are returned (a token endpoint explains its refusals in the body); network failures raise."""
    body = urlencode(data).encode() if data is not None else None
    request = Request(url, data=body, headers={"Accept": "application/json", **(headers or {})})
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urlopen(request, timeout=provider.timeout) as response:
            return response.status, response.headers.get_content_type(), response.read(MAX_RESPONSE + 1)
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read(MAX_RESPONSE + 1)
    except (URLError, TimeoutError, OSError) as error:
        raise OIDCError("unavailable", f"{url}: {error}") from error


def _json(provider: OIDCProvider, url: str, **kwargs: Any) -> dict[str, Any]:
    status, _type, body = _http(provider, url, **kwargs)
    if status != 200:
        raise OIDCError("unavailable", f"{url} answered {status}")
    return _parse_json(url, body)


def _parse_json(url: str, body: bytes) -> dict[str, Any]:
    if len(body) > MAX_RESPONSE:
        raise OIDCError("unavailable", f"{url}: answer too large")
    try:
        document = json.loads(body)
    except ValueError as error:
        raise OIDCError("unavailable", f"{url}: not JSON") from error
    if not isinstance(document, dict):
        raise OIDCError("unavailable", f"{url}: not a JSON object")
    return document


# Discovery and keys -----------------------------------------------------------------------------


def discover(provider: OIDCProvider) -> dict[str, Any]:
    """The provider's discovery document, checked and cached for an hour."""
    cached = _discovery_cache.get(provider.discovery, DISCOVERY_TTL)
    if cached is not None:
        return cached
    document = _json(provider, provider.discovery)
    if document.get("issuer") != provider.issuer:
        # OpenID Connect Discovery 4.3: a document for another issuer must not be used.
        raise OIDCError("unavailable", f"discovery issuer {document.get('issuer')!r} is not {provider.issuer!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str) or urlsplit(document[key]).scheme not in ("https", "http"):
            raise OIDCError("unavailable", f"discovery document lacks {key}")
    _discovery_cache.put(provider.discovery, document)
    return document


def _keys(provider: OIDCProvider, jwks_uri: str, fresh: bool = False) -> KeySet:
    cached = None if fresh else _jwks_cache.get(jwks_uri, JWKS_TTL)
    if cached is not None:
        return cached
    try:
        keys = KeySet.import_key_set(_json(provider, jwks_uri))  # type: ignore[arg-type]
    except (JoseError, KeyError, TypeError, ValueError) as error:
        raise OIDCError("unavailable", f"{jwks_uri}: unusable key set ({error})") from error
    _jwks_cache.put(jwks_uri, keys)
    return keys


def end_session_endpoint(provider: OIDCProvider) -> str | None:
    """Where to send the resident to end their session at the provider, if it offers that. Never
    raises: signing out of Parvis must work when the provider is down."""
    try:
        endpoint = discover(provider).get("end_session_endpoint")
    except OIDCError as error:
        log.warning("provider %s: no logout endpoint (%s)", provider.slug, error.detail)
        return None
    return endpoint if isinstance(endpoint, str) and endpoint else None


def logout_url(provider: OIDCProvider, id_token: str, post_logout_redirect_uri: str) -> str | None:
    endpoint = end_session_endpoint(provider)
    if endpoint is None:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.client_id,
            "state": generate_token(24),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# The flow ---------------------------------------------------------------------------------------


def authorization(provider: OIDCProvider, redirect_uri: str) -> Authorization:
    """The URL of the provider's sign-in page, with a fresh state, nonce and PKCE challenge (S256)."""
    endpoint = discover(provider)["authorization_endpoint"]
    state, nonce, verifier = generate_token(43), generate_token(43), generate_token(64)
    url = prepare_grant_uri(
        endpoint,
        provider.client_id,
        "code",
        redirect_uri=redirect_uri,
        scope=list(provider.scopes),
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
        **dict(provider.auth_params),
    )
    return Authorization(url=url, state=state, nonce=nonce, code_verifier=verifier)


def _client_auth(provider: OIDCProvider, document: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(extra form fields, headers) authenticating Parvis at the token endpoint: HTTP Basic, the
    default of the standard, unless the provider only accepts the secret in the form."""
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in methods and "client_secret_post" in methods:
        return {"client_id": provider.client_id, "client_secret": provider.client_secret}, {}
    # RFC 6749 2.3.1: each part is form-encoded before being joined.
    pair = f"{quote_plus(provider.client_id, safe='')}:{quote_plus(provider.client_secret, safe='')}"
    return {}, {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}


def exchange(provider: OIDCProvider, code: str, redirect_uri: str, code_verifier: str, nonce: str) -> SignIn:
    """Trade the authorization code for tokens, check the ID token, and read what it says."""
    document = discover(provider)
    fields, headers = _client_auth(provider, document)
    status, _type, body = _http(
        provider,
        document["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            **fields,
        },
        headers=headers,
    )
    if status in (400, 401):
        answer = _parse_json(document["token_endpoint"], body)
        raise OIDCError("invalid", f"token endpoint refused the code: {answer.get('error')}")
    if status != 200:
        raise OIDCError("unavailable", f"token endpoint answered {status}")
    tokens = _parse_json(document["token_endpoint"], body)
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise OIDCError("invalid", "no id_token in the token response")
    claims = validate_id_token(provider, document, id_token, nonce)
    access_token = tokens.get("access_token")
    if document.get("userinfo_endpoint") and isinstance(access_token, str) and _wants_userinfo(provider, claims):
        claims = {**_userinfo(provider, document, access_token, claims["sub"]), **claims}
    return SignIn(subject=claims["sub"], claims=claims, id_token=id_token)


def _decode(provider: OIDCProvider, document: dict[str, Any], token: str) -> jwt.Token:
    supported = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [name for name in SIGNING_ALGORITHMS if name in supported]
    if not algorithms:
        raise OIDCError("unavailable", f"no signing algorithm we accept among {supported}")
    for fresh in (False, True):
        keys = _keys(provider, document["jwks_uri"], fresh=fresh)
        try:
            return jwt.decode(token, keys, algorithms=algorithms)
        except InvalidKeyIdError as error:
            if fresh:
                raise OIDCError("invalid", f"token signed with an unknown key ({error})") from error
            log.info("provider %s: unknown key id, fetching its keys again", provider.slug)
        except (JoseError, ValueError) as error:
            raise OIDCError("invalid", f"bad token signature or format ({error})") from error
    raise AssertionError("unreachable")


def validate_id_token(provider: OIDCProvider, document: dict[str, Any], token: str, nonce: str) -> dict[str, Any]:
    """OpenID Connect Core 3.1.3.7: signature by the provider's key, issuer, audience (and `azp`
    when there are several), expiry and issue time within the clock-skew bound, and our nonce."""
    claims = dict(_decode(provider, document, token).claims)
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_SKEW,
        iss={"essential": True, "value": provider.issuer},
        sub={"essential": True},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise OIDCError("expired", "the ID token has expired") from error
    except JoseError as error:
        raise OIDCError("invalid", f"ID token claim check failed ({error})") from error
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != provider.client_id:
        raise OIDCError("invalid", "several audiences and azp is not our client id")
    if "azp" in claims and claims["azp"] != provider.client_id:
        raise OIDCError("invalid", "azp is not our client id")
    return claims


def _wants_userinfo(provider: OIDCProvider, claims: dict[str, Any]) -> bool:
    """FranceConnect and others put the person's details in the userinfo answer only."""
    return provider.claim_email not in claims or not any(name in claims for name in provider.claim_name)


def _userinfo(provider: OIDCProvider, document: dict[str, Any], access_token: str, subject: str) -> dict[str, Any]:
    endpoint = document["userinfo_endpoint"]
    status, content_type, body = _http(provider, endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if status != 200:
        raise OIDCError("unavailable", f"userinfo answered {status}")
    if content_type == "application/jwt":
        # A signed answer (FranceConnect v2): same keys and issuer as the ID token.
        claims = dict(_decode(provider, document, body.decode("ascii", "replace").strip()).claims)
        if claims.get("iss") != provider.issuer:
            raise OIDCError("invalid", "userinfo issuer mismatch")
    else:
        claims = _parse_json(endpoint, body)
    if claims.get("sub") != subject:
        # Core 5.3.2: the userinfo answer must be about the person the ID token names.
        raise OIDCError("invalid", "userinfo sub differs from the ID token's")
    return claims
