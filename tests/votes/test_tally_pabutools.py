"""Every tally rule against pabutools 1.2.3: on every real file of ../shared/pb and on generated
elections (hypothesis), the same projects must be selected in the same order.

pabutools is slow on the larger files (minutes for the add1 completions), so those outcomes were
recorded once from pabutools 1.2.3 (REFERENCE below, produced with the exact calls of pb-rules.md);
the small ones are recomputed live. bench/tally.py compares live on the largest files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    parse_pabulib,
)
from pabutools.election import Project as PbProject
from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
from pabutools.fractions import frac, str_as_frac
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from app.votes.pabulib import read_pb
from app.votes.tally import RULES, Election, Project, tally

PB_DIR = Path(__file__).resolve().parents[3] / "shared" / "pb"
if not PB_DIR.is_dir():
    PB_DIR = Path("/work/shared/pb")
ALL_FILES = sorted(PB_DIR.glob("*.pb"))
LARGEST = "Poland_Warszawa_2020_Praga-Poludnie"


def _points_cost(instance, profile, ballot, project, precomputed_values):
    return frac(ballot[project]) * project.cost if project in ballot else 0


class PointsCostSat(AdditiveSatisfaction):
    """Cost utilities weighted by points (what Parvis uses for cumulative and ranking ballots)."""

    def __init__(self, instance, profile, ballot) -> None:
        super().__init__(instance, profile, ballot, _points_cost)


def pabutools_rule(instance, profile, rule: str, sat=Cost_Sat) -> list[str]:
    """The exact pabutools calls of pb-rules.md §2."""
    n = profile.num_ballots()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=sat)
    elif rule == "mes-add1":
        outcome = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    elif rule == "mes-add1-greedy":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        )
    else:
        outcome = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": sat}, budget_step=n, exhaustive_stop=False
        )
    return [p.name for p in outcome]


REFERENCE: dict[str, dict[str, list[str]]] = {
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals": {
        "greedy": ["780", "792", "786", "791", "787"],
        "mes": ["780", "786", "792", "789", "788"],
        "mes-add1": ["780", "792", "786", "791", "789", "788", "779"],
        "mes-add1-greedy": ["780", "792", "786", "791", "789", "788", "779"],
        "mes-add1-nostop": ["780", "792", "786", "791", "779", "788", "789"],
    },
    "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine": {
        "greedy": ["182", "183"],
        "mes": ["180", "184"],
        "mes-add1": ["182", "180", "184", "178"],
        "mes-add1-greedy": ["182", "180", "184", "178", "186"],
        "mes-add1-nostop": ["182", "180", "184", "178"],
    },
    "Netherlands_Amsterdam_522": {
        "greedy": ["41514", "41510", "41518", "41509", "41522"],
        "mes": ["41514", "41510", "41509", "41522"],
        "mes-add1": ["41514", "41510", "41509", "41516", "41522", "41519"],
        "mes-add1-greedy": ["41514", "41510", "41509", "41516", "41522", "41519"],
        "mes-add1-nostop": ["41514", "41510", "41518", "41509", "41522"],
    },
    "Poland_Warszawa_2017_Las": {
        "greedy": ["2516", "2521", "2519", "1418", "1424"],
        "mes": ["2516", "2521", "2519"],
        "mes-add1": ["2516", "2521", "2519", "1418", "1424"],
        "mes-add1-greedy": ["2516", "2521", "2519", "1418", "1424"],
        "mes-add1-nostop": ["2516", "2521", "2519", "1418", "1424"],
    },
    "Poland_Warszawa_2020_Praga-Poludnie": {
        "greedy": [
            "287",
            "26",
            "49",
            "282",
            "1022",
            "288",
            "562",
            "1540",
            "1788",
            "28",
            "1718",
            "966",
            "668",
            "1807",
            "2140",
            "1561",
            "2011",
            "41",
            "2126",
            "625",
            "1466",
            "1451",
            "1834",
            "1782",
            "558",
            "378",
        ],
        "mes": [
            "287",
            "26",
            "49",
            "282",
            "1022",
            "288",
            "1540",
            "2140",
            "1788",
            "668",
            "1561",
            "41",
            "562",
            "2126",
            "625",
            "1466",
            "1451",
            "1666",
            "558",
            "1782",
            "1799",
            "1834",
            "479",
            "539",
            "584",
            "223",
            "588",
            "467",
            "440",
            "2132",
            "583",
            "1728",
            "387",
            "1960",
            "137",
            "587",
            "660",
            "378",
            "442",
            "301",
            "1929",
            "358",
            "1480",
            "2015",
            "831",
            "502",
            "1471",
        ],
    },
    "Poland_Zabrze_2021_Centrum_Poludnie": {
        "greedy": ["P0040", "P0033"],
        "mes": [],
        "mes-add1": ["P0040"],
        "mes-add1-greedy": ["P0040", "P0033"],
        "mes-add1-nostop": ["P0040"],
    },
    "Switzerland_Zurich_S5": {
        "greedy": ["14", "5", "6", "7", "2", "24", "13", "17"],
        "mes": ["14", "5", "7", "6", "13", "17"],
        "mes-add1": ["14", "5", "6", "7", "2", "17", "13", "24"],
        "mes-add1-greedy": ["14", "5", "6", "7", "2", "17", "13", "24"],
        "mes-add1-nostop": ["14", "5", "6", "7", "2", "17", "13", "24"],
    },
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks": {
        "greedy": ["262", "268", "265", "260", "256", "263", "264", "270", "259", "274"],
        "mes": ["262", "268", "265", "260", "256", "263", "264", "270", "254"],
        "mes-add1": ["262", "268", "265", "260", "256", "263", "264", "270", "259", "254", "272"],
        "mes-add1-greedy": ["262", "268", "265", "260", "256", "263", "264", "270", "259", "254", "272", "255"],
        "mes-add1-nostop": ["262", "268", "265", "260", "256", "263", "264", "270", "259", "254", "272"],
    },
}

# (file, rule) pairs pabutools computes in about a second or less: recomputed live.
LIVE = {
    (name, rule)
    for name in (
        "Poland_Warszawa_2017_Las",
        "Poland_Zabrze_2021_Centrum_Poludnie",
        "Netherlands_Amsterdam_522",
        "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals",
    )
    for rule in ("greedy", "mes", "mes-add1", "mes-add1-greedy")
} | {
    (name, rule)
    for name in (
        "Switzerland_Zurich_S5",
        "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine",
        "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
    )
    for rule in ("greedy", "mes")
}

APPROVAL_CASES = [
    pytest.param(name, rule, id=f"{name[:40]}-{rule}")
    for name in sorted(REFERENCE)
    for rule in RULES
    if rule in REFERENCE[name] and not (name == LARGEST and rule != "greedy" and rule != "mes")
]


@pytest.fixture(scope="module")
def elections() -> dict[str, Election]:
    return {path.stem: read_pb(path).election() for path in ALL_FILES}


def test_every_sample_file_is_covered() -> None:
    approval = {p.stem for p in ALL_FILES if read_pb(p).vote_type in ("approval", "choose-1")}
    assert approval <= set(REFERENCE), approval - set(REFERENCE)


@pytest.mark.parametrize(("name", "rule"), APPROVAL_CASES)
def test_real_file_matches_pabutools(name: str, rule: str, elections: dict[str, Election]) -> None:
    result = tally(elections[name], rule)
    assert list(result.selected) == REFERENCE[name][rule]
    assert result.cost <= result.budget
    if (name, rule) in LIVE:
        instance, profile = parse_pabulib(str(PB_DIR / f"{name}.pb"))
        if rule != "greedy":
            profile = profile.as_multiprofile()
        assert list(result.selected) == pabutools_rule(instance, profile, rule)


@pytest.mark.parametrize("name", ["Switzerland_Zurich_D5", "poland_czestochowa_2020_grabowka"])
@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1", "mes-add1-greedy"])
def test_cumulative_file_matches_pabutools_with_points(name: str, rule: str, elections: dict[str, Election]) -> None:
    instance, profile = parse_pabulib(str(PB_DIR / f"{name}.pb"))
    assert list(tally(elections[name], rule).selected) == pabutools_rule(instance, profile, rule, PointsCostSat)


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_ranking_file_matches_pabutools_on_borda_points(rule: str, elections: dict[str, Election]) -> None:
    """Zurich S5R ranks up to 5 projects: Borda gives 5, 4, 3, 2, 1 points."""
    instance, profile = parse_pabulib(str(PB_DIR / "Switzerland_Zurich_S5R.pb"))
    ballots = []
    for ranking in profile:
        ballot = CumulativeBallot({project: 5 - rank for rank, project in enumerate(ranking)})
        ballots.append(ballot)
    cumulative = CumulativeProfile(ballots, instance=instance)
    election = elections["Switzerland_Zurich_S5R"]
    assert election.kind == "ordinal"
    assert list(tally(election, rule).selected) == pabutools_rule(instance, cumulative, rule, PointsCostSat)


# --- generated elections --------------------------------------------------------------------------

IDS = st.text(alphabet="ab019", min_size=1, max_size=3)  # "10" < "9": string order matters


@st.composite
def elections_strategy(draw, weighted: bool = False):
    ids = draw(st.lists(IDS, min_size=1, max_size=7, unique=True))
    costs = draw(
        st.lists(
            st.one_of(st.integers(1, 60), st.integers(101, 6000).map(lambda c: f"{c // 100}.{c % 100:02d}")),
            min_size=len(ids),
            max_size=len(ids),
        )
    )
    budget = draw(st.one_of(st.integers(0, 150), st.sampled_from(["99.5", "40.25"])))
    if weighted:
        ballot = st.dictionaries(st.sampled_from(ids), st.integers(1, 3), max_size=len(ids))
    else:
        ballot = st.sets(st.sampled_from(ids), max_size=len(ids))
    ballots = draw(st.lists(ballot, max_size=9))
    return ids, costs, budget, ballots


def _both(ids, costs, budget, ballots, weighted: bool):
    ours_projects = [Project(i, c) for i, c in zip(ids, costs, strict=True)]
    theirs = {i: PbProject(i, str_as_frac(str(c))) for i, c in zip(ids, costs, strict=True)}
    instance = Instance(theirs.values(), budget_limit=str_as_frac(str(budget)))
    if weighted:
        election = Election.cumulative(ours_projects, budget, ballots)
        profile = CumulativeProfile([CumulativeBallot({theirs[i]: p for i, p in b.items()}) for b in ballots])
    else:
        election = Election.approval(ours_projects, budget, ballots)
        profile = ApprovalProfile([ApprovalBallot(theirs[i] for i in b) for b in ballots])
    return election, instance, profile


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("rule", RULES)
@SETTINGS
@given(data=elections_strategy())
def test_generated_approval_matches_pabutools(rule: str, data) -> None:
    election, instance, profile = _both(*data, weighted=False)
    if rule == "mes-add1-nostop" and not election.ballots:
        # pabutools loops forever here (its budget step is n = 0); MES selects nothing without ballots
        assert tally(election, rule).selected == ()
        return
    assert list(tally(election, rule).selected) == pabutools_rule(instance, profile, rule)


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
@SETTINGS
@given(data=elections_strategy(weighted=True))
def test_generated_cumulative_matches_pabutools(rule: str, data) -> None:
    election, instance, profile = _both(*data, weighted=True)
    assert list(tally(election, rule).selected) == pabutools_rule(instance, profile, rule, PointsCostSat)


def test_exact_ties_go_to_the_smaller_id_string() -> None:
    """Three projects with the same cost and votes: "10" < "2" < "9" as strings, like pabutools."""
    projects = [Project(i, 10) for i in ("9", "10", "2")]
    election = Election.approval(projects, 20, [{"9", "10", "2"}] * 3)
    for rule in RULES:
        assert tally(election, rule).selected == ("10", "2"), rule
