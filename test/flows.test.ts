/**
 * Flows (#15): a declared flow holds only when every link does. The fixture program
 * (test/fixtures/flows) declares two flows of a function in a VPC, to a cache and to a
 * KMS-encrypted table; each case removes one link, as a careless change would, and the flow
 * names that link. In-process for every case and both modes; through the plan command (program
 * and pack out of process, as the CLI runs them) for one, which must exit 1 naming the flow.
 */
import * as assert from "node:assert/strict";
import * as path from "path";
import { repoRoot } from "./helpers/plan";
import { main } from "../tools/plan";
import { planFlows, stackView } from "../tools/engine/flows";
import { evaluateFlows, flowFinding, unexplained } from "../policy/lib/flows";
import { brief, packDir } from "./helpers/policy";
import { runPolicyGate } from "../tools/engine/policy-gate";
import { runInline } from "../tools/engine/run";
import { build, Break } from "./fixtures/flows/program";

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
