"""What every accountability view shares: the acting user, loading what a URL names (404 when it
does not exist), the city's date today, and the labels templates show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_currency, format_date
from flask_login import current_user

from app.accountability import forms
from app.accountability.blueprint import bp
from app.accountability.models import FollowUp
from app.accountability.services import followups, overview
from app.accounts.models import User
from app.budgets.models import THEME_LABELS
from app.core.forms import to_local
from app.core.responses import found


def actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def load_follow_up(follow_up_id: int) -> FollowUp:
    return found(followups.get_follow_up, follow_up_id)  # type: ignore[no-any-return]


def today() -> date:
    return overview.city_today()


def field_label(name: str) -> str:
    return str(forms.FIELD_LABELS.get(name, name))


def history_value(name: str, value: Any) -> str:
    """A value as the audit log kept it (amounts and days as text), written for people."""
    if value is None or value == "":
        return "—"
    if name == "status":
        return str(forms.STATUS_LABELS.get(value, value))
    if name.startswith("budget_"):
        return format_currency(Decimal(str(value)), "EUR")
    if name == "progress":
        return f"{value} %"
    if name in (*followups.DATES, "planned_on", "done_on"):
        return format_date(date.fromisoformat(str(value)), "d MMMM y")
    return str(value)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "status_label": lambda key: forms.STATUS_LABELS.get(key, key),
        "theme_label": lambda key: THEME_LABELS.get(key, key),
        "source_label": lambda key: forms.SOURCE_LABELS.get(key, key),
        "field_label": field_label,
        "history_value": history_value,
        "local_time": to_local,
        "today": today,
    }
