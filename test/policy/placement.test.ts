/**
 * Private placement rules, through the real gate: for each rule a compliant program, then one
 * mutation per unsafe form (resource type and input), each with the exact violations it causes.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { deprecatedType, violationsOf } from "../helpers/policy";

// Types whose SDK classes are deprecated, as programs that still use them register them.
const BucketV2 = deprecatedType<aws.s3.BucketV2Args>("aws:s3/bucketV2:BucketV2");
const BucketAclV2 = deprecatedType<aws.s3.BucketAclV2Args>("aws:s3/bucketAclV2:BucketAclV2");
const EksNodeGroup = deprecatedType<eks.NodeGroupArgs>("eks:index:NodeGroup", "remote component");

const ROLE = "arn:aws:iam::123456789012:role/test";
const AMI = "ami-0123456789abcdef0";
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/** What a fixture built so far, by resource name (for overrides that reference other resources). */
type Built = Record<string, pulumi.Resource>;
/** A mutation of one resource: args merged over the compliant ones, or null to leave it out. */
type Override = Record<string, unknown> | ((built: Built) => Record<string, unknown>) | null;
/** A mutation: overrides by resource name. */
type Overrides = Record<string, Override>;

/** Builds a fixture's resources in order, applying a mutation's overrides by resource name. */
class Fixture {
    readonly built: Built = {};

    constructor(private readonly overrides: Overrides = {}) {}

    /** Creates `name` from `base` args and its override; undefined when the override removes it. */
    make<A extends object, R extends pulumi.Resource>(
        ctor: new (name: string, args: A) => R,
        name: string,
        base: A,
    ): R | undefined {
        const o = this.overrides[name];
        if (o === null) return undefined;
        const extra = typeof o === "function" ? o(this.built) : (o ?? {});
        const resource = new ctor(name, { ...base, ...extra } as A);
        this.built[name] = resource;
        return resource;
    }
}

/** The id of a resource a fixture built. */
function idOf(built: Built, name: string): pulumi.Output<string> {
    return (built[name] as pulumi.CustomResource).id;
}

/** A boolean that is unknown during preview (it waits for the resource's id). */
function unknownBoolean(built: Built, name: string, value: boolean): pulumi.Output<boolean> {
    return idOf(built, name).apply(() => value);
}

/** A VPC that exists outside the program. */
const VPC = "vpc-0123456789abcdef0";

/** A private subnet and a workload security group of the program: ids unknown during preview. */
function network(f: Fixture) {
    const subnet = f.make(aws.ec2.Subnet, "private", { vpcId: VPC, cidrBlock: "10.0.1.0/24" })!;
    const group = f.make(aws.ec2.SecurityGroup, "workload-sg", {
        vpcId: VPC,
        description: "workload",
    })!;
    return { subnet, group };
}

/** The sorted one-line violations `violationsOf` returns for `messages` of `rule` on `name`. */
function findings(rule: string, name: string, ...messages: string[]): string[] {
    return messages.map((m) => `mandatory ${rule} ${name}: ${m}`).sort();
}

describe("lambda-in-vpc", () => {
    const rule = "lambda-in-vpc";
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const { subnet, group } = network(f);
            f.make(aws.lambda.Function, "fn", {
                role: ROLE,
                runtime: "nodejs20.x",
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset("exports.handler=async()=>({})"),
                }),
                vpcConfig: { subnetIds: [subnet.id], securityGroupIds: [group.id] },
            });
        };

    it("passes a function in the program's subnets and security group (ids unknown)", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags a function without vpcConfig", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ fn: { vpcConfig: undefined } })),
            findings(
                rule,
                "fn",
                "vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            ),
        );
    });

    it("flags empty vpcConfig.subnetIds", async () => {
        const o = {
            fn: (b: Built) => ({
                vpcConfig: { subnetIds: [], securityGroupIds: [idOf(b, "workload-sg")] },
            }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "fn", "vpcConfig.subnetIds is empty: name the private subnets."),
        );
    });

    it("flags empty vpcConfig.securityGroupIds", async () => {
        const o = {
            fn: (b: Built) => ({
                vpcConfig: { subnetIds: [idOf(b, "private")], securityGroupIds: [] },
            }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "fn", "vpcConfig.securityGroupIds is empty: name a security group."),
        );
    });
});

describe("opensearch-in-vpc", () => {
    const rule = "opensearch-in-vpc";
    const networkPolicy = (allowFromPublic: boolean) =>
        JSON.stringify([
            {
                Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }],
                AllowFromPublic: allowFromPublic,
                SourceVPCEs: ["vpce-0123456789abcdef0"],
            },
        ]);
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const { subnet, group } = network(f);
            const vpcOptions = { subnetIds: [subnet.id], securityGroupIds: [group.id] };
            f.make(aws.opensearch.Domain, "search", {
                engineVersion: "OpenSearch_2.13",
                vpcOptions,
            });
            f.make(aws.elasticsearch.Domain, "legacy-search", {
                elasticsearchVersion: "7.10",
                vpcOptions,
            });
            f.make(aws.opensearch.ServerlessSecurityPolicy, "logs-network", {
                type: "network",
                policy: networkPolicy(false),
            });
            // Encryption policies are not network policies: AllowFromPublic means nothing there.
            f.make(aws.opensearch.ServerlessSecurityPolicy, "logs-encryption", {
                type: "encryption",
                policy: JSON.stringify({ Rules: [], AWSOwnedKey: true }),
            });
        };

    it("passes domains in the program's subnets and security group, and a private network policy", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags an OpenSearch domain without vpcOptions", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ search: { vpcOptions: undefined } })),
            findings(
                rule,
                "search",
                "vpcOptions is missing, so the domain gets a public endpoint: set vpcOptions.subnetIds (private subnets) and vpcOptions.securityGroupIds.",
            ),
        );
    });

    it("flags a legacy Elasticsearch domain without vpcOptions", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ "legacy-search": { vpcOptions: undefined } })),
            findings(
                rule,
                "legacy-search",
                "vpcOptions is missing, so the domain gets a public endpoint: set vpcOptions.subnetIds (private subnets) and vpcOptions.securityGroupIds.",
            ),
        );
    });

    it("flags empty vpcOptions.subnetIds", async () => {
        const o = {
            search: (b: Built) => ({
                vpcOptions: { subnetIds: [], securityGroupIds: [idOf(b, "workload-sg")] },
            }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "search", "vpcOptions.subnetIds is empty: name the private subnets."),
        );
    });

    it("flags vpcOptions without securityGroupIds", async () => {
        const o = {
            "legacy-search": (b: Built) => ({ vpcOptions: { subnetIds: [idOf(b, "private")] } }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "legacy-search",
                "vpcOptions.securityGroupIds is empty, so the domain uses the VPC's default security group: name a security group.",
            ),
        );
    });

    it("flags an OpenSearch Serverless network policy that allows public access", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ "logs-network": { policy: networkPolicy(true) } })),
            findings(
                rule,
                "logs-network",
                "policy[0].AllowFromPublic is true: set it false and list the VPC endpoints that may reach the collections in SourceVPCEs.",
            ),
        );
    });

    it("fails closed on a network policy that is unknown during preview", async () => {
        const o = {
            "logs-network": (b: Built) => ({
                policy: idOf(b, "private").apply(() => networkPolicy(false)),
            }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "logs-network",
                "policy is unknown during preview: pass the network policy as a plain JSON string.",
            ),
        );
    });
});

