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

    it("matches a type and name pattern, and never a bare name", () => {
        const cases: [string, boolean][] = [
            [`${POLICY}::platform-lb-policy`, true],
            [`${POLICY}::platform-*`, true],
            ["aws:iam/policy:Policy::platform-lb-policy", false],
            ["platform-lb-policy", false],
            ["*", false],
            ["*::platform-lb-policy", false],
        ];
        for (const [pattern, expected] of cases) {
            assert.equal(exceptionMatches(pattern, resource), expected, pattern);
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
                err.message.includes('got "edge-fn"'),
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
});
