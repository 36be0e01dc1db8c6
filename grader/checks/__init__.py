"""Check kinds, registered explicitly: the catalog declares what to check with these."""
from grader.checks.correctness import Correctness
from grader.checks.prop import Property
from grader.checks.purity import Purity
from grader.checks.stability import Stability

KINDS = {
    "correctness": Correctness,
    "stability": Stability,
    "purity": Purity,
    "property": Property,
}

__all__ = ["Correctness", "Property", "Purity", "Stability", "KINDS"]
