"""Signals the vote engine sends, in the core namespace: higher areas (budgets, councils) listen."""

from app.core.signals import parvis_signals

#: Sent once per vote when its close is recorded (by `close_vote` or `close_due_votes`), inside the
#: transaction. Sender: the Flask app; kwargs: `vote` (app.votes.models.Vote).
ballot_closed = parvis_signals.signal("ballot-closed")

#: Sent when a vote opens by `open_vote`. Sender: the Flask app; kwargs: `vote`.
vote_opened = parvis_signals.signal("vote-opened")
