import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPolicies, packDir, violationsOf } from "./helpers/policy";
import { repoRoot } from "./helpers/plan";
import { acceptedAdvisories, main } from "../tools/plan";
import { LiveAnalysis, PolicyPackHandle, runPolicyGate } from "../tools/engine/policy-gate";
import { runProgram } from "../tools/engine/run";
import { renderViolations, type Violation } from "../tools/engine/render";
import {
    buildPolicyConfig,
    PolicyConfigError,
    PolicyDescription,
} from "../tools/engine/policy-config";

function lambda(name: string, vpc: boolean): aws.lambda.Function {
    return new aws.lambda.Function(name, {
        role: "arn:aws:iam::123456789012:role/fn",
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset("exports.handler=async()=>({})"),
        }),
        vpcConfig: vpc ? { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } : undefined,
    });
}

async function plan(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("policy gate", () => {
    it("reports a mandatory violation with the pack's name, the rule, the resource and the message", async () => {
        const result = await checkPolicies(() => lambda("fn", false));
        assert.equal(result.packName, "lightspeed-guard");
        const v = result.violations.filter((x) => x.policyName === "lambda-in-vpc");
        assert.deepEqual(v, [
            {
                policyPackName: "lightspeed-guard",
                policyName: "lambda-in-vpc",
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:test::lightspeed::aws:lambda/function:Function::fn",
                type: "aws:lambda/function:Function",
                name: "fn",
                message:
                    "Lambda functions must run inside the VPC (vpcConfig with subnets and security groups).\n" +
                    "vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            },
        ]);
    });

    it("honours the config's enforcement level for a rule", async () => {
        const result = await checkPolicies(() => lambda("fn", false), {
            policyConfig: { "lambda-in-vpc": "advisory" },
        });
        assert.deepEqual(
            result.violations
                .filter((x) => x.policyName === "lambda-in-vpc")
                .map((x) => x.enforcementLevel),
            ["advisory"],
        );
        const off = await checkPolicies(() => lambda("fn", false), {
            policyConfig: { all: "disabled" },
        });
        assert.deepEqual(off.violations, []);
    });

    it("waives a finding by exception and reports the waiver with its reason", async () => {
        const result = await checkPolicies(() => lambda("edge-fn", false), {
            policyConfig: {
                "lambda-in-vpc": {
                    exceptions: [
                        {
                            resource: "aws:lambda/function:Function::edge-*",
                            reason: "Lambda@Edge cannot run in a VPC",
                        },
                    ],
                },
            },
        });
        assert.deepEqual(
            result.violations.map((v) => [v.enforcementLevel, v.policyName, v.name, v.message]),
            [
                [
                    "advisory",
                    "exceptions-in-force",
                    "edge-fn",
                    "A rule was waived for this resource by an exception in the policy config.\n" +
                        'lambda-in-vpc waived by exception "aws:lambda/function:Function::edge-*": Lambda@Edge cannot run in a VPC\n' +
                        "(finding: vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.)",
                ],
            ],
        );
        assert.deepEqual(result.exceptions, [
            {
                policy: "lambda-in-vpc",
                resource: "aws:lambda/function:Function::edge-*",
                reason: "Lambda@Edge cannot run in a VPC",
            },
        ]);
    });

    it("rejects an exception without a real reason, naming the rule and the field", async () => {
        await assert.rejects(
            checkPolicies(() => lambda("fn", false), {
                policyConfig: {
                    "lambda-in-vpc": {
                        exceptions: [
                            { resource: "aws:lambda/function:Function::fn", reason: "because" },
                        ],
                    },
                },
            }),
            new PolicyConfigError(
                'policy config: lambda-in-vpc.exceptions[0].reason: must be at least 10 characters, got "because"',
            ),
        );
    });

    it("rejects config for a policy the pack does not have", async () => {
        await assert.rejects(
            checkPolicies(() => lambda("fn", true), {
                policyConfig: { "lambda-in-vcp": "advisory" },
            }),
            (err: Error) =>
                err instanceof PolicyConfigError &&
                err.message.startsWith(
                    'policy config: "lambda-in-vcp" is not a policy of this pack',
                ),
        );
    });

    it("rejects a bad enforcement level", async () => {
        await assert.rejects(
            checkPolicies(() => lambda("fn", true), {
                policyConfig: { "lambda-in-vpc": "blocking" },
            }),
            new PolicyConfigError(
                'policy config: lambda-in-vpc: enforcement level must be one of advisory, mandatory, remediate, disabled, got "blocking"',
            ),
        );
    });

    it("blocks the unsafe one-resource program and passes its fix (exit 1, then 0)", async () => {
        const out = path.join(require("os").tmpdir(), `lightspeed-unsafe-${process.pid}.json`);
        const unsafe = await plan([
            "--cwd",
            path.join(repoRoot, "test/fixtures/lambda-unsafe"),
            "--stack",
            "test",
            "--json",
            out,
        ]);
        assert.equal(unsafe.code, 1);
        assert.ok(
            unsafe.out.includes(
                "    [mandatory]  lambda-in-vpc  (aws:lambda/function:Function: fn)",
            ),
            unsafe.out,
        );
        const doc = JSON.parse(require("fs").readFileSync(out, "utf8"));
        assert.deepEqual(
            doc.violations.map(
                (v: { policyName: string; name: string }) => `${v.policyName} ${v.name}`,
            ),
            ["lambda-in-vpc fn"],
        );
        const fixed = await plan([
            "--cwd",
            path.join(repoRoot, "test/fixtures/lambda-fixed"),
            "--stack",
            "test",
            "--quiet",
        ]);
        assert.equal(fixed.code, 0, fixed.out);
        assert.ok(fixed.out.includes("    no policy violations"));
    });

    it("exits 2 naming the file and field when the policy config is bad", async () => {
        const file = path.join(require("os").tmpdir(), `lightspeed-policy-${process.pid}.json`);
        require("fs").writeFileSync(
            file,
            JSON.stringify({
                "lambda-in-vpc": {
                    exceptions: [{ resource: "aws:lambda/function:Function::x" }],
                },
            }),
        );
        const r = await plan([
            "--cwd",
            path.join(repoRoot, "test/fixtures/lambda-fixed"),
            "--stack",
            "test",
            "--policy-pack-config",
            file,
        ]);
        assert.equal(r.code, 2);
        assert.equal(r.err, `error: ${file}: lambda-in-vpc.exceptions[0].reason: is required`);
    });

    it("uses this repository's pack whatever --cwd is", () => {
        assert.equal(packDir, path.join(repoRoot, "policy"));
    });

    it("counts no policy that could not run during preview for a compliant program", async () => {
        assert.deepEqual(await violationsOf("*", () => lambda("fn", true)), []);
    });
});

describe("policy gate: Analyze as registrations arrive, as the CLI's step generator", () => {
    it("analyzes a resource while the program is still running; the gate then finds what a fresh analysis finds", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-live-"));
        const marker = path.join(dir, "analyzed");
        const pack = new PolicyPackHandle(packDir);
        const live = new LiveAnalysis(pack, undefined);
        const early: string[] = [];
        const sent: string[] = [];
        const saved = process.env.LIGHTSPEED_TEST_ANALYZED;
        process.env.LIGHTSPEED_TEST_ANALYZED = marker;
        try {
            const run = await runProgram({
                cwd: path.join(repoRoot, "test", "fixtures", "live-analysis"),
                stack: "dev",
                observer: {
                    begin: (stack) => live.begin(stack),
                    registered: (registration, provider) => {
                        live.registered(registration, provider);
                        sent.push(registration.record.name);
                        if (registration.record.name !== "unencrypted") return;
                        // The program registers its next resource only once this file exists.
                        void live.answer(registration.record.urn)!.then((diagnostics) => {
                            for (const d of diagnostics ?? []) early.push(d.getPolicyname());
                            fs.writeFileSync(marker, "");
                        });
                    },
                },
            });
            assert.equal(run.error, undefined);
            assert.deepEqual(sent, ["live-analysis-dev", "unencrypted", "open"]);
            assert.deepEqual(early, ["encrypted-at-rest"]);
            // The gate's findings with the answers given during the run equal a fresh analysis.
            const reused = await runPolicyGate(run.plan, { packDir, pack, live });
            const fresh = await runPolicyGate(run.plan, { packDir, pack });
            assert.deepEqual(reused.violations, fresh.violations);
            assert.deepEqual(
                reused.violations.map((v) => `${v.policyName} ${v.name}`),
                // The topic's finding from Analyze; the group's from AnalyzeStack (a stack rule).
                ["encrypted-at-rest unencrypted", "no-open-ingress open"],
            );
        } finally {
            if (saved === undefined) delete process.env.LIGHTSPEED_TEST_ANALYZED;
            else process.env.LIGHTSPEED_TEST_ANALYZED = saved;
            await pack.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("policy gate: a pack that remediates", () => {
    it("remediates before Analyze, even when the program's registrations were observed live, and AnalyzeStack sees the fix", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-remediate-"));
        const marker = path.join(dir, "analyzed");
        const remediatingPack = path.join(repoRoot, "test", "fixtures", "remediating-pack");
        const pack = new PolicyPackHandle(remediatingPack);
        const live = new LiveAnalysis(pack, undefined);
        const early: unknown[] = [];
        const saved = process.env.LIGHTSPEED_TEST_ANALYZED;
        process.env.LIGHTSPEED_TEST_ANALYZED = marker;
        try {
            const run = await runProgram({
                cwd: path.join(repoRoot, "test", "fixtures", "live-analysis"),
                stack: "dev",
                observer: {
                    begin: (stack) => live.begin(stack),
                    registered: (registration, provider) => {
                        live.registered(registration, provider);
                        if (registration.record.name !== "unencrypted") return;
                        void live.answer(registration.record.urn)!.then((diagnostics) => {
                            early.push(diagnostics);
                            fs.writeFileSync(marker, "");
                        });
                    },
                },
            });
            assert.equal(run.error, undefined);
            // With a remediate-level policy nothing is analyzed early: Remediate comes first.
            assert.deepEqual(early, [undefined]);
            const result = await runPolicyGate(run.plan, { packDir: remediatingPack, pack, live });
            const topic = "urn:pulumi:dev::live-analysis::aws:sns/topic:Topic::unencrypted";
            assert.deepEqual(
                result.remediations.map((r) => [r.policyName, r.urn, r.after.kmsMasterKeyId]),
                [["topics-encrypted", topic, "alias/aws/sns"]],
            );
            assert.equal(result.remediations[0].before.kmsMasterKeyId, undefined);
            // Analyze saw the remediated inputs (no finding), AnalyzeStack the remediated state.
            assert.deepEqual(
                result.violations.map((v) => [v.policyName, v.enforcementLevel, v.message]),
                [
                    [
                        "stack-sees-topics",
                        "advisory",
                        "Reports each topic's key as AnalyzeStack sees it.\nunencrypted kmsMasterKeyId=alias/aws/sns",
                    ],
                ],
            );
        } finally {
            if (saved === undefined) delete process.env.LIGHTSPEED_TEST_ANALYZED;
            else process.env.LIGHTSPEED_TEST_ANALYZED = saved;
            await pack.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("policy config: the CLI's order (ReconcilePolicyPackConfig)", () => {
    const policies: PolicyDescription[] = [
        { name: "a", description: "", enforcementLevel: "advisory" },
        {
            name: "b",
            description: "",
            enforcementLevel: "mandatory",
            configSchema: {
                properties: {
                    limit: { type: "integer", default: 3 },
                    names: { type: "array", items: { type: "string" } },
                },
            },
        },
    ];
    const levels = (c: Record<string, { enforcementLevel: string }>) =>
        Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.enforcementLevel]));

    it("applies the pack's initial `all`, then its per-policy config", () => {
        const config = buildPolicyConfig(
            policies,
            { all: { enforcementLevel: "mandatory" }, a: { enforcementLevel: "disabled" } },
            undefined,
        );
        assert.deepEqual(levels(config), { a: "disabled", b: "mandatory" });
    });

    it("lets the file's `all` override the pack's per-policy levels, and its entries override that", () => {
        const config = buildPolicyConfig(
            policies,
            { a: { enforcementLevel: "disabled" } },
            { all: "advisory", b: { enforcementLevel: "mandatory", names: ["x"] } },
        );
        assert.deepEqual(levels(config), { a: "advisory", b: "mandatory" });
        assert.deepEqual(config.b.properties, { limit: 3, names: ["x"] });
    });

    it("merges properties shallowly over the schema's defaults and the initial config", () => {
        const config = buildPolicyConfig(
            policies,
            { b: { enforcementLevel: "advisory", properties: { limit: 5, names: ["i"] } } },
            { b: { names: ["f"] } },
        );
        assert.deepEqual(config.b, {
            enforcementLevel: "advisory",
            properties: { limit: 5, names: ["f"] },
        });
    });

    it("names a misspelt policy with the one meant", () => {
        assert.throws(
            () => buildPolicyConfig(policies, {}, { bb: "advisory" }, "cfg.json"),
            new PolicyConfigError(
                'cfg.json: "bb" is not a policy of this pack (did you mean "b"?) (policies: a, b)',
            ),
        );
    });
});

describe("policy config: accepted advisories", () => {
    const policies: PolicyDescription[] = [
        {
            name: "a",
            description: "",
            enforcementLevel: "advisory",
            configSchema: { properties: { accepted: { type: "string", minLength: 10 } } },
        },
        {
            name: "m",
            description: "",
            enforcementLevel: "mandatory",
            configSchema: { properties: { accepted: { type: "string", minLength: 10 } } },
        },
    ];
    const advisory = (policyName: string, name: string, message: string): Violation => ({
        policyPackName: "p",
        policyName,
        enforcementLevel: "advisory",
        urn: `urn:pulumi:dev::p::aws:s3/bucket:Bucket::${name}`,
        type: "aws:s3/bucket:Bucket",
        name,
        message,
    });

    it("reads each accepted rule's reason from the effective config", () => {
        const config = buildPolicyConfig(policies, {}, { a: { accepted: "dev is throwaway" } });
        assert.deepEqual([...acceptedAdvisories(config)], [["a", "dev is throwaway"]]);
    });

    it("refuses to accept the findings of a mandatory rule: folding would hide what blocks", () => {
        assert.throws(
            () =>
                buildPolicyConfig(policies, {}, { m: { accepted: "dev is throwaway" } }, "c.json"),
            new PolicyConfigError(
                "c.json: m: accepted applies to advisory findings only, and this policy is mandatory here",
            ),
        );
    });

    it("folds an accepted rule's advisories into one line and leaves the others grouped", () => {
        const violations = [
            advisory("a", "one", "protect is not set"),
            advisory("a", "two", "protect is not set"),
            advisory("b", "three", "no logging"),
        ];
        assert.deepEqual(
            renderViolations(violations, [], 0, new Map([["a", "dev is throwaway"]])).split("\n"),
            [
                "Policy Violations: 0 mandatory, 3 advisory (2 accepted by the stack's policy config)",
                "    [accepted]  a  (2 resources): dev is throwaway",
                "    [advisory]  b  (aws:s3/bucket:Bucket: three)",
                "    no logging",
            ],
        );
        assert.deepEqual(renderViolations(violations).split("\n").slice(0, 2), [
            "Policy Violations: 0 mandatory, 3 advisory",
            "    [advisory]  a  (2 resources)",
        ]);
    });

    it("prints findings that only report a listed exception as one line: no exception twice", () => {
        const reason = "dev has no domain: the default certificate";
        const violations = [
            advisory(
                "x",
                "cdn",
                `cloudfront-https waived by exception "cdn": ${reason} (finding: a)`,
            ),
            advisory(
                "x",
                "cdn",
                `cloudfront-https waived by exception "cdn": ${reason} (finding: b)`,
            ),
            advisory("x", "logs", `s3-encryption waived by exception "logs": ${reason}`),
        ];
        const exceptions = [
            { policy: "cloudfront-https", resource: "cdn", reason },
            { policy: "s3-encryption", resource: "logs", reason },
        ];
        assert.deepEqual(renderViolations(violations, exceptions).split("\n"), [
            "Policy Violations: 0 mandatory, 3 advisory",
            "    [advisory]  x  (3 findings on 2 resources): waived by the exceptions below",
            "Policy exceptions in force: 2",
            `    [exception]  cloudfront-https  cdn: ${reason}`,
            `    [exception]  s3-encryption  logs: ${reason}`,
        ]);
        // Without the exceptions listed, the findings are printed as they are.
        assert.deepEqual(renderViolations(violations).split("\n").slice(0, 2), [
            "Policy Violations: 0 mandatory, 3 advisory",
            "    [advisory]  x  (3 resources)",
        ]);
    });
});
