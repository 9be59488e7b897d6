"""Participatory-budget ballots benchmark: how many residents can vote per second, how fast?

Starts Parvis as in production on this machine (gunicorn with gunicorn.conf.py, PostgreSQL), with
an edition of 100,000 verified residents spread over Marseille's 111 quartiers and 300 projects in
17 envelopes (the city-wide one, knapsack, and one per arrondissement, approval of up to 3). Part of
the residents have already voted (written straight into the roll and the ballots, so that the tally
below works on a city-sized vote); the others vote now, from concurrent clients, through the real
form: each has a signed-in session and the form's CSRF token, posts its choice for the city-wide
envelope, and the server checks the session, the token and the ballot's rules, writes the roll row
and the anonymous ballot in one transaction and answers with the redirect to the receipt. A
resident's session is made by the bench (signing in runs argon2, which is not what is measured).

After a few seconds of warm-up (each process reads what it keeps: templates, the edition's envelopes,
the vote's rules), residents arrive at `--rate` ballots a second (500, the target) over at most
`--clients` connections, each ballot's latency counted from when it was due, so that a server
falling behind shows in them. The bench prints the rate sustained, p50/p95/p99 of the POST latency,
errors, the server's, PostgreSQL's and the clients' CPU per ballot and the load average. Then, for
`--saturate-seconds`, every client posts again as soon as it is answered: the most the server takes
(`max_ballots_per_s`), with the latencies of that queue (`saturated_p99_ms`: about clients / rate,
plus how unevenly the clients' kept-alive connections fell between the processes). It checks in the
database that every acknowledged ballot (its receipt code, read from the session cookie) is there
exactly once, then closes the votes and times the tally of all envelopes (the results service, as
the close does) and the results page. The last line is `RESULT {json}`.

    .venv/bin/python bench/ballots.py                          # 100,000 residents, 30 s at 500/s, 15 s flat out
    .venv/bin/python bench/ballots.py --residents 20000 --seconds 10 --rate 300 --saturate-seconds 0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from production import ProductionServer, database_cpu, percentile, usage

SEED = r"""
import json, random, sys
from datetime import timedelta
from decimal import Decimal
import sqlalchemy as sa
from flask import g, session
from flask_wtf.csrf import generate_csrf
from app import create_app
from app.accounts.models import AGE_BANDS, GENDERS, User
from app.budgets.models import THEMES, Proposal
from app.budgets.services import editions, voting
from app.core.db import utcnow
from app.extensions import db
from app.geo.models import District, Quartier
from app.geo.services import BUNDLED_CSV, load_geography, read_csv
from app.votes.models import Ballot, RollEntry
from app.votes.services import receipts

