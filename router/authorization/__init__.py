"""Federation authorization directives (`@authenticated`, `@requiresScopes`, `@policy`).

Unauthorized fields are removed from what is planned and sent to subgraphs; they come back
`null` with an `UNAUTHORIZED_FIELD_OR_TYPE` error at their path, the rest is returned.
"""

from router.authorization.enforcer import Authorization
from router.authorization.errors import UNAUTHORIZED_CODE, UNAUTHORIZED_MESSAGE
from router.authorization.filtering import Restriction
from router.authorization.guarded_fields import OperationGuards
from router.authorization.policies import POLICIES_CLAIM, ClaimsPolicyEvaluator, PolicyEvaluator
from router.authorization.requirement import Requirement

__all__ = [
    "POLICIES_CLAIM",
    "UNAUTHORIZED_CODE",
    "UNAUTHORIZED_MESSAGE",
    "Authorization",
    "ClaimsPolicyEvaluator",
    "OperationGuards",
    "PolicyEvaluator",
    "Requirement",
    "Restriction",
]
