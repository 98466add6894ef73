"""How far the search goes before it settles for small sets of jump targets."""

EXHAUSTIVE_LIMIT = 6  # more jump targets than this: only small target sets are tried
MAX_SET_SIZE = 3
