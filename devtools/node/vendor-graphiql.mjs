// Copy GraphiQL's production browser builds from the pinned npm packages into
// plumbing/static/vendor/ (served by the router and subgraphs; no CDN). Run: node devtools/node/vendor-graphiql.mjs
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const target = join(here, '..', '..', 'plumbing', 'static', 'vendor');

const files = [
  ['react', 'umd/react.production.min.js'],
  ['react-dom', 'umd/react-dom.production.min.js'],
  ['graphiql', 'graphiql.min.js'],
  ['graphiql', 'graphiql.min.css'],
];

mkdirSync(target, { recursive: true });
const manifest = {};
for (const [pkg, file] of files) {
  const source = join(modules, pkg, file);
  const name = file.split('/').pop();
  copyFileSync(source, join(target, name));
  const version = JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;
  const sri = 'sha384-' + createHash('sha384').update(readFileSync(source)).digest('base64');
  manifest[name] = { package: pkg, version, source: file, integrity: sri };
}
writeFileSync(join(target, 'VERSIONS.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify(manifest, null, 2));
