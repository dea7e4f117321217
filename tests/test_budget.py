"""A pool's batch gives each article what parsing it alone here gives, in input order."""

from __future__ import annotations

from datetime import date

from dashboard.budget import ParseJob, ParsePool, _parse
from dashboard.geoparse import default_parser

GOOD = "The crew of {film} filmed in {place} last week, the producers said."

# (name, job or known failure); run() must give the names back in this order
ITEMS: list[tuple[str, ParseJob | str]] = [
    ("bergen", ParseJob(GOOD.format(film='"Night Harbour"', place="Bergen, Norway"))),
    ("unreadable", "bad JSONL record: not UTF-8"),
    ("empty", ParseJob("   ")),
    ("dated", ParseJob(GOOD.format(film='"Red Fjord"', place="Tromsø"), date(2024, 3, 1))),
    ("binary", ParseJob("Oslo\x00Bergen")),
    ("headline", ParseJob(GOOD.format(film="it", place="Malta"), headline="Gladiator III")),
    ("again", ParseJob(GOOD.format(film='"Night Harbour"', place="Bergen, Norway"))),
]


def _alone(job: ParseJob | str) -> tuple[object, str | None]:
    if isinstance(job, str):
        return None, job
    return _parse(default_parser(), job, [])


def test_two_workers_keep_input_order_and_each_articles_outcome() -> None:
    with ParsePool(workers=2, budget_s=None) as pool:
        results = list(pool.run(ITEMS))
    assert [key for key, _ in results] == [key for key, _ in ITEMS]
    assert [outcome for _, outcome in results] == [_alone(job) for _, job in ITEMS]
    assert results[2][1] == (None, "empty article: no text to read")
    assert results[0][1][0] is not None and results[0][1][0].toponyms
