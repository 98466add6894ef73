"""`segment_gates`: key fields of a jump wait for what everything the jump serves waits for."""

from __future__ import annotations

from tests.router.supergraphs import shop


def test_key_fields_wait_for_the_condition_of_everything_their_jump_serves() -> None:
    def root_operation(query: str) -> str:
        plan = shop().plan(query, variables=None).to_json()["node"]
        return str(plan["nodes"][0]["operation"])

    gated = "query($x: Boolean!) { products { name price @include(if: $x) } }"
    assert root_operation(gated).endswith("{products{__typename name id @include(if:$x)}}")
    # the pricing jump also serves an unconditional field: its key is always needed
    mixed = "query($x: Boolean!) { products { name price @include(if: $x) sku } }"
    assert root_operation(mixed).endswith("{products{__typename name id}}")
