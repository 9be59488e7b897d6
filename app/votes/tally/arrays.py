"""Approval ballots held as two arrays: a city's tens of thousands of ballots without a dict each.

``Election.approval_arrays`` builds an election on them; ``Prepared`` reads the arrays directly, and
anything else reads each ballot as the usual ``{project id: 1}``, made when it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise

import numpy as np

from app.votes.tally.types import TallyInputError


class ApprovalArrays(Sequence[Mapping[str, int]]):
    """Ballot i names the projects at positions ``flat[start[i]:start[i + 1]]`` of ``ids`` (the
    election's project ids, in order), sorted and without repeats."""

    __slots__ = ("flat", "ids", "start")

    def __init__(self, ids: tuple[str, ...], flat: np.ndarray, start: np.ndarray) -> None:
        self.ids, self.flat, self.start = ids, flat, start

    @classmethod
    def build(cls, ids: tuple[str, ...], positions: np.ndarray, lengths: np.ndarray) -> ApprovalArrays:
        """Ballot i names the projects at ``positions`` (indexes into ``ids``) from the sum of the
        lengths before it, ``lengths[i]`` of them; repeats are merged."""
        flat = np.asarray(positions, dtype=np.int64)
        counts = np.asarray(lengths, dtype=np.int64)
        if (counts < 0).any() or counts.sum() != len(flat):
            raise TallyInputError("ballots: the lengths do not add up to the positions given")
        ballot = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        outside = (flat < 0) | (flat >= len(ids))
        if outside.any():
            first = int(np.argmax(outside))
            raise TallyInputError(f"ballot {ballot[first] + 1}: unknown project")
        same_ballot = ballot[1:] == ballot[:-1]
        if (same_ballot & (flat[1:] <= flat[:-1])).any():  # not sorted within each ballot, or repeats
            order = np.lexsort((flat, ballot))
            flat, ballot = flat[order], ballot[order]
            kept = np.ones(len(flat), dtype=bool)
            kept[1:] = (flat[1:] != flat[:-1]) | (ballot[1:] != ballot[:-1])
            flat, ballot = flat[kept], ballot[kept]
        start = np.searchsorted(ballot, np.arange(len(counts) + 1)).astype(np.int64)
        return cls(ids, flat, start)

    def __len__(self) -> int:
        return len(self.start) - 1

    def __getitem__(self, index: int) -> dict[str, int]:  # type: ignore[override]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        begin, end = self.start[index], self.start[index + 1]
        return dict.fromkeys([self.ids[j] for j in self.flat[begin:end].tolist()], 1)

    def __iter__(self) -> Iterator[dict[str, int]]:
        ids, flat = self.ids, self.flat.tolist()
        for begin, end in pairwise(self.start.tolist()):
            yield dict.fromkeys([ids[j] for j in flat[begin:end]], 1)
