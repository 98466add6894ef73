"""Cases our router does not pass yet, each with the reason and the issue that tracks it.

They run as strict ``xfail``: the day one passes, the suite fails until it is removed here,
so this list can only shrink and never hides a regression elsewhere.
"""

from __future__ import annotations

_ISSUE_11 = "planner rewrite, issue 11"
_REQUIRES = f"{_ISSUE_11}: @requires crossing subgraphs"
_KEYLESS = f"{_ISSUE_11}: keyless types in several subgraphs"
_INTERFACE_OBJECT = f"{_ISSUE_11}: @interfaceObject"
_SHAPES = f"{_ISSUE_11}: subgraph queries fitted to the subgraph"
_ENUMS = f"{_ISSUE_11}: output coercion to the API schema"
_REQUIRES_ARGS = f"{_ISSUE_11}: @requires of one field with several arguments"
_PROVIDES = f"{_ISSUE_11}: @provides on abstract-typed fields"
_SHAREABLE_ABSTRACT = f"{_ISSUE_11}: abstract types below @shareable fields"
_CONDITIONS = f"{_ISSUE_11}: @skip/@include with variables"

KNOWN_GAPS: dict[str, str] = {
    "aliases/aliased_typename": f"{_SHAPES}: sends an empty selection set (aliased __typename)",
    "typename/typename_only_in_entity_selection": (
        f"{_SHAPES}: sends an empty selection set (only __typename below an entity)"
    ),
    "requires_chain/requires_chain_below_an_entity_from_another_subgraph": (
        f"{_REQUIRES}: cannot plan Parcel.postage's requirement below billing's Account.lastParcel"
    ),
    "keyless_shared/root_value_type_fields_from_two_subgraphs": (
        f"{_KEYLESS}: no fetch of a @shareable root field from both subgraphs"
    ),
    "keyless_shared/root_value_type_list_fields_from_two_subgraphs": (
        f"{_KEYLESS}: no fetch of a @shareable root list from both subgraphs"
    ),
    "keyless_shared/entity_shareable_value_type_field_merged": (
        f"{_KEYLESS}: no fetch of a keyless @shareable entity field from both"
    ),
    "interface_object_lookup/no_concrete_lookup_without_typename_or_type_condition": (
        f"{_INTERFACE_OBJECT}: needless concrete-type lookup in accounts"
    ),
    "interface_object_lookup/shareable_field_taken_from_interface_object_subgraph": (
        f"{_INTERFACE_OBJECT}: needless lookup for a @shareable field ledger has"
    ),
    "interface_object_lookup/type_condition_on_the_interface_itself_needs_no_lookup": (
        f"{_INTERFACE_OBJECT}: a fragment on the interface itself causes a lookup"
    ),
    "subgraph_shapes/sibling_fragments_fields_differ_in_nullability_in_subgraph": (
        f"{_SHAPES}: sibling ID!/ID fields not aliased"
    ),
    "subgraph_shapes/sibling_fragments_nullability_conflict_on_union": (
        f"{_SHAPES}: sibling ID!/ID fields not aliased"
    ),
    "subgraph_shapes/every_subfield_skipped_by_literal_conditions": (
        f"{_SHAPES}: sends an empty selection set for stats"
    ),
    "subgraph_shapes/only_typename_on_covariant_field": (
        f"{_SHAPES}: sends an empty selection set for owner"
    ),
    "subgraph_shapes/router_added_key_fields_differ_in_type_in_subgraph": (
        f"{_SHAPES}: added String!/Int! key fields not aliased"
    ),
    "enum_coercion/inaccessible_value_in_nullable_field_becomes_null": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/inaccessible_value_in_non_null_field_nulls_parent": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/inaccessible_value_in_list_of_non_null_nulls_the_list": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/inaccessible_value_in_list_of_nullable_items": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/inaccessible_value_bubbles_to_data": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/inaccessible_values_in_lists_of_a_list": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/unknown_value_from_entity_fetch_in_nullable_field": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "enum_coercion/unknown_value_from_entity_fetch_in_non_null_field_nulls_parent": (
        f"{_ENUMS}: @inaccessible/unknown enum value passed through, no field error"
    ),
    "requires_arguments/two_requirements_on_the_same_field_with_different_arguments": (
        f"{_REQUIRES_ARGS}: euQuote gets the USD rate"
    ),
    "requires_arguments/client_selects_the_required_field_with_other_arguments": (
        f"{_REQUIRES_ARGS}: the requirement overwrites the client's rate(currency: GBP)"
    ),
    "requires_arguments/client_aliases_next_to_both_requirements": (
        f"{_REQUIRES_ARGS}: usQuote gets the EUR rate"
    ),
    "requires_arguments/client_argument_from_variable_next_to_requirements": (
        f"{_REQUIRES_ARGS}: the requirement overwrites the client's rate($c)"
    ),
    "requires_arguments/aliased_requiring_fields": (f"{_REQUIRES_ARGS}: usQuote gets the EUR rate"),
    "provides_abstract/provided_key_on_union_member_used_to_jump": (
        f"{_PROVIDES}: refetches the provided uuid from media (which fails)"
    ),
    "provides_abstract/provided_key_used_to_jump_without_being_selected": (
        f"{_PROVIDES}: refetches the provided uuid from media (which fails)"
    ),
    "shareable_abstract/keyless_member_fields_from_both_subgraphs": (
        f"{_SHAREABLE_ABSTRACT}: cannot plan keyless member fields from two subgraphs"
    ),
    "shareable_abstract/keyless_member_fields_from_both_under_entity_field": (
        f"{_SHAREABLE_ABSTRACT}: cannot plan keyless member fields from two subgraphs"
    ),
    "skip_include_variables/same_field_under_two_conditions_included_if_either_allows_b_false": (
        f"{_CONDITIONS}: sends an empty selection set when every field is excluded"
    ),
}
