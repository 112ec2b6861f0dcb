"""Seed-like corpora for benchmarks: seed texts with names, dates and paragraph order varied.

Each generated article is a seed with its paragraphs shuffled, its dates shifted and
some names swapped for other gazetteer entries, so claims and events differ from
article to article (a benchmark over 10,000 identical texts would measure the
duplicate check, not the pipeline).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
YEARS = re.compile(r"20(2[4-6])")
DAYS = re.compile(r"(?<![\d.])(1[0-9]|2[0-8])(?= )")
SWAPS = [
    ("موسكو", ["موسكو", "دمشق", "القاهرة", "أنقرة", "طهران"]),
    ("بوتين", ["بوتين", "لافروف"]),
    ("القامشلي", ["القامشلي", "حميميم", "طرطوس"]),
]


def seed_texts() -> list[str]:
    """The five seed articles."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def vary(text: str, rng: random.Random, n: int) -> str:
    """One variant of a seed: shuffled paragraphs, shifted days and years, swapped names."""
    paras = [p for p in text.split("\n") if p.strip()]
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    out = "\n".join(head + body)
    out = DAYS.sub(lambda m: str(1 + (int(m.group(1)) + n) % 28), out)
    out = YEARS.sub(lambda m: f"20{rng.choice(['24', '25', '26'])}", out)
    for word, options in SWAPS:
        out = out.replace(word, rng.choice(options))
    return out + f"\n\nرقم المقال {n}"  # keeps every text unique


def write_corpus(dest: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` articles under dest (reused when already complete)."""
    dest.mkdir(parents=True, exist_ok=True)
    existing = sorted(dest.rglob("*.txt"))
    if len(existing) == count:
        return existing
    for p in existing:
        p.unlink()
    rng = random.Random(seed)
    seeds = seed_texts()
    paths = []
    for n in range(count):
        sub = dest / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"article_{n:06d}.txt"
        path.write_text(vary(seeds[n % len(seeds)], rng, n), encoding="utf-8")
        paths.append(path)
    return paths
