// One benchmark subgraph (accounts | inventory | products | reviews), shaped like the public
// federation gateway benchmark. graphql-js executes a request body the first time it is seen;
// the serialized response is then memoized by body (the data is static), so a repeated
// subgraph request costs one HTTP round trip and a Map lookup: the subgraphs are never the
// bottleneck. POST /graphql serves GraphQL; GET /__bench/count returns {"count": N} (POSTs to
// /graphql since the last reset); POST /__bench/reset zeroes it. HTTP/1.1 keep-alive with
// Content-Length or chunked request bodies.
// Usage: node bench/node/subgraph.mjs NAME PORT
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, execute, parse, validate } from 'graphql';

const [name, portText] = process.argv.slice(2);
const sdl = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'subgraphs', `${name}.graphql`),
  'utf8',
);

const PRODUCTS = [
  ['1', 'Table', 899, 100, true],
  ['2', 'Couch', 1299, 1000, false],
  ['3', 'Glass', 15, 20, false],
  ['4', 'Chair', 499, 100, false],
  ['5', 'TV', 1299, 1000, true],
  ['6', 'Lamp', 6999, 300, true],
  ['7', 'Grill', 3999, 2000, true],
  ['8', 'Fridge', 100000, 6000, false],
  ['9', 'Sofa', 9999, 800, true],
].map(([upc, name, price, weight, inStock]) => ({ upc, name, price, weight, inStock }));

const USERS = [
  ['1', 'Uri Goldshtein', 'urigo'],
  ['2', 'Dotan Simha', 'dotansimha'],
  ['3', 'Kamil Kisiela', 'kamilkisiela'],
  ['4', 'Arda Tanrikulu', 'ardatan'],
  ['5', 'Gil Gardosh', 'gilgardosh'],
  ['6', 'Laurin Quast', 'laurin'],
].map(([id, name, username]) => ({ id, name, username, birthday: 1234567890 }));

const LOREM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';
const SED = 'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam.';
const QUIA = 'Sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt.';
const MINIMA = 'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam.';
const VERO = 'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti.';
const REVIEW_ROWS = [
  ['1', LOREM, '1'], ['2', SED, '1'], ['3', QUIA, '1'], ['4', MINIMA, '1'],
  ['5', LOREM, '2'], ['6', SED, '2'], ['7', QUIA, '2'], ['8', MINIMA, '2'],
  ['9', MINIMA, '3'], ['10', MINIMA, '4'], ['11', VERO, '4'],
];

const review = ([id, body, upc]) => ({
  __typename: 'Review',
  id,
  body,
  product: { __typename: 'Product', upc },
  // Every review's author is user 1, whose username this subgraph provides.
  author: () => ({ __typename: 'User', id: '1', username: 'urigo', reviews: firstReviews }),
});
const REVIEWS = REVIEW_ROWS.map(review);
const firstReviews = () => REVIEWS.slice(0, 2);

function shippingEstimate(price, weight) {
  if (price === null || price === undefined) return null;
  if (price > 1000) return 0;
  return weight === null || weight === undefined ? null : Math.floor(weight / 2);
}

const ENTITIES = {
  accounts: {
    User: (rep) => USERS.find((user) => user.id === rep.id) ?? null,
  },
  products: {
    Product: (rep) => PRODUCTS.find((product) => product.upc === rep.upc) ?? null,
  },
  inventory: {
    Product: (rep) => {
      const row = PRODUCTS.find((product) => product.upc === rep.upc);
      if (!row) return null;
      return {
        upc: rep.upc,
        inStock: row.inStock,
        shippingEstimate: shippingEstimate(rep.price, rep.weight),
      };
    },
  },
  reviews: {
    Review: (rep) => REVIEWS.find((r) => r.id === rep.id) ?? null,
    User: (rep) => ({ id: rep.id, reviews: firstReviews }),
    Product: (rep) => ({ upc: rep.upc, reviews: () => REVIEWS.filter((r) => r.product.upc === rep.upc) }),
  },
}[name];

const ROOT = {
  accounts: {
    me: () => USERS[0],
    user: ({ id }) => USERS.find((user) => user.id === id) ?? null,
    users: () => USERS,
  },
  products: { topProducts: ({ first }) => PRODUCTS.slice(0, first ?? 5) },
  inventory: {},
  reviews: {
    createReview: ({ upc, body }) => review([String(REVIEW_ROWS.length + 1), body, upc]),
  },
}[name];

if (!ENTITIES) {
  console.error(`unknown subgraph ${name}`);
  process.exit(2);
}

