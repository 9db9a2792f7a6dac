import { isUnknown, Resource, stackRule } from "../lib/rule";
import { describeAll, flag, isSet, listAt, namesSomething, objectAt } from "../lib/network";

const INSTANCE_FIX = "set it false; reach instances through a load balancer or SSM Session Manager";
const NODE_FIX =
    "set it false (or skipDefaultNodeGroup true); reach nodes through SSM Session Manager";
const TASK_FIX =
    "set it false; tasks in private subnets reach the internet through the NAT gateways";
const DATA_FIX = "set it false; clients reach it from inside the VPC";
const EIP_FIX =
    "remove it and put the workload behind a load balancer (Elastic IPs belong on NAT gateways)";

/**
 * The finding for a boolean that asks for a public address, or none; `fix` says what to do.
 * `defaultTrue` says why an omitted value is public too (the AWS or component default), when it is.
 */
function asksForPublicIp(
    path: string,
    value: unknown,
    fix: string,
    defaultTrue?: string,
): string[] {
    const v = flag(value);
    if (v === "unknown")
        return [`${path} is unknown during preview: pass a plain boolean (false).`];
    if (v === true) return [`${path} is true: ${fix}.`];
    if (v === undefined && defaultTrue !== undefined) {
        return [`${path} is not set (${defaultTrue}): ${fix}.`];
    }
    return [];
}

/** A path's value inside nested objects (absent when any step is not an object). */
function at(props: Record<string, unknown>, path: string): unknown {
    let value: unknown = props;
    for (const key of path.split(".")) value = objectAt(value)?.[key];
    return value;
}

/**
 * The object along `path` (above its last step) that is unknown during preview, if any: an
 * object built in an `apply` could hold a public-IP setting that only shows when applied, so it
 * fails closed like the setting itself would.
 */
function unknownAbove(props: Record<string, unknown>, path: string): string | undefined {
    const steps = path.split(".");
    let value: unknown = props;
    for (let i = 0; i < steps.length - 1; i++) {
        value = objectAt(value)?.[steps[i]];
        if (isUnknown(value)) return steps.slice(0, i + 1).join(".");
    }
    return undefined;
}

/** `check` on the value at `path`, or the finding for an unknown object above it. */
function nested(
    props: Record<string, unknown>,
    path: string,
    check: (value: unknown) => string[],
): string[] {
    const unknown = unknownAbove(props, path);
    return unknown === undefined
        ? check(at(props, path))
        : [
              `${unknown} is unknown during preview: pass it as a plain object, so ${path} can be read.`,
          ];
}

/**
 * `check` on each entry of a list input, failing closed on a list (or an entry) unknown during
 * preview: `setting` names what must be readable in each entry.
 */
function eachEntry(
    name: string,
    list: unknown,
    setting: string,
    check: (entry: Record<string, unknown>, path: string) => string[],
): string[] {
    if (isUnknown(list)) {
        return [
            `${name} is unknown during preview: pass a plain list of plain objects, so each one's ${setting} can be read (false).`,
        ];
    }
    return listAt(list).flatMap((entry, i) =>
        isUnknown(entry)
            ? [
                  `${name}[${i}] is unknown during preview: pass it as a plain object, so its ${setting} can be read (false).`,
              ]
            : check(objectAt(entry) ?? {}, `${name}[${i}]`),
    );
}

function eipProblems(props: Record<string, unknown>, instance: string, eni: string): string[] {
    const problems: string[] = [];
    if (isSet(props[instance]))
        problems.push(
            `${instance} is set, so the Elastic IP gives an instance a public address: ${EIP_FIX}.`,
        );
    if (isSet(props[eni]))
        problems.push(
            `${eni} is set, so the Elastic IP gives a network interface a public address: ${EIP_FIX}.`,
        );
    return problems;
}

