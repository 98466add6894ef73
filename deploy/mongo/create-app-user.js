// First start of a subgraph's MongoDB (docker-entrypoint-initdb.d, run as root): the
// subgraph's own user, with readWrite on its own database only. The password comes from a
// compose secret file, never from the environment.
const fs = require("fs");
const name = process.env.FEDCAL_DB_NAME;
const password = fs.readFileSync(process.env.FEDCAL_DB_PASSWORD_FILE, "utf8").trim();
db.getSiblingDB(name).createUser({
  user: name,
  pwd: password,
  roles: [{ role: "readWrite", db: name }],
});
