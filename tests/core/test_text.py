"""Markdown written by people is rendered without any way to inject HTML or script."""

from __future__ import annotations

from app.core.templating import markdown


def test_markdown_renders_basic_formatting() -> None:
    html = str(markdown("**Fort** et *léger*\n\n- un\n- deux"))
    assert "<strong>Fort</strong>" in html and "<em>léger</em>" in html and "<li>un</li>" in html


def test_raw_html_and_scripts_are_neutralised() -> None:
    html = str(markdown("<script>alert(1)</script> <img src=x onerror=alert(1)> [lien](javascript:alert(1))"))
    assert "<script" not in html
    assert "<img" not in html
    assert "href=" not in html  # the javascript: link stays inert text


def test_links_get_rel_nofollow() -> None:
    html = str(markdown("[Mairie](https://www.marseille.fr)"))
    assert 'href="https://www.marseille.fr"' in html and "nofollow" in html


def test_empty_text() -> None:
    assert str(markdown(None)) == ""
