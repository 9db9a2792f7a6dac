import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleHandler, LAMBDA_RUNTIME } from "../components/lib/lambda-bundle";
import {
    SecureFunction,
    SecureFunctionArgs,
    validateSecureFunctionArgs,
} from "../components/lib/secure-function";
import { INDEXER_ENTRY } from "../components/search-indexer";
import { planComponent, repoRoot, UNKNOWN } from "./helpers/plan";
import { violationsOf } from "./helpers/policy";

const hello = path.join(repoRoot, "test", "fixtures", "handlers", "hello.ts");

/** A scratch directory inside the repository (ignored by git), removed after use. */
function scratchDir(): string {
    fs.mkdirSync(path.join(repoRoot, "build"), { recursive: true });
    return fs.mkdtempSync(path.join(repoRoot, "build", "handler-"));
}

const base: SecureFunctionArgs = {
    entry: hello,
    description: "says hello",
    subnetIds: ["subnet-0a", "subnet-0b"],
    securityGroupIds: ["sg-0a"],
    logKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
};

describe("Lambda bundling", () => {
    it("bundles the handler with the AWS SDK inside, minified, with a source map", () => {
        const b = bundleHandler(hello);
        assert.equal(b.handler, "index.handler");
        assert.ok(b.code.includes("ListTopicsCommand"), "the SNS client is bundled, not external");
        // The only SDK require left is the optional CRT signer, loaded in a try/catch.
        assert.deepEqual(
            [...new Set(b.code.match(/require\("@aws-sdk\/[^"]+"\)/g))],
            ['require("@aws-sdk/signature-v4-crt")'],
        );
        assert.ok(b.code.trimEnd().endsWith("//# sourceMappingURL=index.js.map"));
        assert.match(b.sha256, /^[0-9a-f]{64}$/);
    });

    it("gives the same bytes and hash for the same source in a fresh process", () => {
        const script = `require(${JSON.stringify(require.resolve("ts-node"))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(repoRoot, "tsconfig.json"))} });
            const { bundleHandler } = require(${JSON.stringify(path.join(repoRoot, "components/lib/lambda-bundle.ts"))});
            process.stdout.write(bundleHandler(${JSON.stringify(hello)}).sha256);`;
        const child = spawnSync(process.execPath, ["-e", script], {
            cwd: os.tmpdir(),
            encoding: "utf8",
        });
        assert.equal(child.status, 0, child.stderr);
        assert.equal(child.stdout, bundleHandler(hello).sha256);
    });

    it("leaves the AWS SDK v2 out of the search bundles: only a devDependency installs it", () => {
        const b = bundleHandler(INDEXER_ENTRY);
        const map = JSON.parse(fs.readFileSync(path.join(b.dir, "index.js.map"), "utf8")) as {
            sources: string[];
        };
        assert.deepEqual(
            map.sources.filter((s) => s.includes("node_modules/aws-sdk/")),
            [],
        );
        // The OpenSearch signer's fallback import stays, and fails as it would on Lambda.
        assert.ok(b.code.includes('"aws-sdk"'), "the v2 import is left external");
        assert.ok(b.sizeBytes < 2_000_000, `indexer bundle is ${b.sizeBytes} bytes`);
    });

    it("reuses a build while its inputs' content is unchanged, and rebuilds on any edit", () => {
        const dir = scratchDir();
        try {
            const entry = path.join(dir, "entry.ts");
            const dep = path.join(dir, "dep.ts");
            fs.writeFileSync(
                entry,
                'import { n } from "./dep";\nexport const handler = async () => n;\n',
            );
            fs.writeFileSync(dep, "export const n = 1234567;\n");
            // Each bundle in a fresh process: bundleHandler memoizes per process.
            const bundle = () => {
                const script = `require(${JSON.stringify(require.resolve("ts-node"))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(repoRoot, "tsconfig.json"))} });
                    const { bundleHandler } = require(${JSON.stringify(path.join(repoRoot, "components/lib/lambda-bundle.ts"))});
                    const b = bundleHandler(${JSON.stringify(entry)});
                    process.stdout.write(JSON.stringify({ sha256: b.sha256, code: b.code, dir: b.dir }));`;
                const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
                assert.equal(child.status, 0, child.stderr);
                return JSON.parse(child.stdout) as { sha256: string; code: string; dir: string };
            };
            const first = bundle();
            // A build writes the bundle's files anew; a reuse leaves them as they are.
            const output = () => {
                const st = fs.statSync(path.join(first.dir, "index.js"), { bigint: true });
                return `${st.ino}:${st.mtimeNs}`;
            };
            const written = output();
            // Touched, same content: the stamp differs, the hash matches, the build is reused.
            const later = new Date(Date.now() + 5000);
            fs.utimesSync(dep, later, later);
            assert.deepEqual(bundle(), first);
            assert.equal(output(), written, "the build was redone");
            // Edited as an npm upgrade does: same size, and the same mtime as before (npm gives
            // every file it extracts one fixed mtime).
            fs.writeFileSync(dep, "export const n = 7654321;\n");
            fs.utimesSync(dep, later, later);
            assert.equal(fs.statSync(dep).size, "export const n = 1234567;\n".length);
            const edited = bundle();
            assert.notEqual(edited.sha256, first.sha256);
            assert.ok(
                edited.code.includes("7654321") && first.code.includes("1234567"),
                edited.code,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("gives a different hash when the source changes", () => {
        const dir = scratchDir();
        try {
            const a = path.join(dir, "a.ts");
            const b = path.join(dir, "b.ts");
            fs.writeFileSync(a, "export const handler = async () => 1;\n");
            fs.writeFileSync(b, "export const handler = async () => 2;\n");
            assert.notEqual(bundleHandler(a).sha256, bundleHandler(b).sha256);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("fails naming the file when the handler does not exist or does not build", () => {
        assert.throws(
            () => bundleHandler("/nonexistent/handler.ts"),
            new Error("Lambda handler /nonexistent/handler.ts does not exist"),
        );
        const dir = scratchDir();
        try {
            const bad = path.join(dir, "bad.ts");
            fs.writeFileSync(bad, "export const handler = async ( => 1;\n");
            assert.throws(
                () => bundleHandler(bad),
                (err: Error) =>
                    err.message.startsWith(
                        `bundling Lambda handler ${path.relative(repoRoot, bad)} failed: `,
                    ),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("SecureFunction", () => {
    it("creates exactly its role, policy, log group and function, named after it", async () => {
        const plan = await planComponent(() => new SecureFunction("fn", base));
        const component = plan.one("lightspeed:index:SecureFunction", "fn");
        assert.deepEqual(
            plan
                .childrenOf(component)
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:cloudwatch/logGroup:LogGroup fn-logs",
                "aws:iam/role:Role fn-role",
                "aws:iam/rolePolicy:RolePolicy fn-policy",
                "aws:lambda/function:Function fn",
            ],
        );
    });

    it("runs the bundle in the VPC with X-Ray, JSON logs to its own group, on arm64 Node.js 22", async () => {
        const plan = await planComponent(
            () => new SecureFunction("fn", { ...base, environment: { STAGE: "dev" } }),
        );
        const fn = plan.one("aws:lambda/function:Function", "fn");
        const i = fn.inputs;
        assert.equal(i.runtime, LAMBDA_RUNTIME);
        assert.deepEqual(i.architectures, ["arm64"]);
        assert.equal(i.handler, "index.handler");
        assert.equal(i.memorySize, 256);
        assert.equal(i.timeout, 30);
        assert.deepEqual(i.vpcConfig, {
            subnetIds: ["subnet-0a", "subnet-0b"],
            securityGroupIds: ["sg-0a"],
        });
        assert.deepEqual(i.tracingConfig, { mode: "Active" });
        assert.deepEqual(i.loggingConfig, { logFormat: "JSON", logGroup: UNKNOWN });
        assert.deepEqual(i.environment, {
            variables: { NODE_OPTIONS: "--enable-source-maps", STAGE: "dev" },
        });
        assert.deepEqual(Object.keys((i.code as { assets: object }).assets), [
            "index.js",
            "index.js.map",
        ]);
        assert.deepEqual(
            fn.dependencies.includes(plan.one("aws:iam/rolePolicy:RolePolicy").urn),
            true,
        );
        const logs = plan.one("aws:cloudwatch/logGroup:LogGroup");
        assert.deepEqual(logs.inputs, { retentionInDays: 365, kmsKeyId: base.logKmsKeyArn });
        assert.equal(logs.protect, true);
    });

    it("grants its own log group, ENIs and X-Ray, plus exactly the caller's statements", async () => {
        const plan = await planComponent(
            () =>
                new SecureFunction("fn", {
                    ...base,
                    statements: [
                        {
                            Effect: "Allow",
                            Action: ["sns:Publish"],
                            Resource: ["arn:aws:sns:us-east-1:123456789012:t"],
                        },
                    ],
                }),
            { known: true },
        );
        const logArn = plan.one("aws:cloudwatch/logGroup:LogGroup").inputs;
        assert.ok(logArn);
        const policy = plan.one("aws:iam/rolePolicy:RolePolicy").inputs.policy as {
            Statement: unknown[];
        };
        const group = `arn:aws:logs:us-east-1:123456789012:log-group:${plan.one("aws:cloudwatch/logGroup:LogGroup").name}`;
        assert.equal((policy.Statement[0] as { Resource: string[] }).Resource.length, 2);
        assert.match(
            (policy.Statement[0] as { Resource: string[] }).Resource[0],
            new RegExp(`^${group}-[0-9a-f]{7}$`),
        );
        assert.deepEqual(policy.Statement.slice(1), [
            {
                Sid: "VpcNetworkInterfaces",
                Effect: "Allow",
                Action: [
                    "ec2:CreateNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses",
                ],
                Resource: "*",
            },
            {
                Sid: "XRayTraces",
                Effect: "Allow",
                Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                Resource: "*",
            },
            {
                Effect: "Allow",
                Action: ["sns:Publish"],
                Resource: ["arn:aws:sns:us-east-1:123456789012:t"],
            },
        ]);
        assert.deepEqual(plan.one("aws:iam/role:Role").inputs.assumeRolePolicy, {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "lambda.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ],
        });
    });

    it("passes the policy pack with no violation at all", async () => {
        assert.deepEqual(await violationsOf("*", () => new SecureFunction("fn", base)), []);
    });

    const invalid: [Partial<SecureFunctionArgs>, string][] = [
        [
            { memoryMb: 64 },
            'SecureFunction "fn": memoryMb must be an integer from 128 to 10240, got 64',
        ],
        [
            { timeoutSeconds: 901 },
            'SecureFunction "fn": timeoutSeconds must be an integer from 1 to 900, got 901',
        ],
        [
            { reservedConcurrency: -1 },
            'SecureFunction "fn": reservedConcurrency must be a whole number, got -1',
        ],
        [
            { environment: { AWS_REGION: "x" } },
            'SecureFunction "fn": environment variable name "AWS_REGION" is not allowed',
        ],
    ];
    for (const [args, message] of invalid) {
        it(`rejects ${JSON.stringify(args)}`, () => {
            assert.throws(
                () => validateSecureFunctionArgs("fn", { ...base, ...args }),
                new Error(message),
            );
        });
    }
    it("rejects a retention CloudWatch does not offer", () => {
        assert.throws(
            () => validateSecureFunctionArgs("fn", { ...base, logRetentionDays: 10 }),
            (err: Error) =>
                err.message.startsWith(
                    'SecureFunction "fn": logRetentionDays must be one of 1, 3, 5,',
                ) && err.message.endsWith(", got 10"),
        );
    });
});
