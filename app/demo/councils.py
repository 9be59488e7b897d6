"""Demo councils."""

from __future__ import annotations

from app.demo.context import DemoContext


def load(ctx: DemoContext) -> str:
    return "councils: nothing yet"
