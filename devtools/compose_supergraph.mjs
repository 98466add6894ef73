// Compose subgraph SDL files into a supergraph with @theguild/federation-composition.
// Usage: node devtools/compose_supergraph.mjs MANIFEST.json
//   MANIFEST: [{"name": "users", "file": "/tmp/x/users.graphql", "url": "http://..."}, ...]
// Prints the supergraph SDL on stdout; composition errors go to stderr with exit code 1.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./node/package.json", import.meta.url));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

const manifest = JSON.parse(readFileSync(process.argv[2], "utf8"));
const services = manifest.map(({ name, file, url }) => ({
  name,
  url,
  typeDefs: parse(readFileSync(file, "utf8")),
}));
const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const error of result.errors) {
    const code = error.extensions?.code ? `[${error.extensions.code}] ` : "";
    console.error(`${code}${error.message}`);
  }
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
