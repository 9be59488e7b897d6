"""Where a redirect may go: a path on this site, never another host (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


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
