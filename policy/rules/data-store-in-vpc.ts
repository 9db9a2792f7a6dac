/**
 * `data-store-in-vpc`: databases, caches, brokers and file systems run in the program's private
 * subnets, behind security groups the program names.
 *
 * Left out, a subnet group puts the store in the account's default VPC (whose default subnets map
 * public IPs and whose routes reach the internet gateway), and left-out security groups attach
 * the VPC's default group. The subnet group named `"default"` is that default VPC's group too.
 * Public endpoints themselves (`publiclyAccessible`, MSK public access) are `no-public-ip`'s;
 * subnets that map public IPs and hold these stores are reported there as well.
 *
 * | Resource                          | Placement input(s)                          | Security groups |
 * | --------------------------------- | ------------------------------------------- | --------------- |
 * | aws.rds.Instance (not a replica)  | dbSubnetGroupName                           | vpcSecurityGroupIds |
 * | aws.rds.Cluster (Aurora, Multi-AZ) | dbSubnetGroupName                          | vpcSecurityGroupIds |
 * | aws.docdb.Cluster                 | dbSubnetGroupName                           | vpcSecurityGroupIds |
 * | aws.docdb.ElasticCluster          | subnetIds                                   | vpcSecurityGroupIds |
 * | aws.neptune.Cluster               | neptuneSubnetGroupName                      | vpcSecurityGroupIds |
 * | aws.redshift.Cluster              | clusterSubnetGroupName                      | vpcSecurityGroupIds |
 * | aws.redshiftserverless.Workgroup  | subnetIds                                   | securityGroupIds |
 * | aws.memorydb.Cluster              | subnetGroupName                             | securityGroupIds |
 * | aws.dax.Cluster                   | subnetGroupName                             | securityGroupIds |
 * | aws.mq.Broker                     | subnetIds                                   | securityGroups |
 * | aws.msk.Cluster                   | brokerNodeGroupInfo.clientSubnets           | brokerNodeGroupInfo.securityGroups |
 * | aws.msk.ServerlessCluster         | vpcConfigs[].subnetIds                      | vpcConfigs[].securityGroupIds |
 * | aws.efs.MountTarget               | subnetId                                    | securityGroups |
 *
 * ElastiCache is `elasticache-in-vpc`'s and OpenSearch (domains and serverless network
 * policies) `opensearch-in-vpc`'s.
 *
 * Unknown values are judged by provenance: an unknown subnet group name passes only when it comes
 * from that service's subnet group resource of this program, and unknown subnet or security group
 * ids only when they come from the program's subnets, security groups or VPC (or a
 * StackReference); an `apply` over anything else could return `"default"` or an empty list.
 */
import { containsUnknown, isUnknown, Resource, stackRule } from "../lib/rule";
import { describeAll, isSet, listAt, objectAt, provenance } from "../lib/network";

/** Resources whose outputs are the program's own network placement. */
const NETWORK_SOURCES = [
    "aws:ec2/subnet:Subnet",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/vpc:Vpc",
    "awsx:ec2:Vpc",
    "pulumi:pulumi:StackReference",
];

/** One placement input: where its value sits, and which resources an unknown one may come from. */
interface Slot {
    /** Path as written in messages, e.g. `brokerNodeGroupInfo.clientSubnets`. */
    readonly path: string;
    /** The top-level input whose propertyDependencies tell where an unknown value came from. */
    readonly top: string;
    readonly kind: "subnetGroup" | "subnets" | "securityGroups";
    /** For subnet groups: the subnet group resource type of the service. */
    readonly groupType?: string;
}

interface Placement {
    /** What the resource is, in messages. */
    readonly what: string;
    readonly slots: (props: Record<string, unknown>) => readonly (Slot & { value: unknown })[];
    /** True when another resource decides the placement (a read replica follows its source). */
    readonly follows?: (props: Record<string, unknown>) => boolean;
}

