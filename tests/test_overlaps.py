"""Passages of one source stop where another source's copy begins (issue 16 point 6)."""

from __future__ import annotations

import random

import pytest

import reusecheck
from reusecheck.plugins import load_plugins

SHOWS = (
    "News Weather Coronation Street EastEnders Panorama Newsnight Match of the Day Doctor Who Gardeners World "
    "Top Gear Antiques Roadshow Countryfile Question Time University Challenge Mastermind Pointless Bargain Hunt "
    "Homes under the Hammer Flog It Escape to the Country The One Show Strictly Come Dancing Songs of Praise "
    "Holby City Casualty Silent Witness Line of Duty Dragons Den Springwatch"
).split()


def listing(rng: random.Random, channel: str, lines: int) -> list[str]:
    """A TV listing: times and programme names, no sentence punctuation."""
    return [
        f"{6 + k // 2:02d}:{'00' if k % 2 == 0 else '30'} {' '.join(rng.choice(SHOWS) for _ in range(rng.randint(5, 6)))} "
        f"{channel} {rng.choice(['live', 'repeat', 'new series', 'final', 'part two'])}"
        for k in range(lines)
    ]


@pytest.mark.parametrize("taken", [1, 2, 4])
def test_listing_passages_abut_without_swallowing_the_other_source(taken: int) -> None:
    rng = random.Random(5)
    bbc, itv = listing(rng, "BBC One", 40), listing(rng, "ITV", 40)
    story = "\n".join(bbc[:12] + itv[:taken] + bbc[12:24]) + "\n"
    itv_start = len("\n".join(bbc[:12])) + 1
    itv_end = itv_start + len("\n".join(itv[:taken]))
    report = reusecheck.check(
        [reusecheck.Document("story", story)],
        [reusecheck.Document("bbc", "\n".join(bbc) + "\n"), reusecheck.Document("itv", "\n".join(itv) + "\n")],
        plugins=load_plugins(),
    )
    matches = {m.source.id: m for m in report.results[0].matches}
    assert set(matches) == {"bbc", "itv"}  # the ITV lines' source is not dropped as covered
    assert [(p.candidate_start, p.candidate_end) for p in matches["itv"].passages] == [(itv_start, itv_end)]
    bbc_text = "\n".join(bbc)
    for passage in matches["bbc"].passages:
        claimed = story[max(passage.candidate_start, itv_start) : min(passage.candidate_end, itv_end)]
        # the BBC passages may only take, of the ITV lines, words the BBC listing has in that order too
        assert not claimed.strip() or claimed.strip() in bbc_text, claimed
