"""Domain errors carry (field, message) pairs back onto the form."""

from __future__ import annotations

from flask import Flask
from flask_wtf import FlaskForm
from wtforms import StringField

from app.core.errors import DomainError, apply_to_form


class NameForm(FlaskForm):
    name = StringField()


def test_problems_attach_to_fields_and_form(app: Flask) -> None:
    with app.test_request_context():
        form = NameForm(meta={"csrf": False})
        form.validate()
        apply_to_form(form, DomainError([("name", "Nom déjà pris."), (None, "Phase close."), ("nope", "Autre.")]))
        assert form.name.errors == ["Nom déjà pris."]
        assert form.form_errors == ["Phase close.", "Autre."]


def test_a_single_message() -> None:
    error = DomainError("Vote clos.")
    assert error.problems == [(None, "Vote clos.")]
    assert error.messages == ["Vote clos."] and str(error) == "Vote clos."
