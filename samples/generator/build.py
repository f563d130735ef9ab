"""One sample = one synthetic holder, their card side(s), one capture variant, the encoded image and its truth."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.contract import GENERATIONS, generation_of
from samples.generator.people import make_holder
from samples.generator.render import render_card
from samples.generator.truth import ground_truth
from samples.generator.variants import encode, make_shot


@dataclass(frozen=True)
class Sample:
    file_name: str
    data: bytes
    truth: dict[str, Any]


def image_seed(seed: int, key: str, variant: str, index: int) -> int:
    """Stable per-image seed (independent of Python's hash randomisation and of the other images)."""
    digest = hashlib.sha256(f"{seed}/{key}/{variant}/{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def make_sample(key: str, variant: str, seed: int, stem: str, *, force_jpeg: bool = False) -> Sample:
    """``key`` is a card type, or a generation (``"cccd_2021"``) for the ``pair`` variant."""
    rng = random.Random(seed)
    if variant in ("pair", "copy"):
        front, back = GENERATIONS[key]
        types = [front, back] if rng.random() < 0.8 else [back, front]
        generation = key
    else:
        types = [key]
        generation = generation_of(key)
    person, card = make_holder(rng, generation)
    rendered = [render_card(t, person, card, random.Random(rng.randrange(2**32))) for t in types]
    shot = make_shot(variant, rendered, np.random.default_rng(rng.randrange(2**32)))
    if force_jpeg and shot.encoding == "png":
        shot.encoding, shot.quality = "jpg", 92
    file_name = f"{stem}.{shot.encoding}"
    return Sample(file_name, encode(shot), ground_truth(file_name, variant, seed, shot, person, card))
