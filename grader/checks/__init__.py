"""Check kinds, registered explicitly: the catalog declares what to check with these."""
from dlgrade.checks.correctness import Correctness
from dlgrade.checks.prop import Property
from dlgrade.checks.purity import Purity
from dlgrade.checks.stability import Stability

__all__ = ["Correctness", "Property", "Purity", "Stability"]
