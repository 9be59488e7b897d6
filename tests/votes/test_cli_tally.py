"""`flask votes tally` and `flask votes export`: output formats, and errors with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from app.core.errors import DomainError

LAS = "/work/shared/pb/Poland_Warszawa_2017_Las.pb"
SMALL = (
    "META\nkey;value\nbudget;100\nvote_type;approval\n"
    "PROJECTS\nproject_id;cost\nb;60\na;50\nc;40\nVOTES\nvoter_id;vote\n"
)


def _invoke(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["votes", *args])


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_tally_prints_one_id_per_line_in_selection_order(app: Flask, tmp_path: Path) -> None:
    path = _file(tmp_path, SMALL + "1;a,b\n2;b\n3;c,a\n4;b\n")
    result = _invoke(app, "tally", path, "--rule", "greedy")
    assert result.exit_code == 0, result.output
    assert result.output == "b\nc\n"  # b (3 votes, 60), a (2 votes) does not fit in 40, c (1 vote) does
    mes = _invoke(app, "tally", path, "--rule", "mes")
    assert mes.exit_code == 0 and mes.output.splitlines()[0] == "b"


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-nostop"])
def test_tally_json_on_a_real_file(app: Flask, rule: str) -> None:
    result = _invoke(app, "tally", LAS, "--rule", rule, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["rule"] == rule and payload["selected"] and isinstance(payload["seconds"], float)
    assert isinstance(payload["cost"], str) and int(payload["cost"]) <= 113800
    plain = _invoke(app, "tally", LAS, "--rule", rule)
    assert plain.output.splitlines() == payload["selected"]


def test_tally_json_cost_is_exact(app: Flask, tmp_path: Path) -> None:
    text = SMALL.replace("b;60", "b;59.99") + "1;b\n"
    result = _invoke(app, "tally", _file(tmp_path, text), "--rule", "greedy", "--json")
    assert json.loads(result.output)["cost"] == "99.99"


def test_tie_break_option(app: Flask, tmp_path: Path) -> None:
    path = _file(tmp_path, SMALL + "1;a,c\n")  # a and c tie on votes; c is cheaper
    assert _invoke(app, "tally", path, "--rule", "greedy").output.splitlines()[0] == "a"
    cheaper = _invoke(app, "tally", path, "--rule", "greedy", "--tie-break", "by_cost_then_votes")
    assert cheaper.output.splitlines()[0] == "c"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (SMALL + "1;a,z\n", "line 12: vote names project 'z'"),
        (SMALL.replace("c;40", "c;quarante"), "line 9: cost 'quarante' is not a number"),
        ("PROJECTS\n", "line 1: section PROJECTS where META was expected"),
    ],
)
def test_malformed_file_exits_2_naming_the_line(app: Flask, tmp_path: Path, text: str, words: str) -> None:
    path = _file(tmp_path, text)
    result = _invoke(app, "tally", path, "--rule", "greedy")
    assert result.exit_code == 2
    assert f"Error: {path}: {words}" in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_unknown_rule_are_usage_errors(app: Flask, tmp_path: Path) -> None:
    assert _invoke(app, "tally", str(tmp_path / "absent.pb"), "--rule", "greedy").exit_code == 2
    unknown = _invoke(app, "tally", LAS, "--rule", "phragmen")
    assert unknown.exit_code == 2 and "mes-add1-nostop" in unknown.output


def test_export_prints_or_writes_the_file(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.votes.services import export

    monkeypatch.setattr(export, "pabulib_export", lambda vote_id: f"META\nkey;value\nvote;{vote_id}\n")
    printed = _invoke(app, "export", "7")
    assert printed.exit_code == 0 and printed.output == "META\nkey;value\nvote;7\n"
    target = tmp_path / "vote.pb"
    written = _invoke(app, "export", "7", "--output", str(target))
    assert written.exit_code == 0 and target.read_text(encoding="utf-8").endswith("vote;7\n")


def test_export_refusal_exits_2(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.votes.services import export

    def refuse(vote_id: int) -> str:
        raise DomainError("Les bulletins d'un vote sont publiés à sa clôture, pas avant.")

    monkeypatch.setattr(export, "pabulib_export", refuse)
    result = _invoke(app, "export", "7")
    assert result.exit_code == 2 and "publiés à sa clôture" in result.output


def test_export_of_an_unknown_vote_exits_2(app: Flask) -> None:
    result = _invoke(app, "export", "987654")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_compile_fills_the_jit_cache_ahead_of_the_first_tally(app: Flask) -> None:
    result = _invoke(app, "compile")
    assert result.exit_code == 0, result.output
    assert "compiled or loaded from the cache" in result.output
