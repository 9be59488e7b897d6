"""The administration pages: who gets in, what they show, granting and revoking roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import RoleGrant
from app.core import audit
from app.core.db import utcnow
from app.extensions import db
from app.geo.services import BUNDLED_CSV, load_geography, read_csv

PAGES = ["/admin/", "/admin/comptes", "/admin/comptes/{id}", "/admin/journal"]


def html(response: Any) -> str:
    return response.get_data(as_text=True)


# Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client: FlaskClient, make_user: Callable[..., Any], page: str) -> None:
    response = client.get(page.format(id=make_user().id))
    assert response.status_code == 302 and "/compte" in response.headers["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_residents_are_refused(client: FlaskClient, login_as: Callable[..., Any], page: str) -> None:
    me = login_as("resident")
    assert client.get(page.format(id=me.id)).status_code == 403


@pytest.mark.parametrize(("page", "status"), list(zip(PAGES, [200, 200, 200, 403], strict=True)))
def test_staff_see_the_shell_but_not_the_audit_log(
    client: FlaskClient, login_as: Callable[..., Any], page: str, status: int
) -> None:
    me = login_as("staff")
    assert client.get(page.format(id=me.id)).status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_admins_see_everything(client: FlaskClient, login_as: Callable[..., Any], page: str) -> None:
    me = login_as("admin")
    response = client.get(page.format(id=me.id))
    assert response.status_code == 200
    assert html(response).count("<h1") == 1


def test_every_admin_route_declares_staff_or_admin(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            assert getattr(app.view_functions[rule.endpoint], "access_level", None) in ("staff", "admin"), rule


# Index ---------------------------------------------------------------------------------------


def test_index_counts_accounts(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    login_as("staff")  # confirmed by the factory
    make_user(verified_at=utcnow())
    make_user(email_confirmed_at=None)
    make_user(erased_at=utcnow(), email=None)  # not counted
    page = html(client.get("/admin/"))
    assert 'Comptes actifs</dt>\n      <dd><a href="/admin/comptes">3</a>' in page
    assert "Adresses e-mail confirmées</dt>\n      <dd>2</dd>" in page
    assert 'Résidents vérifiés</dt>\n      <dd><a href="/admin/comptes?verified=oui">1</a>' in page
    assert "/admin/journal" not in page  # staff: no audit link


# Users list ----------------------------------------------------------------------------------


@pytest.fixture
def people(make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        "alice": make_user(email="alice@example.org", display_name="Alice Martin", verified_at=utcnow()),
        "bruno": make_user(email="bruno@e-x.example.org", display_name="Bruno Petit", roles=[("moderator", "12")]),
        "chloe": make_user(email="chloe_x@example.org", display_name="Chloé Martin"),
    }


def names_in(page: str, people: dict[str, Any]) -> set[str]:
    return {key for key, user in people.items() if user.display_name in page}


def test_users_search_by_name_or_email(
    client: FlaskClient, login_as: Callable[..., Any], people: dict[str, Any]
) -> None:
    login_as("staff")
    assert names_in(html(client.get("/admin/comptes?q=martin")), people) == {"alice", "chloe"}
    assert names_in(html(client.get("/admin/comptes?q=BRUNO@")), people) == {"bruno"}
    # "_" is a plain character, not a LIKE wildcard.
    assert names_in(html(client.get("/admin/comptes?q=e_x")), people) == {"chloe"}
    assert "Aucun compte ne correspond" in html(client.get("/admin/comptes?q=personne-de-ce-nom"))


def test_users_filters(client: FlaskClient, login_as: Callable[..., Any], people: dict[str, Any]) -> None:
    login_as("staff")
    assert names_in(html(client.get("/admin/comptes?verified=oui")), people) == {"alice"}
    assert names_in(html(client.get("/admin/comptes?verified=non")), people) == {"bruno", "chloe"}
    assert names_in(html(client.get("/admin/comptes?role=moderator")), people) == {"bruno"}
    assert names_in(html(client.get("/admin/comptes?role=moderator&verified=oui")), people) == set()
    # An unknown filter value is shown as an error on the field, and filters nothing.
    page = html(client.get("/admin/comptes?role=mayor"))
    assert names_in(page, people) == {"alice", "bruno", "chloe"} and 'aria-invalid="true"' in page


def test_users_are_paginated_and_pages_keep_filters(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    login_as("staff")
    for n in range(30):
        make_user(display_name=f"Zoé {n:02d}")
    first = html(client.get("/admin/comptes?q=zo%C3%A9"))
    assert "30 comptes trouvés" in first and "Page 1 sur 2" in first
    assert 'href="/admin/comptes?page=2&amp;q=zo%C3%A9"' in first
    second = html(client.get("/admin/comptes?q=zo%C3%A9&page=2"))
    assert second.count("Zoé ") == 5 and "Page 2 sur 2" in second
    assert "Zoé " not in html(client.get("/admin/comptes?q=zo%C3%A9&page=9"))  # past the end: no rows, no error


# One user ------------------------------------------------------------------------------------


def test_user_page_shows_facts_and_roles(
    app: Flask, client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    load_geography(read_csv(BUNDLED_CSV))
    db.session.commit()
    from app.geo.models import Quartier

    quartier = db.session.scalar(sa.select(Quartier).where(Quartier.slug == "saint-mauront"))
    agent = make_user(display_name="Karim Agent", roles=[("staff", "democratie-locale")])
    person = make_user(
        display_name="Lucie Fabre",
        email="lucie@example.org",
        quartier=quartier,
        verified_at=utcnow(),
        verification_method="in_person",
        verified_by_id=agent.id,
        identity_hash="f" * 64,
        roles=[("moderator", "12")],
    )
    login_as("staff")
    page = html(client.get(f"/admin/comptes/{person.id}"))
    assert "<h1>Lucie Fabre</h1>" in page
    assert "lucie@example.org" in page and "Saint-Mauront (3e arrondissement)" in page
    assert "en personne, au guichet" in page and "par Karim Agent" in page
    assert "Modération" in page and "« 12 »" in page
    assert "f" * 64 not in page  # the identity hash is never shown
    # Staff may look, not manage.
    assert "Accorder un rôle" not in page and "Retirer ce rôle" not in page


def test_unknown_user_is_404(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("admin")
    assert client.get("/admin/comptes/999999").status_code == 404


# Granting and revoking -----------------------------------------------------------------------


def test_admin_grants_a_role(client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    admin = login_as("admin")
    person = make_user(display_name="Bruno")
    page = html(client.get(f"/admin/comptes/{person.id}"))
    assert "Accorder un rôle" in page and 'name="csrf_token"' in page
    response = client.post(f"/admin/comptes/{person.id}/roles", data={"role": "staff", "scope_id": "budget"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/admin/comptes/{person.id}")
    db.session.expire_all()
    assert person.has_role("staff", "budget")
    entry = db.session.scalar(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == "accounts.role_granted"))
    assert entry.actor_id == admin.id
    assert "Rôle accordé." in html(client.get(response.headers["Location"]))


def test_grant_errors_are_shown_in_the_form(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    login_as("admin")
    person = make_user(roles=[("staff", "budget")])
    duplicate = client.post(f"/admin/comptes/{person.id}/roles", data={"role": "staff", "scope_id": "budget"})
    assert duplicate.status_code == 422 and "déjà ce rôle pour ce lieu" in html(duplicate)
    city_wide = client.post(f"/admin/comptes/{person.id}/roles", data={"role": "admin", "scope_id": "budget"})
    assert city_wide.status_code == 422 and "laissez le lieu vide" in html(city_wide)
    assert 'value="budget"' in html(city_wide)  # what was typed is kept
    empty = client.post(f"/admin/comptes/{person.id}/roles", data={"role": ""})
    assert empty.status_code == 422 and "Choisissez un rôle." in html(empty)
    db.session.expire_all()
    assert [g.role for g in person.roles] == ["staff"]


def test_admin_revokes_a_role(client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    login_as("admin")
    person = make_user(roles=[("moderator", "12")])
    grant_id = person.roles[0].id
    assert f"/admin/roles/{grant_id}/retirer" in html(client.get(f"/admin/comptes/{person.id}"))
    response = client.post(f"/admin/roles/{grant_id}/retirer")
    assert response.status_code == 303
    assert db.session.get(RoleGrant, grant_id) is None
    assert "Rôle retiré." in html(client.get(response.headers["Location"]))


def test_last_admin_cannot_revoke_their_own_role(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    admin = login_as("admin")
    grant_id = admin.roles[0].id
    response = client.post(f"/admin/roles/{grant_id}/retirer", follow_redirects=True)
    assert "Vous êtes le dernier administrateur" in html(response)
    assert db.session.get(RoleGrant, grant_id) is not None


def test_staff_cannot_grant_or_revoke(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    login_as("staff")
    person = make_user(roles=[("moderator", "12")])
    assert client.post(f"/admin/comptes/{person.id}/roles", data={"role": "admin"}).status_code == 403
    assert client.post(f"/admin/roles/{person.roles[0].id}/retirer").status_code == 403
    db.session.expire_all()
    assert [g.role for g in person.roles] == ["moderator"]


def test_htmx_post_gets_hx_location(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any], hx: dict[str, str]
) -> None:
    login_as("admin")
    person = make_user()
    response = client.post(f"/admin/comptes/{person.id}/roles", data={"role": "elected"}, headers=hx)
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(f"/admin/comptes/{person.id}")


# Audit log -----------------------------------------------------------------------------------


def test_audit_log_newest_first_with_filter(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    admin = login_as("admin", display_name="Claire Admin")
    audit.record("budget.review", actor_id=admin.id, subject_type="proposal", subject_id=7, data={"decision": "ok"})
    audit.record("accounts.role_granted", actor_id=None, subject_type="user", subject_id=admin.id)
    db.session.commit()
    page = html(client.get("/admin/journal"))
    assert "Chaîne intacte : 2 entrées vérifiées." in page
    assert page.index("accounts.role_granted</code>") < page.index("budget.review</code>")
    assert "Claire Admin" in page and "système" in page and "decision</code> : ok" in page
    filtered = html(client.get("/admin/journal?action=budget.review"))
    results = filtered.split('id="results"')[1]
    assert "budget.review</code>" in results and "accounts.role_granted</code>" not in results


def test_audit_log_shows_a_broken_chain(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("admin")
    first = audit.record("budget.tally", actor_id=None, data={"winners": [1]})
    audit.record("budget.tally", actor_id=None, data={"winners": [2]})
    db.session.commit()
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(sa.text("DROP TRIGGER audit_entry_no_update"))
        else:
            connection.execute(sa.text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
        connection.execute(sa.text(f"UPDATE audit_entry SET data = '{{}}' WHERE id = {first.id}"))
        if connection.dialect.name != "sqlite":
            connection.execute(sa.text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only"))
    page = html(client.get("/admin/journal"))
    assert f"Chaîne rompue à l&#39;entrée n° {first.id}" in page or f"Chaîne rompue à l'entrée n° {first.id}" in page
