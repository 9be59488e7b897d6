"""The words the dashboards show for each figure and code, in French, translated per reader. Other
areas' label tables live in their forms and views, which an area above may not import (DESIGN.md,
rule 3): the few codes the dashboards name are labelled here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SOURCE_LABELS = {
    "accounts": _l("Comptes ouverts"),
    "council_attendance": _l("Présences aux conseils citoyens"),
    "ciq_attendance": _l("Présences aux CIQ"),
    "proposals": _l("Projets proposés"),
    "budget_voters": _l("Votants du budget participatif"),
    "assembly_participants": _l("Participants aux assemblées"),
    "feedback": _l("Signalements et avis"),
}
SHORT_SOURCE_LABELS = {
    "accounts": _l("Comptes"),
    "council_attendance": _l("Conseils"),
    "ciq_attendance": _l("CIQ"),
    "proposals": _l("Projets"),
    "budget_voters": _l("Votants"),
    "assembly_participants": _l("Assemblées"),
    "feedback": _l("Signalements"),
}
BALLOT_CHANNEL_LABELS = {"web": _l("En ligne"), "paper": _l("Sur papier"), "session": _l("En séance")}
FEEDBACK_CHANNEL_LABELS = {
    "web": _l("Site web"),
    "phone": _l("Téléphone"),
    "counter": _l("Guichet"),
    "field": _l("Terrain"),
    "mail": _l("Courrier"),
}
GENDER_LABELS = {"femme": _l("Femmes"), "homme": _l("Hommes"), "autre": _l("Autre genre"), "": _l("Sans réponse")}
AGE_BAND_LABELS = {"": _l("Sans réponse")}  # the bands themselves ("18-24"...) read the same in every language
LATE_LABELS = {
    "not_acknowledged": _l("Urgence non prise en compte dans le délai"),
    "past_target": _l("Délai de traitement dépassé"),
}
