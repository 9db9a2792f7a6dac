/**
 * `npm run config-schema`: rewrites the `config:` block of Pulumi.yaml from the table in
 * stacks/config.ts (the one source of every key's type, description and default). Everything
 * above the block is kept; test/config.test.ts fails when the two differ.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { projectConfigSchema } from "../stacks/config";

const file = path.join(__dirname, "..", "Pulumi.yaml");
const text = fs.readFileSync(file, "utf8");
const at = text.search(/^config:/m);
if (at < 0) throw new Error(`${file} has no config: block`);
const block = yaml.dump({ config: projectConfigSchema() }, { lineWidth: 96, noRefs: true });
fs.writeFileSync(file, text.slice(0, at) + block);
process.stdout.write(`rewrote the config: block of ${file}\n`);
