"""Operation normalization: one module per pass, run by `pipeline`."""

from router.normalize.pick_operation import pick_operation
from router.normalize.pipeline import Normalizer, normalize_field_set, normalize_operation
from router.normalize.skip_include import conditional_variables
from router.normalize.tree import NField, NormalizedOperation, NSelection

__all__ = [
    "NField",
    "NSelection",
    "NormalizedOperation",
    "Normalizer",
    "conditional_variables",
    "normalize_field_set",
    "normalize_operation",
    "pick_operation",
]
