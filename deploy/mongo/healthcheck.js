// Healthcheck of a subgraph's MongoDB: log in as root (password from its compose secret),
// initiate the one-member replica set on first run, healthy once this member is primary.
const fs = require("fs");
const rootPassword = fs.readFileSync(process.env.MONGO_INITDB_ROOT_PASSWORD_FILE, "utf8").trim();
db.getSiblingDB("admin").auth(process.env.MONGO_INITDB_ROOT_USERNAME, rootPassword);
try {
  rs.status();
} catch (error) {
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: process.env.FEDCAL_DB_MEMBER }] });
}
if (!db.hello().isWritablePrimary) {
  quit(1);
}
