"""Records that flow through the pipeline.

Pydantic models are the boundaries (what is stored and what users see as JSON);
plain slotted dataclasses carry the per-token work inside the pipeline, where
pydantic's validation would cost more than it checks.

Every span is a pair of character offsets into `Document.text`, the raw text as
decoded; nothing here holds a modified copy of the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

DateOrigin = Literal["manifest", "marker", "option", "metadata", "inferred", "unknown"]
ClaimType = Literal[
    "visit", "meeting", "call", "message", "invitation", "withdrawal", "agreement", "shipment"
]
Modality = Literal["asserted", "expected", "possible", "negated"]
ResolvedBy = Literal["explicit", "document_date", "inferred"]
CLAIM_TYPES: tuple[str, ...] = ClaimType.__args__  # type: ignore[attr-defined]


# --------------------------------------------------------------------- load


class Document(BaseModel):
    """One article as read: raw text verbatim plus what is known about it."""

    id: str = Field(description="hash of the decoded text; identity of the document")
    name: str = Field(description="file name (plus #N for the N-th record of a JSON file)")
    path: str = ""
    text: str
    title: str | None = None
    source: str | None = Field(default=None, description="outlet, e.g. 'Al Jazeera'")
    published: dt.date | None = None
    date_origin: DateOrigin = "unknown"
    url: str | None = None
    encoding: str = "utf-8"
    boilerplate: list[tuple[int, int]] = Field(default_factory=list)


class LoadFailure(BaseModel):
    """An input that could not be read, and why (one sentence)."""

    path: str
    reason: str


# ------------------------------------------------------------------ segment


@dataclass(slots=True)
class Analysis:
    """Morphological analysis of one word (see arabic/morphology.py)."""

    lemma: str  # dediacritised lemma as CAMeL gives it, e.g. "زيارة", "زار"
    lemma_norm: str  # the lemma normalised like Token.norm (alef/yeh/teh-marbuta folded)
    pos: str  # CAMeL POS tag: "noun", "verb", "noun_prop", "adj", ...
    proclitics: tuple[str, ...]  # e.g. ("و", "ب") for "وبزيارته"
    stem: str  # the word without its clitics, normalised, e.g. "زياره"
    enclitics: tuple[str, ...]  # e.g. ("ه",)
    known: bool = True  # False when only the NOAN_PROP backoff matched
    aspect: str = ""  # "p" perfective, "i" imperfective, "c" command, "" for nouns
    voice: str = ""  # "a" active, "p" passive, "" unknown


@dataclass(slots=True)
class Token:
    """A word or punctuation mark: offsets into the raw text and its normal form."""

    start: int
    end: int
    text: str  # == document.text[start:end]
    norm: str  # normalised per arabic/normalize.py
    analysis: Analysis | None = None


@dataclass(slots=True)
class Sentence:
    """A sentence (or headline) with its tokens; `boilerplate` ones are not analysed."""

    index: int
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    boilerplate: bool = False
    norm: str = ""  # normalised words and clitic-free stems, for full-text search

    def __reduce__(self):  # as for Mention: pickled fast between processes
        return Sentence, (self.index, self.start, self.end, self.tokens, self.boilerplate, self.norm)


# --------------------------------------------------------------------- time


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression found in text.

    `start`/`end` are inclusive dates; both None when unresolved. Durations
    ("في غضون شهرين") have kind == "duration", no start/end, and carry
    `duration_days` plus `op` ("<", ">", "=", "<=", ">=").
    """

    text: str
    start_char: int
    end_char: int
    start: dt.date | None
    end: dt.date | None
    grain: str  # "day", "week", "month", "year", "days", "part_of_month", "part_of_year", ...
    kind: Literal["date", "range", "duration"] = "date"
    resolved_by: ResolvedBy | None = None  # None when unresolved
    duration_days: float | None = None
    op: str | None = None
    # a weekday that does not fall on the date written with it ("الأربعاء 16 أكتوبر 2025")
    inconsistent: bool = False

    @property
    def resolved(self) -> bool:
        return self.start is not None


# ----------------------------------------------------------------- entities


class EntityRef(BaseModel):
    """An entity as it appears in the claims contract."""

    id: str
    name: str
    name_ar: str
    kind: str


