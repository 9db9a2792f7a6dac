/**
 * `cloudformation-ingress` through the real gate: a template's security groups, alone and added
 * up across its rules, against a careful template whose sources are private.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { violationsOf } from "../helpers/policy";

const ingress = (CidrIp: string, FromPort: number, ToPort = FromPort) => ({
    Type: "AWS::EC2::SecurityGroupIngress",
    Properties: { GroupId: { Ref: "Group" }, IpProtocol: "tcp", FromPort, ToPort, CidrIp },
});

const template = (resources: Record<string, unknown>) =>
    JSON.stringify({
        Resources: {
            Group: {
                Type: "AWS::EC2::SecurityGroup",
                Properties: { GroupDescription: "db", VpcId: "vpc-0123456789abcdef0" },
            },
            ...resources,
        },
    });

describe("cloudformation-ingress", function () {
    this.timeout(0);

    it("blocks internet-wide sources alone and added up across rules reaching one port (a /8 of public space in two /9s); passes private ones", async () => {
        const violations = await violationsOf("cloudformation-ingress", () => {
            new aws.cloudformation.Stack("open", {
                templateBody: template({ Ssh: ingress("0.0.0.0/0", 22) }),
            });
            new aws.cloudformation.Stack("halves", {
                templateBody: template({
                    Low: ingress("11.0.0.0/9", 22),
                    High: ingress("11.128.0.0/9", 20, 25),
                }),
            });
            new aws.cloudformation.Stack("private", {
                templateBody: template({
                    A: ingress("10.0.0.0/8", 5432),
                    B: ingress("192.168.0.0/16", 5432),
                }),
            });
        });
        assert.deepEqual(
            violations,
            [
                "mandatory cloudformation-ingress halves: templateBody Resources.Low, templateBody Resources.High together allow 11.0.0.0/9, 11.128.0.0/9 (0.4% of public IPv4) in on tcp 22: allow known CIDRs or a source security group, and declare internet-facing groups in the program.",
                "mandatory cloudformation-ingress open: templateBody Resources.Ssh allows 0.0.0.0/0 (100% of public IPv4) in on tcp 22-22: allow known CIDRs or a source security group, and declare internet-facing groups in the program.",
            ].sort(),
        );
    });
});
