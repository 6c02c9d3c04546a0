"""Affinity of a mentee and a mentor: 0.4 x Jaccard of topics + 0.6 x cosine of TF-IDF interests."""

import numpy as np

TOPIC_WEIGHT = 0.4
INTEREST_WEIGHT = 0.6


def jaccard(a, b) -> float:
    a, b = set(a), set(b)
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def interest_similarity(mentee_texts: list[str], mentor_texts: list[str]) -> np.ndarray:
    """Cosine of TF-IDF vectors, the vocabulary and IDF fitted on everyone's interests together."""
    # scikit-learn loads when a matching runs (a Celery job or a command), never at a web worker's start.
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 -- see above
    from sklearn.metrics.pairwise import cosine_similarity  # noqa: PLC0415 -- see above

    corpus = [*mentee_texts, *mentor_texts]
    if not any(text.strip() for text in corpus):
        return np.zeros((len(mentee_texts), len(mentor_texts)))
    try:
        vectors = TfidfVectorizer().fit_transform(corpus)
    except ValueError:
        # Text without a single word of two letters or more ("?", "a b") leaves an empty vocabulary.
        return np.zeros((len(mentee_texts), len(mentor_texts)))
    return cosine_similarity(vectors[: len(mentee_texts)], vectors[len(mentee_texts) :])


def affinity_matrix(instance) -> np.ndarray:
    """Rows are mentees and columns mentors, in the instance's order."""
    if instance.affinity is not None:
        return np.array(instance.affinity, dtype=float).reshape(len(instance.mentees), len(instance.mentors))
    topics = np.array([[jaccard(e.topics, r.topics) for r in instance.mentors] for e in instance.mentees])
    topics = topics.reshape(len(instance.mentees), len(instance.mentors))
    interests = interest_similarity([e.interests for e in instance.mentees], [r.interests for r in instance.mentors])
    return TOPIC_WEIGHT * topics + INTEREST_WEIGHT * interests
