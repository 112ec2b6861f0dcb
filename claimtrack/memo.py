"""A dict that works out its missing values: the per-token and per-entity look-up tables
of the pipeline's stages."""

from __future__ import annotations

from collections.abc import Callable


class Memo(dict):
    """A dict that works out a missing value once, as compute(key), and starts over when
    it holds `size` values. Its look-ups are plain subscripts: the tables built on it are
    read for every token (or every mention) of every document."""

    def __init__(self, compute: Callable, size: int = 300_000) -> None:
        super().__init__()
        self.compute = compute
        self.size = size

    def __missing__(self, key):
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.compute(key)
        return value
