"""CAMEO code (text, leading zeros kept), PLOVER category and mode of a claim."""

from __future__ import annotations

from functools import cache

from claimtrack.extract.lexicon import cues
from claimtrack.extract.triggers import Trigger
from claimtrack.models import Token

MULTILATERAL = 3  # sides from which a meeting is multilateral


def codes(
    trig: Trigger, modality: str, tokens: list[Token], place: str | None, agent: str | None,
    participants: list[str], gaz,
) -> tuple[str, str, str | None]:
    """CAMEO code, PLOVER category and mode of one claim."""
    c = cues()["codes"][trig.type]
    cameo, plover, mode = c["cameo"], c["plover"], c.get("mode")
    if trig.type == "visit" and trig.entry.get("host"):
        cameo = c["cameo_host"]
    elif trig.type == "meeting":
        if len({agent, *participants} - {None}) >= MULTILATERAL:
            mode = "multilateral"
        elif place and agent and _third_location(gaz, place, [agent, *participants]):
            cameo, mode = c["cameo_third"], "third-party"
    elif trig.type == "withdrawal" and modality != "asserted":
        cameo, plover = c["cameo_announced"], c["plover_announced"]
    elif trig.type == "agreement" and (modality != "asserted" or not trig.entry.get("signed")):
        cameo, plover = c["cameo_announced"], c["plover_announced"]
    elif trig.type == "shipment":
        seen = {t.norm for t in tokens}
        if not _shipment_words("military_words").isdisjoint(seen):
            cameo, mode = "072", "military"
        elif not _shipment_words("humanitarian_words").isdisjoint(seen):
            cameo, mode = "073", "humanitarian"
    return cameo, plover, mode


@cache
def _shipment_words(name: str) -> frozenset[str]:
    """One word list of the shipment codes (data/cues.toml), as a set, read once."""
    return frozenset(cues()["codes"]["shipment"][name])


def _third_location(gaz, place: str, actors: list[str]) -> bool:
    """A meeting held in none of its participants' countries (CAMEO 044)."""
    countries = set()
    for a in actors:
        ent = gaz.get(a)
        countries.add(a if ent.kind == "country" else getattr(ent, "country", "") or "")
    countries.discard("")
    if not countries:
        return False
    return not any(gaz.contains(c, place) for c in countries)
