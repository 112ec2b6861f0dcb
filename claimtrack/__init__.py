"""claimtrack: dated claims from Arabic news, and where sources disagree."""

__version__ = "0.1.0"

# Bumped whenever a change alters what is extracted from the same text: documents
# ingested by an older extractor are re-extracted on the next ingest.
EXTRACTOR_VERSION = "4"
