"""gunicorn settings, read from the environment.

Live sessions keep one Server-Sent-Events stream open per screen (phones, projector, console), for
hours. With the gevent worker (the default when gevent is installed) an idle stream costs a
greenlet and a socket, not a thread, and holds no database connection, so one process holds
thousands (`GUNICORN_WORKER_CONNECTIONS`). The gthread worker (`GUNICORN_WORKER_CLASS=gthread`)
needs one thread per open stream: size `GUNICORN_THREADS` for every screen plus ordinary requests.

Several processes (`WEB_CONCURRENCY`) need a broker shared between them: Redis (`REDIS_URL`) or
PostgreSQL (`LIVE_BROKER=postgres`). With the in-process broker (embedded mode, no Redis) a second
process would never see the first one's events, so the count is forced to 1.
"""

import importlib.util
import logging
import os

env = os.environ

bind = f"{env.get('HOST', '127.0.0.1')}:{env.get('PORT', '5000')}"
worker_class = env.get(
    "GUNICORN_WORKER_CLASS", "gevent" if importlib.util.find_spec("gevent") is not None else "gthread"
)
workers = int(env.get("WEB_CONCURRENCY", "1"))
threads = int(env.get("GUNICORN_THREADS", "8" if worker_class == "gevent" else "64"))
worker_connections = int(env.get("GUNICORN_WORKER_CONNECTIONS", "2000"))
# The worker's heartbeat, not a request limit: streams last longer, and send a comment every 15 s.
timeout = int(env.get("GUNICORN_TIMEOUT", "60"))
# On restart, streams are cut after this; browsers reconnect (randomised `retry:`) and are replayed.
graceful_timeout = int(env.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
accesslog = env.get("GUNICORN_ACCESS_LOG", "-") or None
forwarded_allow_ips = env.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

_shared_broker = bool(env.get("REDIS_URL")) or env.get("LIVE_BROKER", "").lower() in ("redis", "postgres")
if workers > 1 and not _shared_broker:
    logging.getLogger("gunicorn.error").warning(
        "WEB_CONCURRENCY=%s without REDIS_URL or LIVE_BROKER=postgres: live events would not cross "
        "processes; running 1 process.",
        workers,
    )
    workers = 1


def post_worker_init(worker: object) -> None:
    """Once the application is loaded: leave its objects (modules, templates, mappers) out of the
    garbage collector's full passes, which otherwise walk them again and again while a room of
    phones joins and its streams stay open (about 6% of a worker's CPU, measured)."""
    import gc

    gc.freeze()
