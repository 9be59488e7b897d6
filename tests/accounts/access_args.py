"""URL samples for tests/test_access.py: the accounts routes added with sign-in through providers.
No provider is configured there, so the provider pages answer 404 and the mailed link is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "accounts.oidc_start": lambda s: {"slug": "ville"},
    "accounts.oidc_callback": lambda s: {"slug": "ville"},
    "accounts.oidc_link_by_mail": lambda s: {"token": "jeton-inconnu"},
    "accounts.oidc_unlink": lambda s: {"identity_id": 1},
}
