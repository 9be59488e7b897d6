"""The vote engine's services: what other areas (councils, budgets, assemblies) call.

Import the modules, never the models' internals: `from app.votes.services import votes, casting, paper,
receipts, results, eligibility, export`. Every function flushes, never commits (the caller's view commits
once), and raises `app.core.errors.DomainError` with French messages that say what to change. `now` is an
aware UTC datetime, defaulting to the present moment; pass it in tests.

Creating and running a vote (`votes`)
-------------------------------------
`votes.create_vote(actor, *, title, kind, options, description="", secret=True, opens_at=None,
closes_at=None, owner="", owner_ref="", eligibility="verified", district_ids=(), quartier_ids=(),
min_choices=None, max_choices=None, budget=None, min_share=None, points_per_option=None, points_total=None,
max_ranked=None, rank_points=None, allow_abstain=True, quorum=None, majority="absolute",
rule="greedy") -> Vote`
    `kind` is one of `KINDS`: "approval" (between min_choices and max_choices options), "knapsack"
    (options whose total `cost` is at most `budget`, and at least `min_share` percent of it when set),
    "cumulative" (at most `points_per_option` on one option, `points_total` in all), "ranking" (an
    order of up to `max_ranked` options; `rank_points` = points per rank, Borda by default), "single"
    (one option, or an abstention when `allow_abstain`; motions use `options=votes.MOTION_OPTIONS`,
    i.e. "Pour" / "Contre"). `options` is a list of `OptionSpec(label, description="", cost=None,
    ref="")`: `cost` is a `Decimal` (needed for knapsack and budget rules), `ref` the owner's own id
    (e.g. a budget project id). `secret=False` makes an open vote: each voter's choice is then also
    recorded by name (`OpenChoice`) and listed by `results.open_choices(vote)`; a secret vote never
    records it. `eligibility` is one of `ELIGIBILITY`: "signed_in" (any signed-in account), "verified"
    (verified residents), "area" (verified residents whose quartier is in `quartier_ids` or in one of
    `district_ids`), "list" (only the voter keys set by `set_eligible_voters`). `owner`/`owner_ref` name
    the area and object that own the vote ("councils", "motion:12"): such votes are managed by that area,
    not by the votes staff pages. `quorum` (minimum number of ballots, abstentions included) and
    `majority` ("relative", "absolute" = more than half of the expressed votes, "two_thirds") are for
    single choice. `rule` is the tally rule for approval/knapsack/cumulative/ranking (see app.votes.tally).
`votes.update_vote(actor, vote, **same keyword arguments as create_vote) -> Vote`
    Only while no ballot was cast. Options are replaced when `options` is given.
`votes.set_eligible_voters(actor, vote, users) -> None`
    Replace the explicit list (for eligibility "list", e.g. the members present in a session). Each user
    counts by all their voter keys, so a paper ballot keyed by their identity matches too.
`votes.open_vote(actor, vote, now=None) -> None`       opens now (or keeps an earlier opening time).
`votes.close_vote(actor, vote, now=None) -> None`      closes now; sends `signals.ballot_closed`.
`votes.close_due_votes(now=None) -> list[Vote]`        closes every vote whose closing time has passed
                                                        (and sends the signal once for each).
`votes.close_if_due(vote, now=None) -> None`           the same for one vote (pages call it on load).
`votes.status(vote, now=None) -> str`                   "draft" | "scheduled" | "open" | "closed".
`votes.get_vote(vote_id) -> Vote` (raises NotFound), `votes.votes_owned_by(owner, owner_ref) -> list[Vote]`,
`votes.ballot_count(vote) -> int`, `votes.is_motion(vote) -> bool` (single choice with MOTION_OPTIONS),
`votes.delete_vote(actor, vote)` (only while no ballot was cast).

Who may vote (`eligibility`)
----------------------------
`eligibility.problem(vote, user) -> str | None`   why this account may not vote here (None: it may).
`eligibility.is_eligible(vote, user) -> bool`.
`eligibility.identity_problem(vote, keys, identity_hash) -> str | None`   the same for a person known only by
    an identity document (paper ballots; the census gives their quartier).

Casting (`casting`, `paper`, `receipts`)
----------------------------------------
Ballot contents are plain dicts, by kind:
    approval / knapsack: `{"approve": [option_id, ...]}`
    cumulative:          `{"points": {"<option_id>": points, ...}}`
    ranking:             `{"rank": [option_id, ...]}`            (most preferred first)
    single:              `{"choice": option_id}` or `{"abstain": True}`
`casting.validate(vote, content) -> dict`  the normalised content, or DomainError naming the limit
    (the same function as `ballots.validate`; `ballots.describe(vote, content)` tells a ballot in words).
`casting.cast(vote, user, content, channel="web", now=None) -> str`
    Write the voter-roll rows (one per voter key) and the anonymous ballot in the current transaction;
    returns the receipt code (shown once, never stored). Refuses a closed vote, an ineligible voter and a
    second vote ("Vous avez déjà voté…"), including through another account with the same verified
    identity or another channel — the database's unique constraint decides, whatever the concurrency.
`casting.has_voted(vote, user) -> bool`.
`casting.replace(vote, receipt_code, content, now=None) -> str`
    Delete the ballot the code stands for and write the new one; returns a new receipt code.
`paper.enter_paper_ballot(vote, staff, voter, content, channel="paper", now=None) -> str`
    Staff enter a ballot for a voter whose identity they checked: `voter` is a `paper.PaperVoter(user=...)`
    or `paper.PaperVoter(document_type=..., document_number=..., name="")` (census identity). `channel`
    is "paper" or "session" (a show of hands or a ballot box in a council session). Audited (who entered it
    for whom, never the choice); returns the receipt code to hand to the voter.
`receipts.check_receipt(vote, code) -> receipts.ReceiptCheck | None`   the ballot's published fingerprint
    and page in the published list, or None for an unknown code. Codes read "7K2M-9QXD-4HNP" (60 random
    bits); case, spaces, dashes and look-alike letters (O/0, I/L/1) do not matter.
`casting.scrub_insertion_traces(vote) -> int`   on PostgreSQL, rewrite the vote's ballots so no row keeps
    the transaction id or position it was written with (done at the close; `flask votes scrub` in cron).

Results (`results`, `export`)
-----------------------------
`results.published_ballots(vote, page=1, per_page=50)`   a paginated list of `PublishedBallot`
    (fingerprint, day, channel, and the content once the vote is closed), ordered by fingerprint.
`results.results(vote) -> results.VoteResults`   once closed (DomainError before). `mode` says which:
    "motion" (`motion`: app.votes.tally.MotionResult with yes/no/abstain, quorum and majority, and
    `motion_explanation` in French), "plurality" (single choice between options: `winner` or None),
    "budget" (`tally`: app.votes.tally.TallyResult of the vote's rule) or "scores" (no budget: options
    by score). `lines` has one `OptionLine(option, score, supporters, selected, position, explanation)`
    per option, the explanation a French sentence saying why it won or lost.
`results.open_choices(vote) -> list[OpenChoice]`   who chose what, for open votes only.
`export.pabulib_export(vote_id) -> str`   a closed vote's anonymous ballots as a Pabulib `.pb` file
    (DomainError while it is open).

Signals (`app.votes.signals`): `ballot_closed` (sender: the app; kwargs `vote`), sent by `close_vote`
and `close_due_votes` once per vote, inside the transaction.
"""
