import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { parseIpv4Cidr } from "../lib/cidr";
import { SECURE_NETWORK_FIXED, withDefaults } from "./defaults";
import type { SecureNetworkArgs, WorkloadSecurityGroupOptions } from "./args";
import { subnetLayout, validateSecureNetworkArgs } from "./validate";
import { WorkloadSecurityGroup } from "./workload-security-group";
import { createKey } from "../lib/kms";

export { INTERFACE_ENDPOINT_SERVICES, NAT_STRATEGIES } from "./args";
export type {
    InterfaceEndpointService,
    NatStrategy,
    SecureNetworkArgs,
    WorkloadSecurityGroupArgs,
    WorkloadSecurityGroupOptions,
} from "./args";
export { SECURE_NETWORK_DEFAULTS } from "./defaults";
export {
    AVAILABILITY_ZONE_RANGE,
    subnetLayout,
    subnetLayoutProblem,
    validateSecureNetworkArgs,
    validateWorkloadSecurityGroupArgs,
    VPC_PREFIX_RANGE,
} from "./validate";
export type { SubnetLayout } from "./validate";
export { WorkloadSecurityGroup } from "./workload-security-group";

/** Gateway endpoints are free and keep S3 and DynamoDB traffic off the NAT gateways. */
const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;

/** What VPC Flow Logs needs on its log group to deliver records. */
const FLOW_LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:DescribeLogStreams",
];

/**
 * A private network for one environment: an awsx VPC with private and public subnets in each
 * availability zone, NAT gateways, free S3 and DynamoDB gateway endpoints, interface endpoints for
 * the AWS APIs the platform calls, VPC flow logs to a KMS-encrypted log group, and a default
 * security group that admits and emits nothing.
 */
export class SecureNetwork extends pulumi.ComponentResource {
    /** The VPC's id. */
    public readonly vpcId: pulumi.Output<string>;
    /** The VPC's CIDR block (the `cidrBlock` argument, known at preview). */
    public readonly vpcCidr: pulumi.Output<string>;
    /** One private subnet per availability zone. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** One public subnet per availability zone. */
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** The security group on the interface endpoints; undefined when there are none. */
    public readonly endpointSecurityGroupId: pulumi.Output<string> | undefined;
    /** The CloudWatch log group the VPC flow logs go to. */
    public readonly flowLogGroupName: pulumi.Output<string>;
    /** The KMS key that encrypts the flow log group. */
    public readonly flowLogKeyArn: pulumi.Output<string>;

    private readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;

