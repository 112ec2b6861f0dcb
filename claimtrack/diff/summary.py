"""Per event: what most independent origins say, and what single sources add."""

from __future__ import annotations

from collections import defaultdict

from claimtrack.diff.conflicts import interval
from claimtrack.diff.features import Info


def _values(x: Info) -> dict[str, str]:
    c = x.claim
    out = {"modality": c.modality}
    if x.dated:
        out["date"] = interval(c)
    if x.venue is not None:
        out["place"] = x.venue.name
    if x.phase:
        out["phase"] = x.phase
    if x.ordinal:
        out["ordinal"] = str(x.ordinal)
    if c.quantity is not None:
        out["quantity"] = f"{c.quantity.text} ({c.quantity.unit})"
    return out


def consensus_and_additions(infos: list[Info]) -> tuple[dict[str, str], list[dict]]:
    """(attribute → value most origins give, [values of attributes only single origins give]).

    An attribute has a consensus when two or more independent origins give the same value
    (or only one origin tells the event); otherwise each single-origin value is an addition.
    """
    if len(infos) == 1:  # one claim says what it says
        return _values(infos[0]), []
    origins: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    first: dict[tuple[str, str], Info] = {}
    for x in infos:
        for attr, value in _values(x).items():
            origins[attr][value].add(x.origin)
            first.setdefault((attr, value), x)
    n_origins = len({x.origin for x in infos})
    consensus: dict[str, str] = {}
    additions: list[dict] = []
    for attr, values in sorted(origins.items()):
        ranked = sorted(values.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        value, held = ranked[0]
        if len(held) > 1 or n_origins == 1:
            consensus[attr] = value
        if attr in consensus:
            continue  # a value against the consensus is a disagreement (see conflicts), not an addition
        for v, h in ranked:
            if len(h) == 1:
                x = first[(attr, v)]
                additions.append({"attribute": attr, "value": v, "doc": x.doc, "source": x.claim.source})
    return consensus, additions
