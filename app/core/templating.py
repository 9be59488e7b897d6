"""What every template may use: the current locale, Markdown rendered safely, dates."""

from __future__ import annotations

import nh3
from flask import Flask
from flask_babel import get_locale
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def markdown(text: str | None) -> Markup:
    """Markdown written by people, rendered and sanitised (no raw HTML, safe links only)."""
    html = _markdown.render(text or "")
    clean = nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="nofollow noopener")
    return Markup(clean)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = markdown
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
