// Compose the subgraph SDL files of one fixture directory into a supergraph.
// Usage: node compose.mjs FIXTURE_DIR  (each subgraphs/NAME.graphql becomes subgraph NAME)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../devtools/node/package.json", import.meta.url));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const dir = join(process.argv[2], "subgraphs");
const services = readdirSync(dir)
  .filter((file) => file.endsWith(".graphql"))
  .sort()
  .map((file) => {
    const name = file.replace(/\.graphql$/, "");
    return { name, typeDefs: parse(readFileSync(join(dir, file), "utf8")), url: `http://${name}.local/graphql` };
  });
const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
