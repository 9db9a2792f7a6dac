/**
 * Flows (#15): a declared flow holds only when every link does. The fixture program
 * (test/fixtures/flows) declares two flows of a function in a VPC, to a cache and to a
 * KMS-encrypted table; each case removes one link, as a careless change would, and the flow
 * names that link. In-process for every case and both modes; through the plan command (program
 * and pack out of process, as the CLI runs them) for one, which must exit 1 naming the flow.
 */
import * as assert from "node:assert/strict";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { repoRoot } from "./helpers/plan";
import { main } from "../tools/plan";
import { planFlows, stackView } from "../tools/engine/flows";
import { evaluateFlows, flowFinding, unexplained } from "../policy/lib/flows";
import { brief, packDir } from "./helpers/policy";
import { runPolicyGate } from "../tools/engine/policy-gate";
import { runInline } from "../tools/engine/run";
import { build, Break, lambdaWithRole } from "./fixtures/flows/program";
import { Flow } from "../components/lib/flow";

const fixture = path.join(repoRoot, "test", "fixtures", "flows");

async function missing(breaks: Break[], known: boolean): Promise<Record<string, string[]>> {
    const plan = await runInline(() => build(new Set(breaks)), { known, project: "flows" });
    const flows = await planFlows(plan);
    const found = Object.fromEntries(
        flows.map((f) => [
            f.name,
            f.links.filter((l) => !l.holds).map((l) => `${l.link}: ${l.detail}`),
        ]),
    );
    // The pack (the real one, over the Analyzer protocol) blocks each broken flow on the flow's
    // resource, naming every missing link: what makes the plan exit 1.
    const gate = await runPolicyGate(plan, { packDir, config: {} });
    const blocked = gate.violations
        .filter((v) => v.policyName === "flows-hold")
        .map(brief)
        .sort();
    assert.deepEqual(
        blocked,
        flows
            .filter((f) => !f.holds)
            .map((f) => `mandatory flows-hold ${f.name}: ${flowFinding(f)}`)
            .sort(),
    );
    for (const [name, links] of Object.entries(found)) {
        for (const link of links) {
            assert.ok(
                blocked.some(
                    (b) =>
                        b.startsWith(`mandatory flows-hold ${name}: flow ${name} `) &&
                        b.includes(link),
                ),
                link,
            );
        }
    }
    return found;
}

const INGRESS =
    "network: no ingress on TCP 6379 into cache's groups (cache-sg) from the function's security groups (fn-sg): add a SecurityGroupIngressRule referencing it";
const EGRESS =
    "network: no egress on TCP 6379 from the function's security groups (fn-sg) to cache's groups (cache-sg) or the VPC's CIDR: add a SecurityGroupEgressRule";
const STATEMENT =
    "iam: role fn-role may not dynamodb:GetItem (ImplicitlyDenied), dynamodb:PutItem (ImplicitlyDenied) on items: add a statement allowing it on the target's ARN";

