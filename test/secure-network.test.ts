import * as assert from "node:assert/strict";
import {
    INTERFACE_ENDPOINT_SERVICES,
    SecureNetwork,
    SecureNetworkArgs,
    subnetLayout,
    validateSecureNetworkArgs,
    validateWorkloadSecurityGroupArgs,
    WorkloadSecurityGroup,
    WorkloadSecurityGroupArgs,
} from "../components/secure-network";
import {
    Plan,
    planComponent,
    RecordedResource,
    UNKNOWN,
    valueOf,
    withoutModeled,
} from "./helpers/plan";

const T = {
    network: "lightspeed:index:SecureNetwork",
    workload: "lightspeed:index:WorkloadSecurityGroup",
    vpc: "awsx:ec2:Vpc",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const REGION = "us-east-1";

/** Plans one SecureNetwork named "net" (plus whatever `extra` adds) and keeps the instance. */
async function planNetwork(
    args: Partial<SecureNetworkArgs> = {},
    extra: (network: SecureNetwork) => void = () => undefined,
    options: { known?: boolean; config?: Record<string, unknown> } = {},
): Promise<{ plan: Plan; network: SecureNetwork }> {
    let network: SecureNetwork | undefined;
    const plan = await planComponent(() => {
        network = new SecureNetwork("net", { region: REGION, ...args });
        extra(network);
    }, options);
    return { plan: withoutModeled(plan), network: network! };
}

/** `[type, name]` pairs, sorted, so that registration order (which is async) does not matter. */
function sorted(pairs: string[][]): string[][] {
    return [...pairs].sort((a, b) => a.join(" ").localeCompare(b.join(" ")));
}

/** The resources as sorted `[type, name]` pairs. */
function typesAndNames(resources: readonly RecordedResource[]): string[][] {
    return sorted(resources.map((r) => [r.type, r.name]));
}

function endpointName(service: string): string {
    return `net-endpoint-${service.replace(/\./g, "-")}`;
}

describe("SecureNetwork", () => {
    describe("protect", () => {
        it("protects exactly the stateful children (flow log key and log group) by default", async () => {
            const { plan } = await planNetwork();
            const protectedChildren = plan.resources
                .filter((r) => r.protect)
                .map((r) => [r.type, r.name]);
            assert.deepEqual(sorted(protectedChildren), [
                [T.logGroup, "net-flow-logs"],
                [T.key, "net-flow-logs-key"],
            ]);
        });

        it("protects nothing with protect: false (a throwaway stack)", async () => {
            const { plan } = await planNetwork({ protect: false });
            assert.deepEqual(
                plan.resources.filter((r) => r.protect).map((r) => r.name),
                [],
            );
        });
    });

    describe("with default args (first preview)", () => {
        let plan: Plan;
        let network: SecureNetwork;
        before(async () => {
            ({ plan, network } = await planNetwork());
        });

        it("registers exactly its children, each directly under the component and named after it", () => {
            const component = plan.one(T.network, "net");
            const expected = [
                [T.vpc, "net-vpc"],
                [T.key, "net-flow-logs-key"],
                [T.logGroup, "net-flow-logs"],
                [T.role, "net-flow-logs-role"],
                [T.rolePolicy, "net-flow-logs-policy"],
                [T.flowLog, "net-flow-log"],
                [T.defaultSg, "net-default-sg"],
                [T.sg, "net-endpoints-sg"],
                [T.ingress, "net-endpoints-https-in"],
                ...INTERFACE_ENDPOINT_SERVICES.map((s) => [T.endpoint, endpointName(s)]),
            ];
            assert.deepEqual(typesAndNames(plan.childrenOf(component)), sorted(expected));
            assert.equal(plan.childrenOf(component).length, 17);
            // Nothing below the children: awsx's Vpc is remote and brings its own.
            assert.equal(plan.descendantsOf(component).length, 17);
            const vpc = plan.one(T.vpc, "net-vpc");
            assert.equal(vpc.remote, true);
        });

        it("asks awsx for the default CIDR over 3 AZs with one NAT gateway per AZ", () => {
            const inputs = plan.one(T.vpc, "net-vpc").inputs;
            assert.equal(inputs.cidrBlock, "10.0.0.0/16");
            assert.equal(inputs.numberOfAvailabilityZones, 3);
            assert.deepEqual(inputs.natGateways, { strategy: "OnePerAz" });
        });

        it("plans a larger private and a smaller public subnet per AZ, with DNS for private endpoints", () => {
            const inputs = plan.one(T.vpc, "net-vpc").inputs;
            assert.equal(inputs.subnetStrategy, "Auto");
            // /16 over 3 AZs: a /18 per AZ, private is half of it, public a quarter.
            assert.equal(inputs.availabilityZoneCidrMask, 18);
            assert.deepEqual(inputs.subnetSpecs, [
                { type: "Private", cidrMask: 19 },
                { type: "Public", cidrMask: 20 },
            ]);
            assert.equal(inputs.enableDnsHostnames, true);
            assert.equal(inputs.enableDnsSupport, true);
        });

        it("asks awsx for S3 and DynamoDB gateway endpoints in the given region, routed by Auto", () => {
            const inputs = plan.one(T.vpc, "net-vpc").inputs;
            assert.equal(inputs.vpcEndpointStrategy, "Auto");
            assert.deepEqual(inputs.vpcEndpointSpecs, [
                { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" },
                { serviceName: "com.amazonaws.us-east-1.dynamodb", vpcEndpointType: "Gateway" },
            ]);
        });

        it("logs ALL of the VPC's traffic to the CloudWatch log group through the flow-logs role", () => {
            const flowLog = plan.one(T.flowLog, "net-flow-log");
            assert.equal(flowLog.inputs.trafficType, "ALL");
            assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.equal(flowLog.inputs.maxAggregationInterval, 60);
            assert.deepEqual(flowLog.propertyDependencies.logDestination, [
                plan.one(T.logGroup, "net-flow-logs").urn,
            ]);
            assert.deepEqual(flowLog.propertyDependencies.iamRoleArn, [
                plan.one(T.role, "net-flow-logs-role").urn,
            ]);
            assert.deepEqual(flowLog.propertyDependencies.vpcId, [plan.one(T.vpc, "net-vpc").urn]);
            // The role must hold its policy before the flow log starts delivering.
            assert.ok(
                flowLog.dependencies.includes(plan.one(T.rolePolicy, "net-flow-logs-policy").urn),
            );
        });

        it("keeps flow logs 365 days in a group encrypted with the component's own KMS key", () => {
            const group = plan.one(T.logGroup, "net-flow-logs");
            assert.equal(group.inputs.retentionInDays, 365);
            assert.equal(group.inputs.kmsKeyId, UNKNOWN);
            assert.deepEqual(group.propertyDependencies.kmsKeyId, [
                plan.one(T.key, "net-flow-logs-key").urn,
            ]);
        });

        it("rotates the flow-log key and keeps it 30 days after its deletion is scheduled", () => {
            const key = plan.one(T.key, "net-flow-logs-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
        });

        it("key policy: the account gets explicit admin and use actions, never kms:*", () => {
            const policy = JSON.parse(plan.one(T.key, "net-flow-logs-key").inputs.policy as string);
            assert.equal(policy.Version, "2012-10-17");
            assert.equal(policy.Statement.length, 2);
            const account = policy.Statement[0];
            assert.deepEqual(account.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
            assert.equal(account.Effect, "Allow");
            assert.equal(account.Resource, "*");
            assert.equal(account.Condition, undefined);
            for (const action of [
                "kms:PutKeyPolicy",
                "kms:ScheduleKeyDeletion",
                "kms:EnableKeyRotation",
                "kms:Decrypt",
            ]) {
                assert.ok(account.Action.includes(action), `account lacks ${action}`);
            }
            const allActions: string[] = policy.Statement.flatMap((s: { Action: string[] }) =>
                [s.Action].flat(),
            );
            assert.deepEqual(
                allActions.filter((a) => a.includes("*")),
                [],
            );
        });

        it("key policy: CloudWatch Logs may use the key only for this account's log groups", () => {
            const policy = JSON.parse(plan.one(T.key, "net-flow-logs-key").inputs.policy as string);
            assert.deepEqual(policy.Statement[1], {
                Sid: "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                Effect: "Allow",
                Principal: { Service: "logs.us-east-1.amazonaws.com" },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:GenerateDataKeyPair",
                    "kms:GenerateDataKeyPairWithoutPlaintext",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
                    },
                },
            });
        });

        it("flow-logs role trusts only VPC Flow Logs acting for this account's flow logs", () => {
            const role = plan.one(T.role, "net-flow-logs-role");
            assert.deepEqual(role.inputs.assumeRolePolicy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnLike: {
                                "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/*`,
                            },
                        },
                    },
                ],
            });
        });

        it("flow-logs role may only create, write and list streams of its own log group", () => {
            const rolePolicy = plan.one(T.rolePolicy, "net-flow-logs-policy");
            // The group's ARN is unknown in a first preview; the actions are not.
            assert.deepEqual(rolePolicy.inputs.policy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "logs:DescribeLogStreams",
                        ],
                        Resource: [UNKNOWN, UNKNOWN],
                    },
                ],
            });
            assert.deepEqual(rolePolicy.propertyDependencies.policy, [
                plan.one(T.logGroup, "net-flow-logs").urn,
            ]);
            assert.deepEqual(rolePolicy.propertyDependencies.role, [
                plan.one(T.role, "net-flow-logs-role").urn,
            ]);
        });

        it("locks the VPC's default security group: no ingress and no egress", () => {
            const sg = plan.one(T.defaultSg, "net-default-sg");
            assert.deepEqual(sg.inputs.ingress, []);
            assert.deepEqual(sg.inputs.egress, []);
            assert.deepEqual(sg.propertyDependencies.vpcId, [plan.one(T.vpc, "net-vpc").urn]);
        });

        it("endpoint security group admits only TCP 443 from the VPC CIDR and allows no egress", () => {
            const sg = plan.one(T.sg, "net-endpoints-sg");
            assert.equal(sg.inputs.ingress, undefined);
            assert.equal(sg.inputs.egress, undefined);
            assert.equal(sg.inputs.revokeRulesOnDelete, true);
            assert.deepEqual(plan.ofType(T.egress), []);
            const rules = plan.ofType(T.ingress);
            assert.equal(rules.length, 1);
            const { securityGroupId, description, ...rule } = rules[0].inputs;
            assert.deepEqual(rule, {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "10.0.0.0/16",
            });
            assert.equal(securityGroupId, UNKNOWN);
            assert.equal(typeof description, "string");
            assert.deepEqual(rules[0].propertyDependencies.securityGroupId, [sg.urn]);
        });

        it("creates one private-DNS interface endpoint per service, in the private subnets", () => {
            const endpoints = plan.ofType(T.endpoint);
            assert.deepEqual(
                endpoints.map((e) => e.name).sort(),
                INTERFACE_ENDPOINT_SERVICES.map(endpointName).sort(),
            );
            const vpcUrn = plan.one(T.vpc, "net-vpc").urn;
            const sgUrn = plan.one(T.sg, "net-endpoints-sg").urn;
            for (const service of INTERFACE_ENDPOINT_SERVICES) {
                const endpoint = plan.one(T.endpoint, endpointName(service));
                assert.equal(endpoint.inputs.serviceName, `com.amazonaws.us-east-1.${service}`);
                assert.equal(endpoint.inputs.vpcEndpointType, "Interface");
                assert.equal(endpoint.inputs.privateDnsEnabled, true);
                assert.equal(endpoint.inputs.subnetIds, UNKNOWN);
                assert.deepEqual(endpoint.propertyDependencies.subnetIds, [vpcUrn]);
                assert.deepEqual(endpoint.inputs.securityGroupIds, [UNKNOWN]);
                assert.deepEqual(endpoint.propertyDependencies.securityGroupIds, [sgUrn]);
            }
        });

        it("exposes the CIDR as known and the created ids as unknown until deployed", async () => {
            assert.equal(await valueOf(network.vpcCidr), "10.0.0.0/16");
            assert.equal(await valueOf(network.vpcId), undefined);
            assert.equal(await valueOf(network.privateSubnetIds), undefined);
            assert.equal(await valueOf(network.flowLogKeyArn), undefined);
            assert.notEqual(network.endpointSecurityGroupId, undefined);
            assert.deepEqual(Object.keys(plan.one(T.network, "net").outputs ?? {}).sort(), [
                "endpointSecurityGroupId",
                "flowLogGroupName",
                "flowLogKeyArn",
                "privateSubnetIds",
                "publicSubnetIds",
                "vpcCidr",
                "vpcId",
            ]);
        });
    });

    describe("on an existing stack (known outputs)", () => {
        let plan: Plan;
        let network: SecureNetwork;
        before(async () => {
            ({ plan, network } = await planNetwork({}, undefined, { known: true }));
        });

        it("scopes the flow-logs role policy to the log group's ARN and its streams (`:*`)", () => {
            const groupArn = plan.one(T.rolePolicy, "net-flow-logs-policy").inputs.policy as {
                Statement: { Resource: string[] }[];
            };
            const [group, streams] = groupArn.Statement[0].Resource;
            assert.match(group, /^arn:aws:logs:us-east-1:123456789012:log-group:net-flow-logs-/);
            assert.equal(streams, `${group}:*`);
        });

        it("outputs one private and one public subnet per AZ", async () => {
            assert.equal((await valueOf(network.privateSubnetIds))?.length, 3);
            assert.equal((await valueOf(network.publicSubnetIds))?.length, 3);
            assert.match((await valueOf(network.flowLogGroupName)) ?? "", /^net-flow-logs-/);
        });
    });

    describe("with overrides", () => {
        it("Single NAT strategy over 2 AZs in a /20 plans /21 AZ shares with /22 and /23 subnets", async () => {
            const { plan } = await planNetwork({
                cidrBlock: "10.20.0.0/20",
                availabilityZoneCount: 2,
                natStrategy: "Single",
            });
            const inputs = plan.one(T.vpc, "net-vpc").inputs;
            assert.equal(inputs.cidrBlock, "10.20.0.0/20");
            assert.equal(inputs.numberOfAvailabilityZones, 2);
            assert.deepEqual(inputs.natGateways, { strategy: "Single" });
            assert.equal(inputs.availabilityZoneCidrMask, 21);
            assert.deepEqual(inputs.subnetSpecs, [
                { type: "Private", cidrMask: 22 },
                { type: "Public", cidrMask: 23 },
            ]);
            const rule = plan.one(T.ingress, "net-endpoints-https-in");
            assert.equal(rule.inputs.cidrIpv4, "10.20.0.0/20");
        });

        it("uses the given region for gateway and interface endpoint services and all ARNs", async () => {
            // The region argument must be the provider's region (its documented contract).
            const { plan } = await planNetwork(
                { region: "eu-west-1", interfaceEndpoints: ["sts"] },
                () => undefined,
                { config: { "aws:region": "eu-west-1" } },
            );
            assert.deepEqual(
                (
                    plan.one(T.vpc, "net-vpc").inputs.vpcEndpointSpecs as { serviceName: string }[]
                ).map((s) => s.serviceName),
                ["com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.dynamodb"],
            );
            assert.equal(
                plan.one(T.endpoint, "net-endpoint-sts").inputs.serviceName,
                "com.amazonaws.eu-west-1.sts",
            );
            const key = JSON.parse(plan.one(T.key, "net-flow-logs-key").inputs.policy as string);
            assert.equal(key.Statement[1].Principal.Service, "logs.eu-west-1.amazonaws.com");
            const trust = plan.one(T.role, "net-flow-logs-role").inputs.assumeRolePolicy as {
                Statement: { Condition: { ArnLike: Record<string, string> } }[];
            };
            assert.equal(
                trust.Statement[0].Condition.ArnLike["aws:SourceArn"],
                `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/*`,
            );
        });

        it("keeps flow logs for the configured retention", async () => {
            const { plan } = await planNetwork({ flowLogRetentionDays: 30 });
            assert.equal(plan.one(T.logGroup, "net-flow-logs").inputs.retentionInDays, 30);
        });

        it("creates only the listed interface endpoints, behind the endpoint security group", async () => {
            const { plan, network } = await planNetwork({ interfaceEndpoints: ["ecr.dkr", "sts"] });
            assert.deepEqual(
                plan
                    .ofType(T.endpoint)
                    .map((e) => e.name)
                    .sort(),
                ["net-endpoint-ecr-dkr", "net-endpoint-sts"],
            );
            assert.equal(
                plan.one(T.endpoint, "net-endpoint-ecr-dkr").inputs.serviceName,
                "com.amazonaws.us-east-1.ecr.dkr",
            );
            assert.equal(plan.ofType(T.sg).length, 1);
            assert.equal(plan.ofType(T.ingress).length, 1);
            assert.notEqual(network.endpointSecurityGroupId, undefined);
        });

        it("with no interface endpoints creates no endpoint security group or rule", async () => {
            const { plan, network } = await planNetwork({ interfaceEndpoints: [] });
            assert.deepEqual(plan.ofType(T.endpoint), []);
            assert.deepEqual(plan.ofType(T.sg), []);
            assert.deepEqual(plan.ofType(T.ingress), []);
            assert.equal(network.endpointSecurityGroupId, undefined);
            // The rest of the network is unchanged.
            assert.deepEqual(
                typesAndNames(plan.childrenOf(plan.one(T.network, "net"))),
                sorted([
                    [T.vpc, "net-vpc"],
                    [T.key, "net-flow-logs-key"],
                    [T.logGroup, "net-flow-logs"],
                    [T.role, "net-flow-logs-role"],
                    [T.rolePolicy, "net-flow-logs-policy"],
                    [T.flowLog, "net-flow-log"],
                    [T.defaultSg, "net-default-sg"],
                ]),
            );
        });

        it("puts the given tags on every taggable child", async () => {
            const tags = { environment: "test", project: "lightspeed" };
            const { plan } = await planNetwork({ tags, interfaceEndpoints: ["sts"] });
            const children = plan.childrenOf(plan.one(T.network, "net"));
            const untagged = children
                .filter((r) => r.type !== T.rolePolicy) // inline role policies have no tags
                .filter((r) => JSON.stringify(r.inputs.tags) !== JSON.stringify(tags))
                .map((r) => r.name);
            assert.deepEqual(untagged, []);
            assert.equal(children.length, 10);
        });

        it("rejects invalid args before registering the component", async () => {
            await assert.rejects(
                planComponent(
                    () => new SecureNetwork("net", { region: REGION, availabilityZoneCount: 1 }),
                ),
                { message: 'SecureNetwork "net": availabilityZoneCount must be 2..6, got 1' },
            );
        });
    });
});