    constructor(name: string, args: SecureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecureNetworkArgs(name, args);
        super("lightspeed:index:SecureNetwork", name, args, opts);
        const a = withDefaults(args);
        this.tags = a.tags;

        const partition = aws.getPartitionOutput({}, { parent: this });
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const arnPartition = partition.partition;
        const accountId = identity.accountId;
        const region = a.region;

        const vpcPrefix = parseIpv4Cidr(a.cidrBlock)!.prefix; // validated above
        const layout = subnetLayout(vpcPrefix, a.availabilityZoneCount);
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: a.cidrBlock,
                numberOfAvailabilityZones: a.availabilityZoneCount,
                natGateways: { strategy: a.natStrategy },
                subnetStrategy: "Auto",
                availabilityZoneCidrMask: layout.availabilityZoneCidrMask,
                // Private first and larger: workloads live there; public holds only NAT and ALBs.
                subnetSpecs: [
                    { type: "Private", cidrMask: layout.privateCidrMask },
                    { type: "Public", cidrMask: layout.publicCidrMask },
                ],
                // Private DNS on interface endpoints needs both.
                enableDnsHostnames: true,
                enableDnsSupport: true,
                // "Auto" attaches the gateway endpoints to the route tables awsx creates.
                vpcEndpointStrategy: "Auto",
                vpcEndpointSpecs: GATEWAY_ENDPOINT_SERVICES.map((service) => ({
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Gateway",
                })),
                tags: a.tags,
            },
            { parent: this },
        );
        const vpcCidr = pulumi.output(a.cidrBlock);

        // --- VPC flow logs -------------------------------------------------------------------

        const accountFlowLogs = pulumi.interpolate`arn:${arnPartition}:ec2:${region}:${accountId}:vpc-flow-log/*`;
        const key = createKey(
            `${name}-flow-logs-key`,
            {
                description: `Encrypts the VPC flow logs of SecureNetwork ${name}`,
                services: ["logs"],
                protect: a.protect,
                tags: a.tags,
            },
            this,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                retentionInDays: a.flowLogRetentionDays,
                kmsKeyId: key.arn,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );

        const role = new aws.iam.Role(
            `${name}-flow-logs-role`,
            {
                description: `Lets VPC Flow Logs deliver SecureNetwork ${name}'s flow logs`,
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            // Confused-deputy protection: only flow logs of this account.
                            Condition: {
                                StringEquals: { "aws:SourceAccount": accountId },
                                ArnLike: {
                                    "aws:SourceArn": accountFlowLogs,
                                },
                            },
                        },
                    ],
                },
                tags: a.tags,
            },
            { parent: this },
        );

        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-flow-logs-policy`,
            {
                role: role.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: FLOW_LOG_DELIVERY_ACTIONS,
                            // The group, and its streams (`<group arn>:*`).
                            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                        },
                    ],
                },
            },
            { parent: this },
        );

        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: vpc.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: SECURE_NETWORK_FIXED.flowLogMaxAggregationIntervalSeconds,
                tags: a.tags,
            },
            // Without its policy the role cannot deliver, and the flow log starts in error.
            { parent: this, dependsOn: [rolePolicy] },
        );

        // --- Security groups -------------------------------------------------------------------

        // Adopts the VPC's default group and strips its rules, so nothing that falls back to it
        // (an ENI created without a group) can talk to anything.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.vpcId, ingress: [], egress: [], tags: a.tags },
            { parent: this },
        );

        let endpointSecurityGroupId: pulumi.Output<string> | undefined;
        if (a.interfaceEndpoints.length > 0) {
            const port = SECURE_NETWORK_FIXED.endpointPort;
            // No egress: endpoints only answer; security groups are stateful.
            const endpointGroup = new aws.ec2.SecurityGroup(
                `${name}-endpoints-sg`,
                {
                    vpcId: vpc.vpcId,
                    description: "Interface VPC endpoints: HTTPS from inside the VPC only",
                    revokeRulesOnDelete: true,
                    tags: a.tags,
                },
                { parent: this },
            );
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-endpoints-https-in`,
                {
                    securityGroupId: endpointGroup.id,
                    description: "HTTPS from the VPC",
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: vpcCidr,
                    tags: a.tags,
                },
                { parent: this },
            );
            for (const service of a.interfaceEndpoints) {
                new aws.ec2.VpcEndpoint(
                    `${name}-endpoint-${service.replace(/\./g, "-")}`,
                    {
                        vpcId: vpc.vpcId,
                        vpcEndpointType: "Interface",
                        serviceName: `com.amazonaws.${region}.${service}`,
                        privateDnsEnabled: true,
                        subnetIds: vpc.privateSubnetIds,
                        securityGroupIds: [endpointGroup.id],
                        tags: a.tags,
                    },
                    { parent: this },
                );
            }
            endpointSecurityGroupId = endpointGroup.id;
        }

        this.vpcId = vpc.vpcId;
        this.vpcCidr = vpcCidr;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.endpointSecurityGroupId = endpointSecurityGroupId;
        this.flowLogGroupName = logGroup.name;
        this.flowLogKeyArn = key.arn;
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
            flowLogKeyArn: this.flowLogKeyArn,
        });
    }

    /**
     * A security group for a workload in this network: no ingress, egress only on `egressPorts`
     * (TCP) to the VPC's CIDR. Parented to this network unless `opts` says otherwise; `name` is
     * used as given, so prefix it with the consumer's name.
     */
    public workloadSecurityGroup(
        name: string,
        args: WorkloadSecurityGroupOptions,
        opts?: pulumi.ComponentResourceOptions,
    ): WorkloadSecurityGroup {
        return new WorkloadSecurityGroup(
            name,
            {
                vpcId: this.vpcId,
                vpcCidr: this.vpcCidr,
                description: args.description,
                egressPorts: args.egressPorts,
                tags: args.tags ?? this.tags,
            },
            { parent: this, ...opts },
        );
    }
}
