"""A live message as it travels from the publisher to the streams, encoded once for all of them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LiveMessage:
    id: int
    channel: str
    kind: str
    html: str
    sse: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The SSE wire format: one `data:` line per line of the fragment; `id:` lets the browser
        # send Last-Event-ID when it reconnects by itself.
        lines = [f"id: {self.id}"] + [f"data: {line}" for line in self.html.splitlines() or [""]]
        object.__setattr__(self, "sse", ("\n".join(lines) + "\n\n").encode())


#: Put in a subscriber's queue when its broker lost its connection: the stream must reread the
#: journal, because messages may have passed while nobody listened.
RESYNC = LiveMessage(id=0, channel="", kind="resync", html="")