describe("WorkloadSecurityGroup", () => {
    it("from SecureNetwork: no ingress, one TCP egress rule per port to the VPC CIDR only", async () => {
        let workload: WorkloadSecurityGroup | undefined;
        const { plan } = await planNetwork({ cidrBlock: "10.8.0.0/16" }, (network) => {
            workload = network.workloadSecurityGroup("net-app", {
                description: "App tasks",
                egressPorts: [443, 5432],
            });
        });
        const component = plan.one(T.workload, "net-app");
        assert.equal(component.parent, plan.one(T.network, "net").urn);
        const sg = plan.one(T.sg, "net-app-sg");
        assert.deepEqual(
            typesAndNames(plan.descendantsOf(component)),
            sorted([
                [T.sg, "net-app-sg"],
                [T.egress, "net-app-egress-443"],
                [T.egress, "net-app-egress-5432"],
            ]),
        );
        assert.equal(sg.inputs.ingress, undefined);
        assert.equal(sg.inputs.egress, undefined);
        assert.equal(sg.inputs.description, "App tasks");
        assert.equal(sg.inputs.revokeRulesOnDelete, true);
        assert.deepEqual(sg.propertyDependencies.vpcId, [plan.one(T.vpc, "net-vpc").urn]);
        // No ingress rule anywhere but the endpoint group's own.
        assert.deepEqual(
            plan.ofType(T.ingress).map((r) => r.name),
            ["net-endpoints-https-in"],
        );
        for (const port of [443, 5432]) {
            const rule = plan.one(T.egress, `net-app-egress-${port}`);
            const { securityGroupId, description, ...rest } = rule.inputs;
            assert.deepEqual(rest, {
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrIpv4: "10.8.0.0/16",
            });
            assert.equal(description, `TCP ${port} to the VPC`);
            assert.equal(securityGroupId, UNKNOWN);
            assert.deepEqual(rule.propertyDependencies.securityGroupId, [sg.urn]);
        }
        assert.equal(await valueOf(workload!.securityGroupId), undefined);
    });

    it("standalone: uses the VPC id, CIDR and tags it is given", async () => {
        const plan = await planComponent(() => {
            new WorkloadSecurityGroup("cache", {
                vpcId: "vpc-0123456789abcdef0",
                vpcCidr: "10.1.0.0/16",
                description: "Redis clients",
                egressPorts: [6379],
                tags: { owner: "reminders" },
            });
        });
        assert.equal(plan.one(T.sg, "cache-sg").inputs.vpcId, "vpc-0123456789abcdef0");
        assert.deepEqual(plan.one(T.sg, "cache-sg").inputs.tags, { owner: "reminders" });
        assert.equal(plan.one(T.egress, "cache-egress-6379").inputs.cidrIpv4, "10.1.0.0/16");
        assert.equal(plan.ofType(T.egress).length, 1);
        assert.deepEqual(plan.ofType(T.ingress), []);
    });
});

