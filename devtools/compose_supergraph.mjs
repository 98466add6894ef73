// Compose supergraphs with the pinned @theguild/federation-composition (see devtools/composer.py).
// Usage: node devtools/compose_supergraph.mjs MANIFEST.json
//   MANIFEST: [[{"name": "users", "sdl": "...", "url": "http://..."}, ...], ...]  (one list per supergraph)
// Prints a JSON list with, per supergraph, {"supergraph": SDL} or {"errors": [message, ...]}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./node/package.json", import.meta.url));
const { parse } = require("graphql");
const { composeServices, compositionHasErrors } = require("@theguild/federation-composition");

function compose(subgraphs) {
  let services;
  try {
    services = subgraphs.map(({ name, sdl, url }) => ({ name, url, typeDefs: parse(sdl) }));
  } catch (error) {
    return { errors: [String(error.message ?? error)] };
  }
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    return {
      errors: result.errors.map((error) => {
        const code = error.extensions?.code ? `[${error.extensions.code}] ` : "";
        return `${code}${error.message}`;
      }),
    };
  }
  return { supergraph: result.supergraphSdl };
}

const manifest = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(manifest.map(compose)));
