"""Fixtures of the feedback tests: two services (voirie and propreté) with their delays and
managers, two quartiers, residents and staff of one service, and a request context for the services
(their messages are translated per request)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from PIL import Image

from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import Item, Service
from app.feedback.services import catalog, items
from tests.budgets.conftest import request_context, sign_in, text
from tests.factories import QuartierFactory

__all__ = ["request_context", "sign_in", "text"]


def png(colour: str = "green", size: tuple[int, int] = (12, 8)) -> io.BytesIO:
    picture = io.BytesIO()
    Image.new("RGB", size, colour).save(picture, "PNG")
    picture.seek(0)
    return picture


@dataclass
class World:
    make_user: Callable[..., Any]
    voirie: Service
    proprete: Service
    quartier: Any
    other_quartier: Any
    now: datetime

    def agent(self, service: Service | None = None, **fields: Any) -> Any:
        """Staff of one service (voirie by default)."""
        return self.make_user(roles=[("staff", (service or self.voirie).slug)], **fields)

    def resident(self, **fields: Any) -> Any:
        return self.make_user(quartier=self.quartier, **fields)

    def report(
        self,
        author: Any = None,
        text: str = "Un nid-de-poule devant le numéro 12, les voitures l'évitent de justesse.",
        service: Service | None = None,
        now: datetime | None = None,
        **fields: Any,
    ) -> Item:
        data = items.ItemInput(
            service_id=(service or self.voirie).id,
            text=text,
            category=fields.pop("category", "Nid-de-poule" if (service or self.voirie) is self.voirie else ""),
            quartier_id=fields.pop("quartier_id", self.quartier.id),
            address=fields.pop("address", "12 rue Loubon"),
            contact_email=fields.pop("contact_email", "" if author else "visiteur@example.org"),
        )
        item = items.report(author, data, now=now or self.now)
        for name, value in fields.items():
            setattr(item, name, value)
        db.session.commit()
        return item


@pytest.fixture
def world(app: Flask, make_user: Callable[..., Any], request_context: None) -> World:
    voirie = catalog.save_service(
        None,
        catalog.ServiceInput(
            "Voirie", "voirie", "Nid-de-poule\nTrottoir abîmé\nSignalisation", 15, 4, "chef.voirie@example.org"
        ),
    )
    proprete = catalog.save_service(
        None, catalog.ServiceInput("Propreté", "proprete", "Dépôt sauvage\nTags", 7, 2, "chef.proprete@example.org")
    )
    quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
    other = QuartierFactory(name="Endoume", slug="endoume")
    db.session.commit()
    return World(make_user, voirie, proprete, quartier, other, utcnow().replace(microsecond=0))