@dataclass(slots=True)
class Mention:
    """A gazetteer entity found in a sentence."""

    entity_id: str
    start: int  # char offsets into the raw text
    end: int
    token_start: int  # token indices inside the sentence (end exclusive)
    token_end: int
    via: str = "alias"  # "alias", "title", "nationality", "counterpart"

    def __reduce__(self):  # workers send mentions by the thousand: a tuple, not slot state
        return Mention, (self.entity_id, self.start, self.end, self.token_start, self.token_end, self.via)


# ------------------------------------------------------------------- claims


class ClaimTime(BaseModel):
    text: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    grain: str | None = None
    resolved_by: ResolvedBy | None = None
    inconsistent: bool = False  # a weekday that does not fall on the date it accompanies


class Count(BaseModel):
    op: str
    value: int


class Quantity(BaseModel):
    """A number the claim states about itself: "نحو 200 جندي" → 200 troops, op "~"."""

    value: float
    unit: str  # "troops", "tons", "vehicles", "trucks", "aircraft", "villages", "bases", ...
    op: str | None = None  # None exact, "~" about, ">" more than, "<" fewer than, ">=", "<="
    text: str  # the words as written


class Claim(BaseModel):
    """One dated claim; its JSON form is the contract of DESIGN.md."""

    id: str
    doc: str
    source: str | None = None
    type: ClaimType
    cameo: str
    plover: str
    plover_mode: str | None = None
    agent: EntityRef | None = None
    participants: list[EntityRef] = Field(default_factory=list)
    place: EntityRef | None = None
    time: ClaimTime = Field(default_factory=ClaimTime)
    ordinal: int | None = None
    count: Count | None = None
    quantity: Quantity | None = None
    # the frame's roles of the agent, participants and place ("sender", "recipient", "carrier",
    # "host", "supplier", "destination", ...): who did what to whom, by name of role
    roles: dict[str, list[EntityRef]] = Field(default_factory=dict)
    modality: Modality = "asserted"
    attributed_to: str | None = None
    trigger: str
    evidence: str
    span: tuple[int, int]


# --------------------------------------------------------------------- diff


class Conflict(BaseModel):
    """A contradiction between two claims; its CSV form is the contract of DESIGN.md."""

    id: str
    kind: Literal[
        "date_mismatch",
        "ordinal_mismatch",
        "place_mismatch",
        "modality_mismatch",
        "count_mismatch",
        "extent_mismatch",
        "phase_mismatch",
        "quantity_mismatch",
        "weekday_mismatch",
        "participant_mismatch",
    ]
    severity: Literal["high", "medium", "low"]
    event_type: str
    subject: str
    attribute: str
    value_a: str
    doc_a: str
    source_a: str | None
    evidence_a: str
    value_b: str
    doc_b: str
    source_b: str | None
    evidence_b: str
    explanation: str
    event_id: str | None = None
    phase_a: str | None = None  # processes: the phase each side reports (announced, begun, ...)
    phase_b: str | None = None


class Event(BaseModel):
    """Claims from one or more documents about the same real-world event."""

    id: str
    type: ClaimType
    start: dt.date | None = None
    end: dt.date | None = None
    grain: str | None = None
    participants: list[EntityRef] = Field(default_factory=list)
    place: EntityRef | None = None
    claims: list[Claim] = Field(default_factory=list)
    origins: list[list[str]] = Field(
        default_factory=list, description="doc names grouped by independent origin"
    )
    conflicts: list[Conflict] = Field(default_factory=list)
    phase: str | None = Field(default=None, description="processes: the phase most origins report")
    consensus: dict[str, str] = Field(
        default_factory=dict, description="attribute (date, place, phase, modality, ...) → what most origins say"
    )
    additions: list[dict] = Field(
        default_factory=list, description="values only one origin gives: {attribute, value, doc, source}"
    )
    related: list[str] = Field(
        default_factory=list, description="ids of linked events of other types (the meeting held during a visit)"
    )


# ------------------------------------------------------------------ pipeline


@dataclass(slots=True)
class Processed:
    """Everything the pipeline derived from one document, ready for the store."""

    doc: Document
    sentences: list[Sentence]
    mentions: list[tuple[int, Mention]]  # (sentence index, mention)
    claims: list[Claim]
    extractor_version: str = ""
    learned: list = field(default_factory=list)  # claimtrack.entities.Entity the text introduced