describe("validateSecureNetworkArgs", () => {
    const ok: SecureNetworkArgs = { region: "us-east-1" };
    const cases: [string, Partial<SecureNetworkArgs>, string][] = [
        [
            "a missing region",
            { region: undefined },
            'region must be an AWS region name like "us-east-1", got undefined',
        ],
        [
            "a malformed region",
            { region: "US East" },
            'region must be an AWS region name like "us-east-1", got "US East"',
        ],
        [
            "a CIDR with three octets",
            { cidrBlock: "10.0.0/16" },
            'cidrBlock must be an IPv4 CIDR block like "10.0.0.0/16", got "10.0.0/16"',
        ],
        [
            "a CIDR with an octet over 255",
            { cidrBlock: "10.0.256.0/24" },
            'cidrBlock must be an IPv4 CIDR block like "10.0.0.0/16", got "10.0.256.0/24"',
        ],
        [
            "a CIDR without a prefix",
            { cidrBlock: "10.0.0.0" },
            'cidrBlock must be an IPv4 CIDR block like "10.0.0.0/16", got "10.0.0.0"',
        ],
        ["a /8 VPC", { cidrBlock: "10.0.0.0/8" }, "cidrBlock prefix must be /16../24, got /8"],
        ["a /28 VPC", { cidrBlock: "10.0.0.0/28" }, "cidrBlock prefix must be /16../24, got /28"],
        [
            "host bits set",
            { cidrBlock: "10.0.0.1/16" },
            'cidrBlock must be a network address (no host bits set), got "10.0.0.1/16"; did you mean "10.0.0.0/16"?',
        ],
        ["1 AZ", { availabilityZoneCount: 1 }, "availabilityZoneCount must be 2..6, got 1"],
        ["7 AZs", { availabilityZoneCount: 7 }, "availabilityZoneCount must be 2..6, got 7"],
        [
            "a fractional AZ count",
            { availabilityZoneCount: 2.5 },
            "availabilityZoneCount must be 2..6, got 2.5",
        ],
        [
            "a /24 over 5 AZs",
            { cidrBlock: "10.0.0.0/24", availabilityZoneCount: 5 },
            "cidrBlock /24 is too small for 5 availability zones: each public subnet would be /29, and AWS subnets must be /28 or larger",
        ],
        [
            "an unknown NAT strategy",
            { natStrategy: "None" as never },
            'natStrategy must be "Single" or "OnePerAz", got "None"',
        ],
        [
            "a retention CloudWatch does not offer",
            { flowLogRetentionDays: 10 },
            "flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10",
        ],
        [
            "a duplicate endpoint",
            { interfaceEndpoints: ["sts", "logs", "sts"] },
            'interfaceEndpoints lists "sts" more than once',
        ],
        [
            "an unknown endpoint",
            { interfaceEndpoints: ["sts", "s3" as never] },
            'interfaceEndpoints has unknown service "s3"; known: kinesis-streams, sts, logs, states, secretsmanager, ecr.api, ecr.dkr, sns',
        ],
    ];
    for (const [what, override, message] of cases) {
        it(`rejects ${what}`, () => {
            assert.throws(
                () => validateSecureNetworkArgs("net", { ...ok, ...override } as SecureNetworkArgs),
                {
                    message: `SecureNetwork "net": ${message}`,
                },
            );
        });
    }

    const valid: [string, Partial<SecureNetworkArgs>][] = [
        ["the defaults", {}],
        [
            "a /24 over 4 AZs (public subnets exactly /28)",
            { cidrBlock: "10.0.0.0/24", availabilityZoneCount: 4 },
        ],
        [
            "a /16 over 6 AZs with one NAT gateway",
            { cidrBlock: "172.16.0.0/16", availabilityZoneCount: 6, natStrategy: "Single" },
        ],
        [
            "no interface endpoints and 7-day retention",
            { interfaceEndpoints: [], flowLogRetentionDays: 7 },
        ],
        ["a GovCloud region", { region: "us-gov-west-1" }],
    ];
    for (const [what, override] of valid) {
        it(`accepts ${what}`, () => {
            assert.doesNotThrow(() => validateSecureNetworkArgs("net", { ...ok, ...override }));
        });
    }
});

