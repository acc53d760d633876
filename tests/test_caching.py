"""``KeptByIdentity``: values found again by their sources' identity, the least recently used dropped."""

from __future__ import annotations

import gc

from gotogether.caching import KeptByIdentity


def test_values_are_found_by_identity_and_extra_key_and_dropped_least_recently_used() -> None:
    cache: KeptByIdentity[int] = KeptByIdentity(2)
    made: list[str] = []

    def make(name: str, value: int) -> int:
        made.append(name)
        return value

    a, b, c = [0.0], [0.0], [0.0]  # equal by value, distinct by identity
    assert cache.get((a,), lambda: make("a", 1)) == 1
    assert cache.get((a,), lambda: make("a again", 9)) == 1  # found, not made again
    assert cache.get((b,), lambda: make("b", 2)) == 2  # equal to a, but another object
    assert cache.get((a,), lambda: make("a, other extra", 3), extra="x") == 3  # a's entry without x: used
    assert cache.get((c,), lambda: make("c", 4)) == 4  # drops b, the least recently used
    assert cache.get((b,), lambda: make("b again", 5)) == 5
    assert made == ["a", "b", "a, other extra", "c", "b again"]


def test_an_entry_keeps_its_sources_alive_so_their_ids_are_not_reused() -> None:
    cache: KeptByIdentity[str] = KeptByIdentity(4)
    cache.get(([1.0],), lambda: "first")  # the only reference to the list is the cache's
    gc.collect()
    fresh = [[2.0] for _ in range(100)]  # none of them may take the kept list's id
    assert [cache.get((obj,), lambda: "new") for obj in fresh] == ["new"] * len(fresh)
