"""Incremental delivery (``@defer`` and ``@stream``, the GraphQL incremental delivery RFC).

:func:`split_operation` finds the active deferred fragments and streamed lists of an operation
and derives two documents: the *initial* one (deferred fragments skipped) and the *complete*
one; :func:`deliver` runs both (the initial payload waits for none of the deferred fetches) and
yields payloads in the ``pending`` / ``incremental`` / ``completed`` format of current
graphql-js. Mutations run once; their payloads are cut from the one result.
"""

from router.incremental.delivery import Executor, deliver
from router.incremental.split import IncrementalSplit, split_operation

__all__ = ["Executor", "IncrementalSplit", "deliver", "split_operation"]
