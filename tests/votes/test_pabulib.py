"""Reading and writing Pabulib files: every variant, round trips, and every error names its line."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from app.votes.pabulib import PbError, decimal_text, dump_pb, parse_pb, read_pb, write_pb

PB_DIR = Path("/work/shared/pb")
FILES = sorted(PB_DIR.glob("*.pb"))

HEAD = "META\nkey;value\nbudget;100\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost;name\n"


def _text(
    vote_type: str = "approval",
    projects: str = "a;40;A\nb;60;B\n",
    votes: str = "1;a,b\n",
    header: str = "voter_id;vote",
) -> str:
    return HEAD.format(vote_type=vote_type) + projects + "VOTES\n" + header + "\n" + votes


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:40])
def test_every_sample_file_reads_and_round_trips(path: Path) -> None:
    pb = read_pb(path)
    assert len(pb.projects) == int(pb.meta["num_projects"])
    assert len(pb.votes) == int(pb.meta["num_votes"])
    election = pb.election()
    assert election.voters == len(pb.votes)
    again = parse_pb(dump_pb(pb))
    assert (again.meta, again.projects, again.votes) == (pb.meta, pb.projects, pb.votes)
    assert again.election() == election


def test_variants_each_give_their_ballots() -> None:
    approval = parse_pb(_text(votes="1;a,b,a\n2;\n3;None\n")).election()
    assert [dict(b) for b in approval.ballots] == [{"a": 1, "b": 1}, {}, {}]
    cumulative = parse_pb(_text("cumulative", votes="1;a,b;3,2\n", header="voter_id;vote;points")).election()
    assert cumulative.kind == "cumulative" and dict(cumulative.ballots[0]) == {"a": 3, "b": 2}
    ordinal = parse_pb(_text("ordinal", votes="1;b,a\n")).election()
    assert ordinal.kind == "ordinal" and dict(ordinal.ballots[0]) == {"b": 2, "a": 1}  # Borda over 2 projects
    choose = parse_pb(_text("choose-1", votes="1;b\n")).election()
    assert [dict(b) for b in choose.ballots] == [{"b": 1}]


def test_quoted_fields_decimal_costs_bom_and_extra_columns() -> None:
    text = (
        "\ufeffMETA\nkey;value\nbudget;1000,50\nvote_type;approval\nPROJECTS\n"
        'project_id;name;cost;category;latitude\nc1;"Bancs; et ""tables""";114339.91;nature;None\n'
        "c2;Arbres;0.5;;\n"
        "VOTES\nvoter_id;age;vote;sex\n1;34;c1,c2;F\n"
    )
    pb = parse_pb(text)
    assert pb.projects[0]["name"] == 'Bancs; et "tables"'
    assert "latitude" not in pb.projects[0]  # None is a missing value
    election = pb.election()
    assert election.budget == Fraction(100050, 100)
    assert election.project("c1").cost == Fraction(11433991, 100) and election.project("c2").cost == Fraction(1, 2)
    assert parse_pb(dump_pb(pb)).projects == pb.projects


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("key;value\nbudget;1\n", 1, "start with a META"),
        (_text().replace("budget;100\n", ""), None, "no 'budget'"),
        (_text().replace("budget;100", "budget;cent"), 3, "budget 'cent' is not a number"),
        (_text().replace("budget;100", "budget;-5"), 3, "negative"),
        (_text("scores"), 4, "unknown vote_type"),
        (_text().replace("budget;100\n", "budget;100\nbudget;200\n"), 4, "appears twice"),
        (_text(projects="a;40;A\na;60;B\n"), 8, "project 'a' appears twice"),
        (_text(projects="a;quarante;A\n"), 7, "cost 'quarante'"),
        (_text(projects="a;40;A;x;y\n"), 7, "5 fields for 3 columns"),
        (_text(projects="a;None;A\n"), 7, "has no cost"),
        (_text().replace("project_id;cost;name", "project_id;name"), 6, "no 'cost' column"),
        (_text(votes="1;a,z\n"), 11, "'z', which is not in PROJECTS"),
        (_text(votes="1;a\n2;b\n3;c\n"), 13, "'c'"),
        (_text(header="voter_id;ballot"), 10, "no 'vote' column"),
        (_text("cumulative", votes="1;a,b;3\n", header="voter_id;vote;points"), 11, "2 projects but 1 points"),
        (_text("cumulative", votes="1;a;1.5\n", header="voter_id;vote;points"), 11, "whole number"),
        (_text("ordinal", votes="1;a,b,a\n"), 11, "same project twice"),
        (_text("choose-1", votes="1;a,b\n"), 11, "choose-1 vote names 2"),
        (_text().replace("VOTES\n", "META\n"), 9, "section META where VOTES"),
        (HEAD.format(vote_type="approval") + "a;1;A\n", None, "missing section VOTES"),
        (_text(projects='a;40;"A\n'), 7, "quoted field is never closed"),
    ],
)
def test_malformed_files_name_the_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(PbError) as caught:
        parse_pb(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    if line:
        assert str(caught.value).startswith(f"line {line}: ")


def test_read_pb_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.pb"
    path.write_bytes(_text(projects="a;40;Pr\xe9\n").encode("latin-1"))
    with pytest.raises(PbError, match="not UTF-8"):
        read_pb(path)


def test_write_pb_formats_lists_fractions_and_missing_values() -> None:
    text = write_pb(
        {"description": "Budget participatif; quartier", "budget": Fraction(1001, 2), "vote_type": "cumulative"},
        [{"project_id": "p1", "cost": Fraction(12345, 100), "name": "Jardin"}, {"project_id": "p2", "cost": 7}],
        [{"voter_id": 1, "vote": ["p1", "p2"], "points": [2, 1]}, {"voter_id": 2, "vote": []}],
    )
    assert '"Budget participatif; quartier"' in text
    assert "budget;500.5\n" in text and "p1;123.45;Jardin\n" in text and "p2;7;None\n" in text
    assert "voter_id;vote;points\n1;p1,p2;2,1\n2;;None\n" in text
    election = parse_pb(text).election()
    assert [dict(b) for b in election.ballots] == [{"p1": 2, "p2": 1}, {}]
    with pytest.raises(ValueError, match="needs 'budget'"):
        write_pb({"vote_type": "approval"}, [], [])


def test_decimal_text_is_exact() -> None:
    assert decimal_text(Fraction(-1, 8)) == "-0.125"
    assert decimal_text(Fraction(5)) == "5"
    with pytest.raises(ValueError):
        decimal_text(Fraction(1, 3))
