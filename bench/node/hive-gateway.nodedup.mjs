// Hive Gateway config: in-flight subgraph request deduplication OFF (fair comparison).
export const gatewayConfig = {
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
};
