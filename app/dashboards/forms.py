"""The dashboards' filters: a period of whole months and an arrondissement, in the query string (a
plain GET form that works without JavaScript and can be bookmarked)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from app.core.forms import optional_int

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
LONGEST = 60  # months: five years on one page keeps every chart readable and every page fast


def parse_month(text: str | None) -> date | None:
    match = MONTH.match((text or "").strip())
    return date(int(match[1]), int(match[2]), 1) if match else None


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    du = StringField(
        _l("Du mois"),
        validators=[
            Optional(),
            Regexp(MONTH, message=_l("Indiquez un mois sous la forme AAAA-MM, par exemple 2026-01.")),
        ],
        render_kw={"type": "month", "placeholder": "AAAA-MM", "inputmode": "numeric"},
    )
    au = StringField(
        _l("Au mois (inclus)"),
        validators=[
            Optional(),
            Regexp(MONTH, message=_l("Indiquez un mois sous la forme AAAA-MM, par exemple 2026-12.")),
        ],
        render_kw={"type": "month", "placeholder": "AAAA-MM", "inputmode": "numeric"},
    )
    arrondissement = SelectField(_l("Arrondissement"), coerce=optional_int, validate_choice=False)

    def validate_au(self, field: Any) -> None:
        first, last = parse_month(self.du.data), parse_month(field.data)
        if first is None or last is None:
            return
        if last < first:
            raise ValidationError(_l("Le dernier mois doit venir après le premier."))
        if (last.year - first.year) * 12 + last.month - first.month + 1 > LONGEST:
            raise ValidationError(_l("Choisissez une période de %(months)s mois au plus.", months=LONGEST))