describe("elasticache-in-vpc", () => {
    const rule = "elasticache-in-vpc";
    const noSubnetGroup =
        "subnetGroupName is not set, so the cache goes into the default VPC: create an aws.elasticache.SubnetGroup over the private subnets and pass its name.";
    const noGroups =
        "securityGroupIds is not set, so the cache uses the VPC's default security group: name a security group.";
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const { subnet, group } = network(f);
            const subnets = f.make(aws.elasticache.SubnetGroup, "cache-subnets", {
                subnetIds: [subnet.id],
            })!;
            f.make(aws.elasticache.Cluster, "memcached", {
                engine: "memcached",
                nodeType: "cache.t4g.micro",
                numCacheNodes: 1,
                subnetGroupName: subnets.name,
                securityGroupIds: [group.id],
            });
            const redis = f.make(aws.elasticache.ReplicationGroup, "redis", {
                description: "sessions",
                nodeType: "cache.t4g.micro",
                subnetGroupName: subnets.name,
                securityGroupIds: [group.id],
            })!;
            // A cluster that joins a replication group takes its subnets and groups from the group.
            f.make(aws.elasticache.Cluster, "redis-reader", { replicationGroupId: redis.id });
            f.make(aws.elasticache.ServerlessCache, "cache", {
                engine: "valkey",
                subnetIds: [subnet.id],
                securityGroupIds: [group.id],
            });
        };

    it("passes caches in a subnet group (or a replication group) behind security groups", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags a cluster without subnetGroupName", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ memcached: { subnetGroupName: undefined } })),
            findings(rule, "memcached", noSubnetGroup),
        );
    });

    it("flags a cluster without securityGroupIds", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ memcached: { securityGroupIds: undefined } })),
            findings(rule, "memcached", noGroups),
        );
    });

    it("flags a replication group without subnetGroupName", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ redis: { subnetGroupName: undefined } })),
            findings(rule, "redis", noSubnetGroup),
        );
    });

    it("flags a replication group with empty securityGroupIds", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ redis: { securityGroupIds: [] } })),
            findings(rule, "redis", noGroups),
        );
    });

    it("flags a serverless cache without subnetIds", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ cache: { subnetIds: undefined } })),
            findings(
                rule,
                "cache",
                "subnetIds is not set, so the cache goes into the default VPC: name the private subnets.",
            ),
        );
    });

    it("flags a serverless cache without securityGroupIds", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ cache: { securityGroupIds: undefined } })),
            findings(rule, "cache", noGroups),
        );
    });
});

describe("eks-endpoint-private", () => {
    const rule = "eks-endpoint-private";
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const { subnet } = network(f);
            f.make(aws.eks.Cluster, "eks", {
                roleArn: ROLE,
                vpcConfig: {
                    subnetIds: [subnet.id],
                    endpointPublicAccess: false,
                    endpointPrivateAccess: true,
                },
            });
            f.make(aws.eks.Cluster, "eks-allowlisted", {
                roleArn: ROLE,
                vpcConfig: {
                    subnetIds: [subnet.id],
                    endpointPublicAccess: true,
                    publicAccessCidrs: ["203.0.113.0/24"],
                },
            });
            f.make(eks.Cluster, "k8s", {
                privateSubnetIds: [subnet.id],
                endpointPublicAccess: false,
                endpointPrivateAccess: true,
                skipDefaultNodeGroup: true,
            });
        };
    const vpcConfig = (b: Built, extra: Record<string, unknown>) => ({
        vpcConfig: { subnetIds: [idOf(b, "private")], ...extra },
    });
    const fix =
        "set vpcConfig.endpointPublicAccess false and vpcConfig.endpointPrivateAccess true, or list the only CIDRs that may reach the API server in vpcConfig.publicAccessCidrs.";
    const componentFix =
        "set endpointPublicAccess false and endpointPrivateAccess true, or list the only CIDRs that may reach the API server in publicAccessCidrs.";

    it("passes private endpoints and a public endpoint limited to named CIDRs", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags public-access CIDRs that cover the internet together (0.0.0.0/1 + 128.0.0.0/1)", async () => {
        const o = {
            "eks-allowlisted": (b: Built) =>
                vpcConfig(b, {
                    endpointPublicAccess: true,
                    publicAccessCidrs: ["8.0.0.0/9", "8.128.0.0/9"],
                }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "eks-allowlisted",
                `vpcConfig.endpointPublicAccess is true and vpcConfig.publicAccessCidrs 8.0.0.0/9, 8.128.0.0/9 together cover 0.4% of public IPv4, so the Kubernetes API server is open to the internet: ${fix}`,
            ),
        );
        const halves = {
            "eks-allowlisted": (b: Built) =>
                vpcConfig(b, {
                    endpointPublicAccess: true,
                    publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"],
                }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(halves)),
            findings(
                rule,
                "eks-allowlisted",
                `vpcConfig.endpointPublicAccess is true and vpcConfig.publicAccessCidrs includes 0.0.0.0/1, 128.0.0.0/1, so the Kubernetes API server is open to the internet: ${fix}`,
            ),
        );
    });

    it("flags an aws.eks.Cluster that leaves endpointPublicAccess to its default", async () => {
        const o = { eks: (b: Built) => vpcConfig(b, {}) };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "eks",
                `vpcConfig.endpointPublicAccess is not set (AWS enables the public endpoint by default) and vpcConfig.publicAccessCidrs is not set, so the Kubernetes API server is open to 0.0.0.0/0: ${fix}`,
            ),
        );
    });

    it("flags an aws.eks.Cluster public endpoint without publicAccessCidrs", async () => {
        const o = { "eks-allowlisted": (b: Built) => vpcConfig(b, { endpointPublicAccess: true }) };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "eks-allowlisted",
                `vpcConfig.endpointPublicAccess is true and vpcConfig.publicAccessCidrs is not set, so the Kubernetes API server is open to 0.0.0.0/0: ${fix}`,
            ),
        );
    });

    it("flags an aws.eks.Cluster public endpoint open to 0.0.0.0/0", async () => {
        const o = {
            "eks-allowlisted": (b: Built) =>
                vpcConfig(b, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "eks-allowlisted",
                `vpcConfig.endpointPublicAccess is true and vpcConfig.publicAccessCidrs includes 0.0.0.0/0, so the Kubernetes API server is open to the internet: ${fix}`,
            ),
        );
    });

    it("fails closed on an endpointPublicAccess that is unknown during preview", async () => {
        const o = {
            eks: (b: Built) =>
                vpcConfig(b, { endpointPublicAccess: unknownBoolean(b, "private", false) }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "eks",
                "vpcConfig.endpointPublicAccess is unknown during preview: pass a plain boolean (false).",
            ),
        );
    });

    it("flags the eks component when endpointPublicAccess is left to its default", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ k8s: { endpointPublicAccess: undefined } })),
            [
                ...findings(
                    rule,
                    "k8s",
                    `endpointPublicAccess is not set (AWS enables the public endpoint by default) and publicAccessCidrs is not set, so the Kubernetes API server is open to 0.0.0.0/0: ${componentFix}`,
                ),
                // The aws.eks.Cluster of the engine's model of the component.
                ...findings(
                    rule,
                    "k8s-eksCluster",
                    `vpcConfig.endpointPublicAccess is not set (AWS enables the public endpoint by default) and vpcConfig.publicAccessCidrs is not set, so the Kubernetes API server is open to 0.0.0.0/0: ${fix}`,
                ),
            ].sort(),
        );
    });

    it("flags the eks component's public endpoint open to ::/0 among named CIDRs", async () => {
        const o = {
            k8s: { endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24", "::/0"] },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            [
                ...findings(
                    rule,
                    "k8s",
                    `endpointPublicAccess is true and publicAccessCidrs includes ::/0, so the Kubernetes API server is open to the internet: ${componentFix}`,
                ),
                ...findings(
                    rule,
                    "k8s-eksCluster",
                    `vpcConfig.endpointPublicAccess is true and vpcConfig.publicAccessCidrs includes ::/0, so the Kubernetes API server is open to the internet: ${fix}`,
                ),
            ].sort(),
        );
    });
});

