"""`diff` on synthetic claims at 10k and 100k: seconds, how cost grows, and a ratio.

The ratio divides diff's time by a baseline measured in the same process (copying every
claim once, the per-claim cost no diff can avoid), so it compares across machines and
loads. REFERENCE is the figure of the date-bucket diff this resolver replaced, measured
on the reference machine; the resolver's target is within twice that.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time

from claimtrack.diff import DiffContext, diff
from claimtrack.models import Claim, ClaimTime, EntityRef


def _claims(n: int, seed: int = 3) -> list[Claim]:
    rng = random.Random(seed)
    people = [EntityRef(id=f"p{i}", name=f"P{i}", name_ar="س", kind="person") for i in range(n // 20 + 2)]
    places = [EntityRef(id=f"c{i}", name=f"C{i}", name_ar="م", kind="city") for i in range(50)]
    types = ["visit", "meeting", "call", "withdrawal"]
    out = []
    for i in range(n):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        dated = rng.random() < 0.8
        a, b = rng.sample(people, 2)
        out.append(Claim(
            id=f"c{i}", doc=f"d{i // 8}", type=rng.choice(types), cameo="042", plover="CONSULT",
            agent=a, participants=[b], place=rng.choice(places),
            time=ClaimTime(start=day, end=day, grain="day", resolved_by="explicit") if dated else ClaimTime(),
            trigger="زار", evidence=f"جملة {i}", span=(0, 5),
        ))
    return out


REFERENCE_100K_S = 5.2  # the date-bucket diff on main, 2026-12-01 (README "Performance")


def _baseline(claims: list[Claim]) -> float:
    start = time.perf_counter()
    for c in claims:
        c.model_copy()
    return time.perf_counter() - start


def run(sizes: tuple[int, ...] = (10_000, 100_000)) -> dict:
    """Seconds per size and the growth ratio between the two largest sizes."""
    ctx = DiffContext(contains=lambda a, b: a == b, doc_dates={}, origins=[])
    out: dict = {}
    for n in sizes:
        claims = _claims(n)
        start, cpu = time.perf_counter(), time.process_time()
        events = diff(claims, ctx)
        out[f"{n}_claims_s"] = round(time.perf_counter() - start, 2)
        out[f"{n}_claims_cpu_s"] = round(time.process_time() - cpu, 2)  # steadier on a shared machine
        out[f"{n}_events"] = len(events)
        out[f"{n}_ratio_to_copy"] = round(out[f"{n}_claims_s"] / max(_baseline(claims), 1e-9), 1)
    out["reference_100000_claims_s"] = REFERENCE_100K_S
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        out["growth"] = round(out[f"{b}_claims_s"] / out[f"{a}_claims_s"], 1)
        out["size_ratio"] = b // a
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
