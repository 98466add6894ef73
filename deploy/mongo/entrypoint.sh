#!/bin/bash
# MongoDB with authentication (docker-compose.yml): install the replica set's internal key
# (a compose secret, readable only by mongod as the server requires), then the image's own
# entrypoint, which creates the root user and runs initdb.d (create-app-user.js) on first start.
set -euo pipefail
install -m 400 -o mongodb -g mongodb /run/secrets/mongo_keyfile /tmp/mongo-keyfile
exec docker-entrypoint.sh "$@"
