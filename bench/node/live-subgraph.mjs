// The subscription benchmark's subgraph (graphql-js + graphql-ws): `Subscription.ticks`
// emits one event per second to every subscriber at once, stamped with the time it is
// written (`emittedAt`, epoch milliseconds). Usage: node live-subgraph.mjs SDL_FILE PORT
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { buildSchema, graphql } = require("graphql");
const { WebSocketServer } = require("ws");
const { useServer } = require("graphql-ws/use/ws");

const [sdlFile, port] = process.argv.slice(2);
const schema = buildSchema(readFileSync(sdlFile, "utf8"));
const subscribers = new Set();
let seq = 0;

setInterval(() => {
  seq += 1;
  for (const push of subscribers) {
    push({ ticks: { seq, emittedAt: performance.timeOrigin + performance.now(), body: "tick" } });
  }
}, 1000);

function ticks() {
  const queue = [];
  let wake = null;
  const push = (event) => {
    queue.push(event);
    if (wake) wake();
  };
  subscribers.add(push);
  return {
    [Symbol.asyncIterator]() { return this; },
    async next() {
      while (queue.length === 0) await new Promise((resolve) => (wake = resolve));
      wake = null;
      return { value: queue.shift(), done: false };
    },
    async return() {
      subscribers.delete(push);
      return { value: undefined, done: true };
    },
  };
}

const rootValue = { ping: true, ticks };
const server = createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks)) : {};
  const result = await graphql({
    schema, source: body.query || "{ ping }", rootValue, variableValues: body.variables,
  });
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(result));
});
useServer({ schema, roots: { subscription: rootValue, query: rootValue } },
  new WebSocketServer({ server, path: "/graphql" }));
server.listen(Number(port), "127.0.0.1", () => console.log(`live subgraph on ${port}`));
setInterval(() => console.log(`subscribers ${subscribers.size}`), 5000).unref();
