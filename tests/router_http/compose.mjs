// Compose one subgraph SDL (stdin) named argv[2] at URL argv[3] into a supergraph (stdout).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../devtools/node/package.json", import.meta.url));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const [name, url] = process.argv.slice(2);
const typeDefs = parse(readFileSync(0, "utf8"));
const result = composeServices([{ name, typeDefs, url }]);
if (compositionHasErrors(result)) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