args = json.loads(sys.argv[1])
rng = random.Random(2026)
app = create_app()
with app.test_request_context():
    load_geography(read_csv(BUNDLED_CSV))
    now = utcnow()
    quartiers = list(db.session.scalars(sa.select(Quartier).order_by(Quartier.id)))
    districts = list(db.session.scalars(sa.select(District).order_by(District.number)))
    rows = []
    for i in range(args["residents"]):
        answered = i % 3 == 0
        rows.append({
            "email": f"resident{i}@bench.parvis.example", "display_name": f"Résident {i}",
            "email_confirmed_at": now, "verified_at": now, "verification_method": "in_person",
            "quartier_id": quartiers[i % len(quartiers)].id, "demographics_consent_at": now if answered else None,
            "gender": rng.choice(GENDERS) if answered else None,
            "age_band": rng.choice(AGE_BANDS) if answered else None,
        })
    for start in range(0, len(rows), 10_000):
        db.session.execute(sa.insert(User), rows[start:start + 10_000])
    users = list(db.session.execute(sa.select(User.id, User.quartier_id).order_by(User.id)))
    district_of = {q.id: q.district_id for q in quartiers}

    edition = editions.create_edition(None, editions.EditionInput(
        title="Budget participatif — banc d'essai", year=2027, rule=args["rule"]))
    city = editions.add_envelope(None, edition, editions.EnvelopeInput("Toute la ville", Decimal(6_000_000)))
    envelopes = [city] + [
        editions.add_envelope(None, edition, editions.EnvelopeInput(
            f"{d.number}e arrondissement", Decimal(400_000), scope="district", district_id=d.id,
            ballot_kind="approval", max_choices=3, position=d.number))
        for d in districts
    ]
    per_envelope = [args["projects"] - 15 * (len(envelopes) - 1)] + [15] * (len(envelopes) - 1)
    for envelope, count in zip(envelopes, per_envelope):
        for n in range(count):
            quartier = rng.choice([q for q in quartiers if envelope.district_id in (None, q.district_id)])
            db.session.add(Proposal(
                edition=edition, envelope=envelope, title=f"{envelope.name} — projet {n + 1}",
                description="Un projet du banc d'essai.", estimated_cost=Decimal(rng.randrange(20, 900) * 1000),
                theme=rng.choice(THEMES), quartier_id=quartier.id, status="feasible", submitted_at=now))
    day = timedelta(days=1)
    editions.set_phases(None, edition, {
        "submission": (now - 60 * day, now - 40 * day), "review": (now - 40 * day, now - 20 * day),
        "voting": (now - day, now + 20 * day), "results": (now + 20 * day, None)})
    voting.prepare_voting(None, edition, now)
    db.session.commit()

    options = {}
    for envelope in envelopes:
        vote = voting.vote_of(envelope)
        options[envelope.id] = (vote, [(o.id, o.cost) for o in vote.options])

    def choice(envelope):
        vote, opts = options[envelope.id]
        if envelope.ballot_kind == "approval":
            return [o for o, _ in rng.sample(opts, rng.randint(1, 3))]
        chosen, spent = [], Decimal(0)
        for o, cost in rng.sample(opts, len(opts)):
            if spent + cost <= envelope.amount and rng.random() < 0.5:
                chosen.append(o)
                spent += cost
        return chosen or [min(opts, key=lambda item: item[1])[0]]

    by_district = {e.district_id: e for e in envelopes if e.district_id}
    voters = users[args["cast"]:args["cast"] + args["prefill"]]
    roll, ballots = [], []
    for user_id, quartier_id in voters:
        for envelope in (city, by_district[district_of[quartier_id]]):
            vote = options[envelope.id][0]
            roll.append({"vote_id": vote.id, "voter_key": f"user:{user_id}", "channel": "web", "day": now.date()})
            ballots.append({"vote_id": vote.id, "content": {"approve": sorted(choice(envelope))}, "channel": "web",
                            "day": now.date(), "receipt_hash": receipts.receipt_hash(vote, receipts.new_code())})
    for start in range(0, len(roll), 20_000):
        db.session.execute(sa.insert(RollEntry), roll[start:start + 20_000])
        db.session.execute(sa.insert(Ballot), ballots[start:start + 20_000])
    db.session.commit()
    # A city's ballots come in over weeks, and autovacuum keeps the planner's statistics: written here in
    # seconds, they get them from ANALYZE (this machine's PostgreSQL runs without autovacuum). Only this
    # bench's own tables: a bare ANALYZE would lock every schema's, tests running beside it included.
    for table in db.metadata.sorted_tables:
        db.session.execute(sa.text(f'ANALYZE "{table.name}"'))
    db.session.commit()

    clients = []
    serializer = app.session_interface.get_signing_serializer(app)
    session_key = User(password_hash=None).session_key  # the residents here have no password
    for user_id, quartier_id in users[:args["cast"]]:
        with app.test_request_context():
            session["_user_id"] = f"{user_id}:{session_key}"  # as `User.get_id` signs a session in
            session["_fresh"] = True
            g.pop("csrf_token", None)  # the app context (and its g) is shared: drop the last one's token
            token = generate_csrf()
            cookie = serializer.dumps(dict(session))
        clients.append({"user": user_id, "cookie": cookie, "token": token, "approve": choice(city)})
    print(json.dumps({"slug": edition.slug, "city": city.id, "city_vote": options[city.id][0].id,
                      "envelopes": len(envelopes), "prefilled": len(voters), "clients": clients}))
"""

VERIFY = r"""
import json, sys
from pathlib import Path
import sqlalchemy as sa
from app import create_app
from app.extensions import db
from app.votes.models import Ballot, RollEntry, Vote
from app.votes.services import receipts