describe("flows-hold: each link of a flow", () => {
    for (const known of [false, true]) {
        describe(known ? "with known outputs (an update)" : "in a first preview", () => {
            it("holds when nothing is removed", async () => {
                assert.deepEqual(await missing([], known), { "fn-cache": [], "fn-items": [] });
            });
            it("names a removed ingress rule", async () => {
                assert.deepEqual(await missing(["ingress"], known), {
                    "fn-cache": [INGRESS],
                    "fn-items": [],
                });
            });
            it("names a removed egress rule", async () => {
                assert.deepEqual(await missing(["egress"], known), {
                    "fn-cache": [EGRESS],
                    "fn-items": [],
                });
            });
            it("names a detached security group (the function wears another)", async () => {
                assert.deepEqual(await missing(["detach"], known), {
                    "fn-cache": [EGRESS.replace("(fn-sg)", "(other-sg)")],
                    "fn-items": [
                        "network: fn cannot reach dynamodb: no dynamodb endpoint in its VPC that the function's security groups (other-sg) may use, and no NAT gateway with HTTPS egress to 0.0.0.0/0",
                    ],
                });
            });
            it("names a removed statement", async () => {
                assert.deepEqual(await missing(["statement"], known), {
                    "fn-cache": [],
                    "fn-items": [STATEMENT],
                });
            });
            it("names a removed key grant", async () => {
                assert.deepEqual(await missing(["keygrant"], known), {
                    "fn-cache": [],
                    "fn-items": [
                        "kms: items is encrypted with key key, and role fn-role may not kms:Decrypt (ImplicitlyDenied) with it through dynamodb: grant them on the key's ARN (identity policy, with kms:ViaService dynamodb.us-east-1.amazonaws.com) and in its key policy",
                    ],
                });
            });
            it("names a removed environment variable", async () => {
                assert.deepEqual(await missing(["env"], known), {
                    "fn-cache": [],
                    "fn-items": [
                        "wiring: fn has no environment variable TABLE_NAME: set it to the address of items",
                    ],
                });
            });
        });
    }

    it("with known ARNs, a statement on another table grants nothing on this one", async () => {
        // In a first preview both ARNs are unknown and the document depends on both tables, so
        // the statement is read as possibly this table's (README: how unknowns are judged).
        assert.deepEqual(await missing(["wrongtable"], true), {
            "fn-cache": [],
            "fn-items": [STATEMENT],
        });
    });

    it("a flow that does not say where the workload reads the address does not hold", async () => {
        assert.deepEqual(await missing(["nowiring"], false), {
            "fn-cache": [
                "wiring: the flow does not say where the workload reads the target's address: declare its wiring",
            ],
            "fn-items": [],
        });
    });

    it("least reachability: names a path and a grant no flow explains", async () => {
        for (const breaks of [[], ["extra"]] as Break[][]) {
            const plan = await runInline(() => build(new Set(breaks)), { project: "flows" });
            const view = stackView(plan);
            const found = unexplained(view, await evaluateFlows(view)).map(
                (f) => `${f.resource.name}: ${f.message}`,
            );
            assert.deepEqual(
                found,
                breaks.length === 0
                    ? [
                          "fn-role: allows dynamodb:DescribeTable, which no declared flow of fn needs: declare the flows they serve, or remove them.",
                      ]
                    : [
                          "cache-from-other: ingress on tcp 6379 is on a group flows use, but no declared flow goes through it: declare the flow it serves, or remove it.",
                          "fn-role: allows dynamodb:DeleteTable, dynamodb:DescribeTable, which no declared flow of fn needs: declare the flows they serve, or remove them.",
                      ],
            );
        }
    });

    it("blocks the plan: exit 1, the flow and its missing link named", async () => {
        const out: string[] = [];
        const code = await main(["--cwd", fixture, "--stack", "ingress", "--quiet"], {
            out: (l) => out.push(l),
            err: (l) => out.push(l),
        });
        const text = out.join("\n");
        assert.equal(code, 1, text);
        assert.match(text, /\[mandatory\] {2}flows-hold {2}\(lightspeed:index:Flow: fn-cache\)/);
        assert.ok(
            text
                .replace(/\s+/g, " ")
                .includes(`flow fn-cache (fn -> cache, TCP 6379) does not hold: ${INGRESS}.`),
            text,
        );
        assert.equal(
            text.trimEnd().split("\n").at(-1),
            "Blocked: 1 mandatory policy violation (flows-hold)",
        );
    });
});

/**
 * A workload that stops and describes a state machine's executions: the actions act on
 * `execution:<machine name>:<execution name>`, not on the machine's ARN, so the flow names them
 * with `actsOn: "executions"` and holds only with a grant on every execution of that machine.
 */
function executionsProgram(grant: "executions" | "machine" | "table"): void {
    const partition = aws.getPartitionOutput().partition;
    const region = aws.getRegionOutput().region;
    const account = aws.getCallerIdentityOutput().accountId;
    const machine = new aws.sfn.StateMachine("machine", {
        roleArn: "arn:aws:iam::123456789012:role/machine",
        definition: JSON.stringify({ StartAt: "Wait", States: { Wait: { Type: "Succeed" } } }),
    });
    const table = new aws.dynamodb.Table("table", {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
    });
    const fn = lambdaWithRole(
        "app",
        [
            {
                Effect: "Allow",
                Action: ["states:StopExecution", "states:DescribeExecution"],
                Resource: [
                    grant === "machine"
                        ? machine.arn
                        : pulumi.interpolate`arn:${partition}:states:${region}:${account}:execution:${machine.name}:*`,
                ],
            },
        ],
        {
            environment: {
                variables: { MACHINE_ARN: grant === "table" ? table.arn : machine.arn },
            },
        },
    );
    new Flow("app-executions", {
        from: fn,
        to: grant === "table" ? table : machine,
        actsOn: "executions",
        actions: ["states:StopExecution", "states:DescribeExecution"],
        wiring: "MACHINE_ARN",
        description: "cancels",
    });
}

describe("flows-hold: actions on a state machine's executions (actsOn)", () => {
    const failing = async (grant: "executions" | "machine" | "table", known: boolean) => {
        const plan = await runInline(() => executionsProgram(grant), { known, project: "flows" });
        const [flow] = await planFlows(plan);
        return flow.links.filter((l) => !l.holds).map((l) => `${l.link}: ${l.detail}`);
    };
    for (const known of [false, true]) {
        describe(known ? "with known outputs (an update)" : "in a first preview", () => {
            it("holds with a grant on every execution of the machine", async () => {
                assert.deepEqual(await failing("executions", known), []);
            });
        });
    }
    it("with known ARNs, a grant on the machine's ARN only allows nothing on its executions", async () => {
        // In a first preview the machine's ARN is unknown and the document depends on the
        // machine, so the statement is read as possibly its executions' (README: how unknowns
        // are judged), as a statement on another table is read as possibly this table's.
        assert.deepEqual(await failing("machine", false), []);
        assert.deepEqual(await failing("machine", true), [
            "iam: role app-role may not states:StopExecution (ImplicitlyDenied), states:DescribeExecution (ImplicitlyDenied) on machine: add a statement allowing it on the target's ARN",
        ]);
    });
    it("names a target that has no executions", async () => {
        assert.deepEqual(await failing("table", false), [
            'iam: actsOn "executions" is not something table (aws:dynamodb/table:Table) has: only a state machine\'s "executions"',
        ]);
    });
    it("refuses actsOn with a resource suffix, or without actions", () => {
        // Refused before anything registers, so no resource is needed.
        const fn = {} as pulumi.Resource;
        assert.throws(
            () =>
                new Flow("both", {
                    from: fn,
                    to: fn,
                    actsOn: "executions",
                    resourceSuffix: "/*",
                    actions: ["states:StopExecution"],
                    wiring: "X",
                    description: "x",
                }),
            new Error("Flow both: actsOn and resourceSuffix exclude each other"),
        );
        assert.throws(
            () =>
                new Flow("none", {
                    from: fn,
                    to: fn,
                    actsOn: "executions",
                    port: 443,
                    wiring: "X",
                    description: "x",
                }),
            new Error("Flow none: actsOn names what the actions act on; give actions"),
        );
    });
});

