import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { planComponent, repoRoot, SECRET, UNKNOWN, valueOf } from "./helpers/plan";
import { runProgram } from "../tools/engine/run";
import { loadProject, ProjectError, SECRET_PLACEHOLDER } from "../tools/engine/project";
import { main, parseArgs, renderDiagnostics, UsageError } from "../tools/plan";
import { displayType, renderTree, summary } from "../tools/engine/render";

const simple = path.join(repoRoot, "test", "fixtures", "simple");
const throws = path.join(repoRoot, "test", "fixtures", "throws");

/** Runs the plan command in-process and captures what it prints. */
async function plan(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    // The engine's own behaviour; the policy gate has its own tests (test/policy-gate.test.ts).
    const code = await main([...argv, "--no-policy"], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

function tmpFile(name: string): string {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-")), name);
}

class Widget extends pulumi.ComponentResource {
    readonly queueUrl: pulumi.Output<string>;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Widget", name, {}, opts);
        const key = new aws.kms.Key(`${name}-key`, { enableKeyRotation: true }, { parent: this });
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            { kmsMasterKeyId: key.arn },
            {
                parent: this,
                protect: true,
                ignoreChanges: ["tags"],
                retainOnDelete: true,
                aliases: [{ name: "old-queue" }],
            },
        );
        this.queueUrl = queue.url;
        this.registerOutputs({ queueUrl: this.queueUrl });
    }
}