describe("no-public-ip", () => {
    const rule = "no-public-ip";
    const instanceFix =
        "set it false; reach instances through a load balancer or SSM Session Manager.";
    const taskFix =
        "set it false; tasks in private subnets reach the internet through the NAT gateways.";
    const dataFix = "set it false; clients reach it from inside the VPC.";
    const eipFix =
        "remove it and put the workload behind a load balancer (Elastic IPs belong on NAT gateways).";
    const nodeFix =
        "set it false (or skipDefaultNodeGroup true); reach nodes through SSM Session Manager.";
    const launchTemplatePublic =
        'networkInterfaces[0].associatePublicIpAddress is "true": set it "false"; reach instances through a load balancer or SSM Session Manager.';
    const subnetFix =
        "set mapPublicIpOnLaunch false, or keep this subnet for NAT gateways and load balancers only.";
    const SUBNET = "subnet-0123456789abcdef0";
    const TASK = "arn:aws:ecs:us-east-1:123456789012:task-definition/job:1";
    const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/main";

    describe("EC2 instances, launch templates and Elastic IPs", () => {
        const program =
            (o: Overrides = {}, extra?: () => void) =>
            () => {
                const f = new Fixture(o);
                const inPrivate = { subnetId: SUBNET, associatePublicIpAddress: false };
                f.make(aws.ec2.Instance, "app", {
                    ami: AMI,
                    instanceType: "t3.micro",
                    ...inPrivate,
                });
                f.make(aws.ec2.SpotInstanceRequest, "batch", {
                    ami: AMI,
                    instanceType: "t3.micro",
                    ...inPrivate,
                });
                f.make(aws.ec2.LaunchConfiguration, "legacy-config", {
                    imageId: AMI,
                    instanceType: "t3.micro",
                    associatePublicIpAddress: false,
                });
                f.make(aws.ec2.LaunchTemplate, "workers", {
                    imageId: AMI,
                    networkInterfaces: [{ associatePublicIpAddress: "false", subnetId: SUBNET }],
                });
                f.make(aws.ec2.SpotFleetRequest, "fleet", {
                    iamFleetRole: ROLE,
                    targetCapacity: 1,
                    launchSpecifications: [{ ami: AMI, instanceType: "t3.micro", ...inPrivate }],
                });
                // An Elastic IP held for a NAT gateway, attached to nothing.
                f.make(aws.ec2.Eip, "reserved-ip", { domain: "vpc" });
                extra?.();
            };

        it("passes instances, templates and fleets without public IPs, and an unattached Elastic IP", async () => {
            assert.deepEqual(await violationsOf(rule, program()), []);
        });

        for (const [name, type] of [
            ["app", "aws.ec2.Instance"],
            ["batch", "aws.ec2.SpotInstanceRequest"],
            ["legacy-config", "aws.ec2.LaunchConfiguration"],
        ]) {
            it(`flags ${type} associatePublicIpAddress true`, async () => {
                assert.deepEqual(
                    await violationsOf(
                        rule,
                        program({ [name]: { associatePublicIpAddress: true } }),
                    ),
                    findings(rule, name, `associatePublicIpAddress is true: ${instanceFix}`),
                );
            });
        }

        it("fails closed on an associatePublicIpAddress that is unknown during preview", async () => {
            const o = {
                app: (b: Built) => ({
                    associatePublicIpAddress: unknownBoolean(b, "reserved-ip", false),
                }),
            };
            const program2 = () => {
                const f = new Fixture(o);
                f.make(aws.ec2.Eip, "reserved-ip", { domain: "vpc" });
                f.make(aws.ec2.Instance, "app", {
                    ami: AMI,
                    instanceType: "t3.micro",
                    subnetId: SUBNET,
                });
            };
            assert.deepEqual(
                await violationsOf(rule, program2),
                findings(
                    rule,
                    "app",
                    "associatePublicIpAddress is unknown during preview: pass a plain boolean (false).",
                ),
            );
        });

        it('flags a launch template network interface with associatePublicIpAddress "true"', async () => {
            const o = { workers: { networkInterfaces: [{ associatePublicIpAddress: "true" }] } };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "workers",
                    'networkInterfaces[0].associatePublicIpAddress is "true": set it "false"; reach instances through a load balancer or SSM Session Manager.',
                ),
            );
        });

        it("flags a spot fleet launch specification with associatePublicIpAddress true", async () => {
            const o = {
                fleet: {
                    launchSpecifications: [
                        { ami: AMI, instanceType: "t3.micro", associatePublicIpAddress: true },
                    ],
                },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "fleet",
                    `launchSpecifications[0].associatePublicIpAddress is true: ${instanceFix}`,
                ),
            );
        });

        it("fails closed on network interfaces and launch specifications unknown during preview, as a list or one entry", async () => {
            // A list built in an apply could hold associatePublicIpAddress "true" when applied.
            const o = {
                workers: (b: Built) => ({
                    networkInterfaces: idOf(b, "app").apply(() => [
                        { associatePublicIpAddress: "true" },
                    ]),
                }),
                fleet: (b: Built) => ({
                    launchSpecifications: [
                        idOf(b, "app").apply(() => ({
                            ami: AMI,
                            instanceType: "t3.micro",
                            associatePublicIpAddress: true,
                        })),
                    ],
                }),
            };
            assert.deepEqual(await violationsOf(rule, program(o)), [
                ...findings(
                    rule,
                    "fleet",
                    "launchSpecifications[0] is unknown during preview: pass it as a plain object, so its associatePublicIpAddress can be read (false).",
                ),
                ...findings(
                    rule,
                    "workers",
                    "networkInterfaces is unknown during preview: pass a plain list of plain objects, so each one's associatePublicIpAddress can be read (false).",
                ),
            ]);
        });

        it("flags an Elastic IP on an instance of the program", async () => {
            const program2 = () => {
                const f = new Fixture({ "reserved-ip": (b) => ({ instance: idOf(b, "app") }) });
                f.make(aws.ec2.Instance, "app", {
                    ami: AMI,
                    instanceType: "t3.micro",
                    subnetId: SUBNET,
                });
                f.make(aws.ec2.Eip, "reserved-ip", { domain: "vpc" });
            };
            assert.deepEqual(
                await violationsOf(rule, program2),
                findings(
                    rule,
                    "reserved-ip",
                    `instance is set, so the Elastic IP gives an instance a public address: ${eipFix}`,
                ),
            );
        });

        it("flags an Elastic IP on a network interface", async () => {
            const o = { "reserved-ip": { networkInterface: "eni-0123456789abcdef0" } };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "reserved-ip",
                    `networkInterface is set, so the Elastic IP gives a network interface a public address: ${eipFix}`,
                ),
            );
        });

        for (const [input, id, what] of [
            ["instanceId", "i-0123456789abcdef0", "an instance"],
            ["networkInterfaceId", "eni-0123456789abcdef0", "a network interface"],
        ]) {
            it(`flags an Elastic IP association by ${input}`, async () => {
                const associate = () =>
                    new aws.ec2.EipAssociation("reserved-ip-assoc", {
                        allocationId: "eipalloc-0123456789abcdef0",
                        [input]: id,
                    });
                assert.deepEqual(
                    await violationsOf(rule, program({}, associate)),
                    findings(
                        rule,
                        "reserved-ip-assoc",
                        `${input} is set, so the Elastic IP gives ${what} a public address: ${eipFix}`,
                    ),
                );
            });
        }
    });

    describe("ECS tasks", () => {
        const awsvpc = { subnets: [SUBNET], assignPublicIp: false };
        const program =
            (o: Overrides = {}) =>
            () => {
                const f = new Fixture(o);
                f.make(aws.ecs.Service, "api", {
                    cluster: CLUSTER,
                    launchType: "FARGATE",
                    networkConfiguration: awsvpc,
                });
                f.make(aws.ecs.TaskSet, "api-canary", {
                    cluster: "main",
                    service: "api",
                    taskDefinition: "api:1",
                    networkConfiguration: awsvpc,
                });
                f.make(aws.cloudwatch.EventTarget, "nightly-task", {
                    rule: "nightly",
                    arn: CLUSTER,
                    ecsTarget: { taskDefinitionArn: TASK, networkConfiguration: awsvpc },
                });
                f.make(aws.scheduler.Schedule, "hourly-task", {
                    scheduleExpression: "rate(1 hour)",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: CLUSTER,
                        roleArn: ROLE,
                        ecsParameters: { taskDefinitionArn: TASK, networkConfiguration: awsvpc },
                    },
                });
                f.make(aws.pipes.Pipe, "orders-pipe", {
                    roleArn: ROLE,
                    source: "arn:aws:sqs:us-east-1:123456789012:orders",
                    target: CLUSTER,
                    targetParameters: {
                        ecsTaskParameters: {
                            taskDefinitionArn: TASK,
                            networkConfiguration: {
                                awsVpcConfiguration: {
                                    subnets: [SUBNET],
                                    assignPublicIp: "DISABLED",
                                },
                            },
                        },
                    },
                });
            };
        const publicTasks = { subnets: [SUBNET], assignPublicIp: true };

        it("passes ECS tasks without public IPs (services, task sets, EventBridge, Scheduler, Pipes)", async () => {
            assert.deepEqual(await violationsOf(rule, program()), []);
        });

        for (const [name, path, args] of [
            ["api", "networkConfiguration", { networkConfiguration: publicTasks }],
            ["api-canary", "networkConfiguration", { networkConfiguration: publicTasks }],
            [
                "nightly-task",
                "ecsTarget.networkConfiguration",
                { ecsTarget: { taskDefinitionArn: TASK, networkConfiguration: publicTasks } },
            ],
            [
                "hourly-task",
                "target.ecsParameters.networkConfiguration",
                {
                    target: {
                        arn: CLUSTER,
                        roleArn: ROLE,
                        ecsParameters: {
                            taskDefinitionArn: TASK,
                            networkConfiguration: publicTasks,
                        },
                    },
                },
            ],
        ] as const) {
            it(`flags ${name}: ${path}.assignPublicIp true`, async () => {
                assert.deepEqual(
                    await violationsOf(rule, program({ [name]: args })),
                    findings(rule, name, `${path}.assignPublicIp is true: ${taskFix}`),
                );
            });
        }

        it("fails closed on a task network configuration unknown during preview at any level", async () => {
            // An object built in an apply could say assignPublicIp true when applied.
            const o = {
                "api-canary": (b: Built) => ({
                    networkConfiguration: idOf(b, "api").apply(() => publicTasks),
                }),
                "nightly-task": (b: Built) => ({
                    ecsTarget: idOf(b, "api").apply(() => ({
                        taskDefinitionArn: TASK,
                        networkConfiguration: publicTasks,
                    })),
                }),
                "orders-pipe": (b: Built) => ({
                    targetParameters: {
                        ecsTaskParameters: {
                            taskDefinitionArn: TASK,
                            networkConfiguration: idOf(b, "api").apply(() => ({
                                awsVpcConfiguration: {
                                    subnets: [SUBNET],
                                    assignPublicIp: "ENABLED",
                                },
                            })),
                        },
                    },
                }),
            };
            assert.deepEqual(await violationsOf(rule, program(o)), [
                ...findings(
                    rule,
                    "api-canary",
                    "networkConfiguration is unknown during preview: pass it as a plain object, so networkConfiguration.assignPublicIp can be read.",
                ),
                ...findings(
                    rule,
                    "nightly-task",
                    "ecsTarget is unknown during preview: pass it as a plain object, so ecsTarget.networkConfiguration.assignPublicIp can be read.",
                ),
                ...findings(
                    rule,
                    "orders-pipe",
                    "targetParameters.ecsTaskParameters.networkConfiguration is unknown during preview: pass it as a plain object, so targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp can be read.",
                ),
            ]);
        });

        it('flags a pipe\'s ECS tasks with assignPublicIp "ENABLED"', async () => {
            const o = {
                "orders-pipe": {
                    targetParameters: {
                        ecsTaskParameters: {
                            taskDefinitionArn: TASK,
                            networkConfiguration: {
                                awsVpcConfiguration: {
                                    subnets: [SUBNET],
                                    assignPublicIp: "ENABLED",
                                },
                            },
                        },
                    },
                },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "orders-pipe",
                    'targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp is "ENABLED": set it "DISABLED"; tasks in private subnets reach the internet through the NAT gateways.',
                ),
            );
        });
    });

    describe("publicly accessible data stores and brokers", () => {
        /** Each store with its compliant args: DMS must say private, the others are by default. */
        const stores: Record<string, (f: Fixture) => void> = {
            db: (f) =>
                f.make(aws.rds.Instance, "db", {
                    instanceClass: "db.t4g.micro",
                    engine: "postgres",
                }),
            "aurora-1": (f) =>
                f.make(aws.rds.ClusterInstance, "aurora-1", {
                    clusterIdentifier: "aurora",
                    engine: "aurora-postgresql",
                    instanceClass: "db.r6g.large",
                }),
            shards: (f) =>
                f.make(aws.rds.ShardGroup, "shards", {
                    dbClusterIdentifier: "limitless",
                    dbShardGroupIdentifier: "shards",
                    maxAcu: 768,
                }),
            "graph-1": (f) =>
                f.make(aws.neptune.ClusterInstance, "graph-1", {
                    clusterIdentifier: "graph",
                    instanceClass: "db.r6g.large",
                }),
            warehouse: (f) =>
                f.make(aws.redshift.Cluster, "warehouse", {
                    clusterIdentifier: "warehouse",
                    nodeType: "ra3.xlplus",
                }),
            analytics: (f) =>
                f.make(aws.redshiftserverless.Workgroup, "analytics", {
                    namespaceName: "analytics",
                    workgroupName: "analytics",
                }),
            broker: (f) =>
                f.make(aws.mq.Broker, "broker", {
                    engineType: "RabbitMQ",
                    engineVersion: "3.13",
                    hostInstanceType: "mq.t3.micro",
                }),
            metrics: (f) =>
                f.make(aws.timestreaminfluxdb.DbInstance, "metrics", {
                    allocatedStorage: 20,
                    bucket: "metrics",
                    dbInstanceType: "db.influx.medium",
                    organization: "lightspeed",
                    username: "admin",
                    password: "not-a-real-password",
                    vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
                    vpcSubnetIds: [SUBNET],
                }),
            "metrics-cluster": (f) =>
                f.make(aws.timestreaminfluxdb.DbCluster, "metrics-cluster", {
                    dbInstanceType: "db.influx.medium",
                    vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
                    vpcSubnetIds: [SUBNET],
                }),
            mainframe: (f) =>
                f.make(aws.m2.Environment, "mainframe", {
                    engineType: "microfocus",
                    instanceType: "M2.m5.large",
                }),
            migration: (f) =>
                f.make(aws.dms.ReplicationInstance, "migration", {
                    replicationInstanceClass: "dms.t3.micro",
                    replicationInstanceId: "migration",
                    publiclyAccessible: false,
                }),
            "migration-profile": (f) =>
                f.make(aws.dms.InstanceProfile, "migration-profile", { publiclyAccessible: false }),
            events: (f) =>
                f.make(aws.msk.Cluster, "events", {
                    kafkaVersion: "3.6.0",
                    numberOfBrokerNodes: 3,
                    brokerNodeGroupInfo: {
                        instanceType: "kafka.m7g.large",
                        clientSubnets: [SUBNET],
                        securityGroups: ["sg-0123456789abcdef0"],
                        connectivityInfo: { publicAccess: { type: "DISABLED" } },
                    },
                }),
        };
        /** One store's compliant args with one input changed. */
        const store = (name: string, o: Record<string, unknown>) => () =>
            stores[name](new Fixture({ [name]: o }));

        it("passes every data store and broker that is not publicly accessible", async () => {
            const all = () => {
                const f = new Fixture({});
                for (const make of Object.values(stores)) make(f);
            };
            assert.deepEqual(await violationsOf(rule, all), []);
        });

        // Each mutation is one store's compliant args with one input changed.
        for (const name of Object.keys(stores).filter((n) => n !== "events")) {
            it(`flags publiclyAccessible true on ${name}`, async () => {
                assert.deepEqual(
                    await violationsOf(rule, store(name, { publiclyAccessible: true })),
                    findings(rule, name, `publiclyAccessible is true: ${dataFix}`),
                );
            });
        }

        it('flags MSK brokers with public access "SERVICE_PROVIDED_EIPS"', async () => {
            const o = {
                brokerNodeGroupInfo: {
                    instanceType: "kafka.m7g.large",
                    clientSubnets: [SUBNET],
                    connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } },
                },
            };
            assert.deepEqual(
                await violationsOf(rule, store("events", o)),
                findings(
                    rule,
                    "events",
                    'brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "SERVICE_PROVIDED_EIPS", so the brokers get public addresses: set it "DISABLED"; clients reach the brokers from inside the VPC.',
                ),
            );
        });

        for (const [name, what] of [
            ["migration", "DMS replication instances"],
            ["migration-profile", "DMS instance profiles"],
        ]) {
            it(`flags ${what} that leave publiclyAccessible to AWS's default (public)`, async () => {
                assert.deepEqual(
                    await violationsOf(rule, store(name, { publiclyAccessible: undefined })),
                    findings(
                        rule,
                        name,
                        `publiclyAccessible is not set (AWS makes ${what} public by default): ${dataFix}`,
                    ),
                );
            });
        }
    });

    describe("subnets that map public IPs", () => {
        /** A private subnet for workloads; a public one for NAT, routes and a load balancer. */
        const program =
            (o: Overrides = {}, extra?: () => void) =>
            () => {
                const f = new Fixture(o);
                const lbGroup = f.make(aws.ec2.SecurityGroup, "web-lb-sg", {
                    vpcId: VPC,
                    description: "web",
                })!;
                const publicSubnet = f.make(aws.ec2.Subnet, "public", {
                    vpcId: VPC,
                    cidrBlock: "10.0.0.0/24",
                    mapPublicIpOnLaunch: true,
                })!;
                const subnet = f.make(aws.ec2.Subnet, "private", {
                    vpcId: VPC,
                    cidrBlock: "10.0.1.0/24",
                })!;
                f.make(aws.ec2.NatGateway, "nat", {
                    subnetId: publicSubnet.id,
                    allocationId: "eipalloc-0123456789abcdef0",
                });
                f.make(aws.ec2.RouteTableAssociation, "public-routes", {
                    subnetId: publicSubnet.id,
                    routeTableId: "rtb-0123456789abcdef0",
                });
                f.make(aws.lb.LoadBalancer, "web", {
                    subnets: [publicSubnet.id],
                    securityGroups: [lbGroup.id],
                });
                f.make(aws.ec2.Instance, "app", {
                    ami: AMI,
                    instanceType: "t3.micro",
                    subnetId: subnet.id,
                });
                // The eks component puts its load balancers in the public subnets.
                f.make(eks.Cluster, "k8s", {
                    privateSubnetIds: [subnet.id],
                    publicSubnetIds: [publicSubnet.id],
                    skipDefaultNodeGroup: true,
                    endpointPublicAccess: false,
                    endpointPrivateAccess: true,
                });
                extra?.();
            };

        it("passes workloads in the private subnet and only the edge in the public one", async () => {
            assert.deepEqual(await violationsOf(rule, program()), []);
        });

        it("flags a subnet that maps public IPs when an instance runs in it", async () => {
            const o = { app: (b: Built) => ({ subnetId: idOf(b, "public") }) };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "public",
                    `mapPublicIpOnLaunch is true and workloads run in this subnet (app (aws:ec2/instance:Instance)): ${subnetFix}`,
                ),
            );
        });

        it("flags the eks component's public subnets when it has no private ones (its nodes go there)", async () => {
            assert.deepEqual(
                await violationsOf(rule, program({ k8s: { privateSubnetIds: undefined } })),
                findings(
                    rule,
                    "public",
                    `mapPublicIpOnLaunch is true and workloads run in this subnet (k8s (eks:index:Cluster)): ${subnetFix}`,
                ),
            );
        });

        it("flags a default subnet (public unless told otherwise) that a function runs in", async () => {
            const fallback = () => {
                const subnet = new aws.ec2.DefaultSubnet("default-az-a", {
                    availabilityZone: "us-east-1a",
                });
                new aws.lambda.Function("fallback-fn", {
                    role: ROLE,
                    vpcConfig: {
                        subnetIds: [subnet.id],
                        securityGroupIds: ["sg-0123456789abcdef0"],
                    },
                });
            };
            assert.deepEqual(
                await violationsOf(rule, program({}, fallback)),
                findings(
                    rule,
                    "default-az-a",
                    `mapPublicIpOnLaunch is not set (AWS maps public IPs in default subnets) and workloads run in this subnet (fallback-fn (aws:lambda/function:Function)): ${subnetFix}`,
                ),
            );
        });

        it("fails closed on a workload subnet whose mapPublicIpOnLaunch is unknown during preview", async () => {
            const o = {
                private: (b: Built) => ({
                    mapPublicIpOnLaunch: unknownBoolean(b, "web-lb-sg", false),
                }),
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "private",
                    "mapPublicIpOnLaunch is unknown during preview and workloads run in this subnet (app (aws:ec2/instance:Instance), k8s (eks:index:Cluster)): pass a plain boolean (false).",
                ),
            );
        });
    });

    describe("the eks component's node groups", () => {
        // Judged on the component's inputs (Analyze): the stack check sees its outputs only.
        const rule = "no-public-ip-components";
        const program =
            (o: Overrides = {}) =>
            () => {
                const f = new Fixture(o);
                const cluster = f.make(eks.Cluster, "k8s", {
                    privateSubnetIds: [SUBNET],
                    nodeAssociatePublicIpAddress: false,
                    endpointPublicAccess: false,
                    endpointPrivateAccess: true,
                })!;
                f.make(EksNodeGroup, "k8s-v1-nodes", {
                    cluster,
                    nodeAssociatePublicIpAddress: false,
                });
                f.make(eks.NodeGroupV2, "k8s-nodes", {
                    cluster,
                    nodeAssociatePublicIpAddress: false,
                });
            };

        it("passes node groups (and the default one) without public IPs", async () => {
            assert.deepEqual(await violationsOf(rule, program()), []);
        });
        it("flags the eks component's default node group left to public IPs (its default)", async () => {
            assert.deepEqual(
                await violationsOf(
                    rule,
                    program({ k8s: { nodeAssociatePublicIpAddress: undefined } }),
                ),
                [
                    ...findings(
                        rule,
                        "k8s",
                        `nodeAssociatePublicIpAddress is not set (the default node group gives its nodes public IPs by default): ${nodeFix}`,
                    ),
                ].sort(),
            );
            // The default node group's launch template, from the engine's model, is a resource
            // of the plan that the stack check judges as it judges any launch template.
            assert.deepEqual(
                await violationsOf(
                    "no-public-ip",
                    program({ k8s: { nodeAssociatePublicIpAddress: undefined } }),
                ),
                findings("no-public-ip", "k8s-launchTemplate", launchTemplatePublic),
            );
        });

        it("flags the eks component's nodeGroupOptions.nodeAssociatePublicIpAddress true", async () => {
            const o = {
                k8s: {
                    nodeAssociatePublicIpAddress: undefined,
                    nodeGroupOptions: { nodeAssociatePublicIpAddress: true },
                },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                [
                    ...findings(
                        rule,
                        "k8s",
                        `nodeGroupOptions.nodeAssociatePublicIpAddress is true: ${nodeFix}`,
                    ),
                ].sort(),
            );
        });

        it("flags an eks NodeGroup left to public IPs (its default)", async () => {
            const o = { "k8s-v1-nodes": { nodeAssociatePublicIpAddress: undefined } };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "k8s-v1-nodes",
                    "nodeAssociatePublicIpAddress is not set (the node group gives its nodes public IPs by default): set it false; reach nodes through SSM Session Manager.",
                ),
            );
        });

        it("flags an eks NodeGroupV2 with nodeAssociatePublicIpAddress true", async () => {
            const o = { "k8s-nodes": { nodeAssociatePublicIpAddress: true } };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "k8s-nodes",
                    "nodeAssociatePublicIpAddress is true: set it false; reach nodes through SSM Session Manager.",
                ),
            );
        });
    });
});

