// Print Apollo's API schema for a supergraph, lexicographically sorted (test reference).
// Usage: node apollo_api_schema.mjs SUPERGRAPH_FILE
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../devtools/node/package.json", import.meta.url));
const { lexicographicSortSchema, printSchema } = require("graphql");
const { Supergraph } = require("@apollo/federation-internals");

const supergraph = Supergraph.build(readFileSync(process.argv[2], "utf8"));
process.stdout.write(printSchema(lexicographicSortSchema(supergraph.apiSchema().toGraphQLJSSchema())));
