// Apollo Gateway 2.x (Apollo Server 4 standalone) over a static supergraph: a peer for the
// differential tests. Usage: node apollo_gateway.mjs SUPERGRAPH PORT [SUPERGRAPH PORT ...]
// Several supergraphs in one process (one HTTP server each) amortise Node start-up.
import { readFileSync } from "node:fs";
import { requireTool } from "./node_tools.mjs";

const { ApolloServer } = requireTool("@apollo/server");
const { startStandaloneServer } = requireTool("@apollo/server/standalone");
const { ApolloGateway } = requireTool("@apollo/gateway");

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const supergraphSdl = readFileSync(args[i], "utf8");
  const port = Number(args[i + 1]);
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl }),
    includeStacktraceInErrorResponses: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
  console.log(`apollo gateway for ${args[i]} ready at ${url}`);
}
