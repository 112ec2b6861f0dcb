"""Analysis throughput (tokens/s, cold and warm cache) beside simple_word_tokenize alone."""

from __future__ import annotations

import json
import time
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def run(articles: int = 200) -> dict:
    """Tokenise and analyse the same generated articles; report tokens per second."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    from claimtrack.arabic.morphology import Morphology
    from claimtrack.arabic.segment import tokenize

    paths = write_corpus(ROOT / "bench" / "corpora" / f"c{articles}", articles)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    start = time.perf_counter()
    n = sum(len(simple_word_tokenize(t)) for t in texts)
    tok_s = time.perf_counter() - start
    tokens = [tokenize(t) for t in texts]
    morph = Morphology()
    out = {"tokens": n, "tokenize_tokens_per_s": round(n / tok_s)}
    for label in ("cold", "warm"):
        start = time.perf_counter()
        for toks in tokens:
            morph.analyse_tokens(toks)
        elapsed = time.perf_counter() - start
        out[f"analyse_{label}_tokens_per_s"] = round(n / elapsed)
        out[f"analyse_{label}_vs_tokenize"] = round(elapsed / tok_s, 2)
    out["cache"] = morph.cache_info()
    out["database"] = f"{morph.path.name} ({morph.label})"
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