args = json.loads(Path(json.loads(sys.argv[1])).read_text())  # tens of thousands of codes: too long for argv
app = create_app()
with app.app_context():
    vote = db.session.get(Vote, args["vote"])
    found = {h: n for h, n in db.session.execute(
        sa.select(Ballot.receipt_hash, sa.func.count()).where(Ballot.vote_id == vote.id).group_by(Ballot.receipt_hash))}
    hashes = [receipts.receipt_hash(vote, code) for code in args["codes"]]
    lost = sum(1 for h in hashes if h not in found)
    duplicated = sum(1 for n in found.values() if n > 1)
    keys = [f"user:{u}" for u in args["users"]]
    roll = {k: n for k, n in db.session.execute(
        sa.select(RollEntry.voter_key, sa.func.count()).where(RollEntry.vote_id == vote.id,
        RollEntry.voter_key.in_(keys)).group_by(RollEntry.voter_key))}
    duplicated += sum(1 for n in roll.values() if n > 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(Ballot.vote_id == vote.id))
    print(json.dumps({"lost": lost, "duplicated": duplicated, "ballots_in_vote": total,
                      "roll_rows_of_clients": sum(roll.values())}))
"""

TALLY = r"""
import json, sys, time
from app import create_app
from app.budgets.services import editions, results
from app.core.db import utcnow
from app.extensions import db
from app.votes.services import votes
from app.budgets.services import voting

args = json.loads(sys.argv[1])
app = create_app()
with app.test_request_context():
    edition = editions.get_edition(args["slug"])
    for envelope in edition.envelopes:
        vote = voting.vote_of(envelope)
        vote.closes_at = utcnow()  # the close is what runs the tally: only its own time is measured
        vote.closed_at = utcnow()
    phase = edition.phase("voting")
    phase.ends_at = utcnow()
    db.session.commit()
    started = time.perf_counter()
    published = results.publish(None, edition)
    db.session.commit()
    print(json.dumps({"tally_s": time.perf_counter() - started, "envelopes": len(published)}))
"""


def session_value(cookie_header: str) -> dict[str, Any]:
    """The (signed, not encrypted) Flask session cookie's content: where the receipt code travels."""
    import base64
    import zlib

    payload = cookie_header.split(".")
    compressed = cookie_header.startswith(".")
    data = payload[1] if compressed else payload[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if compressed else raw)


def encode_requests(seed: dict[str, Any]) -> None:
    """Each resident's form and headers, encoded once before the clock starts: the clients share the
    server's cores, and what they spend building requests is not what is measured."""
    for person in seed["clients"]:
        fields = [("csrf_token", person["token"])] + [("approve", str(o)) for o in person["approve"]]
        person["body"] = urlencode(fields).encode()
        person["headers"] = {
            "Cookie": f"session={person['cookie']}",
            "Content-Type": "application/x-www-form-urlencoded",
        }


