/**
 * Exceptions name resources by URN or by type and name pattern, never by a bare name another
 * component could reuse: policy/lib/rule.ts's matcher table by table, then through the real gate.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPolicies, violationsOf } from "../helpers/policy";
import { exceptionMatches } from "../../policy/lib/rule";
import { PolicyConfigError } from "../../tools/engine/policy-config";

const POLICY = "aws:iam/rolePolicy:RolePolicy";
const URN = `urn:pulumi:prod::lightspeed::lightspeed:index:AppPlatform$${POLICY}::platform-lb-policy`;
const resource = { type: POLICY, name: "platform-lb-policy", urn: URN };

describe("policy exceptions", () => {
    it("matches a URN (stack, project and name may use *, the qualified type may not)", () => {
        const cases: [string, boolean][] = [
            [URN, true],
            [`urn:pulumi:*::*::lightspeed:index:AppPlatform$${POLICY}::platform-lb-*`, true],
            [
                `urn:pulumi:dev::lightspeed::lightspeed:index:AppPlatform$${POLICY}::platform-lb-policy`,
                false,
            ],
            // The same name under another component, or at the top level, is another resource.
            [
                `urn:pulumi:prod::lightspeed::lightspeed:index:EventPipeline$${POLICY}::platform-lb-policy`,
                false,
            ],
            [`urn:pulumi:prod::lightspeed::${POLICY}::platform-lb-policy`, false],
            [`urn:pulumi:prod::lightspeed::*::platform-lb-policy`, false],
            [
                `urn:pulumi:prod::lightspeed::lightspeed:index:AppPlatform$*::platform-lb-policy`,
                false,
            ],
        ];
        for (const [pattern, expected] of cases) {
            assert.equal(exceptionMatches(pattern, resource), expected, pattern);
        }
    });

    it("matches <type>::<name> only at the top level of the stack, and never a bare name", () => {
        const top = {
            type: POLICY,
            name: "platform-lb-policy",
            urn: `urn:pulumi:prod::lightspeed::${POLICY}::platform-lb-policy`,
        };
        const cases: [string, typeof top, boolean][] = [
            [`${POLICY}::platform-lb-policy`, top, true],
            [`${POLICY}::platform-*`, top, true],
            // The same type and name under a component is another resource.
            [`${POLICY}::platform-lb-policy`, resource, false],
            ["aws:iam/policy:Policy::platform-lb-policy", top, false],
            ["platform-lb-policy", top, false],
            ["*", top, false],
            ["*::platform-lb-policy", top, false],
        ];
        for (const [pattern, r, expected] of cases) {
            assert.equal(exceptionMatches(pattern, r), expected, `${pattern} on ${r.urn}`);
        }
    });

    it("matches <parent type>::<parent name>$<type>::<name> only under that one parent", () => {
        const under = (parentName: string, parentType = "lightspeed:index:AppPlatform") => ({
            ...resource,
            parent: `urn:pulumi:prod::lightspeed::${parentType}::${parentName}`,
        });
        const pattern = `lightspeed:index:AppPlatform::platform$${POLICY}::platform-lb-*`;
        const cases: [string, ReturnType<typeof under> | typeof resource, boolean][] = [
            [pattern, under("platform"), true],
            // Another instance of the component, another component type, or no parent.
            [pattern, under("attacker"), false],
            [pattern, under("platform", "lightspeed:index:EventPipeline"), false],
            [pattern, resource, false],
            // The parent's name is exact; the child's type is written out.
            [
                `lightspeed:index:AppPlatform::plat*$${POLICY}::platform-lb-policy`,
                under("platform"),
                false,
            ],
            [
                `lightspeed:index:AppPlatform::platform$aws:iam/policy:Policy::platform-lb-policy`,
                under("platform"),
                false,
            ],
        ];
        for (const [p, r, expected] of cases) {
            assert.equal(exceptionMatches(p, r), expected, `${p} on ${JSON.stringify(r)}`);
        }
    });

    it("refuses a bare-name exception when the config is loaded", async () => {
        await assert.rejects(
            checkPolicies(() => new aws.sqs.Queue("q"), {
                policyConfig: {
                    "lambda-in-vpc": {
                        exceptions: [
                            { resource: "edge-fn", reason: "Lambda@Edge cannot run in a VPC" },
                        ],
                    },
                },
            }),
            (err: Error) =>
                err instanceof PolicyConfigError &&
                err.message.includes("lambda-in-vpc.exceptions[0].resource: must match") &&
                err.message.includes('never a bare name), got "edge-fn"'),
        );
    });

    it("waives the named component's resource, not another component's resource of that name", async () => {
        class Edge extends pulumi.ComponentResource {
            constructor(name: string, type: string) {
                super(type, name);
                new aws.lambda.Function(
                    "edge-fn",
                    {
                        role: "arn:aws:iam::123456789012:role/edge",
                        runtime: "nodejs20.x",
                        handler: "index.handler",
                        code: new pulumi.asset.AssetArchive({}),
                    },
                    { parent: this },
                );
            }
        }
        const config = {
            "lambda-in-vpc": {
                exceptions: [
                    {
                        resource:
                            "urn:pulumi:*::*::lightspeed:index:Edge$aws:lambda/function:Function::edge-fn",
                        reason: "Lambda@Edge cannot run in a VPC",
                    },
                ],
            },
        };
        assert.deepEqual(
            await violationsOf("lambda-in-vpc", () => new Edge("site", "lightspeed:index:Edge"), {
                policyConfig: config,
            }),
            [],
        );
        assert.deepEqual(
            await violationsOf("lambda-in-vpc", () => new Edge("other", "lightspeed:index:Other"), {
                policyConfig: config,
            }),
            [
                "mandatory lambda-in-vpc edge-fn: vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            ],
        );
    });

    it("waives one parent's children by parent name, not the children of another instance", async () => {
        class Edge extends pulumi.ComponentResource {
            constructor(name: string) {
                super("lightspeed:index:Edge", name);
                new aws.lambda.Function(
                    `${name}-fn`,
                    {
                        role: "arn:aws:iam::123456789012:role/edge",
                        runtime: "nodejs20.x",
                        handler: "index.handler",
                        code: new pulumi.asset.AssetArchive({}),
                    },
                    { parent: this },
                );
            }
        }
        const config = {
            "lambda-in-vpc": {
                exceptions: [
                    {
                        resource: "lightspeed:index:Edge::site$aws:lambda/function:Function::*",
                        reason: "Lambda@Edge cannot run in a VPC",
                    },
                ],
            },
        };
        assert.deepEqual(
            await violationsOf(
                "lambda-in-vpc",
                () => {
                    new Edge("site");
                    new Edge("attacker");
                },
                { policyConfig: config },
            ),
            [
                "mandatory lambda-in-vpc attacker-fn: vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            ],
        );
    });
});
