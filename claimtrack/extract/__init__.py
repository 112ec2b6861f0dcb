"""Claims from analysed sentences, by frames.

A claim starts at a trigger word (triggers.py) whose frame (data/frames.toml) gives its
event type and the Arabic cues that fill its roles (roles.py): the visitor and the host,
the caller, the sender, recipient and carrier of a letter, the supplier and destination of
a shipment... Around the trigger, inside its clause, the extractor also reads who the
sentence attributes the report to (attribution.py), the modality (modality.py), the time
of the event rather than of the statement (time.py), the ordinal, count and quantity
(quantities.py) and the event-data codes (codes.py). engine.py applies them sentence by
sentence, from what features.py reads of each token once per sentence. Cue words are in data/cues.toml; nothing a linguist would edit is in code.
"""

from claimtrack.extract.engine import Extractor, extract
from claimtrack.extract.lexicon import cues, frames

__all__ = ["Extractor", "cues", "extract", "frames"]