/** Data stores and brokers whose `publiclyAccessible` gives them a public address. */
const PUBLICLY_ACCESSIBLE: Record<string, string | undefined> = {
    "aws:rds/instance:Instance": undefined,
    "aws:rds/clusterInstance:ClusterInstance": undefined,
    "aws:rds/shardGroup:ShardGroup": undefined,
    "aws:neptune/clusterInstance:ClusterInstance": undefined,
    "aws:redshift/cluster:Cluster": undefined,
    "aws:redshiftserverless/workgroup:Workgroup": undefined,
    "aws:mq/broker:Broker": undefined,
    "aws:timestreaminfluxdb/dbInstance:DbInstance": undefined,
    "aws:timestreaminfluxdb/dbCluster:DbCluster": undefined,
    "aws:m2/environment:Environment": undefined,
    // AWS makes these public when the input is omitted.
    "aws:dms/replicationInstance:ReplicationInstance":
        "AWS makes DMS replication instances public by default",
    "aws:dms/instanceProfile:InstanceProfile": "AWS makes DMS instance profiles public by default",
};

/** Where each ECS task launcher holds its tasks' assignPublicIp. */
const TASK_PATHS: Record<string, string> = {
    "aws:ecs/service:Service": "networkConfiguration.assignPublicIp",
    "aws:ecs/taskSet:TaskSet": "networkConfiguration.assignPublicIp",
    "aws:cloudwatch/eventTarget:EventTarget": "ecsTarget.networkConfiguration.assignPublicIp",
    "aws:scheduler/schedule:Schedule": "target.ecsParameters.networkConfiguration.assignPublicIp",
};

const INSTANCE_TYPES = [
    "aws:ec2/instance:Instance",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    "aws:ec2/launchConfiguration:LaunchConfiguration",
];

/**
 * Component types whose public-IP settings are inputs of a multi-language component: AnalyzeStack
 * sees a component's outputs only, so {@link componentRule} judges them as Analyze sees them.
 */
export const COMPONENT_TYPES = [
    "eks:index:Cluster",
    "eks:index:NodeGroup",
    "eks:index:NodeGroupV2",
];

