"""The render helper: a named block for htmx swaps, the whole page otherwise."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.core.htmx import redirect_to, render

PAGE = """{% extends "base.html" %}{% block content %}<h1>Page</h1>
<div id="results">{% block results %}<p>row {{ n }}</p>{% endblock %}</div>{% endblock %}"""


def _with_dict_loader(app: Flask) -> None:
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader  # noqa: B018  (creates the default loader)
    app.jinja_env.loader = ChoiceLoader([DictLoader({"test/page.html": PAGE}), app.jinja_env.loader])


def _probe_app(app: Flask) -> Flask:
    _with_dict_loader(app)
    bp = Blueprint("probe", __name__)

    @bp.get("/probe")
    def page() -> object:
        return render("test/page.html", block="results", n=3)

    @bp.post("/probe")
    def done() -> object:
        return redirect_to("/ailleurs")

    app.register_blueprint(bp)
    return app


def test_plain_request_gets_the_whole_page(app: Flask) -> None:
    response = _probe_app(app).test_client().get("/probe")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in body and "<h1>Page</h1>" in body and "row 3" in body
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_swap_gets_only_the_block(app: Flask, hx: dict[str, str]) -> None:
    response = _probe_app(app).test_client().get("/probe", headers=hx)
    body = response.get_data(as_text=True).strip()
    assert body == "<p>row 3</p>"
    assert "HX-Request" in response.headers["Vary"]


def test_history_restore_and_boosted_get_the_whole_page(app: Flask, hx: dict[str, str]) -> None:
    client = _probe_app(app).test_client()
    for extra in ({"HX-History-Restore-Request": "true"}, {"HX-Boosted": "true"}):
        body = client.get("/probe", headers={**hx, **extra}).get_data(as_text=True)
        assert "<html" in body and "<h1>Page</h1>" in body


def test_post_redirects_with_303_or_hx_redirect(app: Flask, hx: dict[str, str]) -> None:
    client = _probe_app(app).test_client()
    plain = client.post("/probe")
    assert plain.status_code == 303 and plain.headers["Location"] == "/ailleurs"
    swapped = client.post("/probe", headers=hx)
    assert swapped.status_code == 204
    assert swapped.headers["HX-Redirect"] == "/ailleurs"
    assert "Location" not in swapped.headers
