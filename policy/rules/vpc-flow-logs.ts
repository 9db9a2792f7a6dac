/**
 * `vpc-flow-logs` (advisory; mandatory in the prod config): every VPC the program creates has a
 * flow log, so that traffic can be investigated after the fact.
 *
 * VPCs are aws.ec2.Vpc, aws.ec2.DefaultVpc (adopting the default VPC makes it this program's) and
 * the awsx.ec2.Vpc component. A VPC has a flow log when an aws.ec2.FlowLog's `vpcId` came from it:
 * its ids are unknown until it exists, so the stack rule reads the `vpcId` property's
 * dependencies. A FlowLog on an awsx.ec2.Vpc's `vpcId` also covers the aws.ec2.Vpc that the
 * component creates inside itself (a child of the component). Flow logs on subnets or network
 * interfaces do not cover the VPC.
 */
import { Resource, stackRule } from "../lib/rule";

const VPC_TYPES = new Set(["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc", "awsx:ec2:Vpc"]);

/** Every VPC has an aws.ec2.FlowLog. */
export const rule = stackRule({
    name: "vpc-flow-logs",
    description: "Every VPC must have a flow log (an aws.ec2.FlowLog on its vpcId).",
    enforcementLevel: "advisory",
    nearest: {
        cdkNag: ["AwsSolutions-VPC7"],
        checkov: ["CKV2_AWS_11"],
    },
    check: (resources) => {
        const logged = new Set<string>();
        for (const r of resources) {
            if (r.type === "aws:ec2/flowLog:FlowLog") {
                for (const urn of r.propertyDependencies.vpcId ?? []) logged.add(urn);
            }
        }
        const typeOf = new Map(resources.map((r) => [r.urn, r.type]));
        const covered = (vpc: Resource) =>
            logged.has(vpc.urn) ||
            (vpc.parent !== undefined &&
                typeOf.get(vpc.parent) === "awsx:ec2:Vpc" &&
                logged.has(vpc.parent));
        return resources
            .filter((r) => VPC_TYPES.has(r.type) && !covered(r))
            .map((resource) => ({
                resource,
                message:
                    'no flow log: add an aws.ec2.FlowLog with vpcId set to this VPC\'s id, trafficType "ALL" and a log destination.',
            }));
    },
});
