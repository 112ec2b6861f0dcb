"""The diff's data (claimtrack/data/diff.toml): weights, tolerances, cue words, severities."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimtrack.arabic.normalize import normalize


@dataclass(frozen=True)
class Config:
    """The parsed data file, cue words normalised once."""

    link: float
    link_undated: float
    undated_base: float
    margin: float
    processes: frozenset[str]
    symmetric: frozenset[str]
    weights: dict[str, float]
    tolerance: dict[str, int]
    phase_order: tuple[str, ...]
    phase_cues: dict[str, frozenset[str]]
    background_cues: frozenset[str]
    predicate_negation_window: int
    predicate_negations: frozenset[str]
    denial_verbs: frozenset[str]
    topic_window: int
    topic_cues: frozenset[str]
    state_parts: frozenset[str]
    metonyms: frozenset[str]
    city_named: frozenset[str]  # heads of learned facilities named after their city
    ordinal_words: dict[str, int]  # data/cues.toml's ordinal words (normalised) → value
    quantity: dict[str, float]
    severity: dict[str, str | int]

    def tolerance_of(self, claim_type: str) -> int:
        """Days two disjoint intervals of this type may lie apart within one event."""
        return self.tolerance.get(claim_type, self.tolerance["default"])


def _norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


@cache
def config() -> Config:
    """The shipped diff configuration."""
    text = resources.files("claimtrack").joinpath("data/diff.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    cues = tomllib.loads(resources.files("claimtrack").joinpath("data/cues.toml").read_text(encoding="utf-8"))
    resolve, phases = data["resolve"], data["phases"]
    return Config(
        link=float(resolve["link"]), link_undated=float(resolve["link_undated"]),
        undated_base=float(resolve["undated_base"]),
        margin=float(resolve["margin"]), processes=frozenset(resolve["processes"]),
        symmetric=frozenset(resolve["symmetric"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        tolerance={k: int(v) for k, v in data["tolerance_days"].items()},
        phase_order=tuple(phases["order"]),
        phase_cues={k: _norm_set(v) for k, v in phases.items() if k != "order"},
        background_cues=_norm_set(data["background"]["cues"]),
        predicate_negation_window=int(data["predicate_negation"]["window"]),
        predicate_negations=_norm_set(data["predicate_negation"]["words"]),
        denial_verbs=_norm_set(data["predicate_negation"]["denial_verbs"]),
        topic_window=int(data["place_roles"]["window"]),
        topic_cues=_norm_set(data["place_roles"]["topic_cues"]),
        state_parts=frozenset(data["actors"]["state_parts"]),
        metonyms=frozenset(data["actors"]["metonyms"]),
        city_named=_norm_set(data["learned_places"]["city_named"]),
        ordinal_words={normalize(w): int(k) for k, ws in cues["ordinal"].items() for w in ws},
        quantity={k: float(v) for k, v in data["quantity"].items()},
        severity=dict(data["severity"]),
    )
