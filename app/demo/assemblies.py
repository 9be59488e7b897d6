"""Demo assemblies."""

from __future__ import annotations

from app.demo.context import DemoContext


def load(ctx: DemoContext) -> str:
    return "assemblies: nothing yet"
