"""Entities: the gazetteer (generated world data, hand-checked files, users' files),
mention linking, and the entities a document introduces (learned)."""

from claimtrack.entities.gazetteer import (
    ENGLISH_PREFIX,
    PROCLITIC_COMBOS,
    STATE_NOUNS,
    Entity,
    Gazetteer,
    GazetteerError,
    Office,
    token_forms,
)
from claimtrack.entities.learn import DocumentGazetteer, learned_id

__all__ = [
    "ENGLISH_PREFIX", "PROCLITIC_COMBOS", "STATE_NOUNS", "DocumentGazetteer", "Entity", "Gazetteer",
    "GazetteerError", "Office", "learned_id", "token_forms",
]
