import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./helpers/plan";
import { configTable } from "../tools/pulumi-yaml";

describe("README config reference", () => {
    it("lists every config key exactly as stacks/config.ts declares it (npm run config-schema)", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const block =
            /<!-- config:start -->\n<!-- prettier-ignore-start -->\n([\s\S]*?)\n<!-- prettier-ignore-end -->\n<!-- config:end -->/.exec(
                readme,
            );
        assert.ok(block, "README.md has no config:start/config:end block");
        assert.equal(block[1], configTable());
    });
});
