"""Links this site gives out: redirects stay on this site (no open redirect); links in mails and
to other sites are absolute, with the public address."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, default_endpoint: str = "home.index") -> str:
    """`target` if it is a local path ("/x"), else the default page: "//evil", "https://evil",
    "/\\\\evil" and control characters are refused."""
    if target:
        parts = urlsplit(target)
        if (
            target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not parts.scheme
            and not parts.netloc
            and not any(ord(char) < 32 for char in target)
        ):
            return target
    return url_for(default_endpoint)


def absolute_url(endpoint: str, **values: object) -> str:
    """A full URL for mails and providers; PUBLIC_URL when the site sits behind a proxy that hides
    its public address."""
    public = current_app.config.get("PUBLIC_URL", "")
    if public:
        return public.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
