// @apollo/gateway + @apollo/server (standalone) serving a static supergraph.
// Usage: node bench/node/apollo-gateway.mjs SUPERGRAPH PORT
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const [supergraph, port] = process.argv.slice(2);
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraph, 'utf8') });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(port) },
});
console.log(`apollo-gateway ready at ${url}`);
process.on('SIGTERM', () => server.stop().finally(() => process.exit(0)));
