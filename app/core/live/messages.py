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
    #: `sse` as one HTTP/1.1 chunk, for streams the broker writes to directly.
    chunk: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The SSE wire format: one `data:` line per line of the fragment; `id:` lets the browser
        # send Last-Event-ID when it reconnects by itself.
        lines = [f"id: {self.id}"] + [f"data: {line}" for line in self.html.splitlines() or [""]]
        sse = ("\n".join(lines) + "\n\n").encode()
        object.__setattr__(self, "sse", sse)
        object.__setattr__(self, "chunk", b"%X\r\n%s\r\n" % (len(sse), sse))


#: Put in a subscriber's queue when its broker lost its connection: the stream must reread the
#: journal, because messages may have passed while nobody listened.
RESYNC = LiveMessage(id=0, channel="", kind="resync", html="")