describe("no-open-ingress", () => {
    const rule = "no-open-ingress";
    const fix =
        "allow known CIDRs or a source security group instead (only TCP 80 and 443 may be open to the internet, on an internet-facing load balancer's security group).";
    const https = { protocol: "tcp", fromPort: 443, toPort: 443 };
    const LEGACY_GROUP = "sg-0123456789abcdef0";

    /**
     * An internet-facing load balancer whose group admits TCP 443/80 from anywhere (inline, as a
     * SecurityGroupRule, as a vpc.SecurityGroupIngressRule); a classic one whose group, outside
     * the program, is named by its id on both sides; an internal one admitting the VPC only; a
     * workload group admitting only the load balancer's group; a closed default group.
     */
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const webGroup = f.make(aws.ec2.SecurityGroup, "web-lb-sg", {
                vpcId: VPC,
                description: "public load balancer",
                ingress: [{ ...https, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            })!;
            f.make(aws.ec2.SecurityGroup, "app-sg", {
                vpcId: VPC,
                description: "app",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 8080,
                        toPort: 8080,
                        securityGroups: [webGroup.id],
                    },
                ],
            });
            f.make(aws.ec2.SecurityGroupRule, "web-lb-http", {
                type: "ingress",
                securityGroupId: webGroup.id,
                protocol: "tcp",
                fromPort: 80,
                toPort: 80,
                cidrBlocks: ["0.0.0.0/0"],
            });
            f.make(aws.vpc.SecurityGroupIngressRule, "web-lb-http-v6", {
                securityGroupId: webGroup.id,
                ipProtocol: "tcp",
                fromPort: 80,
                toPort: 80,
                cidrIpv6: "::/0",
            });
            f.make(aws.lb.LoadBalancer, "web", { internal: false, securityGroups: [webGroup.id] });
            f.make(aws.vpc.SecurityGroupIngressRule, "legacy-lb-https", {
                securityGroupId: LEGACY_GROUP,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
            });
            f.make(aws.elb.LoadBalancer, "legacy", {
                securityGroups: [LEGACY_GROUP],
                listeners: [
                    { lbPort: 443, lbProtocol: "tcp", instancePort: 8443, instanceProtocol: "tcp" },
                ],
            });
            const adminGroup = f.make(aws.ec2.SecurityGroup, "admin-lb-sg", {
                vpcId: VPC,
                description: "internal load balancer",
                ingress: [{ ...https, cidrBlocks: ["10.0.0.0/16"] }],
            })!;
            f.make(aws.alb.LoadBalancer, "admin", {
                internal: true,
                securityGroups: [adminGroup.id],
            });
            f.make(aws.ec2.DefaultSecurityGroup, "default-sg", {
                vpcId: VPC,
                ingress: [],
                egress: [],
            });
        };

    it("passes TCP 80/443 from anywhere only on internet-facing load balancers' groups", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags an inline ingress rule open to 0.0.0.0/0 on a workload group", async () => {
        const o = {
            "app-sg": {
                ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "app-sg", `ingress[0].cidrBlocks allows 0.0.0.0/0 in on TCP 22: ${fix}`),
        );
    });

    it("flags an inline ingress rule open to ::/0 on a workload group", async () => {
        const o = {
            "app-sg": {
                ingress: [
                    { protocol: "tcp", fromPort: 8080, toPort: 8080, ipv6CidrBlocks: ["::/0"] },
                ],
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "app-sg",
                `ingress[0].ipv6CidrBlocks allows ::/0 in on TCP 8080: ${fix}`,
            ),
        );
    });

    it("never excepts all traffic (protocol -1), even on a load balancer's group", async () => {
        const o = {
            "web-lb-sg": {
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "web-lb-sg",
                `ingress[0].cidrBlocks allows 0.0.0.0/0 in on all traffic: ${fix}`,
            ),
        );
    });

    it("does not except a port range that spans 80 to 443", async () => {
        const o = {
            "web-lb-sg": {
                ingress: [
                    { protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                ],
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "web-lb-sg",
                `ingress[0].cidrBlocks allows 0.0.0.0/0 in on TCP 80-443: ${fix}`,
            ),
        );
    });

    it("does not except TCP 80/443 on a load balancer's group that workloads use too", async () => {
        // The load balancer's group, open to the internet on 443, also holds an instance (by the
        // group's id output) and a function (by the literal id of a group outside the program):
        // their port 443 is open to the internet as well.
        const build = () => {
            const webGroup = new aws.ec2.SecurityGroup("web-lb-sg", {
                vpcId: VPC,
                description: "public load balancer",
                ingress: [{ ...https, cidrBlocks: ["0.0.0.0/0"] }],
            });
            new aws.lb.LoadBalancer("web", { internal: false, securityGroups: [webGroup.id] });
            new aws.ec2.Instance("app", {
                ami: AMI,
                instanceType: "t3.micro",
                subnetId: "subnet-0123456789abcdef0",
                vpcSecurityGroupIds: [webGroup.id],
            });
            new aws.vpc.SecurityGroupIngressRule("legacy-lb-https", {
                securityGroupId: LEGACY_GROUP,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
            });
            new aws.elb.LoadBalancer("legacy", {
                securityGroups: [LEGACY_GROUP],
                listeners: [
                    { lbPort: 443, lbProtocol: "tcp", instancePort: 8443, instanceProtocol: "tcp" },
                ],
            });
            new aws.lambda.Function("handler", {
                role: ROLE,
                runtime: "nodejs22.x",
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({}),
                vpcConfig: {
                    subnetIds: ["subnet-0123456789abcdef0"],
                    securityGroupIds: [LEGACY_GROUP],
                },
            });
        };
        const shared = (path: string, balancer: string, workload: string) =>
            `${path} allows 0.0.0.0/0 in on TCP 443 to load balancer "${balancer}", but workloads use the same group (${workload}), so their port is open to the internet too: give the load balancer a security group of its own, and let the workloads' group admit only that group.`;
        assert.deepEqual(await violationsOf(rule, build), [
            ...findings(
                rule,
                "legacy-lb-https",
                shared("cidrIpv4", "legacy", "handler (aws:lambda/function:Function)"),
            ),
            ...findings(
                rule,
                "web-lb-sg",
                shared("ingress[0].cidrBlocks", "web", "app (aws:ec2/instance:Instance)"),
            ),
        ]);
    });

    it("flags TCP 80/443 from anywhere when the load balancer is internal", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ web: { internal: true } })),
            [
                ...findings(
                    rule,
                    "web-lb-sg",
                    `ingress[0].cidrBlocks allows 0.0.0.0/0 in on TCP 443: ${fix}`,
                    `ingress[0].ipv6CidrBlocks allows ::/0 in on TCP 443: ${fix}`,
                ),
                ...findings(
                    rule,
                    "web-lb-http",
                    `cidrBlocks allows 0.0.0.0/0 in on TCP 80: ${fix}`,
                ),
                ...findings(rule, "web-lb-http-v6", `cidrIpv6 allows ::/0 in on TCP 80: ${fix}`),
            ].sort(),
        );
    });

    it("fails closed when whether the load balancer is internet-facing is unknown during preview", async () => {
        const o = { web: (b: Built) => ({ internal: unknownBoolean(b, "admin-lb-sg", false) }) };
        const undecided = (path: string, cidr: string, port: number) =>
            `${path} allows ${cidr} in on TCP ${port}, and whether load balancer "web" is internet-facing is unknown during preview: pass a plain boolean for its internal input.`;
        const program2 = () => {
            // The unknown comes from a group created before the load balancer.
            const f = new Fixture(o);
            f.make(aws.ec2.SecurityGroup, "admin-lb-sg", { vpcId: VPC, description: "admin" });
            const webGroup = f.make(aws.ec2.SecurityGroup, "web-lb-sg", {
                vpcId: VPC,
                description: "public load balancer",
                ingress: [{ ...https, cidrBlocks: ["0.0.0.0/0"] }],
            })!;
            f.make(aws.lb.LoadBalancer, "web", { internal: false, securityGroups: [webGroup.id] });
        };
        assert.deepEqual(
            await violationsOf(rule, program2),
            findings(rule, "web-lb-sg", undecided("ingress[0].cidrBlocks", "0.0.0.0/0", 443)),
        );
    });

    it("flags a SecurityGroupRule of type ingress open to 0.0.0.0/0 on a port other than 80/443", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ "web-lb-http": { fromPort: 22, toPort: 22 } })),
            findings(rule, "web-lb-http", `cidrBlocks allows 0.0.0.0/0 in on TCP 22: ${fix}`),
        );
    });

    it("flags a SecurityGroupRule open to ::/0 on a group no load balancer uses", async () => {
        const o = {
            "web-lb-http": (b: Built) => ({
                securityGroupId: idOf(b, "app-sg"),
                cidrBlocks: undefined,
                ipv6CidrBlocks: ["::/0"],
            }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "web-lb-http", `ipv6CidrBlocks allows ::/0 in on TCP 80: ${fix}`),
        );
    });

    it("fails closed on a SecurityGroupRule whose ports are unknown during preview", async () => {
        const port = (b: Built) => idOf(b, "app-sg").apply(() => 80);
        const o = { "web-lb-http": (b: Built) => ({ fromPort: port(b), toPort: port(b) }) };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "web-lb-http",
                "cidrBlocks allows 0.0.0.0/0 in on a protocol or port range that is unknown during preview: pass plain values for protocol, fromPort and toPort.",
            ),
        );
    });

    it("flags a vpc.SecurityGroupIngressRule open to 0.0.0.0/0 on a port other than 80/443", async () => {
        const o = { "legacy-lb-https": { fromPort: 5432, toPort: 5432 } };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "legacy-lb-https", `cidrIpv4 allows 0.0.0.0/0 in on TCP 5432: ${fix}`),
        );
    });

    it("flags a vpc.SecurityGroupIngressRule for all traffic from ::/0", async () => {
        const o = {
            "web-lb-http-v6": { ipProtocol: "-1", fromPort: undefined, toPort: undefined },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "web-lb-http-v6", `cidrIpv6 allows ::/0 in on all traffic: ${fix}`),
        );
    });

    it("flags a vpc.SecurityGroupIngressRule on a group id no load balancer uses", async () => {
        const o = { legacy: { securityGroups: ["sg-0fedcba9876543210"] } };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(rule, "legacy-lb-https", `cidrIpv4 allows 0.0.0.0/0 in on TCP 443: ${fix}`),
        );
    });

    it("flags the default security group's inline ingress open to 0.0.0.0/0", async () => {
        const o = {
            "default-sg": {
                ingress: [{ protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["0.0.0.0/0"] }],
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "default-sg",
                `ingress[0].cidrBlocks allows 0.0.0.0/0 in on UDP 53: ${fix}`,
            ),
        );
    });

    describe("sources that cover the internet without saying /0", () => {
        const ssh = { protocol: "tcp", fromPort: 22, toPort: 22 };

        it("flags a single half of the internet (0.0.0.0/1) and ::/1", async () => {
            const o = {
                "app-sg": {
                    ingress: [{ ...ssh, cidrBlocks: ["0.0.0.0/1"], ipv6CidrBlocks: ["::/1"] }],
                },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "app-sg",
                    `ingress[0].cidrBlocks allows 0.0.0.0/1 in on TCP 22: ${fix}`,
                    `ingress[0].ipv6CidrBlocks allows ::/1 in on TCP 22: ${fix}`,
                ),
            );
        });

        it("flags two halves in one rule (0.0.0.0/2 .. 192.0.0.0/2)", async () => {
            const quarters = ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"];
            const o = { "app-sg": { ingress: [{ ...ssh, cidrBlocks: quarters }] } };
            // Each quarter alone is a /2 (a quarter of the internet): each is reported.
            const got = await violationsOf(rule, program(o));
            assert.equal(got.length, 4);
        });

        it("flags blocks that are the internet only together, in one rule", async () => {
            const halves = ["8.0.0.0/9", "8.128.0.0/9"];
            const o = { "app-sg": { ingress: [{ ...ssh, cidrBlocks: halves }] } };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "app-sg",
                    `ingress[0].cidrBlocks allows 8.0.0.0/9, 8.128.0.0/9 (together <0.1% of public IPv4) in on TCP 22: ${fix}`.replace(
                        "<0.1%",
                        "0.4%",
                    ),
                ),
            );
        });

        it("flags halves split across an inline rule and a SecurityGroupRule of the same group", async () => {
            const o = {
                "app-sg": { ingress: [{ ...ssh, cidrBlocks: ["8.0.0.0/9"] }] },
                "web-lb-http": (b: Built) => ({
                    securityGroupId: idOf(b, "app-sg"),
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: ["8.128.0.0/9"],
                }),
            };
            const together = "together 8.0.0.0/9, 8.128.0.0/9, 0.4% of public IPv4";
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                [
                    ...findings(
                        rule,
                        "app-sg",
                        `ingress[0].cidrBlocks allows 8.0.0.0/9 (with "web-lb-http": ${together}) in on TCP 22: ${fix}`,
                    ),
                    ...findings(
                        rule,
                        "web-lb-http",
                        `cidrBlocks allows 8.128.0.0/9 (with "app-sg": ${together}) in on TCP 22: ${fix}`,
                    ),
                ].sort(),
            );
        });

        it("does not add up sources of different ports or of different groups", async () => {
            const o = {
                "app-sg": {
                    ingress: [
                        { ...ssh, cidrBlocks: ["8.0.0.0/9"] },
                        { protocol: "tcp", fromPort: 23, toPort: 23, cidrBlocks: ["8.128.0.0/9"] },
                    ],
                },
                "web-lb-http": () => ({
                    securityGroupId: LEGACY_GROUP,
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: ["8.128.0.0/9"],
                }),
            };
            assert.deepEqual(await violationsOf(rule, program(o)), []);
        });

        it("flags a managed prefix list of the program whose entries are the internet", async () => {
            const build = (cidr: string) => () => {
                const list = new aws.ec2.ManagedPrefixList("partners", {
                    addressFamily: "IPv4",
                    maxEntries: 5,
                    entries: [{ cidr: "203.0.113.0/24" }],
                });
                new aws.ec2.ManagedPrefixListEntry("partners-extra", {
                    prefixListId: list.id,
                    cidr,
                });
                new aws.ec2.SecurityGroup("db-sg", {
                    vpcId: VPC,
                    description: "db",
                    ingress: [
                        { protocol: "tcp", fromPort: 5432, toPort: 5432, prefixListIds: [list.id] },
                    ],
                });
            };
            assert.deepEqual(await violationsOf(rule, build("198.51.100.0/24")), []);
            assert.deepEqual(
                await violationsOf(rule, build("0.0.0.0/0")),
                findings(
                    rule,
                    "db-sg",
                    `ingress[0].prefixListIds (prefix list "partners") allows 0.0.0.0/0 in on TCP 5432: ${fix}`,
                ),
            );
        });

        it("flags a prefix list the program does not declare, since its entries cannot be read", async () => {
            const o = {
                "app-sg": {
                    ingress: [{ ...ssh, prefixListIds: ["pl-0123456789abcdef0"] }],
                },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "app-sg",
                    'ingress[0].prefixListIds names prefix list "pl-0123456789abcdef0", which this program does not declare, so the sources it lets in cannot be checked: declare it as an aws.ec2.ManagedPrefixList (its entries are then checked), or allow CIDR blocks or a security group.',
                ),
            );
        });

        it("fails closed on a CIDR unknown during preview that no VPC or subnet of the program gives", async () => {
            const o = {
                "web-lb-http": (b: Built) => ({
                    securityGroupId: idOf(b, "app-sg"),
                    cidrBlocks: [idOf(b, "web-lb-sg").apply(() => "0.0.0.0/0")],
                }),
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(
                    rule,
                    "web-lb-http",
                    "cidrBlocks holds a block that is unknown during preview and does not come only from VPCs or subnets of this program (it comes from web-lb-sg (aws:ec2/securityGroup:SecurityGroup)): pass plain CIDR blocks (or a VPC's or subnet's cidrBlock output).",
                ),
            );
        });

        it("passes a CIDR unknown during preview that is a VPC's block", async () => {
            const build = () => {
                const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
                new aws.ec2.SecurityGroup("db-sg", {
                    vpcId: vpc.id,
                    description: "db",
                    ingress: [
                        {
                            protocol: "tcp",
                            fromPort: 5432,
                            toPort: 5432,
                            cidrBlocks: [vpc.cidrBlock],
                        },
                    ],
                });
            };
            assert.deepEqual(await violationsOf(rule, build), []);
        });
    });

    describe("EKS managed node groups' remote access", () => {
        const sshOpen =
            "remoteAccess.ec2SshKey is set without remoteAccess.sourceSecurityGroupIds, so EKS opens SSH (RDP on Windows) on the nodes to 0.0.0.0/0: name the security groups that may connect in remoteAccess.sourceSecurityGroupIds, or drop remoteAccess and use SSM Session Manager.";
        const remoteAccess = { ec2SshKey: "ops", sourceSecurityGroupIds: [LEGACY_GROUP] };
        const program =
            (o: Overrides = {}) =>
            () => {
                const f = new Fixture(o);
                f.make(aws.eks.NodeGroup, "nodes", {
                    clusterName: "main",
                    nodeRoleArn: ROLE,
                    subnetIds: ["subnet-0123456789abcdef0"],
                    scalingConfig: { desiredSize: 1, minSize: 1, maxSize: 1 },
                    remoteAccess,
                });
                const cluster = f.make(eks.Cluster, "k8s", {
                    skipDefaultNodeGroup: true,
                    endpointPublicAccess: false,
                    endpointPrivateAccess: true,
                })!;
                f.make(eks.ManagedNodeGroup, "k8s-managed", { cluster, remoteAccess });
            };

        it("passes SSH keys limited to named source security groups", async () => {
            assert.deepEqual(await violationsOf(rule, program()), []);
        });

        it("flags an aws.eks.NodeGroup with an SSH key and no source security groups", async () => {
            assert.deepEqual(
                await violationsOf(
                    rule,
                    program({ nodes: { remoteAccess: { ec2SshKey: "ops" } } }),
                ),
                findings(rule, "nodes", sshOpen),
            );
        });

        it("flags an eks ManagedNodeGroup with an SSH key and empty source security groups", async () => {
            const o = {
                "k8s-managed": { remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [] } },
            };
            assert.deepEqual(
                await violationsOf(rule, program(o)),
                findings(rule, "k8s-managed", sshOpen),
            );
        });
    });
});

