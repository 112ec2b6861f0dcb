"""Independent origins: documents that are the same story (syndicated or republished copies).

Word 3-shingles of the normalised text go through MinHash LSH (datasketch), so
finding near-identical copies costs about linear time in the corpus; candidate
pairs are confirmed by their estimated Jaccard similarity and joined with a
union-find. Each group is one independent origin.
"""

from __future__ import annotations

from collections.abc import Mapping

from claimtrack.arabic.normalize import normalize_text

NUM_PERM = 128
SHINGLE = 3


def _shingles(text: str) -> set[bytes]:
    words = normalize_text(text).split()
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def origin_groups(docs: Mapping[str, str], threshold: float = 0.8) -> list[list[str]]:
    """Document names grouped by independent origin (near-identical texts together), sorted."""
    from datasketch import MinHash, MinHashLSH

    names = sorted(docs)
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    for name in names:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(list(_shingles(docs[name])))
        hashes[name] = m
        for other in lsh.query(m):
            if m.jaccard(hashes[other]) >= threshold:
                a, b = find(name), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        lsh.insert(name, m)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(find(n), []).append(n)
    return sorted(groups.values())
