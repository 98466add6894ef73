// Hive Gateway config: in-flight subgraph request deduplication ON (its default).
export const gatewayConfig = {
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: true } } },
};
