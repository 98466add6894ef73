// Hive Gateway config for bench.subscriptions: subscriptions to subgraphs over
// graphql-transport-ws (clients: graphql-ws and GraphQL over SSE, both on by default).
export const gatewayConfig = {
  transportEntries: {
    '*.http': { options: { subscriptions: { kind: 'ws' }, deduplicateInflightRequests: false } },
  },
};