// --- schema: the subgraph SDL plus the federation prelude graphql-js needs to build it ---
const entityTypes = Object.keys(ENTITIES);
const body = sdl.replace(/^extend schema[\s\S]*?\n\n/, '');
const queryKeyword = /\btype Query\b/.test(body) ? 'extend type Query' : 'type Query';
const schema = buildSchema(`
scalar _Any
scalar FieldSet
scalar link__Import
directive @link(url: String!, import: [link__Import]) repeatable on SCHEMA
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @external on FIELD_DEFINITION | OBJECT
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
type _Service { sdl: String }
union _Entity = ${entityTypes.join(' | ')}
${body}
${queryKeyword} {
  _entities(representations: [_Any!]!): [_Entity]!
  _service: _Service!
}
`);
schema.getType('_Entity').resolveType = (value) => value.__typename;

const rootValue = {
  ...ROOT,
  _service: () => ({ sdl }),
  _entities: ({ representations }) =>
    representations.map((rep) => {
      const resolve = ENTITIES[rep.__typename];
      const entity = resolve ? resolve(rep) : null;
      return entity && { __typename: rep.__typename, ...entity };
    }),
};

// --- execution with two caches: parsed+validated documents, and whole responses by body ---
const documents = new Map();
const responses = new Map();
const MAX_CACHED = 10000;

function respond(raw) {
  let request;
  try {
    request = JSON.parse(raw);
  } catch {
    return [false, JSON.stringify({ errors: [{ message: 'Body is not JSON' }] })];
  }
  let document = documents.get(request.query);
  if (document === undefined) {
    try {
      document = parse(request.query);
    } catch (error) {
      return [false, JSON.stringify({ errors: [{ message: String(error.message) }] })];
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return [false, JSON.stringify({ errors })];
    if (documents.size > MAX_CACHED) documents.clear();
    documents.set(request.query, document);
  }
  const result = execute({
    schema,
    document,
    rootValue,
    variableValues: request.variables,
    operationName: request.operationName,
  });
  return [!result.errors, JSON.stringify(result)];
}

// --- a minimal HTTP/1.1 server on node:net (node:http costs ~3x more per request here) ---
let count = 0;

function reply(status, payload) {
  const head = `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

// `key` is the body decoded as latin1 (one char per byte: cheap, and unique per body);
// it is decoded as UTF-8 only when the body has to be executed.
function graphqlReply(key) {
  let out = responses.get(key);
  if (out === undefined) {
    const [cacheable, text] = respond(Buffer.from(key, 'latin1').toString('utf8'));
    out = reply('200 OK', Buffer.from(text));
    if (cacheable) {
      if (responses.size > MAX_CACHED) responses.clear();
      responses.set(key, out);
    }
  }
  return out;
}

function route(method, path, raw) {
  if (method === 'POST' && path === '/graphql') {
    count += 1;
    return graphqlReply(raw);
  }
  if (path === '/__bench/count' || path === '/__bench/reset') {
    if (method === 'POST') count = 0;
    return reply('200 OK', Buffer.from(JSON.stringify({ count })));
  }
  return reply('404 Not Found', Buffer.from('{"errors":[{"message":"not found"}]}'));
}

/** Decode a complete chunked body starting at `start`; return [body, end] or null if partial. */
function dechunk(buf, start) {
  const parts = [];
  let at = start;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return null;
    const size = parseInt(buf.toString('latin1', at, eol), 16);
    if (size === 0) {
      const end = buf.indexOf('\r\n\r\n', eol);
      return end < 0 ? null : [Buffer.concat(parts).toString('latin1'), end + 4];
    }
    if (buf.length < eol + 2 + size + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = null;
  socket.on('data', (data) => {
    let buf = pending === null ? data : Buffer.concat([pending, data]);
    const out = [];
    let close = false;
    for (;;) {
      const headEnd = buf.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const head = buf.toString('latin1', 0, headEnd);
      const lower = head.toLowerCase();
      const firstSpace = head.indexOf(' ');
      const method = head.slice(0, firstSpace);
      const path = head.slice(firstSpace + 1, head.indexOf(' ', firstSpace + 1)).split('?')[0];
      let raw;
      let end;
      if (lower.includes('\r\ntransfer-encoding: chunked')) {
        const decoded = dechunk(buf, headEnd + 4);
        if (decoded === null) break;
        [raw, end] = decoded;
      } else {
        const at = lower.indexOf('\r\ncontent-length:');
        const length = at < 0 ? 0 : parseInt(lower.slice(at + 17), 10);
        end = headEnd + 4 + length;
        if (buf.length < end) break;
        raw = buf.toString('latin1', headEnd + 4, end);
      }
      out.push(route(method, path, raw));
      if (lower.includes('\r\nconnection: close')) close = true;
      buf = buf.subarray(end);
    }
    pending = buf.length > 0 ? buf : null;
    if (out.length > 0) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
    if (close) socket.end();
  });
  socket.on('error', () => socket.destroy());
});
server.listen(Number(portText), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
