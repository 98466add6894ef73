// Run graphql-http's GraphQL-over-HTTP audit against a server and print JSON results.
// Usage: node audit.mjs URL [--preflight]
//   --preflight adds `graphql-preflight: 1` to every request, so the GET audits are not
//   stopped by the router's CSRF prevention (which only browsers' simple requests hit).
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../devtools/node/package.json", import.meta.url));
const { auditServer } = require("graphql-http");

const url = process.argv[2];
const preflight = process.argv.includes("--preflight");
const fetchFn = preflight
  ? (input, init = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers || {}), "graphql-preflight": "1" } })
  : fetch;

const results = await auditServer({ url, fetchFn });
const summary = { ok: 0, error: 0, warn: 0, notice: 0 };
const failures = [];
for (const result of results) {
  summary[result.status] += 1;
  if (result.status !== "ok") {
    failures.push({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.reason,
      responseStatus: result.response?.status,
    });
  }
}
process.stdout.write(JSON.stringify({ total: results.length, summary, failures }, null, 2) + "\n");
