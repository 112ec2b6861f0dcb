"""The extractor's data: cue words (data/cues.toml) and frames (data/frames.toml), parsed once."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


def _load(name: str) -> dict:
    text = resources.files("claimtrack").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def cues() -> dict:
    """The cue tables (data/cues.toml)."""
    return _load("cues.toml")


@cache
def frames() -> dict:
    """The frames, types and governors (data/frames.toml)."""
    return _load("frames.toml")


@cache
def words(name: str) -> frozenset[str]:
    """One word list of the [syntax] table of cues.toml."""
    return cue_words("syntax", name)


@cache
def _surface_forms() -> dict[str, str]:
    """Surface form → trigger lemma, for forms the shipped lexicon does not analyse ([forms])."""
    return {form: lemma for lemma, forms in frames().get("forms", {}).items() for form in forms}


@cache
def cue_words(table: str, name: str) -> frozenset[str]:
    """One word list of a table of cues.toml, as a set (e.g. the attribution verbs)."""
    return frozenset(cues()[table][name])


@cache
def trigger_keys() -> frozenset[str]:
    """Every lemma or stem that has a frame, and the surface forms listed for them."""
    return frozenset(frames()["frame"]) | frozenset(_surface_forms())


def frames_of(key: str) -> list[dict]:
    """The frames of one trigger lemma (or of a listed surface form), in the order they are tried."""
    entry = frames()["frame"].get(_surface_forms().get(key, key), [])
    return entry if isinstance(entry, list) else [entry]


@cache
def type_frame(type_: str) -> dict:
    """The roles and default cues of an event type."""
    return frames()["type"][type_]
