// Load the npm packages pinned in tools/node (toolsDir below) from scripts in this directory.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const toolsDir = path.resolve(here, "../../tools/node");
export const requireTool = createRequire(path.join(toolsDir, "package.json"));
