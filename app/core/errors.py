"""Domain errors raised by services, and how a view maps them back onto a form."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm


class DomainError(Exception):
    """A rule of the domain refused the action. `problems` are `(field, message)` pairs; the
    field is None when the message concerns the whole form. Messages are already translated."""

    def __init__(self, problems: Iterable[tuple[str | None, str]] | str) -> None:
        if isinstance(problems, str):
            problems = [(None, problems)]
        self.problems: list[tuple[str | None, str]] = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))

    @property
    def messages(self) -> list[str]:
        return [message for _, message in self.problems]


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the actor)."""


def apply_to_form(form: FlaskForm, error: DomainError) -> None:
    """Attach each problem to its field; those without a field go to `form.form_errors`."""
    for field_name, message in error.problems:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), message]
        else:
            form.form_errors.append(message)
