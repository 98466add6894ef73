// Hive Gateway 2.x runtime over a static supergraph: a peer for the differential tests.
// Usage: node hive_gateway.mjs SUPERGRAPH PORT [SUPERGRAPH PORT ...]
// Several supergraphs in one process (one HTTP server each) amortise Node start-up.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { requireTool } from "./node_tools.mjs";

const { createGatewayRuntime } = await import(requireTool.resolve("@graphql-hive/gateway-runtime"));

// Hive Gateway 2.15 throws some resolver errors outside any promise chain (e.g.
// "Object.defineProperties called on non-object" in @graphql-tools/delegate), which would end
// the process and every supergraph it serves: log them and keep serving.
process.on("uncaughtException", (error) => console.error("hive gateway uncaught:", error));

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const runtime = createGatewayRuntime({
    supergraph: readFileSync(args[i], "utf8"),
    logging: "error",
    // @defer / @stream for the incremental differential (tests/router/conformance).
    deferStream: process.env.HIVE_DEFER_STREAM === "1",
  });
  const port = Number(args[i + 1]);
  await new Promise((resolve) => createServer(runtime).listen(port, "127.0.0.1", resolve));
  console.log(`hive gateway for ${args[i]} ready at http://127.0.0.1:${port}/graphql`);
}
