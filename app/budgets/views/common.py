"""What every budgets view shares: loading what a URL names (404 when it does not exist), the
acting user, the answer to a form post, and the labels templates show."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from flask_babel import format_currency, get_locale
from flask_login import current_user

from app.accounts.models import User
from app.budgets import forms
from app.budgets.blueprint import bp
from app.budgets.models import Edition, Proposal
from app.budgets.services import editions, proposals
from app.core.forms import to_local
from app.core.responses import found


def actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def load_edition(slug: str) -> Edition:
    return found(editions.get_edition, slug)  # type: ignore[no-any-return]


def load_proposal(proposal_id: int) -> Proposal:
    return found(proposals.get_proposal, proposal_id)  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _money(locale: str, value: Decimal) -> str:
    return format_currency(value, "EUR")


@bp.app_template_filter("budget_money")
def money(value: Decimal) -> str:
    """An amount in euros as the page's language writes it. Babel takes a fraction of a millisecond
    per amount and the results page shows hundreds, the same ones on every visit: kept per language."""
    return _money(str(get_locale()), value)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "status_label": lambda key: forms.STATUS_LABELS.get(key, key),
        "theme_label": lambda key: forms.THEME_LABELS.get(key, key),
        "phase_label": lambda key: forms.PHASE_LABELS.get(key, key),
        "decision_label": lambda key: forms.DECISION_LABELS.get(key, key),
        "alignment_label": lambda key: forms.ALIGNMENT_LABELS.get(key, key),
        "report_label": lambda key: forms.REPORT_LABELS.get(key, key),
        "rule_label": lambda key: forms.RULE_LABELS.get(key, key),
        "ballot_label": lambda key: forms.BALLOT_LABELS.get(key, key),
        "voting_scope_label": lambda key: forms.VOTING_SCOPE_LABELS.get(key, key),
        "local_time": to_local,
    }
