"""Sample URL arguments for assemblies' routes, read by tests/test_access.py."""

from collections.abc import Callable
from typing import Any

URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {}