describe("subnetLayout", () => {
    const cases: [number, number, [number, number, number]][] = [
        [16, 2, [17, 18, 19]],
        [16, 3, [18, 19, 20]],
        [16, 4, [18, 19, 20]],
        [16, 6, [19, 20, 21]],
        [24, 4, [26, 27, 28]],
    ];
    for (const [prefix, azs, [az, priv, pub]] of cases) {
        it(`gives a /${prefix} over ${azs} AZs /${az} per AZ, a /${priv} private and a /${pub} public subnet`, () => {
            assert.deepEqual(subnetLayout(prefix, azs), {
                availabilityZoneCidrMask: az,
                privateCidrMask: priv,
                publicCidrMask: pub,
            });
        });
    }
});

describe("validateWorkloadSecurityGroupArgs", () => {
    const ok: WorkloadSecurityGroupArgs = {
        vpcId: "vpc-1",
        vpcCidr: "10.0.0.0/16",
        description: "App tasks",
        egressPorts: [443],
    };
    const cases: [string, Partial<WorkloadSecurityGroupArgs>, string][] = [
        ["port 0", { egressPorts: [443, 0] }, "egressPorts must be 1..65535, got 0"],
        ["port 70000", { egressPorts: [70000] }, "egressPorts must be 1..65535, got 70000"],
        ["a fractional port", { egressPorts: [44.3] }, "egressPorts must be 1..65535, got 44.3"],
        ["no ports", { egressPorts: [] }, "egressPorts must list at least one port, got []"],
        [
            "a duplicate port",
            { egressPorts: [443, 6379, 443] },
            "egressPorts lists 443 more than once",
        ],
        [
            "an empty description",
            { description: " " },
            'description must be 1..255 characters, got " "',
        ],
    ];
    for (const [what, override, message] of cases) {
        it(`rejects ${what}`, () => {
            assert.throws(() => validateWorkloadSecurityGroupArgs("app", { ...ok, ...override }), {
                message: `WorkloadSecurityGroup "app": ${message}`,
            });
        });
    }

    it("accepts ports 1 and 65535", () => {
        assert.doesNotThrow(() =>
            validateWorkloadSecurityGroupArgs("app", { ...ok, egressPorts: [1, 65535] }),
        );
    });

    it("is enforced by SecureNetwork.workloadSecurityGroup before anything is registered", async () => {
        await assert.rejects(
            planNetwork({}, (network) => {
                network.workloadSecurityGroup("net-app", { description: "App", egressPorts: [] });
            }),
            {
                message:
                    'WorkloadSecurityGroup "net-app": egressPorts must list at least one port, got []',
            },
        );
    });
});

