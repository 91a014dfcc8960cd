"""Genre rules: finders and filters over one page, each registered once (see base.register).

Importing the package registers every rule; each module declares the step it runs at.
"""

from extractor.rules import (  # noqa: F401  (imported to register)
    bodies,
    companies,
    enumerations,
    firm_heads,
    honors,
    named_bodies,
    named_otherwise,
    plausible,
    policies,
    regions,
)
from extractor.rules.base import RULES, Listed, RuleContext, apply_rules, register, rule_order

__all__ = ["RULES", "Listed", "RuleContext", "apply_rules", "register", "rule_order"]
