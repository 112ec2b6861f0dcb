"""`python -m claimtrack.arabic.lexicon`: regenerate the shipped morphology database."""

from claimtrack.arabic.lexicon import write

print(f"wrote {write()}")
