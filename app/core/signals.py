"""The one blinker namespace. Each area declares its signals in its own `signals.py` from here;
the signals every area may answer are declared below, with what their sender and arguments mean."""

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace


@dataclass(frozen=True)
class OpenItem:
    """Something a resident can take part in now, as the home page lists it."""

    kind: str  # "vote", "session", "assembly", ...: groups items on the home page
    title: str
    url: str
    until: datetime | None = None
    place: str = ""


parvis_signals = Namespace()

#: Sent by the home page to learn what is open now. Sender: the Flask app; kwargs: `now`
#: (aware datetime), `user` (the viewer, possibly anonymous). Each receiver returns a list of
#: `OpenItem`.
open_now = parvis_signals.signal("open-now")

#: Sent when a resident downloads their data. Sender: the Flask app; kwargs: `user`. Each receiver
#: returns `(section_name, json_serialisable_data)`.
collect_user_data = parvis_signals.signal("collect-user-data")

#: Sent inside the transaction that erases an account. Sender: the Flask app; kwargs: `user`.
#: Receivers erase or anonymise what their area holds about that person (contributions stay).
user_erased = parvis_signals.signal("user-erased")