function subnetGroup(input: string, groupType: string): Placement["slots"] {
    return (p) => [{ path: input, top: input, kind: "subnetGroup", groupType, value: p[input] }];
}

function flat(subnets: string, groups: string): Placement["slots"] {
    return (p) => [
        { path: subnets, top: subnets, kind: "subnets", value: p[subnets] },
        { path: groups, top: groups, kind: "securityGroups", value: p[groups] },
    ];
}

function withGroups(slots: Placement["slots"], groups: string): Placement["slots"] {
    return (p) => [
        ...slots(p),
        { path: groups, top: groups, kind: "securityGroups", value: p[groups] },
    ];
}

const PLACEMENTS: Record<string, Placement> = {
    "aws:rds/instance:Instance": {
        what: "the database",
        slots: withGroups(
            subnetGroup("dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup"),
            "vpcSecurityGroupIds",
        ),
        // A read replica in the same region goes into its source's subnet group.
        follows: (p) => isSet(p.replicateSourceDb) && !isSet(p.dbSubnetGroupName),
    },
    "aws:rds/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup"),
            "vpcSecurityGroupIds",
        ),
    },
    "aws:docdb/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("dbSubnetGroupName", "aws:docdb/subnetGroup:SubnetGroup"),
            "vpcSecurityGroupIds",
        ),
    },
    "aws:docdb/elasticCluster:ElasticCluster": {
        what: "the cluster",
        slots: flat("subnetIds", "vpcSecurityGroupIds"),
    },
    "aws:neptune/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("neptuneSubnetGroupName", "aws:neptune/subnetGroup:SubnetGroup"),
            "vpcSecurityGroupIds",
        ),
    },
    "aws:redshift/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("clusterSubnetGroupName", "aws:redshift/subnetGroup:SubnetGroup"),
            "vpcSecurityGroupIds",
        ),
    },
    "aws:redshiftserverless/workgroup:Workgroup": {
        what: "the workgroup",
        slots: flat("subnetIds", "securityGroupIds"),
    },
    "aws:memorydb/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("subnetGroupName", "aws:memorydb/subnetGroup:SubnetGroup"),
            "securityGroupIds",
        ),
    },
    "aws:dax/cluster:Cluster": {
        what: "the cluster",
        slots: withGroups(
            subnetGroup("subnetGroupName", "aws:dax/subnetGroup:SubnetGroup"),
            "securityGroupIds",
        ),
    },
    "aws:mq/broker:Broker": { what: "the broker", slots: flat("subnetIds", "securityGroups") },
    "aws:msk/cluster:Cluster": {
        what: "the brokers",
        slots: (p) => {
            const info = objectAt(p.brokerNodeGroupInfo);
            const whole = isUnknown(p.brokerNodeGroupInfo) ? p.brokerNodeGroupInfo : undefined;
            return [
                {
                    path: "brokerNodeGroupInfo.clientSubnets",
                    top: "brokerNodeGroupInfo",
                    kind: "subnets",
                    value: info ? info.clientSubnets : whole,
                },
                {
                    path: "brokerNodeGroupInfo.securityGroups",
                    top: "brokerNodeGroupInfo",
                    kind: "securityGroups",
                    value: info ? info.securityGroups : whole,
                },
            ];
        },
    },
    "aws:msk/serverlessCluster:ServerlessCluster": {
        what: "the cluster",
        slots: (p) => {
            if (isUnknown(p.vpcConfigs) || listAt(p.vpcConfigs).length === 0) {
                return [
                    { path: "vpcConfigs", top: "vpcConfigs", kind: "subnets", value: p.vpcConfigs },
                ];
            }
            return listAt(p.vpcConfigs).flatMap((c, i) => {
                const config = objectAt(c);
                const whole = isUnknown(c) ? c : undefined;
                return [
                    {
                        path: `vpcConfigs[${i}].subnetIds`,
                        top: "vpcConfigs",
                        kind: "subnets" as const,
                        value: config ? config.subnetIds : whole,
                    },
                    {
                        path: `vpcConfigs[${i}].securityGroupIds`,
                        top: "vpcConfigs",
                        kind: "securityGroups" as const,
                        value: config ? config.securityGroupIds : whole,
                    },
                ];
            });
        },
    },
    "aws:efs/mountTarget:MountTarget": {
        what: "the mount target",
        slots: (p) => [
            { path: "subnetId", top: "subnetId", kind: "subnets", value: p.subnetId },
            {
                path: "securityGroups",
                top: "securityGroups",
                kind: "securityGroups",
                value: p.securityGroups,
            },
        ],
    },
};

