"""Identifiers shaped like OpenReview's: notes 10 characters, edges 14, anonymous suffixes 4."""

import random
import string

ALPHABET = string.ascii_letters + string.digits
NOTE_ID_LENGTH = 10
EDGE_ID_LENGTH = 14
ANON_SUFFIX_LENGTH = 4


def random_id(length: int, rng: random.Random | None = None) -> str:
    rng = rng or random.SystemRandom()
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def note_id(rng: random.Random | None = None) -> str:
    return random_id(NOTE_ID_LENGTH, rng)


def edge_id(rng: random.Random | None = None) -> str:
    return random_id(EDGE_ID_LENGTH, rng)


def anon_suffix(rng: random.Random | None = None) -> str:
    return random_id(ANON_SUFFIX_LENGTH, rng)
