// Hive Gateway 2.x runtime over a static supergraph: a peer for the differential tests.
// Usage: node hive_gateway.mjs SUPERGRAPH PORT [SUPERGRAPH PORT ...]
// Several supergraphs in one process (one HTTP server each) amortise Node start-up.
// HIVE_SUBSCRIPTIONS=1: subscriptions to subgraphs over graphql-transport-ws, and graphql-ws
// for clients on /graphql (GraphQL over SSE is always on).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { requireTool } from "./node_tools.mjs";

const { createGatewayRuntime } = await import(requireTool.resolve("@graphql-hive/gateway-runtime"));

// Hive Gateway 2.15 throws some resolver errors outside any promise chain (e.g.
// "Object.defineProperties called on non-object" in @graphql-tools/delegate), which would end
// the process and every supergraph it serves: log them and keep serving.
process.on("uncaughtException", (error) => console.error("hive gateway uncaught:", error));

const subscriptions = process.env.HIVE_SUBSCRIPTIONS === "1";
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const runtime = createGatewayRuntime({
    supergraph: readFileSync(args[i], "utf8"),
    logging: "error",
    // @defer / @stream for the incremental differential (tests/router/conformance).
    deferStream: process.env.HIVE_DEFER_STREAM === "1",
    ...(subscriptions && {
      transportEntries: { "*.http": { options: { subscriptions: { kind: "ws" } } } },
    }),
  });
  const port = Number(args[i + 1]);
  const server = createServer(runtime);
  if (subscriptions) await serveGraphQLWs(runtime, server, port);
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  console.log(`hive gateway for ${args[i]} ready at http://127.0.0.1:${port}/graphql`);
}

async function serveGraphQLWs(runtime, server, port) {
  const { getGraphQLWSOptions } = await import(requireTool.resolve("@graphql-hive/gateway-runtime"));
  const { WebSocketServer } = requireTool("ws");
  const { useServer } = await import(requireTool.resolve("graphql-ws/use/ws"));
  const wsServer = new WebSocketServer({ path: "/graphql", server });
  useServer(
    getGraphQLWSOptions(runtime, (ctx) => ({
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      request: new runtime.fetchAPI.Request(`http://127.0.0.1:${port}/graphql`, {
        headers: Object.entries(ctx.extra.request.headers).filter(([, v]) => typeof v === "string"),
      }),
    })),
    wsServer,
  );
}