/** How the SDK spells a type token: `aws:rds/subnetGroup:SubnetGroup` is `aws.rds.SubnetGroup`. */
function sdkName(type: string): string {
    const m = /^([^:]+):([^/:]+)\/[^:]*:(.+)$/.exec(type);
    return m ? `${m[1]}.${m[2]}.${m[3]}` : type;
}

/** True when a list (or one id) names at least one thing, unknown elements included. */
function names(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(isSet);
    return isSet(value);
}

function slotProblems(
    resource: Resource,
    placement: Placement,
    slot: Slot & { value: unknown },
    resources: readonly Resource[],
): string[] {
    const { path, value } = slot;
    if (!names(value)) {
        if (slot.kind === "securityGroups") {
            return [
                `${path} is not set, so ${placement.what} uses the VPC's default security group: name a security group of this program.`,
            ];
        }
        const fix =
            slot.kind === "subnetGroup"
                ? `create a subnet group (${sdkName(slot.groupType!)}) over the program's private subnets and pass its name`
                : "name the program's private subnets";
        return [`${path} is not set, so ${placement.what} goes into the default VPC: ${fix}.`];
    }
    if (slot.kind === "subnetGroup" && typeof value === "string" && value.trim() === "default") {
        return [
            `${path} is "default", the default VPC's subnet group: create a subnet group over the program's private subnets and pass its name.`,
        ];
    }
    if (!containsUnknown(value)) return [];
    const sources =
        slot.kind === "subnetGroup"
            ? [slot.groupType!, "pulumi:pulumi:StackReference"]
            : NETWORK_SOURCES;
    const { proven, from } = provenance(resource, slot.top, sources, resources);
    if (proven) return [];
    const want =
        slot.kind === "subnetGroup"
            ? `the ${sdkName(slot.groupType!)} resources of this program`
            : "subnets, security groups or VPCs of this program";
    return [
        `${path} is unknown during preview and does not come only from ${want} (it comes from ${from.length ? describeAll(from) : "no resource"}), so it could name the default VPC when applied: pass ${slot.kind === "subnetGroup" ? "the subnet group's name output, or a literal name" : "their id outputs, or literal ids"}.`,
    ];
}

/** Databases, caches, brokers and file systems run in the program's private subnets. */
export const rule = stackRule({
    name: "data-store-in-vpc",
    unknowns:
        "An unknown subnet group, subnet or security group passes only when every resource it comes from is that service's subnet group, or a subnet, security group or VPC, of this program.",
    description:
        "RDS, Aurora, DocumentDB, Neptune, Redshift, MemoryDB, DAX, Amazon MQ, MSK and EFS mount targets must run in subnets of the program (never the default VPC) behind named security groups.",
    nearest: {
        cdkNag: ["AwsSolutions-RS2"],
    },
    check: (resources) =>
        resources.flatMap((resource) => {
            const placement = PLACEMENTS[resource.type];
            if (!placement) return [];
            if (placement.follows?.(resource.props)) return [];
            return placement
                .slots(resource.props)
                .flatMap((slot) => slotProblems(resource, placement, slot, resources))
                .map((message) => ({ resource, message }));
        }),
});