async def cast_all(
    base: str, seed: dict[str, Any], clients: int, seconds: float, rate: float | None = None
) -> dict[str, Any]:
    """Cast ballots for `seconds`. Closed loop (rate None): `clients` connections, each posting its next
    ballot as soon as the last one is answered, so the server is always saturated. Open loop: a ballot
    every 1/rate s whatever the answers, over at most `clients` connections; its latency counts from
    when it was due, so a server falling behind shows it (no coordinated omission)."""
    url = f"/budget/{seed['slug']}/vote/{seed['city']}"
    queue = seed["clients"]  # shared by the warm-up and the measure: each resident votes once
    latencies: list[float] = []
    acknowledged: list[tuple[int, str]] = []
    errors: dict[str, int] = {}
    connector = aiohttp.TCPConnector(limit=clients)

    def failed(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def cast(http: aiohttp.ClientSession, person: dict[str, Any], due: float) -> None:
        try:
            async with http.post(url, data=person["body"], allow_redirects=False,
                                 headers=person["headers"]) as response:  # fmt: skip
                await response.read()
                elapsed = time.perf_counter() - due
                if response.status != 303:
                    failed(str(response.status))
                    if os.environ.get("BENCH_DEBUG") and errors[str(response.status)] == 1:
                        body = (await response.read()).decode()
                        print(body[body.find("<main") :][:3000], flush=True)
                    return
                cookie = response.cookies.get("session")
                code = session_value(cookie.value)["budgets_receipt"]["code"] if cookie else None
        except (TimeoutError, aiohttp.ClientError) as error:
            failed(type(error).__name__)
            return
        latencies.append(elapsed)
        if code:
            acknowledged.append((person["user"], code))
        else:
            failed("no receipt")

    async def closed_loop(http: aiohttp.ClientSession, deadline: float) -> None:
        while queue and time.perf_counter() < deadline:
            await cast(http, queue.pop(), time.perf_counter())

    async def open_loop(http: aiohttp.ClientSession, start: float, deadline: float) -> None:
        assert rate is not None
        pending = set()
        for number in range(int(seconds * rate)):
            due = start + number / rate
            if not queue or due >= deadline:
                break
            if due > time.perf_counter():
                await asyncio.sleep(due - time.perf_counter())
            task = asyncio.create_task(cast(http, queue.pop(), due))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)

    async with aiohttp.ClientSession(base, connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
        started = time.perf_counter()
        deadline = started + seconds
        if rate is None:
            await asyncio.gather(*(closed_loop(http, deadline) for _ in range(clients)))
        else:
            await open_loop(http, started, deadline)
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "acknowledged": acknowledged, "errors": errors, "elapsed": elapsed}


async def time_page(base: str, path: str, times: int) -> list[float]:
    spent = []
    async with aiohttp.ClientSession(base) as http:
        for _ in range(times):
            started = time.perf_counter()
            async with http.get(path) as response:
                await response.read()
                assert response.status == 200, response.status
            spent.append(time.perf_counter() - started)
    return spent


