"""Form fields every area needs the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.fields.choices import SelectChoice


class FrenchDateField(DateField):
    """A date typed by hand (JJ/MM/AAAA) or picked in the browser's calendar (AAAA-MM-JJ);
    `example` shows, in the error, a date that makes sense for the field."""

    def __init__(self, label: Any = None, example: str = "14/07/2027", **kwargs: Any) -> None:
        super().__init__(label, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)
        self.example = example

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                _l("Date non valable : écrivez-la JJ/MM/AAAA, par exemple %(example)s.", example=self.example)
            ) from error


def pairs(items: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (plain tuples are deprecated from WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in items]
