"""Results kept by their input while switched on: the preview (the same files are read, rendered and
sanitised again after every edit) and one run of the gate with its results from `.cache/`."""

from __future__ import annotations

from typing import Callable, Hashable


class Memo:
    """Off by default (nothing is kept); on, every result is kept by its key, at most ``LIMIT`` of them."""

    LIMIT = 50_000

    def __init__(self):
        self.entries: dict | None = None

    @property
    def on(self) -> bool:
        return self.entries is not None

    def start(self) -> None:
        if self.entries is None:
            self.entries = {}

    def stop(self) -> None:
        self.entries = None

    def get(self, key: Hashable, compute: Callable):
        if self.entries is None:
            return compute()
        if key not in self.entries:
            if len(self.entries) > self.LIMIT:
                self.entries.clear()
            self.entries[key] = compute()
        return self.entries[key]