def measure(
    server: ProductionServer, seed: dict[str, Any], clients: int, seconds: float, rate: float | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One phase of casting, with its rate, latencies and the CPU the server, PostgreSQL and the
    clients spent on it."""
    _, cpu_before = usage(server.pid)
    database_before = database_cpu()
    client_before, load_before = time.process_time(), os.getloadavg()[0]
    cast = asyncio.run(cast_all(server.base, seed, clients, seconds, rate))
    rss, cpu_after = usage(server.pid)
    database_spent = database_cpu() - database_before
    client_cpu, load_after = time.process_time() - client_before, os.getloadavg()[0]
    latencies = cast["latencies"]
    done = len(cast["acknowledged"])
    return cast, {
        "ballots": done,
        "ballots_per_s": round(done / cast["elapsed"], 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "server_cpu_ms_per_ballot": round((cpu_after - cpu_before) * 1000 / max(done, 1), 2),
        # The clients share the machine's cores with the server: what they take is not the server's.
        "client_cpu_ms_per_ballot": round(client_cpu * 1000 / max(done, 1), 2),
        # PostgreSQL's CPU meanwhile, whoever asked it (other benches on the machine count too).
        "database_cpu_ms_per_ballot": round(database_spent * 1000 / max(done, 1), 2),
        "server_rss_mb": round(rss),
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument(
        "--prefill", type=int, help="residents who voted before the bench (default: 60%% of --residents)"
    )
    parser.add_argument("--cast", type=int, help="residents ready to vote during the bench (default: 30%% of them)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of voting before the measure")
    parser.add_argument("--clients", type=int, default=64, help="concurrent connections")
    parser.add_argument("--rate", type=float, default=500.0, help="ballots offered per second (the target)")
    parser.add_argument(
        "--saturate-seconds", type=float, default=15.0,
        help="then seconds of closed-loop casting, for the most the server takes (0: skip)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pool-size",
        default=os.environ.get("DB_POOL_SIZE", "16"),
        help="database connections per worker (DB_POOL_SIZE; production's default, 30 per worker, can exceed a "
        "shared PostgreSQL's max_connections with the clients' 64 requests in flight)",
    )
    parser.add_argument(
        "--worker-class",
        default=os.environ.get("GUNICORN_WORKER_CLASS", "gevent"),
        help="gunicorn worker class, as GUNICORN_WORKER_CLASS sets it in production (gunicorn.conf.py)",
    )
    parser.add_argument("--rule", default="mes-add1")
    args = parser.parse_args()
    args.prefill = args.residents * 6 // 10 if args.prefill is None else args.prefill
    args.cast = args.residents * 3 // 10 if args.cast is None else args.cast
    if args.prefill + args.cast > args.residents:
        raise SystemExit("--prefill + --cast must not exceed --residents")

    with ProductionServer(
        workers=args.workers, GUNICORN_WORKER_CLASS=args.worker_class, DB_POOL_SIZE=str(args.pool_size)
    ) as server:
        started = time.perf_counter()
        seed = server.seed(
            SEED,
            {"residents": args.residents, "projects": args.projects, "prefill": args.prefill, "cast": args.cast,
             "rule": args.rule},
        )  # fmt: skip
        print(f"seeded {args.residents} residents, {args.projects} projects in {seed['envelopes']} envelopes, "
              f"{seed['prefilled']} earlier voters, in {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        encode_requests(seed)
        server.start()
        print(f"server: gunicorn x{args.workers} ({args.worker_class}), PostgreSQL, "
              f"{os.cpu_count()} CPU(s); {args.clients} concurrent clients", flush=True)  # fmt: skip
        # Each process's first ballots read what it keeps (templates, the edition's envelopes, the vote's
        # rules): cast for a moment before measuring. Those ballots are checked in the database too.
        # The target: `--rate` ballots a second offered, as residents arrive, with their latencies.
        warm = asyncio.run(cast_all(server.base, seed, args.clients, args.warmup, args.rate))
        cast, figures = measure(server, seed, args.clients, args.seconds, args.rate)
        phases = [warm, cast]
        if args.saturate_seconds > 0:
            # Then the most the server takes: every client posts again as soon as it is answered. Its
            # latencies are the queue the clients build (about clients / rate, by Little's law).
            saturated, most = measure(server, seed, args.clients, args.saturate_seconds, None)
            phases.append(saturated)
            figures |= {"max_ballots_per_s": most["ballots_per_s"], "saturated_p50_ms": most["p50_ms"],
                        "saturated_p99_ms": most["p99_ms"],
                        "saturated_server_cpu_ms_per_ballot": most["server_cpu_ms_per_ballot"]}  # fmt: skip
        figures["errors"] = sum(sum(phase["errors"].values()) for phase in phases)  # the warm-up's count too
        figures["error_kinds"] = dict(sum((Counter(phase["errors"]) for phase in phases), Counter()))
        print(json.dumps(figures), flush=True)
        acknowledged = [ballot for phase in phases for ballot in phase["acknowledged"]]
        acknowledged_file = Path(server.instance) / "acknowledged.json"
        codes, users = [c for _, c in acknowledged], [u for u, _ in acknowledged]
        acknowledged_file.write_text(json.dumps({"vote": seed["city_vote"], "codes": codes, "users": users}))
        check = server.seed(VERIFY, str(acknowledged_file))
        figures |= {"lost": check["lost"], "duplicated": check["duplicated"]}
        print(json.dumps(check), flush=True)
        tally = server.seed(TALLY, {"slug": seed["slug"]})
        figures["tally_s"] = round(tally["tally_s"], 3)
        page = f"/budget/{seed['slug']}/resultats"
        spent = asyncio.run(time_page(server.base, page, 30))
        figures["results_page_ms"] = round(percentile(spent[5:], 0.5) * 1000, 1)  # the first ones warm the caches
        figures["results_page_p95_ms"] = round(percentile(spent[5:], 0.95) * 1000, 1)
        figures["conditions"] = {
            "residents": args.residents,
            "projects": args.projects,
            "envelopes": seed["envelopes"],
            "earlier_voters": seed["prefilled"],
            "rate": args.rate,
            "seconds": args.seconds,
            "clients": args.clients,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "pool_size": int(args.pool_size),
            "rule": args.rule,
            "cpus": os.cpu_count(),
        }
    print("RESULT " + json.dumps(figures))


if __name__ == "__main__":
    main()
