import { isUnknown, resourceRule } from "../lib/rule";
import { listAt } from "../lib/network";

/**
 * The VPC's default security group holds no rules: anything launched without a group lands in it,
 * so any rule there applies to resources nobody meant to expose. aws.ec2.DefaultSecurityGroup
 * with no ingress and egress strips the group bare, which is the one safe use.
 */
export const rule = resourceRule({
    name: "default-sg-closed",
    description: "The default security group must hold no ingress or egress rules.",
    nearest: {
        cdkNag: ["NIST.800.53.R5-VPCDefaultSecurityGroupClosed"],
        checkov: ["CKV2_AWS_12"],
    },
    types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    check: ({ props }) =>
        (["ingress", "egress"] as const).flatMap((key) => {
            const value = props[key];
            if (isUnknown(value)) {
                return [`${key} is unknown during preview: pass a plain empty list.`];
            }
            const n = listAt(value).length;
            return n === 0
                ? []
                : [
                      `${key} holds ${n} rule(s): leave the default security group empty (ingress: [], egress: []) and give resources their own groups.`,
                  ];
        }),
});
