/**
 * SecureNetwork's argument types and the value sets they draw from: the module every other file
 * of the component imports, which imports none of them back.
 */
import type * as pulumi from "@pulumi/pulumi";

/** An AWS service SecureNetwork can reach through an interface VPC endpoint. */
export type InterfaceEndpointService =
    | "kinesis-streams"
    | "sts"
    | "logs"
    | "states"
    | "secretsmanager"
    | "ecr.api"
    | "ecr.dkr"
    | "sns";

/** Every {@link InterfaceEndpointService}, in a fixed order (the order endpoints are created in). */
export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = [
    "kinesis-streams",
    "sts",
    "logs",
    "states",
    "secretsmanager",
    "ecr.api",
    "ecr.dkr",
    "sns",
];

/** How many NAT gateways the VPC gets: one for the whole VPC, or one per availability zone. */
export type NatStrategy = "Single" | "OnePerAz";

/** Every {@link NatStrategy}. */
export const NAT_STRATEGIES: readonly NatStrategy[] = ["Single", "OnePerAz"];

/** Arguments for {@link SecureNetwork}. */
export interface SecureNetworkArgs {
    /**
     * The AWS region the network is built in, e.g. "us-east-1"; must be the region of the AWS
     * provider the component runs with. Required, and a plain string: awsx takes the gateway
     * endpoints' service names (`com.amazonaws.<region>.s3`) only as plain strings.
     */
    readonly region: string;
    /**
     * The VPC's IPv4 CIDR block, a network address with a /16../24 prefix. Plain string: awsx
     * plans the subnets from it. Each availability zone gets an equal power-of-two share; the
     * private subnet is half of it, the public subnet a quarter (which must be /28 or larger), a
     * quarter stays free. Default "10.0.0.0/16".
     */
    readonly cidrBlock?: string;
    /** Availability zones to spread the subnets over, 2..6. Plain number. Default 3. */
    readonly availabilityZoneCount?: number;
    /**
     * NAT gateways: "OnePerAz" keeps private egress up when a zone fails; "Single" is cheaper and
     * a single point of failure. Default "OnePerAz".
     */
    readonly natStrategy?: NatStrategy;
    /**
     * Days the VPC flow log group keeps records; one of the values CloudWatch Logs accepts
     * (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
     * 2922, 3288, 3653). Default 365.
     */
    readonly flowLogRetentionDays?: number;
    /**
     * AWS services reached through interface endpoints in the private subnets, each at most once.
     * Plain list: it decides which endpoints exist. Default all of INTERFACE_ENDPOINT_SERVICES;
     * `[]` for none (then no endpoint security group either).
     */
    readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
    /**
     * Protect the stateful children (the flow log key and log group) from deletion. Plain
     * boolean: it is a resource option. Default true; a throwaway stack turns it off.
     */
    readonly protect?: boolean;
    /** Tags for every taggable resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Arguments for {@link SecureNetwork.workloadSecurityGroup}. */
export interface WorkloadSecurityGroupOptions {
    /** What runs behind the group (1..255 characters); changing it replaces the group. */
    readonly description: string;
    /** TCP ports (1..65535) the workload may reach inside the VPC. Non-empty, no duplicates. */
    readonly egressPorts: readonly number[];
    /** Tags for the group and its rules. Default the network's tags. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Arguments for {@link WorkloadSecurityGroup}. */
export interface WorkloadSecurityGroupArgs {
    /** The VPC the group belongs to. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the only destination the egress rules allow. */
    readonly vpcCidr: pulumi.Input<string>;
    /**
     * What runs behind the group, stored on the group for operators (1..255 characters). Plain
     * string so it can be checked; changing it replaces the group.
     */
    readonly description: string;
    /**
     * TCP ports (1..65535) the workload may reach inside the VPC, one egress rule each. Plain
     * numbers: they decide how many rules exist. Non-empty, no duplicates.
     */
    readonly egressPorts: readonly number[];
    /** Tags for the group and its rules. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
