import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../helpers/plan";
import { policyTable, ruleInfos } from "../../tools/policy-table";

describe("README rule table", () => {
    it("lists every rule of the pack exactly as the rules describe themselves (npm run policy-table)", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const block =
            /<!-- rules:start -->\n<!-- prettier-ignore-start -->\n([\s\S]*?)\n<!-- prettier-ignore-end -->\n<!-- rules:end -->/.exec(
                readme,
            );
        assert.ok(block, "README.md has no rules:start/rules:end block");
        assert.equal(block[1], policyTable());
    });

    it("names every rule after its file", () => {
        const files = fs
            .readdirSync(path.join(repoRoot, "policy", "rules"))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => f.slice(0, -3))
            .sort();
        assert.deepEqual(
            ruleInfos()
                .map((r) => r.name)
                .sort(),
            files,
        );
    });
});
