"""The tally's reasons (stable codes and numbers) told in plain French, one sentence per option."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

from app.votes import tally


def euros(amount: Fraction | None) -> str:
    """An exact amount shown to the cent (display only: the arithmetic stays exact)."""
    value = Decimal(amount.numerator) / Decimal(amount.denominator) if amount is not None else Decimal(0)
    return format_currency(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "EUR")


def _decimal(amount: Fraction) -> str:
    value = Decimal(amount.numerator) / Decimal(amount.denominator)
    return format_decimal(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _votes(score: int, kind: str) -> str:
    if kind in ("cumulative", "ranking"):
        return ngettext("%(num)s point", "%(num)s points", score)
    return ngettext("%(num)s voix", "%(num)s voix", score)


def explain_option(outcome: tally.ProjectOutcome, kind: str) -> str:
    votes = _votes(outcome.score, kind)
    cost = euros(outcome.cost)
    reason = outcome.reason
    if reason == tally.Reason.SELECTED_GREEDY:
        return _(
            "Retenu : avec %(votes)s, son tour est venu quand il restait %(left)s, assez pour son coût de %(cost)s.",
            votes=votes,
            left=euros(outcome.money_left),
            cost=cost,
        )
    if reason == tally.Reason.SELECTED_FILL:
        return _(
            "Retenu au complément : une fois les parts égales réparties, il restait %(left)s, assez pour son coût "
            "de %(cost)s (%(votes)s).",
            left=euros(outcome.money_left),
            cost=cost,
            votes=votes,
        )
    if reason == tally.Reason.SELECTED_MES:
        text = _(
            "Retenu par les parts égales : ses %(supporters)s soutiens ont payé ses %(cost)s ensemble, "
            "chacun au plus %(share)s par voix.",
            supporters=outcome.supporters,
            cost=cost,
            share=euros(outcome.share),
        )
        if outcome.paid_in_full:
            text += " " + ngettext(
                "%(num)s d'entre eux a donné tout ce qui lui restait.",
                "%(num)s d'entre eux ont donné tout ce qui leur restait.",
                outcome.paid_in_full,
            )
        if outcome.effective_votes is not None:
            text += " " + _("Cela équivaut à %(votes)s voix effectives.", votes=_decimal(outcome.effective_votes))
        return text
    if reason == tally.Reason.SELECTED_FREE:
        return _("Retenu d'emblée : il ne coûte rien et a reçu %(votes)s.", votes=votes)
    if reason == tally.Reason.OVER_BUDGET:
        return _("Non retenu : son coût de %(cost)s dépasse à lui seul le budget total.", cost=cost)
    if reason == tally.Reason.NO_VOTES:
        return _("Non retenu : personne n'a voté pour lui.")
    if reason == tally.Reason.DID_NOT_FIT:
        return _(
            "Non retenu : avec %(votes)s, quand son tour est venu il ne restait que %(left)s, moins que son coût "
            "de %(cost)s.",
            votes=votes,
            left=euros(outcome.money_left),
            cost=cost,
        )
    if reason == tally.Reason.SUPPORTERS_SHORT:
        return _(
            "Non retenu : ses %(supporters)s soutiens n'avaient plus que %(money)s à eux tous, moins que son coût "
            "de %(cost)s.",
            supporters=outcome.supporters,
            money=euros(outcome.supporters_money),
            cost=cost,
        )
    return _("Retenu.") if outcome.selected else _("Non retenu.")


def explain_plurality(votes: int, expressed: int | None, won: bool) -> str:
    count = ngettext("%(num)s voix", "%(num)s voix", votes)
    if expressed:
        share = _decimal(Fraction(100 * votes, expressed))
        text = _("%(count)s, soit %(share)s %% des suffrages exprimés.", count=count, share=share)
    else:
        text = count
    if won:
        return _("%(count)s. Option retenue.", count=text.rstrip("."))
    return text


def explain_motion(result: tally.MotionResult, majority: str) -> str:
    if result.reason == tally.MotionReason.NO_QUORUM:
        return _(
            "Rien n'est décidé : le quorum n'est pas atteint (%(cast)s votants pour %(needed)s nécessaires).",
            cast=result.cast,
            needed=result.quorum_needed,
        )
    abstentions = ngettext("%(num)s abstention", "%(num)s abstentions", result.abstain)
    if majority == "two_thirds":
        rule = _("la majorité des deux tiers des suffrages exprimés, soit %(needed)s voix", needed=result.yes_needed)
    else:
        rule = _("la majorité absolue des suffrages exprimés, soit %(needed)s voix", needed=result.yes_needed)
    if result.adopted:
        return _(
            "Adoptée : %(yes)s pour, %(no)s contre, %(abstain)s ; il fallait %(rule)s.",
            yes=result.yes,
            no=result.no,
            abstain=abstentions,
            rule=rule,
        )
    if result.reason == tally.MotionReason.REJECTED_TIE:
        return _(
            "Rejetée à égalité : %(yes)s pour, %(no)s contre, %(abstain)s ; il fallait %(rule)s.",
            yes=result.yes,
            no=result.no,
            abstain=abstentions,
            rule=rule,
        )
    return _(
        "Rejetée : %(yes)s pour, %(no)s contre, %(abstain)s ; il fallait %(rule)s.",
        yes=result.yes,
        no=result.no,
        abstain=abstentions,
        rule=rule,
    )
