// Print Apollo's query plan for an operation (reference for planner tests; not used at runtime).
// Usage: node apollo_plan.mjs SUPERGRAPH_FILE OPERATION_FILE
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../devtools/node/package.json", import.meta.url));
const { parse, validate } = require("graphql");
const { Supergraph, operationFromDocument } = require("@apollo/federation-internals");
const { QueryPlanner, prettyFormatQueryPlan } = require("@apollo/query-planner");

const supergraph = Supergraph.build(readFileSync(process.argv[2], "utf8"));
const document = parse(readFileSync(process.argv[3], "utf8"));
const operation = operationFromDocument(supergraph.apiSchema(), document);
const planner = new QueryPlanner(supergraph);
console.log(prettyFormatQueryPlan(planner.buildQueryPlan(operation)));