describe("s3-public-access-blocked", () => {
    const rule = "s3-public-access-blocked";
    const allBlocked = {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    };
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const data = f.make(aws.s3.Bucket, "data", {})!;
            f.make(aws.s3.BucketPublicAccessBlock, "data-block", {
                bucket: data.id,
                ...allBlocked,
            });
            // A bucket named in the program, and its block naming it by that name.
            f.make(BucketV2, "archive", { bucket: "lightspeed-archive-123456789012" });
            f.make(aws.s3.BucketPublicAccessBlock, "archive-block", {
                bucket: "lightspeed-archive-123456789012",
                ...allBlocked,
            });
            f.make(aws.s3.AccountPublicAccessBlock, "account-block", allBlocked);
        };
    const missing =
        "no aws.s3.BucketPublicAccessBlock names this bucket: add one with bucket set to this bucket and blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.";

    it("passes buckets with full public access blocks (by URN and by name) and a full account block", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    it("flags an aws.s3.Bucket without a public access block", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ "data-block": null })),
            findings(rule, "data", missing),
        );
    });

    it("flags an aws.s3.BucketV2 whose block names another bucket", async () => {
        const o = { "archive-block": { bucket: "lightspeed-other-123456789012" } };
        assert.deepEqual(await violationsOf(rule, program(o)), findings(rule, "archive", missing));
    });

    for (const flagName of Object.keys(allBlocked)) {
        it(`flags a bucket's block with ${flagName} false`, async () => {
            assert.deepEqual(
                await violationsOf(rule, program({ "data-block": { [flagName]: false } })),
                findings(rule, "data-block", `${flagName} is false: set it true.`),
            );
        });
    }

    it("flags a bucket's block that leaves a setting to its default (false)", async () => {
        assert.deepEqual(
            await violationsOf(
                rule,
                program({ "archive-block": { restrictPublicBuckets: undefined } }),
            ),
            findings(
                rule,
                "archive-block",
                "restrictPublicBuckets is not set (it defaults to false): set it true.",
            ),
        );
    });

    it("flags an account public access block with a setting false", async () => {
        assert.deepEqual(
            await violationsOf(rule, program({ "account-block": { blockPublicPolicy: false } })),
            findings(rule, "account-block", "blockPublicPolicy is false: set it true."),
        );
    });

    it("fails closed on a setting that is unknown during preview", async () => {
        const o = {
            "data-block": (b: Built) => ({ ignorePublicAcls: unknownBoolean(b, "data", true) }),
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "data-block",
                "ignorePublicAcls is unknown during preview: pass a plain true.",
            ),
        );
    });
});

