"""Characters no text the platform stores or serves may hold (shared by the subgraphs' input
validation and the web app's calendar feed).

C0 controls except tab and line feed, DEL and C1 controls, the line and paragraph separators,
and the bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069: they
reorder what a reader sees, as in "Trojan Source"). A regular-expression character class body.
"""

UNSAFE_CHARACTERS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