describe("offline engine: recording", () => {
    it("names children with the engine's URN rule (parent type chain, stack type omitted)", async () => {
        const p = await planComponent(() => new Widget("w"));
        assert.deepEqual(
            p.resources.map((r) => r.urn),
            [
                "urn:pulumi:test::lightspeed::pulumi:pulumi:Stack::lightspeed-test",
                "urn:pulumi:test::lightspeed::test:index:Widget::w",
                "urn:pulumi:test::lightspeed::test:index:Widget$aws:kms/key:Key::w-key",
                "urn:pulumi:test::lightspeed::test:index:Widget$aws:sqs/queue:Queue::w-queue",
            ],
        );
        assert.equal(
            p.one("aws:sqs/queue:Queue").parent,
            "urn:pulumi:test::lightspeed::test:index:Widget::w",
        );
    });

    it("records resource options and dependencies as sent", async () => {
        const p = await planComponent(() => new Widget("w"));
        const queue = p.one("aws:sqs/queue:Queue", "w-queue");
        const keyUrn = p.one("aws:kms/key:Key").urn;
        assert.equal(queue.custom, true);
        assert.equal(queue.remote, false);
        assert.equal(queue.protect, true);
        assert.equal(queue.retainOnDelete, true);
        assert.deepEqual(queue.ignoreChanges, ["tags"]);
        assert.deepEqual(queue.dependencies, [keyUrn]);
        assert.deepEqual(queue.propertyDependencies.kmsMasterKeyId, [keyUrn]);
        assert.deepEqual(queue.aliases, [
            {
                name: "old-queue",
                type: undefined,
                stack: undefined,
                project: undefined,
                parent: "urn:pulumi:test::lightspeed::test:index:Widget::w",
            },
        ]);
        assert.equal(p.one("test:index:Widget").custom, false);
    });

    it("leaves computed outputs unknown in a first preview", async () => {
        let url: pulumi.Output<string> | undefined;
        const p = await planComponent(() => {
            const w = new Widget("w");
            url = w.queueUrl;
            return { url: w.queueUrl };
        });
        assert.equal(p.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId, UNKNOWN);
        assert.deepEqual(p.one("test:index:Widget").outputs, { queueUrl: UNKNOWN });
        assert.deepEqual(p.outputs, { url: UNKNOWN });
        assert.equal(await valueOf(url!), undefined);
    });

    it("fakes every computed output as known with known: true", async () => {
        const p = await planComponent(() => ({ url: new Widget("w").queueUrl }), { known: true });
        const keyArn = p.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId as string;
        assert.match(keyArn, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
        assert.match(
            p.outputs.url as string,
            /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/w-queue-[0-9a-f]{7}$/,
        );
    });

    it("hides secrets in recorded inputs but keeps them for the policy gate", async () => {
        const p = await planComponent(() => {
            new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret("hunter2") });
        });
        const param = p.one("aws:ssm/parameter:Parameter");
        assert.equal(param.inputs.value, SECRET);
        assert.ok(!JSON.stringify(p.resources).includes("hunter2"));
        const raw = p.rawInputs.get(param.urn) as Record<string, { value: string }>;
        assert.equal(raw.value.value, "hunter2");
    });

    it("answers the AWS identity data sources with the stack's region", async () => {
        const p = await planComponent(
            () => {
                const id = aws.getCallerIdentityOutput();
                const region = aws.getRegionOutput();
                new aws.sqs.Queue("q", { tags: { account: id.accountId, region: region.region } });
            },
            { config: { "aws:region": "eu-central-1" } },
        );
        assert.deepEqual(p.one("aws:sqs/queue:Queue").inputs.tags, {
            account: "123456789012",
            region: "eu-central-1",
        });
    });

    it("fails clearly on a data source it cannot answer", async () => {
        await assert.rejects(
            planComponent(() =>
                aws.ec2.getInstanceOutput({ instanceId: "i-0123" }).id.apply((x) => x),
            ),
            /the offline engine has no answer for the data source aws:ec2\/getInstance:getInstance; add one to tools\/engine\/fakes\.ts/,
        );
    });

    it("computes aws.iam.getPolicyDocument offline, and leaves it unknown while an input is", async () => {
        const p = await planComponent(() => {
            const queue = new aws.sqs.Queue("q");
            const known = aws.iam.getPolicyDocumentOutput({
                statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:*:1:q"] }],
            });
            const pending = aws.iam.getPolicyDocumentOutput({
                statements: [{ actions: ["sqs:SendMessage"], resources: [queue.arn] }],
            });
            new aws.iam.Policy("known", { policy: known.json });
            new aws.iam.Policy("pending", { policy: pending.json });
        });
        assert.equal(
            p.one("aws:iam/policy:Policy", "known").inputs.policy,
            JSON.stringify(
                {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "sqs:SendMessage",
                            Resource: "arn:aws:sqs:*:1:q",
                        },
                    ],
                },
                null,
                2,
            ),
        );
        assert.equal(p.one("aws:iam/policy:Policy", "pending").inputs.policy, UNKNOWN);
    });

    it("summarises assets by path, size and sha256, never their content", async () => {
        const text = "exports.handler = async () => 42;";
        const p = await planComponent(() => {
            new aws.lambda.Function("fn", {
                role: "arn:aws:iam::123456789012:role/fn",
                runtime: "nodejs22.x",
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset(text),
                    "package.json": new pulumi.asset.FileAsset(path.join(repoRoot, "package.json")),
                }),
            });
        });
        const pkg = fs.readFileSync(path.join(repoRoot, "package.json"));
        const sha = (b: string | Buffer) =>
            require("crypto").createHash("sha256").update(b).digest("hex");
        assert.deepEqual(p.one("aws:lambda/function:Function").inputs.code, {
            kind: "archive",
            assets: {
                "index.js": { kind: "asset", size: Buffer.byteLength(text), sha256: sha(text) },
                "package.json": {
                    kind: "asset",
                    path: path.join(repoRoot, "package.json"),
                    size: pkg.length,
                    sha256: sha(pkg),
                },
            },
        });
    });

    it("records a stack reference as a read: shown as a read step, counted apart", async () => {
        const p = await planComponent(
            () => {
                const ref = new pulumi.StackReference("cluster", { name: "org/infra/prod" });
                new aws.sqs.Queue("q", {
                    tags: { cluster: ref.requireOutput("name") as pulumi.Output<string> },
                });
            },
            { stackReferences: { "org/infra/prod": { name: "platform" } } },
        );
        const read = p.one("pulumi:pulumi:StackReference", "cluster");
        assert.equal(read.read, true);
        assert.deepEqual(p.one("aws:sqs/queue:Queue").inputs.tags, { cluster: "platform" });
        const tree = renderTree(p).split("\n");
        assert.ok(
            tree.some((l) => /^ > {3}├─ pulumi:pulumi:StackReference +cluster +read$/.test(l)),
            tree.join("\n"),
        );
        assert.equal(summary(p), "Resources: + 2 to create (1 custom, 1 component); 1 to read");
    });

    it("gives remote components one registration, modeled children, and outputs sized from their args", async () => {
        let vpc: awsx.ec2.Vpc | undefined;
        const p = await planComponent(
            () => {
                vpc = new awsx.ec2.Vpc("v", {
                    numberOfAvailabilityZones: 2,
                    natGateways: { strategy: "Single" },
                });
                new aws.ec2.SecurityGroup("sg", { vpcId: vpc.vpcId });
            },
            { known: true },
        );
        const remote = p.one("awsx:ec2:Vpc");
        assert.equal(remote.remote, true);
        // The program registers the component alone; its one direct child is the model's VPC.
        assert.deepEqual(
            p.childrenOf(remote).map((r) => [r.type, r.name, r.modeled]),
            [["aws:ec2/vpc:Vpc", "v", true]],
        );
        assert.equal((await valueOf(vpc!.privateSubnetIds))?.length, 2);
        assert.match(
            p.one("aws:ec2/securityGroup:SecurityGroup").inputs.vpcId as string,
            /^vpc-0[0-9a-f]{16}$/,
        );
    });

    it("rejects with the error a program throws inside an apply", async () => {
        await assert.rejects(
            planComponent(() => {
                pulumi.output("x").apply(() => {
                    throw new Error("apply blew up");
                });
            }),
            /apply blew up/,
        );
    });
});

