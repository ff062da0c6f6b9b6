"""What every part of the generator shares: the marks of generated rows, scale, random draws."""

import datetime
import math
import random
from decimal import Decimal

SLUG_PREFIX = "gen-"
SOURCE_PREFIX = "Generated"


def source_label(seed: int, scale: float) -> str:
    """Return the source written on every generated report."""
    return f"{SOURCE_PREFIX} (seed {seed}, scale {scale:g})"


def scaled(per_scale: int, scale: float) -> int:
    """Return how many rows a scale asks for: at least one, rounded half up."""
    return max(1, math.floor(per_scale * scale + 0.5))


def stream(seed: int, part: str) -> random.Random:
    """Return the random stream of one part of a run."""
    # One stream per part: the facilities stay the same when the company rules change.
    return random.Random(f"{seed}:{part}")


def pick(rng: random.Random, weights: dict) -> object:
    """Return a key of a {choice: weight} dict, drawn with those weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day_between(
    rng: random.Random, start: datetime.date, end: datetime.date, skew: float = 1.0
) -> datetime.date:
    """Return a day from start to end inclusive; skew < 1 favours later days."""
    span = (end - start).days
    if span <= 0:
        return start
    return start + datetime.timedelta(days=round(span * rng.random() ** skew))


def near(rng: random.Random, degrees: Decimal) -> Decimal:
    """Return coordinates a few kilometres from a city's, to six decimal places."""
    return (Decimal(degrees) + Decimal(rng.uniform(-0.04, 0.04))).quantize(Decimal("0.000001"))
