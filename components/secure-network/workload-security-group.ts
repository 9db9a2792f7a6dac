import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadSecurityGroupArgs } from "./args";
import { validateWorkloadSecurityGroupArgs } from "./validate";

export type { WorkloadSecurityGroupArgs } from "./args";

/**
 * A security group for a workload inside a SecureNetwork (a Lambda, a cache, a node group): no
 * ingress at all, and egress only on the named TCP ports to the VPC's own CIDR (interface
 * endpoints, databases, caches). Consumers that must accept traffic add their own ingress rule
 * resources referencing the source group.
 */
export class WorkloadSecurityGroup extends pulumi.ComponentResource {
    /** The security group's id. */
    public readonly securityGroupId: pulumi.Output<string>;

    private readonly groupName: string;
    private readonly tags: WorkloadSecurityGroupArgs["tags"];

    constructor(
        name: string,
        args: WorkloadSecurityGroupArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        validateWorkloadSecurityGroupArgs(name, args);
        super("lightspeed:index:WorkloadSecurityGroup", name, args, opts);

        // No inline ingress/egress: inline rules and rule resources on one group fight each other.
        // The provider removes the default allow-all egress rule AWS adds to a new group.
        const group = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: args.description,
                // Deleting the group must not hang on rules other groups hold against it.
                revokeRulesOnDelete: true,
                tags: args.tags,
            },
            { parent: this },
        );

        for (const port of args.egressPorts) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-egress-${port}`,
                {
                    securityGroupId: group.id,
                    description: `TCP ${port} to the VPC`,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: args.vpcCidr,
                    tags: args.tags,
                },
                { parent: this },
            );
        }

        this.groupName = name;
        this.tags = args.tags;
        this.securityGroupId = group.id;
        this.registerOutputs({ securityGroupId: this.securityGroupId });
    }

    /**
     * Lets the workload reach the internet (through NAT) on one TCP port, for what has no VPC
     * endpoint (Slack, SNS). `why`, when given, ends the rule's description.
     */
    public allowInternetEgress(port: number, why?: string): aws.vpc.SecurityGroupEgressRule {
        return new aws.vpc.SecurityGroupEgressRule(
            `${this.groupName}-egress-internet-${port}`,
            {
                securityGroupId: this.securityGroupId,
                description: `TCP ${port} to the internet (through NAT)${why ? `: ${why}` : ""}`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: "0.0.0.0/0",
                tags: this.tags,
            },
            { parent: this },
        );
    }
}
