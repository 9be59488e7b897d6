"""Error pages in the site's layout, for plain requests and htmx swaps alike."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.htmx import wants_fragment

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Requête invalide"),
            _("La demande n'a pas pu être comprise. Rechargez la page et réessayez."),
        ),
        403: (_("Accès refusé"), _("Vous n'avez pas le droit d'ouvrir cette page.")),
        404: (_("Page introuvable"), _("Cette page n'existe pas ou n'existe plus.")),
        405: (_("Action impossible"), _("Cette adresse ne permet pas cette action.")),
        413: (_("Fichier trop lourd"), _("Le fichier envoyé dépasse la taille permise.")),
        429: (
            _("Trop de tentatives"),
            _("Vous avez fait trop de tentatives en peu de temps. Attendez une minute puis réessayez."),
        ),
        500: (
            _("Erreur du serveur"),
            _("Une erreur inattendue s'est produite. Rien de ce qui était enregistré n'est perdu ; réessayez."),
        ),
    }


def render_error(code: int, detail: str | None = None) -> Response:
    title, text = _messages().get(code, (_("Erreur"), _("Une erreur s'est produite.")))
    template = "errors/_error.html" if wants_fragment() else "errors/error.html"
    body = render_template(template, code=code, title=title, text=text, detail=detail)
    response = Response(body, status=code)
    response.vary.add("HX-Request")
    if wants_fragment():
        # Show the message where the person is instead of swapping it into a small target.
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _handle_http(error: HTTPException) -> Response:
    if error.code is None or error.code < 400:
        return error  # type: ignore[return-value]
    return render_error(error.code)


def _handle_csrf(error: CSRFError) -> Response:
    return render_error(
        400,
        _(
            "Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page : "
            "ce que vous aviez déjà enregistré est conservé."
        ),
    )


def _handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_http)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
