"""The pages: who reads which version, the public one never shows an individual item, the CSV
files carry the page's figures, the filters (and their mistakes), the htmx swap."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from app.core.db import utcnow
from app.dashboards.permissions import can_read_dashboards, can_see_cases
from app.extensions import db
from tests.dashboards.conftest import City, sign_in, text

PAGES = ("", "services", "realisations")


def _late_case(city: City) -> Any:
    return city.report(
        city.quartiers[0],
        at=utcnow() - timedelta(days=30),
        text="Plaque d'égout descellée au 4 rue Particulière, signalée par Mme Secrète",
        contact_email="secrete@example.org",
    )


def test_who_reads_what(city: City, client: Any) -> None:
    for page in PAGES:
        assert client.get(f"/tableaux-de-bord/public/{page}").status_code == 200
        assert client.get(f"/tableaux-de-bord/{page}").status_code == 302  # to the login page
    resident = city.resident(city.quartiers[0])
    sign_in(client, resident)
    response = client.get("/tableaux-de-bord/services?du=2026-01")
    assert response.status_code == 303 and response.location.endswith("/tableaux-de-bord/public/services?du=2026-01")
    elected = city.make_user(roles=[("elected", "")])
    sign_in(client, elected)
    for page in PAGES:
        assert client.get(f"/tableaux-de-bord/{page}").status_code == 200
    staff = city.make_user(roles=[("staff", "voirie")])
    sign_in(client, staff)
    assert client.get("/tableaux-de-bord/").status_code == 200


def test_permissions(city: City) -> None:
    resident = city.resident(None)
    elected = city.make_user(roles=[("elected", "")])
    district_elected = city.make_user(roles=[("elected", "13201")])
    staff = city.make_user(roles=[("staff", "")])
    assert not can_read_dashboards(resident) and not can_see_cases(resident)
    assert can_read_dashboards(elected) and not can_see_cases(elected)
    assert can_read_dashboards(district_elected)
    assert can_read_dashboards(staff) and can_see_cases(staff)

    class Anonymous:
        is_authenticated = False

    assert not can_read_dashboards(Anonymous())


def test_the_public_version_never_shows_an_item(city: City, client: Any) -> None:
    item = _late_case(city)
    staff = city.make_user(roles=[("staff", "")])
    sign_in(client, staff)
    page = text(client.get("/tableaux-de-bord/services"))
    assert f"/signalements/traiter/{item.id}" in page  # staff see the late case, to act on it
    client.get("/")
    with client.session_transaction() as session:
        session.clear()
    for url in (
        "/tableaux-de-bord/public/",
        "/tableaux-de-bord/public/services",
        "/tableaux-de-bord/public/realisations",
    ):
        public = text(client.get(url))
        assert "Particulière" not in public and "Secrète" not in public and "secrete@" not in public
        assert "/signalements/traiter/" not in public and f"Dossier n° {item.id}" not in public
    public = text(client.get("/tableaux-de-bord/public/services"))
    assert "Voirie" in public  # the aggregate is there
    for url in ("/tableaux-de-bord/participation.csv", "/tableaux-de-bord/services.csv"):
        assert "Particulière" not in text(client.get(url))


def _rows(response: Any) -> list[dict[str, str]]:
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_files_carry_the_figures(city: City, client: Any) -> None:
    q1 = city.quartiers[0]
    now = utcnow()
    month = f"{now:%Y-%m}"
    for _ in range(3):
        city.report(q1, at=now - timedelta(minutes=5))
    city.follow_up(city.districts[0], "works", voted="1200", spent="300")
    rows = _rows(client.get(f"/tableaux-de-bord/participation.csv?du={month}&au={month}"))
    wanted = {(r["section"], r["label"], r["measure"]): r["value"] for r in rows}
    assert wanted[("quartier", q1.name, "feedback")] == "3"
    assert wanted[("district", "1er arrondissement", "feedback")] == "3"
    assert wanted[("district", "1er arrondissement", "population")] == "10000"
    assert wanted[("city", "", "feedback")] == "3"
    assert [r["value"] for r in rows if r["section"] == "month" and r["measure"] == "feedback"] == ["3"]
    services = _rows(client.get(f"/tableaux-de-bord/services.csv?du={month}&au={month}"))
    assert {(r["label"], r["measure"]): r["value"] for r in services}[("Voirie", "items")] == "3"
    delivery = _rows(client.get("/tableaux-de-bord/realisations.csv"))
    assert {(r["label"], r["measure"]): r["value"] for r in delivery}[("1er arrondissement", "voted")] == "1200.00"
    response = client.get("/tableaux-de-bord/realisations.csv?du=2026-01&au=2026-03")
    assert 'filename="realisations-2026-01_2026-03.csv"' in response.headers["Content-Disposition"]


def test_quartier_disparities_on_the_page_the_csv_and_open_data(city: City, client: Any) -> None:
    q1, q2, q3 = city.quartiers
    q3.slug = "saint-mauront"  # a slug of the bundled outlines, so the map draws it
    for quartier, population, accounts in ((q1, 1_000, 9), (q2, 2_000, 10), (q3, 5_000, 2)):
        quartier.population, quartier.population_year = population, 2012
        db.session.commit()
        for _ in range(accounts):
            city.resident(quartier, at=utcnow() - timedelta(minutes=5))
    # Rates 9.0, 5.0 and 0.4 per 1,000: median 5.0, threshold 2.5, so Quartier 3 is flagged.
    page = client.get("/tableaux-de-bord/public/").get_data(as_text=True)
    assert "Aucun quartier n&#39;est loin derrière" not in page
    assert "<strong>Quartier 3</strong> : 0,4 pour 1 000 habitants (2 participations, 5000 habitants)" in page
    assert "Médiane : 5 pour 1 000 habitants ; seuil : 2,5 (sur 3 quartiers)." in page
    flagged_shape = page.index('class="map-shape map-level-4"')
    assert page.index("<title>Quartier 3 : 0,4 pour 1 000 habitants</title>", flagged_shape) > flagged_shape
    rows = _rows(client.get("/tableaux-de-bord/participation.csv"))
    wanted = {(r["section"], r["label"], r["measure"]): r["value"] for r in rows}
    assert wanted[("quartier", "Quartier 1", "population")] == "1000"
    assert wanted[("quartier", "Quartier 1", "per_thousand")] == "9.0"
    assert wanted[("quartier_disparities", "", "median_per_thousand")] == "5.0"
    assert wanted[("quartier_disparities", "Quartier 3", "flagged_per_thousand")] == "0.4"
    assert ("quartier_disparities", "Quartier 2", "flagged_per_thousand") not in wanted
    opendata = _rows(client.get("/open-data/v1/figures/participation-quartiers.csv"))
    by_name = {r["quartier"]: r for r in opendata}
    assert (by_name["Quartier 3"]["per_thousand"], by_name["Quartier 3"]["far_below_median"]) == ("0.4", "true")
    assert by_name["Quartier 1"]["far_below_median"] == "false"


def test_filters_and_their_mistakes(city: City, client: Any) -> None:
    city.report(city.quartiers[0])
    city.report(city.quartiers[1])
    district = city.districts[1]
    page = text(client.get(f"/tableaux-de-bord/public/?du=2026-01&au=2026-12&arrondissement={district.id}"))
    assert "Arrondissement : 2e arrondissement." in page
    assert "Quartier 2" in page and "Quartier 1<" not in page
    wrong = client.get("/tableaux-de-bord/public/?du=2026-13")
    assert wrong.status_code == 200
    assert "Indiquez un mois sous la forme AAAA-MM" in text(wrong)
    backwards = text(client.get("/tableaux-de-bord/public/?du=2026-05&au=2026-01"))
    assert "Le dernier mois doit venir après le premier." in backwards
    too_long = text(client.get("/tableaux-de-bord/public/?du=2010-01&au=2026-01"))
    assert "Choisissez une période de 60 mois au plus." in too_long
    assert client.get("/tableaux-de-bord/public/?arrondissement=abc").status_code == 200
    assert "Toute la ville." in text(client.get("/tableaux-de-bord/public/?arrondissement=99999"))


def test_htmx_gets_the_figures_only(city: City, client: Any, hx: dict[str, str]) -> None:
    response = client.get("/tableaux-de-bord/public/?du=2026-01", headers=hx)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<h1>" not in body and "<html" not in body
    assert '<form method="get"' in body and "Période : de janvier 2026" in body  # the controls come along


def test_charts_have_their_table(city: City, client: Any) -> None:
    city.report(city.quartiers[0])
    page = client.get("/tableaux-de-bord/public/").get_data(as_text=True)
    assert page.count("<svg") >= 2
    assert page.count("<figure") <= page.count("<table")
    assert 'role="img"' in page and "aria-label=" in page