describe("offline engine: projects and config", () => {
    it("applies declared defaults, stack values, and secret placeholders", () => {
        const project = loadProject(simple, "test");
        assert.equal(project.name, "simple");
        assert.equal(project.main, simple);
        assert.deepEqual(project.config, {
            "aws:region": "eu-west-1",
            "simple:bucketPrefix": "simple",
            "simple:copies": "2",
            "simple:token": SECRET_PLACEHOLDER,
        });
        assert.deepEqual(project.secretKeys, ["simple:token"]);
    });

    it("hides secure leaves of structured values at any depth and marks the key secret", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-nested-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: nested\nruntime: nodejs\n");
        fs.writeFileSync(
            path.join(dir, "Pulumi.dev.yaml"),
            [
                "config:",
                "  nested:db:",
                "    user: app",
                "    password:",
                "      secure: v1:CIPHERTEXT-ONE",
                "    replicas:",
                "      - host: a",
                "        token:",
                "          secure: v1:CIPHERTEXT-TWO",
                "  nested:plain:",
                "    user: app",
                "",
            ].join("\n"),
        );
        const project = loadProject(dir, "dev");
        assert.deepEqual(JSON.parse(project.config["nested:db"]), {
            user: "app",
            password: SECRET_PLACEHOLDER,
            replicas: [{ host: "a", token: SECRET_PLACEHOLDER }],
        });
        assert.deepEqual(project.secretKeys, ["nested:db"]);
        assert.ok(!JSON.stringify(project).includes("CIPHERTEXT"));
    });

    it("treats a missing stack file as empty config in a project that keeps no stack files", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-nofile-"));
        fs.copyFileSync(path.join(simple, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const project = loadProject(dir, "fresh");
        assert.equal(project.stackFile, undefined);
        assert.deepEqual(project.config, { "simple:bucketPrefix": "simple", "simple:copies": "1" });
    });

    it("names a missing stack file, the stacks that have one, and the one probably meant", () => {
        assert.throws(
            () => loadProject(simple, "Test"),
            new ProjectError(
                `Pulumi.Test.yaml does not exist in ${simple}: no stack "Test" (did you mean "test"?); ` +
                    "stacks with a settings file: one, test",
            ),
        );
    });

    it("reports a stack file that is not YAML by line and column, never quoting its ciphertext", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-badyaml-"));
        fs.copyFileSync(path.join(simple, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const ciphertext = "v1:AAAAAAAAAAAAAAAA:c2VjcmV0LWNpcGhlcnRleHQ=";
        const file = path.join(dir, "Pulumi.dev.yaml");
        for (const [text, reason] of [
            [
                `config:\n  simple:token:\n    secure: ${ciphertext}\n  simple:copies: 2\n   bad: indent\n`,
                "5:7: bad indentation of a mapping entry",
            ],
            [
                `config:\n  simple:token:\n    secure: ${ciphertext}\n  simple:copies: 2\n  simple:copies: 3\n`,
                "5:3: duplicated mapping key",
            ],
        ]) {
            fs.writeFileSync(file, text);
            assert.throws(() => loadProject(dir, "dev"), new ProjectError(`${file}:${reason}`));
        }
    });

    /** A project whose Pulumi.yaml is `projectYaml` and whose stack dev's file is `stackYaml`. */
    function projectWith(projectYaml: string, stackYaml?: string): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-proj-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectYaml);
        if (stackYaml !== undefined) fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackYaml);
        return dir;
    }
    const typed = [
        "name: p",
        "runtime: nodejs",
        "config:",
        "  s: { type: string, default: x }",
        "  i: { type: integer, default: 1 }",
        "  b: { type: boolean, default: false }",
        "  ai: { type: array, items: { type: integer }, default: [] }",
        "",
    ].join("\n");

    it("checks declared config types as the CLI does", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-proj-"));
        fs.copyFileSync(path.join(simple, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  simple:copies: two\n");
        // pkg/workspace/config.go validateStackConfigValue: the key as Pulumi.yaml spells it.
        assert.throws(
            () => loadProject(dir, "bad"),
            new ProjectError(
                "Stack 'bad' with configuration key 'copies' must be of type 'integer'",
            ),
        );
    });

    it('types a value by the text the CLI holds, as ValidateConfigValue does: 5 is a string, "2" an integer', () => {
        // A scalar reaches the check as its text (config.Value), so the CLI accepts all of these.
        const accepted: [string, Record<string, string>][] = [
            ["p:s: 5", { "p:s": "5" }],
            ["p:s: true", { "p:s": "true" }],
            ['p:i: "2"', { "p:i": "2" }],
            ['p:b: "true"', { "p:b": "true" }],
            ['p:ai: ["1", 2]', { "p:ai": '["1",2]' }],
        ];
        for (const [line, want] of accepted) {
            const config = loadProject(projectWith(typed, `config:\n  ${line}\n`), "dev").config;
            for (const [k, v] of Object.entries(want)) assert.equal(config[k], v, line);
        }
        const refused: [string, string][] = [
            ["p:i: 2.5", "'i' must be of type 'integer'"],
            ["p:i: two", "'i' must be of type 'integer'"],
            ["p:b: yes", "'b' must be of type 'boolean'"],
            ['p:ai: ["x"]', "'ai' must be of type 'array<integer>'"],
            ["p:ai: 3", "'ai' must be of type 'array<integer>'"],
            ["p:s: [a]", "'s' must be of type 'string'"],
        ];
        for (const [line, problem] of refused) {
            assert.throws(
                () => loadProject(projectWith(typed, `config:\n  ${line}\n`), "dev"),
                new ProjectError(`Stack 'dev' with configuration key ${problem}`),
                line,
            );
        }
    });

    it("applies a value: of Pulumi.yaml for another namespace, and misses only the project's own keys", () => {
        const dir = projectWith(
            [
                "name: p",
                "runtime: nodejs",
                "config:",
                "  aws:region:",
                "    value: eu-central-1",
                "  aws:profile: ops",
                "  size: small",
                "",
            ].join("\n"),
        );
        assert.deepEqual(loadProject(dir, "dev").config, {
            "aws:region": "eu-central-1",
            "aws:profile": "ops",
            "p:size": "small",
        });
        const required = projectWith(
            "name: p\nruntime: nodejs\nconfig:\n  zone: { type: string }\n  count: { type: integer }\n",
        );
        // pkg/workspace/config.go missingStackConfigurationKeysError with formatMissingKeys.
        assert.throws(
            () => loadProject(required, "dev"),
            new ProjectError("Stack 'dev' is missing configuration values 'count' and 'zone'"),
        );
    });

    it("reads a key of the old form <namespace>:config:<name> as the CLI does, and refuses others with two colons", () => {
        const config = loadProject(
            projectWith(typed, "config:\n  p:config:s: old\n"),
            "dev",
        ).config;
        assert.equal(config["p:s"], "old");
        assert.equal(config["p:config:s"], undefined);
        assert.throws(
            () => loadProject(projectWith(typed, "config:\n  a:b:c: three\n"), "dev"),
            new ProjectError(
                "could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
            ),
        );
    });

    it("reads plain scalars as the CLI's yaml.v3 does: a date stays text, 0755 is octal, 1_000 is 1000", () => {
        const dir = projectWith(
            "name: p\nruntime: nodejs\n",
            [
                "config:",
                "  p:when: 2024-01-01",
                "  p:stamp: 2024-01-01T10:00:00Z",
                "  p:mode: 0755",
                "  p:thousand: 1_000",
                "  p:hex: 0x1F",
                "  p:octal: 0o17",
                "  p:zip: 08001",
                "  p:half: .5",
                "  p:plain: 1.5",
                "  p:list: [2024-01-01, 010]",
                "",
            ].join("\n"),
        );
        assert.deepEqual(loadProject(dir, "dev").config, {
            "p:when": "2024-01-01",
            "p:stamp": "2024-01-01T10:00:00Z",
            "p:mode": "493",
            "p:thousand": "1000",
            "p:hex": "31",
            "p:octal": "15",
            // Not octal (8 is no octal digit), so a float, as strconv and yamlStyleFloat read it.
            "p:zip": "8001",
            "p:half": "0.5",
            "p:plain": "1.5",
            "p:list": '["2024-01-01",8]',
        });
    });

    it("refuses a Pulumi.yaml config declaration the CLI refuses (Project.Validate)", () => {
        for (const [decl, problem] of [
            [
                "  n: { type: integer, default: many }",
                "The default value specified for configuration key 'n' is not of the expected type 'integer'",
            ],
            [
                "  l: { type: array }",
                "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute",
            ],
            [
                "  aws:region: { type: string, value: x }",
                "Configuration key 'aws:region' is not namespaced by the project and should not define a type",
            ],
            [
                "  aws:region: { default: x }",
                "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
            ],
            [
                "  n: { type: number }",
                "config key 'n': type must be one of string, integer, boolean, array, object; got \"number\"",
            ],
        ]) {
            const dir = projectWith(`name: p\nruntime: nodejs\nconfig:\n${decl}\n`);
            assert.throws(
                () => loadProject(dir, "dev"),
                new ProjectError(`${path.join(dir, "Pulumi.yaml")}: ${problem}`),
                decl,
            );
        }
    });

    it("runs a program directory with its config and reports its resources", async () => {
        const run = await runProgram({ cwd: simple, stack: "test" });
        assert.equal(run.error, undefined);
        assert.deepEqual(
            run.plan.resources.map((r) => `${r.type} ${r.name}`),
            [
                "pulumi:pulumi:Stack simple-test",
                "aws:kms/key:Key key",
                "aws:ssm/parameter:Parameter token",
                "aws:sqs/queue:Queue queue-0",
                "aws:sqs/queue:Queue queue-1",
            ],
        );
        assert.deepEqual(run.plan.one("aws:sqs/queue:Queue", "queue-1").inputs, {
            kmsMasterKeyId: UNKNOWN,
            tags: { prefix: "simple" },
        });
        assert.equal(run.plan.one("aws:ssm/parameter:Parameter").inputs.value, SECRET);
        assert.deepEqual(run.plan.outputs, { keyArn: UNKNOWN, queueUrls: [UNKNOWN, UNKNOWN] });
    });

    it("evaluates the program afresh on every run", async () => {
        const first = await runProgram({ cwd: simple, stack: "test" });
        const second = await runProgram({ cwd: simple, stack: "one" });
        assert.equal(first.plan.ofType("aws:sqs/queue:Queue").length, 2);
        assert.equal(second.plan.ofType("aws:sqs/queue:Queue").length, 1);
    });

    it("returns a program's error with what it registered before failing", async () => {
        const run = await runProgram({ cwd: throws, stack: "dev" });
        // cmd/run's own words, as the CLI shows them (colour codes removed).
        assert.deepEqual(run.error?.message.split("\n").slice(0, 3), [
            `Running program '${throws}/index.ts' failed with an unhandled exception:`,
            "Error: boom: the program gave up on purpose",
            `    at Object.<anonymous> (${throws}/index.ts:4:7)`,
        ]);
        assert.deepEqual(
            run.plan.resources.map((r) => r.name),
            ["throws-dev", "before-the-error"],
        );
    });
});

