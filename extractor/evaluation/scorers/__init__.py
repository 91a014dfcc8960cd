"""One scorer per fact type, each in its own module and registered by the @scorer decorator.

Importing this package registers them all; scorer_for(fact_type) returns one.
"""

from extractor.evaluation.scorers import (  # noqa: F401  (imported to register)
    chains,
    honors,
    indicators,
    meta,
    organizations,
    policies,
    projects,
    regions,
    targets,
)
from extractor.evaluation.scorers.base import (
    FACT_TYPES,
    Scorer,
    join,
    registered,
    scorer,
    scorer_for,
)
from extractor.evaluation.scorers.meta import MetaFact, meta_facts

__all__ = [
    "FACT_TYPES",
    "MetaFact",
    "Scorer",
    "join",
    "meta_facts",
    "registered",
    "scorer",
    "scorer_for",
]
