"""Federation v2 router core: supergraph model, API schema, planner, executor, shaping."""