describe("npm run plan", () => {
    it("prints the tree in the CLI's layout and the summary", async () => {
        const { code, out } = await plan(["--cwd", simple, "--stack", "test"]);
        assert.equal(code, 0);
        const lines = out.split("\n");
        assert.equal(
            lines[0],
            "Previewing test (project simple) offline: first preview of a new stack",
        );
        assert.deepEqual(lines.slice(2, 8), [
            "     Type                  Name         Plan    Info",
            " +   pulumi:pulumi:Stack   simple-test  create",
            " +   ├─ aws:kms:Key        key          create",
            " +   ├─ aws:ssm:Parameter  token        create",
            " +   ├─ aws:sqs:Queue      queue-0      create",
            " +   └─ aws:sqs:Queue      queue-1      create",
        ]);
        assert.ok(lines.includes("Resources: + 5 to create (4 custom, 1 component)"));
    });

    it("nests a component's children under it in the tree", async () => {
        const dir = path.join(repoRoot, "test", "fixtures", "nested");
        const { code, out } = await plan(["--cwd", dir, "--stack", "dev", "--quiet"]);
        assert.equal(code, 0);
        assert.ok(out.includes("Resources: + 5 to create (3 custom, 2 components)"), out);
        const tree = await plan(["--cwd", dir, "--stack", "dev"]);
        assert.deepEqual(tree.out.split("\n").slice(3, 8), [
            " +   pulumi:pulumi:Stack  nested-dev  create",
            " +   ├─ x:index:Box       box         create",
            " +   │  ├─ aws:sqs:Queue  box-a       create",
            " +   │  └─ aws:sqs:Queue  box-b       create",
            " +   └─ aws:sns:Topic     topic       create",
        ]);
    });

    it("writes the JSON document of DESIGN.md", async () => {
        const file = tmpFile("plan.json");
        const { code } = await plan(["--cwd", simple, "--stack", "test", "--json", file]);
        assert.equal(code, 0);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        assert.equal(doc.stack, "test");
        assert.equal(doc.mode, "preview");
        assert.deepEqual(doc.violations, []);
        assert.equal(doc.resources.length, 5);
        const queue = doc.resources.find((r: { name: string }) => r.name === "queue-0");
        assert.deepEqual(Object.keys(queue).slice(0, 9), [
            "urn",
            "type",
            "name",
            "parent",
            "custom",
            "remote",
            "inputs",
            "dependencies",
            "propertyDependencies",
        ]);
        assert.equal(queue.parent, "urn:pulumi:test::simple::pulumi:pulumi:Stack::simple-test");
        assert.deepEqual(queue.dependencies, ["urn:pulumi:test::simple::aws:kms/key:Key::key"]);
        assert.equal(queue.protect, false);
        assert.equal(queue.provider, null);
        assert.deepEqual(doc.outputs, { keyArn: UNKNOWN, queueUrls: [UNKNOWN, UNKNOWN] });
    });

    it("--known makes ids and ARNs known fakes", async () => {
        const file = tmpFile("known.json");
        const { code, out } = await plan([
            "--cwd",
            simple,
            "--stack",
            "test",
            "--known",
            "--json",
            file,
        ]);
        assert.equal(code, 0);
        assert.ok(out.includes("Resources: 5 in the stack (4 custom, 1 component)"));
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        assert.equal(doc.mode, "known");
        assert.match(doc.outputs.keyArn, /^arn:aws:kms:eu-west-1:123456789012:key\//);
        assert.ok(!JSON.stringify(doc).includes(UNKNOWN));
    });

    it("exits 2 with the program's error", async () => {
        const { code, err } = await plan(["--cwd", throws, "--stack", "dev"]);
        assert.equal(code, 2);
        assert.ok(
            err.startsWith(
                `error: Running program '${throws}/index.ts' failed with an unhandled exception:\n` +
                    "Error: boom: the program gave up on purpose\n",
            ),
            err,
        );
    });

    it("exits 2 naming a bad argument", async () => {
        const { code, err } = await plan(["--stak", "dev"]);
        assert.equal(code, 2);
        assert.ok(err.startsWith('error: unknown argument "--stak" (did you mean --stack?)'), err);
        assert.throws(
            () => parseArgs(["--cwd", "/nonexistent/dir"]),
            new UsageError("--cwd: no such directory /nonexistent/dir"),
        );
        assert.throws(() => parseArgs(["--json"]), new UsageError("--json needs a value"));
    });

    it("refuses an output path it could not write before running anything, naming the flag and the path", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-out-"));
        const file = path.join(dir, "plain");
        fs.writeFileSync(file, "");
        for (const flag of ["--json", "--graph"]) {
            assert.throws(
                () => parseArgs([flag, dir]),
                new UsageError(`${flag}: ${dir} is a directory`),
            );
            assert.throws(
                () => parseArgs([flag, path.join(dir, "missing", "plan.json")]),
                new UsageError(`${flag}: no such directory ${path.join(dir, "missing")}`),
            );
            assert.throws(
                () => parseArgs([flag, path.join(file, "plan.json")]),
                new UsageError(`${flag}: ${file} is not a directory`),
            );
        }
        assert.throws(
            () => parseArgs(["--cost-diff", file, "--cost-diff-out", dir]),
            new UsageError(`--cost-diff-out: ${dir} is a directory`),
        );
    });

    it("refuses a value given to a flag that takes none", () => {
        for (const flag of ["--known", "--quiet", "--no-policy", "--cost"]) {
            assert.throws(
                () => parseArgs([`${flag}=false`]),
                new UsageError(`${flag} takes no value, got "${flag}=false"`),
            );
        }
    });

    it("exits 2 for a directory that is not a Pulumi project", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lightspeed-empty-"));
        const { code, err } = await plan(["--cwd", dir]);
        assert.equal(code, 2);
        assert.equal(
            err.split("\n")[0],
            `error: no Pulumi.yaml in ${dir}: not a Pulumi project directory`,
        );
    });

    it("shows a program's heavy standard output among the diagnostics without overflowing the stack", () => {
        // 200,000 lines once made the spread into Array.push throw "Maximum call stack size
        // exceeded", and a plan of a program that succeeded exit 2.
        const stdout = Array.from({ length: 200000 }, (_, i) => `line ${i}`).join("\n") + "\n";
        const urn = "urn:pulumi:dev::noisy::pulumi:pulumi:Stack::noisy-dev";
        const lines = renderDiagnostics([], stdout, urn)!.split("\n");
        assert.equal(lines.length, 200000 + 3);
        assert.deepEqual(lines.slice(0, 3), [
            "Diagnostics:",
            "  pulumi:pulumi:Stack (noisy-dev):",
            "    line 0",
        ]);
        assert.deepEqual(lines.slice(-2), ["    line 199999", ""]);
    });

    it("shows types as the CLI does", () => {
        assert.equal(displayType("aws:ec2/vpc:Vpc"), "aws:ec2:Vpc");
        assert.equal(displayType("aws:s3/bucketV2:BucketV2"), "aws:s3:BucketV2");
        assert.equal(displayType("awsx:ec2:Vpc"), "awsx:ec2:Vpc");
        assert.equal(displayType("pulumi:providers:aws"), "pulumi:providers:aws");
    });

    it("runs as a command with the documented exit codes", function () {
        this.timeout(60000);
        const bin = path.join(repoRoot, "tools", "bin", "plan.js");
        const ok = spawnSync(
            process.execPath,
            [bin, "--cwd", simple, "--stack", "test", "--quiet", "--no-policy"],
            { encoding: "utf8" },
        );
        assert.equal(ok.status, 0, ok.stderr);
        assert.ok(ok.stdout.includes("Resources: + 5 to create"));
        const bad = spawnSync(process.execPath, [bin, "--cwd", throws], { encoding: "utf8" });
        assert.equal(bad.status, 2);
        assert.ok(bad.stderr.includes("boom: the program gave up on purpose"));
    });
});

describe("offline engine: the Kubernetes provider's auto-naming", () => {
    it("names an object without metadata.name as the provider's Check would, and leaves named ones", async () => {
        const k8s = await import("@pulumi/kubernetes");
        let deployment: { metadata: pulumi.Output<{ name?: string }> } | undefined;
        const p = await planComponent(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            deployment = new k8s.apps.v1.Deployment(
                "web",
                {
                    spec: {
                        selector: { matchLabels: { app: "web" } },
                        template: {
                            metadata: { labels: { app: "web" } },
                            spec: { containers: [{ name: "web", image: "nginx" }] },
                        },
                    },
                },
                { provider },
            );
            new k8s.core.v1.Namespace("named", { metadata: { name: "team" } }, { provider });
        });
        const meta = p.one("kubernetes:apps/v1:Deployment").inputs.metadata as {
            name: string;
            annotations: Record<string, string>;
        };
        assert.match(meta.name, /^web-[a-z0-9]{8}$/);
        assert.deepEqual(meta.annotations, { "pulumi.com/autonamed": "true" });
        assert.equal((await valueOf(deployment!.metadata))?.name, meta.name);
        assert.deepEqual(p.one("kubernetes:core/v1:Namespace").inputs.metadata, { name: "team" });
    });
});