describe("SecureNetwork: its awsx VPC, as the engine's model of awsx builds it", () => {
    it("puts private subnets first and larger per AZ, public ones after them, a quarter left free", async () => {
        const plan = await planComponent(() => void new SecureNetwork("net", { region: REGION }));
        const subnets = plan
            .ofType("aws:ec2/subnet:Subnet")
            .filter((r) => r.modeled)
            .map((r) => [r.name, r.inputs.cidrBlock, r.inputs.mapPublicIpOnLaunch]);
        // Defaults: 10.0.0.0/16 over 3 AZs gives /18 per AZ, private /19, public /20.
        assert.deepEqual(sorted(subnets as string[][]), [
            ["net-vpc-private-1", "10.0.0.0/19", false],
            ["net-vpc-private-2", "10.0.64.0/19", false],
            ["net-vpc-private-3", "10.0.128.0/19", false],
            ["net-vpc-public-1", "10.0.32.0/20", true],
            ["net-vpc-public-2", "10.0.96.0/20", true],
            ["net-vpc-public-3", "10.0.160.0/20", true],
        ]);
        // OnePerAz: a NAT gateway in each public subnet, each private route through its AZ's.
        const nats = plan.ofType("aws:ec2/natGateway:NatGateway");
        assert.deepEqual(
            nats.map((n) => plan.byUrn(n.parent!).name),
            ["net-vpc-public-1", "net-vpc-public-2", "net-vpc-public-3"],
        );
        // "Auto" gateway endpoints are attached to all six route tables.
        for (const endpoint of plan
            .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
            .filter((r) => r.modeled)) {
            assert.equal((endpoint.inputs.routeTableIds as unknown[]).length, 6, endpoint.name);
        }
    });
});
