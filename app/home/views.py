"""Home page and language choice."""

from __future__ import annotations

from itertools import chain

from flask import current_app, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.core.db import utcnow
from app.core.htmx import render
from app.core.permissions import access
from app.core.signals import OpenItem, open_now
from app.core.urls import safe_next
from app.home.blueprint import bp


def _open_items() -> dict[str, list[OpenItem]]:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    answers = open_now.send(app, now=utcnow(), user=current_user._get_current_object())
    grouped: dict[str, list[OpenItem]] = {}
    for item in chain.from_iterable(items or [] for _, items in answers):
        grouped.setdefault(item.kind, []).append(item)
    return grouped


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    return render("home/index.html", open_items=_open_items())


@bp.post("/langue")
@access("public")
def set_language() -> ResponseReturnValue:
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")), code=303)
