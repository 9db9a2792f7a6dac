/**
 * The suite's guard against Pulumi SDK warnings (test/helpers/hooks.ts) fails the run, naming
 * the test that caused one, after every test ran: proven in a mocha process of its own.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./helpers/plan";

describe("Pulumi SDK warnings in tests", () => {
    it("fail the run once every test ran, naming the test and its warning", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-warnings-"));
        try {
            const spec = path.join(dir, "warns.test.ts");
            fs.writeFileSync(
                spec,
                [
                    // This repository's SDK, wherever the spec is.
                    `import * as pulumi from ${JSON.stringify(require.resolve("@pulumi/pulumi"))};`,
                    'it("warns", () => { void pulumi.log.warn("BucketV2 is deprecated: use s3.Bucket"); });',
                    'it("is quiet", () => undefined);',
                ].join("\n"),
            );
            const mocha = spawnSync(
                process.execPath,
                [
                    path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js"),
                    "--no-config",
                    "-r",
                    "ts-node/register/transpile-only",
                    "-r",
                    path.join(repoRoot, "test", "helpers", "hooks.ts"),
                    "--extension",
                    "ts",
                    "--reporter",
                    "dot",
                    spec,
                ],
                { cwd: repoRoot, encoding: "utf8", timeout: 120_000 },
            );
            const out = mocha.stdout + mocha.stderr;
            assert.equal(mocha.status, 1, out);
            assert.match(
                out,
                /"after all" hook: afterAll[^\n]*:\s+Error: tests made the Pulumi SDK warn \(remove the cause: a deprecated class, an undefined output\):\n"warns": BucketV2 is deprecated: use s3\.Bucket\n/,
            );
            assert.match(out, /\n {2}2 passing[^\n]*\n {2}1 failing\n/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
