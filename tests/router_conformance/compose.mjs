// Compose subgraphs into a supergraph with @theguild/federation-composition.
// Usage: node compose.mjs NAME=SDL_FILE [NAME=SDL_FILE ...]
// Each subgraph's URL is http://localhost:4001/<fixture dir>/<NAME>/graphql; tests point the
// gateways at the real subgraph server at run time. Prints the supergraph SDL on stdout; on
// composition errors prints them on stderr and exits 1.
import { readFileSync } from "node:fs";
import path from "node:path";
import { requireTool } from "./node_tools.mjs";

const { parse } = requireTool("graphql");
const { composeServices, compositionHasErrors } = requireTool("@theguild/federation-composition");

const services = process.argv.slice(2).map((pair) => {
  const [name, file] = pair.split("=");
  const fixture = path.basename(path.dirname(path.resolve(file)));
  return {
    name,
    url: `http://localhost:4001/${fixture}/${name}/graphql`,
    typeDefs: parse(readFileSync(file, "utf8")),
  };
});
const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
