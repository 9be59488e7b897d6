"""Sample URL arguments for budgets' routes, read by tests/test_access.py.

Reviewer and author pages are `@access("user")` with a finer check: the sample edition (in its
submission phase) is reviewed by the person the access test signed in, who is also the author of
the sample proposal, so that every role the level admits gets through; refusals of other people
are tested in tests/budgets/test_views_*.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import RoleGrant, User
from app.core.db import utcnow
from app.extensions import db


def _world(s: Any) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        from app.budgets.services import comments, editions, images, moderation, proposals
        from tests.factories import QuartierFactory

        signed_in = db.session.scalar(sa.select(User).order_by(User.id.desc()).limit(1))
        author = signed_in or s.make_user(display_name="Porteuse")
        quartier = QuartierFactory()
        now = utcnow()
        edition = editions.create_edition(
            None,
            editions.EditionInput(
                title="BP échantillon", year=2027, unverified_may_propose=True, unverified_may_support=True
            ),
        )
        day = timedelta(days=1)
        editions.set_phases(
            None,
            edition,
            {
                "submission": (now - day, now + 9 * day),
                "review": (now + 10 * day, now + 20 * day),
                "voting": (now + 30 * day, now + 40 * day),
                "results": (now + 41 * day, None),
            },
        )
        envelope = editions.add_envelope(None, edition, editions.EnvelopeInput("Toute la ville", Decimal(100000)))
        if signed_in is not None:
            db.session.add(RoleGrant(user_id=signed_in.id, role="reviewer", scope_id=edition.slug))
        data = proposals.ProposalInput(
            "Un banc public",
            "Un banc à l'ombre pour se reposer.",
            Decimal(900),
            "cadre_de_vie",
            envelope.id,
            quartier.id,
        )
        proposal = proposals.create_draft(author, edition, data)
        proposals.submit(author, proposal)
        picture = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(picture, "PNG")
        picture.seek(0)
        image = images.add_image(author, proposal, picture, "Un banc")
        comment = comments.add_comment(author, proposal, "Bonne idée", "for")
        report = moderation.report(author, "spam", proposal=proposal)
        db.session.commit()
        return {
            "slug": edition.slug,
            "proposal_id": proposal.id,
            "envelope_id": envelope.id,
            "image_id": image.id,
            "comment_id": comment.id,
            "report_id": report.id,
        }

    return s.once("budgets", build)  # type: ignore[no-any-return]


def _pick(*names: str, **fixed: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda s: {**{name: _world(s)[name] for name in names}, **fixed}


URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    **{
        f"budgets.{name}": _pick("slug")
        for name in (
            "edition", "edit_edition", "phases", "new_envelope", "preselect", "proposals_list", "new_proposal",
            "reports", "review_queue",
        )
    },
    **{
        f"budgets.{name}": _pick("proposal_id")
        for name in (
            "proposal", "edit_proposal", "submit_proposal", "withdraw_proposal", "add_image", "comment", "support",
            "unsupport", "report_proposal", "hide_proposal", "review_page", "decide_feasibility", "decide_cost",
            "decide_merge", "decide_move",
        )
    },
    **{
        f"budgets.{name}": _pick("slug")
        for name in (
            "ballot", "ballot_receipt", "check_receipt", "paper", "turnout", "prepare_voting", "results_page",
            "publish_results",
        )
    },
    **{f"budgets.{name}": _pick("slug", "envelope_id") for name in ("cast_ballot", "replace_ballot")},
    "budgets.override": _pick("proposal_id"),
    "budgets.edit_envelope": _pick("envelope_id"),
    "budgets.image": _pick("image_id"),
    "budgets.remove_image": _pick("image_id"),
    "budgets.report_comment": _pick("comment_id"),
    "budgets.hide_comment": _pick("comment_id"),
    "budgets.dismiss_report": _pick("report_id"),
}  # fmt: skip
