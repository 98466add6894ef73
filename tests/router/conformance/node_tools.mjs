// Load npm packages pinned in devtools/node from scripts living in this test directory.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const toolsDir = path.resolve(here, "../../../devtools/node");
export const requireTool = createRequire(path.join(toolsDir, "package.json"));