/**
 * A function whose group allows HTTPS both to the VPC's CIDR and to everywhere: its flow to a
 * secret goes through the secretsmanager interface endpoint, so through the narrow rule, and
 * least reachability asks what the broad one is for. Its flow to a table goes through the
 * DynamoDB gateway endpoint, which a rule to everywhere lets it reach (there is no NAT gateway).
 */
function twoRulesProgram(withTable: boolean): void {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.30.0.0/16" });
    const subnet = new aws.ec2.Subnet("private", { vpcId: vpc.id, cidrBlock: "10.30.1.0/24" });
    const group = new aws.ec2.SecurityGroup("fn-sg", { vpcId: vpc.id, description: "fn" });
    // The broad rule first: a checker that takes the first match would pick it.
    new aws.vpc.SecurityGroupEgressRule("fn-internet", {
        securityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
    });
    new aws.vpc.SecurityGroupEgressRule("fn-vpc", {
        securityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "10.30.0.0/16",
    });
    const endpointGroup = new aws.ec2.SecurityGroup("endpoint-sg", {
        vpcId: vpc.id,
        description: "endpoints",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"] }],
    });
    new aws.ec2.VpcEndpoint("secretsmanager", {
        vpcId: vpc.id,
        serviceName: "com.amazonaws.us-east-1.secretsmanager",
        vpcEndpointType: "Interface",
        subnetIds: [subnet.id],
        securityGroupIds: [endpointGroup.id],
        privateDnsEnabled: true,
    });
    new aws.ec2.VpcEndpoint("dynamodb", {
        vpcId: vpc.id,
        serviceName: "com.amazonaws.us-east-1.dynamodb",
        vpcEndpointType: "Gateway",
    });
    const secret = new aws.secretsmanager.Secret("secret", {});
    const table = new aws.dynamodb.Table("table", {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
    });
    const fn = lambdaWithRole(
        "fn",
        [
            { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret.arn] },
            ...(withTable
                ? [
                      {
                          Effect: "Allow" as const,
                          Action: ["dynamodb:GetItem"],
                          Resource: [table.arn],
                      },
                  ]
                : []),
        ],
        {
            environment: { variables: { SECRET_ARN: secret.arn, TABLE_NAME: table.name } },
            vpcConfig: { subnetIds: [subnet.id], securityGroupIds: [group.id] },
        },
    );
    new Flow("fn-secret", {
        from: fn,
        to: secret,
        actions: ["secretsmanager:GetSecretValue"],
        wiring: "SECRET_ARN",
        description: "reads the secret",
    });
    if (withTable) {
        new Flow("fn-table", {
            from: fn,
            to: table,
            actions: ["dynamodb:GetItem"],
            wiring: "TABLE_NAME",
            description: "reads the table",
        });
    }
}

describe("flows: the narrowest of several egress rules is the path", () => {
    it("an interface endpoint's flow goes through the VPC rule, and the rule to everywhere is unexplained", async () => {
        const plan = await runInline(() => twoRulesProgram(false), { project: "flows" });
        const view = stackView(plan);
        const flows = await evaluateFlows(view);
        assert.deepEqual(
            flows.map((f) => [f.name, f.holds, f.links.find((l) => l.link === "network")?.detail]),
            [["fn-secret", true, "through interface endpoint secretsmanager"]],
        );
        assert.deepEqual(
            unexplained(view, flows).map((f) => `${f.resource.name}: ${f.message}`),
            [
                "fn-internet: egress on tcp 443 is on a group flows use, but no declared flow goes through it: declare the flow it serves, or remove it.",
            ],
        );
    });
    it("a gateway endpoint's flow goes through a rule to everywhere, which is then explained", async () => {
        const plan = await runInline(() => twoRulesProgram(true), { project: "flows" });
        const view = stackView(plan);
        const flows = await evaluateFlows(view);
        assert.deepEqual(
            flows.map((f) => [f.name, f.holds, f.links.find((l) => l.link === "network")?.detail]),
            [
                ["fn-secret", true, "through interface endpoint secretsmanager"],
                ["fn-table", true, "through gateway endpoint dynamodb"],
            ],
        );
        assert.deepEqual(unexplained(view, flows), []);
    });
});
