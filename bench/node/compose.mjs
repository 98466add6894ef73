// Compose the benchmark supergraph with @theguild/federation-composition.
// Usage: node bench/node/compose.mjs OUT.graphql name=http://host:port/graphql ...
// Reads each subgraph's SDL from bench/subgraphs/<name>.graphql.
import { composeServices } from '@theguild/federation-composition';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

const schemas = join(dirname(fileURLToPath(import.meta.url)), '..', 'subgraphs');
const [out, ...pairs] = process.argv.slice(2);
if (!out || pairs.length === 0) {
  console.error('usage: compose.mjs OUT name=url ...');
  process.exit(2);
}
const services = pairs.map((pair) => {
  const [name, url] = pair.split('=');
  return { name, url, typeDefs: parse(readFileSync(join(schemas, `${name}.graphql`), 'utf8')) };
});
const result = composeServices(services);
if (result.errors && result.errors.length > 0) {
  for (const error of result.errors) console.error(String(error));
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl.trimEnd() + '\n');