/** What each resource type asks for on its own (subnets are checked against their users below). */
export function ownProblems(r: Resource): string[] {
    const p = r.props;
    if (INSTANCE_TYPES.includes(r.type)) {
        const problems = asksForPublicIp(
            "associatePublicIpAddress",
            p.associatePublicIpAddress,
            INSTANCE_FIX,
        );
        // No subnet and no network interface: EC2 launches into the default VPC's default subnet,
        // which maps public IPs on launch.
        if (
            r.type === "aws:ec2/instance:Instance" &&
            !isSet(p.subnetId) &&
            !namesSomething(p.networkInterfaces) &&
            listAt(p.networkInterfaces).length === 0 &&
            !isSet(p.launchTemplate)
        ) {
            problems.push(
                "subnetId is not set, so the instance launches into the default VPC's default subnet, which gives it a public IP: set subnetId to a private subnet.",
            );
        }
        return problems;
    }
    if (Object.hasOwn(PUBLICLY_ACCESSIBLE, r.type)) {
        return asksForPublicIp(
            "publiclyAccessible",
            p.publiclyAccessible,
            DATA_FIX,
            PUBLICLY_ACCESSIBLE[r.type],
        );
    }
    switch (r.type) {
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return eachEntry(
                "networkInterfaces",
                p.networkInterfaces,
                "associatePublicIpAddress",
                (ni, at) => {
                    const path = `${at}.associatePublicIpAddress`;
                    const v = flag(ni.associatePublicIpAddress);
                    if (v === "unknown")
                        return [`${path} is unknown during preview: pass a plain "false".`];
                    return v === true
                        ? [
                              `${path} is "true": set it "false"; reach instances through a load balancer or SSM Session Manager.`,
                          ]
                        : [];
                },
            );
        case "aws:ec2/spotFleetRequest:SpotFleetRequest":
            return eachEntry(
                "launchSpecifications",
                p.launchSpecifications,
                "associatePublicIpAddress",
                (spec, at) =>
                    asksForPublicIp(
                        `${at}.associatePublicIpAddress`,
                        spec.associatePublicIpAddress,
                        INSTANCE_FIX,
                    ),
            );
        case "aws:ec2/eip:Eip":
            return eipProblems(p, "instance", "networkInterface");
        case "aws:ec2/eipAssociation:EipAssociation":
            return eipProblems(p, "instanceId", "networkInterfaceId");
        case "aws:ecs/service:Service":
        case "aws:ecs/taskSet:TaskSet":
        case "aws:cloudwatch/eventTarget:EventTarget":
        case "aws:scheduler/schedule:Schedule": {
            const path = TASK_PATHS[r.type];
            return nested(p, path, (v) => asksForPublicIp(path, v, TASK_FIX));
        }
        case "aws:pipes/pipe:Pipe": {
            const path =
                "targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp";
            return nested(p, path, (v) => {
                if (flag(v) === "unknown")
                    return [`${path} is unknown during preview: pass a plain "DISABLED".`];
                return v === "ENABLED"
                    ? [
                          `${path} is "ENABLED": set it "DISABLED"; tasks in private subnets reach the internet through the NAT gateways.`,
                      ]
                    : [];
            });
        }
        case "aws:msk/cluster:Cluster": {
            const path = "brokerNodeGroupInfo.connectivityInfo.publicAccess.type";
            return nested(p, path, (v) => {
                if (flag(v) === "unknown")
                    return [`${path} is unknown during preview: pass a plain "DISABLED".`];
                return v === "SERVICE_PROVIDED_EIPS"
                    ? [
                          `${path} is "SERVICE_PROVIDED_EIPS", so the brokers get public addresses: set it "DISABLED"; clients reach the brokers from inside the VPC.`,
                      ]
                    : [];
            });
        }
        case "eks:index:NodeGroup":
        case "eks:index:NodeGroupV2":
            return asksForPublicIp(
                "nodeAssociatePublicIpAddress",
                p.nodeAssociatePublicIpAddress,
                "set it false; reach nodes through SSM Session Manager",
                "the node group gives its nodes public IPs by default",
            );
        case "eks:index:Cluster": {
            // The component creates a default node group unless told not to; its nodes get public
            // IPs unless nodeAssociatePublicIpAddress is false. An unknown `fargate` may be off.
            const fargate = p.fargate !== undefined && p.fargate !== false && !isUnknown(p.fargate);
            const defaultNodeGroup =
                p.skipDefaultNodeGroup !== true &&
                !fargate &&
                objectAt(p.autoMode)?.enabled !== true;
            if (!defaultNodeGroup) return [];
            const options = objectAt(p.nodeGroupOptions);
            return options !== undefined
                ? asksForPublicIp(
                      "nodeGroupOptions.nodeAssociatePublicIpAddress",
                      options.nodeAssociatePublicIpAddress,
                      NODE_FIX,
                      "the default node group gives its nodes public IPs by default",
                  )
                : asksForPublicIp(
                      "nodeAssociatePublicIpAddress",
                      p.nodeAssociatePublicIpAddress,
                      NODE_FIX,
                      "the default node group gives its nodes public IPs by default",
                  );
        }
        default:
            return [];
    }
}

const SUBNET_TYPES: Record<string, string | undefined> = {
    "aws:ec2/subnet:Subnet": undefined,
    "aws:ec2/defaultSubnet:DefaultSubnet": "AWS maps public IPs in default subnets",
};

/**
 * Inputs through which a resource may use a subnet that maps public IPs: the internet-facing
 * edge of the network (NAT gateways, load balancers) and resources that only configure the subnet.
 * Any other input that comes from such a subnet places a workload in it.
 */
