"""Sample URL arguments for votes' routes, read by tests/test_access.py."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any


def _vote(s: Any) -> Any:
    """One open staff-run approval vote, shared by every route of a test."""

    def build() -> Any:
        from app.core.db import utcnow
        from app.extensions import db
        from app.votes.services import votes
        from app.votes.services.votes import OptionSpec

        vote = votes.create_vote(
            None,
            title="Vote témoin",
            kind="approval",
            options=[OptionSpec("Première option"), OptionSpec("Seconde option")],
            eligibility="signed_in",
            opens_at=utcnow() - timedelta(hours=1),
            closes_at=utcnow() + timedelta(days=1),
        )
        db.session.commit()
        return vote

    return s.once("votes.vote", build)


def _vote_id(s: Any) -> dict[str, Any]:
    return {"vote_id": _vote(s).id}


URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    endpoint: _vote_id
    for endpoint in (
        "votes.show",
        "votes.ballots",
        "votes.show_results",
        "votes.export_pabulib",
        "votes.cast",
        "votes.receipt",
        "votes.email_receipt",
        "votes.check",
        "votes.replace",
        "votes.edit",
        "votes.open_",
        "votes.close",
        "votes.enter_paper",
    )
}
