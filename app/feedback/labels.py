"""The words pages and mails show for the area's codes (channels, statuses, criticalities...), in
French, translated per reader."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

CHANNEL_LABELS = {
    "web": _l("Site web"),
    "phone": _l("Téléphone"),
    "counter": _l("Guichet"),
    "field": _l("Terrain"),
    "mail": _l("Courrier"),
}
STATUS_LABELS = {
    "received": _l("Reçu"),
    "acknowledged": _l("Pris en compte"),
    "in_progress": _l("En cours"),
    "resolved": _l("Résolu"),
    "rejected": _l("Rejeté"),
}
CRITICALITY_LABELS = {"low": _l("Faible"), "normal": _l("Normale"), "high": _l("Haute"), "urgent": _l("Urgente")}
ANSWER_BY_LABELS = {"email": _l("Par courriel"), "phone": _l("Par téléphone"), "postal": _l("Par courrier")}
ALERT_LABELS = {
    "not_acknowledged": _l("Urgence non prise en compte dans le délai"),
    "past_target": _l("Délai de traitement dépassé"),
}
# Why a criticality was suggested; `detail` is the words found or the count of other reports.
REASON_LABELS = {
    "danger": _l("mots de danger : %(detail)s"),
    "risk": _l("mots de risque : %(detail)s"),
    "repeats": _l("autres signalements ouverts au même endroit : %(detail)s"),
}
SCORE_LABELS = {
    "1": _l("1 — Pas du tout satisfait"),
    "2": _l("2 — Peu satisfait"),
    "3": _l("3 — Moyennement satisfait"),
    "4": _l("4 — Satisfait"),
    "5": _l("5 — Très satisfait"),
}


def for_templates() -> dict[str, Any]:
    """The label functions every feedback template and mail uses."""
    return {
        "channel_label": lambda key: CHANNEL_LABELS.get(key, key),
        "status_label": lambda key: STATUS_LABELS.get(key, key),
        "criticality_label": lambda key: CRITICALITY_LABELS.get(key, key),
        "answer_by_label": lambda key: ANSWER_BY_LABELS.get(key, key),
        "alert_label": lambda key: ALERT_LABELS.get(key, key),
    }
