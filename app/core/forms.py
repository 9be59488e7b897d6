"""Form fields and choice helpers every area needs the same way. Dates and times are typed in the
city's time zone (BABEL_DEFAULT_TIMEZONE) and stored as aware UTC moments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, overload
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, Field, IntegerField, StringField
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


class LocalDateTimeField(DateTimeLocalField):
    """A wall-clock date and time in the city (the browser's picker, or JJ/MM/AAAA HH:MM by hand);
    empty gives None, for an optional field or DataRequired to report."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Date et heure non valables : écrivez-les JJ/MM/AAAA HH:MM.")) from error


class NumberField(IntegerField):
    """A whole number, or None when left empty, with a French message (and `example`) otherwise."""

    def __init__(self, label: Any = None, example: int = 12, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.example = example

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or str(valuelist[0]).strip() == "":
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as error:
            self.data = None
            raise ValueError(
                _l("Saisissez un nombre entier, par exemple %(example)s.", example=self.example)
            ) from error


def parse_euros(text: str | None) -> Decimal | None:
    """An amount in euros typed as people write it ("12 500", "12500,50", "12 500,50 €", "12500.5"),
    exact to the cent; None when empty, ValueError (with the message to show) otherwise."""
    cleaned = (text or "").replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(_l("Écrivez un montant en euros, par exemple 12 500 ou 12 500,50.")) from error
    if not value.is_finite() or value != round(value, 2):
        raise ValueError(_l("Un montant au centime près, par exemple 12 500,50."))
    return value


class MoneyField(Field):
    """An amount in euros with at most two decimals, kept as an exact Decimal (see `parse_euros`)."""

    widget = StringField.widget

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:f}".replace(".", ",")

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            self.data = parse_euros(valuelist[0] if valuelist else "")
        except ValueError:
            self.data = None
            raise


def city_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@overload
def to_utc(local: datetime) -> datetime: ...
@overload
def to_utc(local: None) -> None: ...
def to_utc(local: datetime | None) -> datetime | None:
    """A wall-clock time typed in the city's zone, as an aware UTC moment."""
    return None if local is None else local.replace(tzinfo=city_zone()).astimezone(UTC)


@overload
def to_local(moment: datetime) -> datetime: ...
@overload
def to_local(moment: None) -> None: ...
def to_local(moment: datetime | None) -> datetime | None:
    """An aware moment as the city's wall-clock time (naive, for a form field or a date)."""
    return None if moment is None else moment.astimezone(city_zone()).replace(tzinfo=None)


def optional_int(value: Any) -> int | None:
    """A select's value as an id (its `coerce`): blank or "None" gives None; anything else not a number
    raises ValueError, which WTForms reports as a choice not in the list."""
    return None if value in ("", None, "None") else int(value)


def pairs(items: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (plain tuples are deprecated from WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in items]


def labelled(labels: dict[str, Any], keys: Iterable[str]) -> list[SelectChoice]:
    """Choices for `keys` in that order, each with its label."""
    return pairs((key, labels[key]) for key in keys)


def grouped(groups: Iterable[tuple[str, Iterable[tuple[Any, str]]]]) -> list[SelectChoice]:
    """Choices under group headings, e.g. quartiers under their arrondissement
    (`app.geo.services.quartiers_by_district`)."""
    return [SelectChoice(value, label, optgroup=group) for group, items in groups for value, label in items]
