"""What every feedback view shares: the acting user, loading an item (404 when it does not exist),
and the labels templates show."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.accounts.models import User
from app.core.forms import to_local
from app.core.responses import found
from app.feedback import labels
from app.feedback.blueprint import bp
from app.feedback.forms import parse_topic
from app.feedback.models import Item
from app.feedback.services import criticality, items


def actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def signed_in_actor() -> User | None:
    return actor() if current_user.is_authenticated else None


def load_item(item_id: int) -> Item:
    return found(items.get_item, item_id)  # type: ignore[no-any-return]


def item_input(form: Any, **extra: Any) -> items.ItemInput:
    """What the report form and staff entry have in common, as the service's input; `extra` adds the
    staff entry's channel and contacts."""
    service_id, category = parse_topic(form.topic.data)
    return items.ItemInput(
        service_id=service_id,
        category=category,
        text=form.text.data or "",
        quartier_id=form.quartier_id.data if isinstance(form.quartier_id.data, int) else None,
        address=form.address.data or "",
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        **extra,
    )


def reason_label(reason: criticality.Reason) -> str:
    label = labels.REASON_LABELS.get(reason.kind)
    return str(label) % {"detail": reason.detail} if label else reason.detail


@bp.context_processor
def template_labels() -> dict[str, Any]:
    return {
        **labels.for_templates(),
        "reasons_of": lambda item: [reason_label(reason) for reason in criticality.decode(item.suggestion_reasons)],
        "local_time": to_local,
    }
