"""One document through the pure stages: segment → analyse → time → entities → extract.

`process` is a plain function of a Document and the resources it needs (analyser,
gazetteer); it touches neither the database nor the terminal, so it runs the same
in-process, in worker processes or on Dask workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimtrack import EXTRACTOR_VERSION
from claimtrack.models import Document, Mention, Processed, TimeExpr


@dataclass
class Resources:
    """Heavy, shared, read-only resources of the pipeline."""

    morphology: object  # claimtrack.arabic.morphology.Morphology
    gazetteer: object  # claimtrack.entities.Gazetteer

    @classmethod
    def load(
        cls, morphology_db: Path | None = None, gazetteer_files: Sequence[Path] = ()
    ) -> Resources:
        """Load the morphology database and the gazetteer (shipped plus user files)."""
        from claimtrack.arabic.morphology import Morphology
        from claimtrack.entities import Gazetteer

        gazetteer = Gazetteer.load(gazetteer_files)
        return cls(Morphology(morphology_db, names=gazetteer.names()), gazetteer)


def process(doc: Document, res: Resources) -> Processed:
    """Segment, analyse and extract the claims of one document."""
    from claimtrack.arabic.segment import search_norm, segment
    from claimtrack.dates import tag
    from claimtrack.extract import extract

    sentences = segment(doc.text, doc.boilerplate)
    analysed = [s for s in sentences if not s.boilerplate]
    for s in analysed:
        res.morphology.analyse_tokens(s.tokens)
    # the document's own people, facilities and bodies first, so a family name in the
    # headline ("بيترو") resolves to the full name of the body ("غوستافو بيترو")
    gazetteer = res.gazetteer.for_document(doc.text, analysed, on=doc.published)
    mentions: list[tuple[int, Mention]] = []
    per_sentence_mentions: dict[int, list[Mention]] = {}
    per_sentence_times: dict[int, list[TimeExpr]] = {}
    for s in analysed:
        found = gazetteer.find_mentions(s, on=doc.published)
        per_sentence_mentions[s.index] = found
        mentions.extend((s.index, m) for m in found)
        times = tag(doc.text[s.start : s.end], ref=doc.published)
        for t in times:  # offsets of the sentence → offsets of the document
            t.start_char += s.start
            t.end_char += s.start
        per_sentence_times[s.index] = times
    claims = extract(doc, sentences, per_sentence_mentions, per_sentence_times, gazetteer)
    for s in sentences:
        s.norm = search_norm(s)
        s.tokens = []  # the store needs offsets and norms only; keeps worker results small
    used = {m.entity_id for _, m in mentions}
    learned = [e for e in gazetteer.learned_entities() if e.id in used]
    return Processed(doc, sentences, mentions, claims, EXTRACTOR_VERSION, learned)