describe("s3-no-public-acl", () => {
    const rule = "s3-no-public-acl";
    const program =
        (o: Overrides = {}) =>
        () => {
            const f = new Fixture(o);
            const site = f.make(aws.s3.Bucket, "site", {})!;
            f.make(BucketV2, "archive", {});
            f.make(BucketAclV2, "site-acl", { bucket: site.id, acl: "private" });
            f.make(aws.s3.BucketAcl, "site-owner-acl", {
                bucket: site.id,
                accessControlPolicy: {
                    owner: { id: "owner-canonical-id" },
                    grants: [
                        {
                            grantee: { type: "CanonicalUser", id: "owner-canonical-id" },
                            permission: "FULL_CONTROL",
                        },
                    ],
                },
            });
            f.make(aws.s3.BucketObject, "robots", {
                bucket: site.id,
                key: "robots.txt",
                content: "",
            });
            f.make(aws.s3.BucketObjectv2, "index", {
                bucket: site.id,
                key: "index.html",
                content: "<html/>",
                acl: "private",
            });
            f.make(aws.s3.ObjectCopy, "index-copy", {
                bucket: site.id,
                key: "index-copy.html",
                source: "site/index.html",
            });
        };
    const remove =
        "remove it (S3 is private by default) and grant access to named principals in a bucket policy.";

    it("passes private buckets, bucket ACLs and objects", async () => {
        assert.deepEqual(await violationsOf(rule, program()), []);
    });

    for (const [name, acl] of [
        ["site", "public-read"],
        ["archive", "authenticated-read"],
        ["site-acl", "public-read-write"],
        ["site-owner-acl", "public-read"],
        ["robots", "public-read"],
        ["index", "public-read"],
        ["index-copy", "public-read"],
    ]) {
        it(`flags the canned ACL ${acl} on ${name}`, async () => {
            assert.deepEqual(
                await violationsOf(rule, program({ [name]: { acl } })),
                findings(rule, name, `acl is "${acl}": ${remove}`),
            );
        });
    }

    it("flags a bucket grant to AllUsers", async () => {
        const o = {
            archive: { grants: [{ type: "Group", uri: ALL_USERS, permissions: ["READ"] }] },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "archive",
                `grants[0] grants access to ${ALL_USERS}: remove the grant and grant access to named principals in a bucket policy.`,
            ),
        );
    });

    it("flags a bucket ACL grant to AuthenticatedUsers", async () => {
        const o = {
            "site-owner-acl": {
                accessControlPolicy: {
                    owner: { id: "owner-canonical-id" },
                    grants: [
                        {
                            grantee: { type: "Group", uri: AUTHENTICATED_USERS },
                            permission: "READ",
                        },
                    ],
                },
            },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "site-owner-acl",
                `accessControlPolicy.grants[0] grants access to ${AUTHENTICATED_USERS}: remove the grant and grant access to named principals in a bucket policy.`,
            ),
        );
    });

    it("flags an object copy grant to AllUsers", async () => {
        const o = {
            "index-copy": { grants: [{ type: "Group", uri: ALL_USERS, permissions: ["READ"] }] },
        };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "index-copy",
                `grants[0] grants access to ${ALL_USERS}: remove the grant and grant access to named principals in a bucket policy.`,
            ),
        );
    });

    it("fails closed on a canned ACL that is unknown during preview", async () => {
        const o = { "site-acl": (b: Built) => ({ acl: idOf(b, "site").apply(() => "private") }) };
        assert.deepEqual(
            await violationsOf(rule, program(o)),
            findings(
                rule,
                "site-acl",
                'acl is unknown during preview: pass a plain canned ACL ("private").',
            ),
        );
    });
});