const EDGE_INPUTS: Record<string, readonly string[]> = {
    "aws:ec2/natGateway:NatGateway": ["subnetId"],
    "aws:lb/loadBalancer:LoadBalancer": ["subnets", "subnetMappings"],
    "aws:alb/loadBalancer:LoadBalancer": ["subnets", "subnetMappings"],
    "aws:elb/loadBalancer:LoadBalancer": ["subnets"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId"],
    "aws:ec2/networkAcl:NetworkAcl": ["subnetIds"],
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": ["subnetId"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["subnetIds", "subnetConfigurations"],
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation": ["subnetId"],
    "aws:ec2/tag:Tag": ["resourceId"],
};

function isEdgeUse(user: Resource, input: string): boolean {
    if (EDGE_INPUTS[user.type]?.includes(input)) return true;
    // The eks component puts internet-facing load balancers in publicSubnetIds and its nodes in
    // privateSubnetIds, when both are given; with public subnets only, the nodes go there too.
    // The stack check sees the component's outputs, not its inputs: whether it was given
    // private subnets shows in its inputs' dependencies (or, for plain ids, its outputs).
    return (
        user.type === "eks:index:Cluster" &&
        input === "publicSubnetIds" &&
        ((user.propertyDependencies.privateSubnetIds ?? []).length > 0 ||
            namesSomething(user.props.privateSubnetIds))
    );
}

/** The resources that place a workload in `subnet`. */
function workloadsIn(subnet: Resource, resources: readonly Resource[]): Resource[] {
    return resources.filter(
        (user) =>
            user.urn !== subnet.urn &&
            Object.entries(user.propertyDependencies).some(
                ([input, urns]) => urns.includes(subnet.urn) && !isEdgeUse(user, input),
            ),
    );
}

function subnetProblems(subnet: Resource, resources: readonly Resource[]): string[] {
    const defaultTrue = SUBNET_TYPES[subnet.type];
    const map = flag(subnet.props.mapPublicIpOnLaunch);
    const maps = map === true || map === "unknown" || (map === undefined && !!defaultTrue);
    if (!maps) return [];
    const users = workloadsIn(subnet, resources);
    if (users.length === 0) return [];
    const state =
        map === "unknown"
            ? "mapPublicIpOnLaunch is unknown during preview"
            : map === true
              ? "mapPublicIpOnLaunch is true"
              : `mapPublicIpOnLaunch is not set (${defaultTrue})`;
    const fix =
        map === "unknown"
            ? "pass a plain boolean (false)"
            : "set mapPublicIpOnLaunch false, or keep this subnet for NAT gateways and load balancers only";
    return [`${state} and workloads run in this subnet (${describeAll(users)}): ${fix}.`];
}

/**
 * Nothing asks for a public IP address: instances, launch templates and configurations, spot
 * requests, Elastic IPs on instances or network interfaces, ECS tasks (services, task sets,
 * EventBridge, Scheduler and Pipes targets), publicly accessible data stores, MSK brokers with
 * public access, the eks component's node groups; and no subnet that maps public IPs on launch holds a workload. A public subnet
 * stays legitimate for the internet-facing edge: a subnet may map public IPs only if every
 * resource that uses it is a NAT gateway, a load balancer, a route table or network ACL
 * association, a VPC endpoint, a tag, or the eks component's `publicSubnetIds` next to
 * `privateSubnetIds`. Any other resource whose inputs come from the subnet (found through
 * propertyDependencies, so it works while ids are unknown) is a workload.
 */
export const rule = stackRule({
    name: "no-public-ip",
    unknowns:
        "Unknown public-IP flags are violations; unknown subnet ids are the program's subnets, judged with their users.",
    description:
        "Nothing may ask for a public IP address, and no subnet that maps public IPs on launch may hold a workload.",
    nearest: {
        awsguard: [
            "ec2-instance-no-public-ip",
            "rds-instance-public-access",
            "redshift-cluster-public-access",
        ],
        cdkNag: [
            "NIST.800.53.R5-EC2InstanceNoPublicIp",
            "NIST.800.53.R5-AutoscalingLaunchConfigPublicIpDisabled",
            "NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled",
            "NIST.800.53.R5-RDSInstancePublicAccess",
            "NIST.800.53.R5-DMSReplicationNotPublic",
            "AwsSolutions-RS8",
        ],
        checkov: [
            "CKV_AWS_88",
            "CKV_AWS_130",
            "CKV_AWS_333",
            "CKV_AWS_17",
            "CKV_AWS_87",
            "CKV_AWS_89",
            "CKV_AWS_69",
        ],
    },
    check: (resources) =>
        resources.flatMap((resource) => {
            const messages = Object.hasOwn(SUBNET_TYPES, resource.type)
                ? subnetProblems(resource, resources)
                : COMPONENT_TYPES.includes(resource.type)
                  ? [] // judged on their inputs by no-public-ip-components
                  : ownProblems(resource);
            return messages.map((message) => ({ resource, message }));
        }),
});
