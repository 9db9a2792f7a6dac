/**
 * The operations and data-protection rules through the real gate: per rule a compliant program,
 * one mutation per unsafe form with the exact (advisory) violation, and the stack configs that
 * keep them advisory in dev and make them mandatory in prod.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CheckOptions, deprecatedType, violationsOf } from "../helpers/policy";

/** `aws.s3.BucketV2` (deprecated), as a program that still uses it registers it. */
const BucketV2 = deprecatedType<aws.s3.BucketV2Args>("aws:s3/bucketV2:BucketV2");
import { repoRoot } from "../helpers/plan";
import { PolicyConfigError } from "../../tools/engine/policy-config";

const ROLE = "arn:aws:iam::123456789012:role/app";
const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/orders:*";

/** The operations rules, which the prod config makes mandatory. */
const OPERATIONS_RULES = [
    "dynamodb-data-protection",
    "ecr-immutable-tags",
    "ecr-scan-on-push",
    "eks-control-plane-logs",
    "log-retention",
    "sfn-logging",
    "stateful-protect",
    "vpc-flow-logs",
];

function stackConfig(stack: string): Record<string, unknown> {
    const file = path.join(repoRoot, "policy", "config", `${stack}.json`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

interface Case {
    readonly title: string;
    readonly build: () => unknown;
    readonly expected: string[];
    readonly options?: CheckOptions;
}

/** Registers one `it` per case: the rule's violations for the program, exactly. */
function cases(rule: string, list: readonly Case[]): void {
    for (const c of list) {
        it(c.title, async () => {
            assert.deepEqual(await violationsOf(rule, c.build, c.options), c.expected);
        });
    }
}

/** `advisory <rule> <name>: <finding>`, the default level of every operations rule. */
function advisory(rule: string): (name: string, finding: string) => string {
    return (name, finding) => `advisory ${rule} ${name}: ${finding}`;
}

/** A plain value that only becomes known once a new resource exists: unknown during preview. */
function later<T>(value: T): pulumi.Output<T> {
    return new aws.kms.Key("later", {}).arn.apply(() => value);
}

const table = (
    name: string,
    args: Partial<aws.dynamodb.TableArgs> = {},
    opts?: pulumi.CustomResourceOptions,
) =>
    new aws.dynamodb.Table(
        name,
        {
            billingMode: "PAY_PER_REQUEST",
            hashKey: "pk",
            attributes: [{ name: "pk", type: "S" }],
            ...args,
        },
        opts,
    );
const stateMachine = (args: Partial<aws.sfn.StateMachineArgs>) =>
    new aws.sfn.StateMachine("flow", {
        roleArn: ROLE,
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
        ...args,
    });
const eksCluster = (args: Partial<aws.eks.ClusterArgs>, opts?: pulumi.CustomResourceOptions) =>
    new aws.eks.Cluster(
        "cluster",
        { roleArn: ROLE, vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] }, ...args },
        opts,
    );

// --- levels ------------------------------------------------------------------------------------

/** One unsafe resource per operations rule. */
function oneOfEach(): void {
    new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
    eksCluster({});
    stateMachine({});
    new aws.cloudwatch.LogGroup("logs", {}, { protect: true });
    table("table");
    new aws.ecr.Repository("repo", {});
}

describe("operations rules: levels", () => {
    const program = async (options: CheckOptions) =>
        (await violationsOf("*", oneOfEach, options))
            .filter((v) => OPERATIONS_RULES.includes(v.split(" ")[1]))
            .map((v) => v.split(":")[0]);
    const expected = (level: string) => [
        `${level} dynamodb-data-protection table`,
        `${level} dynamodb-data-protection table`,
        `${level} ecr-immutable-tags repo`,
        `${level} ecr-scan-on-push repo`,
        `${level} eks-control-plane-logs cluster`,
        `${level} log-retention logs`,
        `${level} sfn-logging flow`,
        `${level} stateful-protect cluster`,
        `${level} stateful-protect repo`,
        `${level} stateful-protect table`,
        `${level} vpc-flow-logs vpc`,
    ];

    it("reports every operations rule as advisory by default", async () => {
        assert.deepEqual(await program({}), expected("advisory"));
    });

    it("keeps them advisory with policy/config/dev.json, which lists each one", async () => {
        const dev = stackConfig("dev");
        // A level alone, or with the reason the stack accepts the findings (folded in the plan).
        const level = (entry: unknown) =>
            typeof entry === "string"
                ? entry
                : (entry as { enforcementLevel?: string } | undefined)?.enforcementLevel;
        assert.deepEqual(
            OPERATIONS_RULES.filter((r) => level(dev[r]) === "advisory"),
            OPERATIONS_RULES,
        );
        assert.deepEqual(await program({ policyConfig: dev }), expected("advisory"));
    });

    it("rejects a knob value outside its rule's schema, naming the rule and the field", async () => {
        await assert.rejects(
            violationsOf(SFN, () => stateMachine({}), {
                policyConfig: { [SFN]: { minimumLevel: "DEBUG" } },
            }),
            new PolicyConfigError(
                'policy config: sfn-logging.minimumLevel: must be one of "ERROR", "ALL", got "DEBUG"',
            ),
        );
    });

    it("makes every one mandatory with policy/config/prod.json", async () => {
        assert.deepEqual(
            await program({ policyConfig: stackConfig("prod") }),
            expected("mandatory"),
        );
    });
});

// --- vpc-flow-logs -----------------------------------------------------------------------------

const FLOW = "vpc-flow-logs";
const flow = advisory(FLOW);
const NO_FLOW_LOG =
    'no flow log: add an aws.ec2.FlowLog with vpcId set to this VPC\'s id, trafficType "ALL" and a log destination.';

function flowLog(name: string, target: Partial<aws.ec2.FlowLogArgs>): aws.ec2.FlowLog {
    return new aws.ec2.FlowLog(name, {
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:flow",
        iamRoleArn: ROLE,
        ...target,
    });
}

describe("vpc-flow-logs", () => {
    cases(FLOW, [
        {
            title: "passes an aws.ec2.Vpc, the default VPC and an awsx VPC (and its inner VPC), each with a flow log",
            build: () => {
                const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
                flowLog("vpc-flow", { vpcId: vpc.id });
                const adopted = new aws.ec2.DefaultVpc("default", {});
                flowLog("default-flow", { vpcId: adopted.id });
                const network = new awsx.ec2.Vpc("network", { cidrBlock: "10.1.0.0/16" });
                new aws.ec2.Vpc("inner", { cidrBlock: "10.1.0.0/16" }, { parent: network });
                flowLog("network-flow", { vpcId: network.vpcId });
            },
            expected: [],
        },
        {
            title: "fails a VPC without a flow log",
            build: () => new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }),
            expected: [flow("vpc", NO_FLOW_LOG)],
        },
        {
            title: "fails an awsx VPC without a flow log",
            build: () => new awsx.ec2.Vpc("network", { cidrBlock: "10.1.0.0/16" }),
            // The component, and the aws.ec2.Vpc of the engine's model of it, named alike.
            expected: [flow("network", NO_FLOW_LOG), flow("network", NO_FLOW_LOG)],
        },
        {
            title: "fails a VPC whose only flow log is on a subnet",
            build: () => {
                const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
                const subnet = new aws.ec2.Subnet("subnet", {
                    vpcId: vpc.id,
                    cidrBlock: "10.0.0.0/24",
                });
                flowLog("subnet-flow", { subnetId: subnet.id });
            },
            expected: [flow("vpc", NO_FLOW_LOG)],
        },
        {
            title: "fails the VPC whose flow log went to another VPC",
            build: () => {
                const logged = new aws.ec2.Vpc("logged", { cidrBlock: "10.0.0.0/16" });
                new aws.ec2.Vpc("unlogged", { cidrBlock: "10.1.0.0/16" });
                flowLog("flow", { vpcId: logged.id });
            },
            expected: [flow("unlogged", NO_FLOW_LOG)],
        },
    ]);
});

// --- eks-control-plane-logs --------------------------------------------------------------------

const EKS = "eks-control-plane-logs";
const eksLogs = advisory(EKS);

describe("eks-control-plane-logs", () => {
    cases(EKS, [
        {
            title: "passes aws.eks.Cluster and the eks.Cluster component with api, audit and authenticator",
            build: () => {
                eksCluster({ enabledClusterLogTypes: ["api", "audit", "authenticator"] });
                new eks.Cluster("k8s", {
                    enabledClusterLogTypes: [
                        "api",
                        "audit",
                        "authenticator",
                        "controllerManager",
                        "scheduler",
                    ],
                });
            },
            expected: [],
        },
        {
            title: "fails a cluster without control-plane logs",
            build: () => eksCluster({}),
            expected: [
                eksLogs(
                    "cluster",
                    'enabledClusterLogTypes is missing: the control plane logs nothing; set enabledClusterLogTypes ["api", "audit", "authenticator"].',
                ),
            ],
        },
        {
            title: "fails an eks.Cluster component with an empty log type list",
            build: () => new eks.Cluster("k8s", { enabledClusterLogTypes: [] }),
            expected: [
                // The aws.eks.Cluster of the engine's model of the component.
                eksLogs(
                    "k8s-eksCluster",
                    'enabledClusterLogTypes is empty: the control plane logs nothing; set enabledClusterLogTypes ["api", "audit", "authenticator"].',
                ),
                eksLogs(
                    "k8s",
                    'enabledClusterLogTypes is empty: the control plane logs nothing; set enabledClusterLogTypes ["api", "audit", "authenticator"].',
                ),
            ],
        },
        {
            title: "fails a cluster that logs only the API",
            build: () => eksCluster({ enabledClusterLogTypes: ["api"] }),
            expected: [
                eksLogs(
                    "cluster",
                    'enabledClusterLogTypes lacks "audit", "authenticator": add them.',
                ),
            ],
        },
        {
            title: "fails closed on log types unknown during preview",
            build: () => eksCluster({ enabledClusterLogTypes: later(["api"]) }),
            expected: [
                eksLogs(
                    "cluster",
                    "enabledClusterLogTypes is unknown during preview: pass a plain list of log types.",
                ),
            ],
        },
        {
            title: "asks for every log type configured in requiredLogTypes",
            build: () => eksCluster({ enabledClusterLogTypes: ["api", "audit", "authenticator"] }),
            options: {
                policyConfig: {
                    [EKS]: { requiredLogTypes: ["api", "audit", "authenticator", "scheduler"] },
                },
            },
            expected: [eksLogs("cluster", 'enabledClusterLogTypes lacks "scheduler": add it.')],
        },
    ]);
});

// --- sfn-logging -------------------------------------------------------------------------------

const SFN = "sfn-logging";
const sfn = advisory(SFN);

describe("sfn-logging", () => {
    cases(SFN, [
        {
            title: "passes a state machine that logs errors to a log group",
            build: () =>
                stateMachine({
                    loggingConfiguration: { level: "ERROR", logDestination: LOG_GROUP_ARN },
                }),
            expected: [],
        },
        {
            title: 'passes level "ALL" when minimumLevel is "ALL"',
            build: () =>
                stateMachine({
                    loggingConfiguration: {
                        level: "ALL",
                        includeExecutionData: true,
                        logDestination: LOG_GROUP_ARN,
                    },
                }),
            options: { policyConfig: { [SFN]: { minimumLevel: "ALL" } } },
            expected: [],
        },
        {
            title: "fails a state machine without loggingConfiguration",
            build: () => stateMachine({}),
            expected: [
                sfn(
                    "flow",
                    'loggingConfiguration is missing: set loggingConfiguration { level: "ERROR" or "ALL", logDestination: "<log group ARN>:*" }.',
                ),
            ],
        },
        {
            title: 'fails level "OFF"',
            build: () =>
                stateMachine({
                    loggingConfiguration: { level: "OFF", logDestination: LOG_GROUP_ARN },
                }),
            expected: [sfn("flow", 'loggingConfiguration.level is "OFF": set "ERROR" or "ALL".')],
        },
        {
            title: 'fails level "FATAL", which misses errors a state catches',
            build: () =>
                stateMachine({
                    loggingConfiguration: { level: "FATAL", logDestination: LOG_GROUP_ARN },
                }),
            expected: [sfn("flow", 'loggingConfiguration.level is "FATAL": set "ERROR" or "ALL".')],
        },
        {
            title: "fails a level without a log destination",
            build: () => stateMachine({ loggingConfiguration: { level: "ERROR" } }),
            expected: [
                sfn(
                    "flow",
                    'loggingConfiguration.logDestination is missing: set it to a log group ARN ending in ":*".',
                ),
            ],
        },
        {
            title: 'fails level "ERROR" when minimumLevel is "ALL"',
            build: () =>
                stateMachine({
                    loggingConfiguration: { level: "ERROR", logDestination: LOG_GROUP_ARN },
                }),
            options: { policyConfig: { [SFN]: { minimumLevel: "ALL" } } },
            expected: [sfn("flow", 'loggingConfiguration.level is "ERROR": set "ALL".')],
        },
    ]);
});

// --- log-retention -----------------------------------------------------------------------------

const RETENTION = "log-retention";
const retention = advisory(RETENTION);
const logGroup = (retentionInDays?: pulumi.Input<number>) =>
    new aws.cloudwatch.LogGroup("logs", { retentionInDays });

describe("log-retention", () => {
    cases(RETENTION, [
        {
            title: "passes a log group that keeps its events for 30 days",
            build: () => logGroup(30),
            expected: [],
        },
        {
            title: "fails a log group without retentionInDays (never expire)",
            build: () => logGroup(),
            expected: [
                retention(
                    "logs",
                    "retentionInDays is missing: the events never expire; set retentionInDays (1..3653 days).",
                ),
            ],
        },
        {
            title: "fails retentionInDays 0 (never expire)",
            build: () => logGroup(0),
            expected: [
                retention(
                    "logs",
                    "retentionInDays is 0: the events never expire; set retentionInDays (1..3653 days).",
                ),
            ],
        },
        {
            title: "fails a retention under minimumDays",
            build: () => logGroup(30),
            options: { policyConfig: { [RETENTION]: { minimumDays: 365 } } },
            expected: [retention("logs", "retentionInDays is 30: set 365..3653 days.")],
        },
        {
            title: "fails a retention over maximumDays",
            build: () => logGroup(3653),
            options: { policyConfig: { [RETENTION]: { maximumDays: 400 } } },
            expected: [retention("logs", "retentionInDays is 3653: set 1..400 days.")],
        },
        {
            title: "fails closed on a retention unknown during preview",
            build: () => logGroup(later(30)),
            expected: [
                retention(
                    "logs",
                    "retentionInDays is unknown during preview: pass a plain number of days.",
                ),
            ],
        },
    ]);
});

// --- dynamodb-data-protection ------------------------------------------------------------------

const DDB = "dynamodb-data-protection";
const ddb = advisory(DDB);
const REPLICA = { globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/t" };

describe("dynamodb-data-protection", () => {
    cases(DDB, [
        {
            title: "passes a table and a replica with point-in-time recovery and deletion protection",
            build: () => {
                table("table", {
                    pointInTimeRecovery: { enabled: true },
                    deletionProtectionEnabled: true,
                });
                new aws.dynamodb.TableReplica("replica", {
                    ...REPLICA,
                    pointInTimeRecovery: true,
                    deletionProtectionEnabled: true,
                });
            },
            expected: [],
        },
        {
            title: "fails a table without point-in-time recovery",
            build: () => table("table", { deletionProtectionEnabled: true }),
            expected: [
                ddb(
                    "table",
                    "pointInTimeRecovery.enabled is missing: set pointInTimeRecovery { enabled: true } (35 days of per-second restore points).",
                ),
            ],
        },
        {
            title: "fails a table with point-in-time recovery disabled",
            build: () =>
                table("table", {
                    pointInTimeRecovery: { enabled: false },
                    deletionProtectionEnabled: true,
                }),
            expected: [
                ddb(
                    "table",
                    "pointInTimeRecovery.enabled is false: set pointInTimeRecovery { enabled: true } (35 days of per-second restore points).",
                ),
            ],
        },
        {
            title: "fails a table without deletion protection",
            build: () => table("table", { pointInTimeRecovery: { enabled: true } }),
            expected: [
                ddb(
                    "table",
                    "deletionProtectionEnabled is missing: set deletionProtectionEnabled true.",
                ),
            ],
        },
        {
            title: "fails a replica without either",
            build: () => new aws.dynamodb.TableReplica("replica", REPLICA),
            expected: [
                ddb(
                    "replica",
                    "deletionProtectionEnabled is missing: set deletionProtectionEnabled true.",
                ),
                ddb(
                    "replica",
                    "pointInTimeRecovery is missing: set pointInTimeRecovery true (35 days of per-second restore points).",
                ),
            ],
        },
    ]);
});

// --- stateful-protect --------------------------------------------------------------------------

const PROTECT = "stateful-protect";
const protect = advisory(PROTECT);
const unprotected = (what: string) =>
    `protect is not set: deleting or replacing this resource loses ${what}; pass { protect: true } in its resource options.`;

/** One resource of every stateful type, with `opts`. */
function everyStatefulType(opts: pulumi.CustomResourceOptions): void {
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    table("table", {}, opts);
    new aws.dynamodb.TableReplica("replica", REPLICA, opts);
    new aws.s3.Bucket("bucket", {}, opts);
    new BucketV2("bucket-v2", {}, opts);
    new aws.kms.Key("key", {}, opts);
    new aws.kms.ReplicaKey("replica-key", { primaryKeyArn: keyArn }, opts);
    new aws.kms.ExternalKey("external-key", {}, opts);
    new aws.kms.ReplicaExternalKey("replica-external-key", { primaryKeyArn: keyArn }, opts);
    new aws.kinesis.Stream("stream", { shardCount: 1 }, opts);
    new aws.opensearch.Domain("search", {}, opts);
    new aws.elasticsearch.Domain("legacy-search", {}, opts);
    new aws.elasticache.ReplicationGroup(
        "cache",
        { description: "c", nodeType: "cache.t4g.micro" },
        opts,
    );
    new aws.elasticache.ServerlessCache("serverless", { engine: "valkey" }, opts);
    new aws.rds.Instance("db", { instanceClass: "db.t4g.micro", engine: "postgres" }, opts);
    new aws.rds.Cluster("aurora", { engine: "aurora-postgresql" }, opts);
    new aws.efs.FileSystem("files", {}, opts);
    new aws.ebs.Volume("volume", { availabilityZone: "us-east-1a", size: 8 }, opts);
    new aws.ecr.Repository("repo", {}, opts);
    new aws.secretsmanager.Secret("secret", {}, opts);
    new aws.cloudwatch.LogGroup("logs", { retentionInDays: 30 }, opts);
    new aws.sqs.Queue("queue", {}, opts);
    new k8s.core.v1.Namespace("namespace", {}, opts);
    eksCluster({}, opts);
    new eks.Cluster("k8s", {}, opts);
}

describe("stateful-protect", () => {
    cases(PROTECT, [
        {
            title: "passes every stateful type created with protect, and ignores a topic",
            build: () => {
                everyStatefulType({ protect: true });
                new aws.sns.Topic("topic", {});
            },
            expected: [],
        },
        {
            title: "passes children that inherit protect from their component",
            build: () => {
                const parent = new pulumi.ComponentResource(
                    "test:index:Store",
                    "store",
                    {},
                    {
                        protect: true,
                    },
                );
                table("store-table", {}, { parent });
                new aws.s3.Bucket("store-bucket", {}, { parent });
            },
            expected: [],
        },
        {
            title: "fails every stateful type created without protect",
            build: () => everyStatefulType({}),
            expected: [
                protect("aurora", unprotected("its databases")),
                // Sorted as strings: "bucket-v2:" comes before "bucket:".
                protect("bucket-v2", unprotected("its objects")),
                protect("bucket", unprotected("its objects")),
                protect("cache", unprotected("its data")),
                protect("cluster", unprotected("the Kubernetes objects and secrets in etcd")),
                protect("db", unprotected("its databases")),
                protect("external-key", unprotected("every piece of data encrypted under it")),
                protect("files", unprotected("its files")),
                // The aws.eks.Cluster of the engine's model of the eks component.
                protect(
                    "k8s-eksCluster",
                    unprotected("the Kubernetes objects and secrets in etcd"),
                ),
                protect("k8s", unprotected("the Kubernetes objects and secrets in etcd")),
                protect("key", unprotected("every piece of data encrypted under it")),
                protect("legacy-search", unprotected("its indices")),
                protect("logs", unprotected("its log events")),
                protect(
                    "namespace",
                    unprotected(
                        "every object in it, including what is deployed there outside this program, and its secrets",
                    ),
                ),
                protect(
                    "queue",
                    unprotected("its messages (dead-lettered records waiting for a replay)"),
                ),
                protect(
                    "replica-external-key",
                    unprotected("every piece of data encrypted under it"),
                ),
                protect("replica-key", unprotected("every piece of data encrypted under it")),
                protect("replica", unprotected("this region's copy of the items")),
                protect("repo", unprotected("its images")),
                protect("search", unprotected("its indices")),
                protect("secret", unprotected("its secret values")),
                protect("serverless", unprotected("its data")),
                protect("stream", unprotected("its unread records")),
                protect("table", unprotected("its items")),
                protect("volume", unprotected("its blocks")),
            ],
        },
    ]);
});

// --- ecr-immutable-tags ------------------------------------------------------------------------

const TAGS = "ecr-immutable-tags";
const tags = advisory(TAGS);
const repository = (args: Partial<aws.ecr.RepositoryArgs>) => new aws.ecr.Repository("repo", args);

describe("ecr-immutable-tags", () => {
    cases(TAGS, [
        {
            title: "passes an IMMUTABLE repository",
            build: () => repository({ imageTagMutability: "IMMUTABLE" }),
            expected: [],
        },
        {
            title: "passes IMMUTABLE_WITH_EXCLUSION with allowExclusions",
            build: () =>
                repository({
                    imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
                    imageTagMutabilityExclusionFilters: [
                        { filter: "latest", filterType: "WILDCARD" },
                    ],
                }),
            options: { policyConfig: { [TAGS]: { allowExclusions: true } } },
            expected: [],
        },
        {
            title: "fails a repository left MUTABLE by default",
            build: () => repository({}),
            expected: [
                tags(
                    "repo",
                    'imageTagMutability is missing (MUTABLE): set "IMMUTABLE" so a tag always names the image that was scanned and deployed.',
                ),
            ],
        },
        {
            title: "fails MUTABLE_WITH_EXCLUSION",
            build: () => repository({ imageTagMutability: "MUTABLE_WITH_EXCLUSION" }),
            expected: [
                tags(
                    "repo",
                    'imageTagMutability is "MUTABLE_WITH_EXCLUSION": set "IMMUTABLE" so a tag always names the image that was scanned and deployed.',
                ),
            ],
        },
        {
            title: "fails IMMUTABLE_WITH_EXCLUSION without allowExclusions",
            build: () => repository({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }),
            expected: [
                tags(
                    "repo",
                    'imageTagMutability is "IMMUTABLE_WITH_EXCLUSION": tags matching imageTagMutabilityExclusionFilters can still be moved; set "IMMUTABLE", or allow exclusions with this rule\'s allowExclusions config.',
                ),
            ],
        },
    ]);
});

// --- ecr-scan-on-push --------------------------------------------------------------------------

const SCAN = "ecr-scan-on-push";
const scan = advisory(SCAN);
const NOT_SCANNED = (shown: string) =>
    `imageScanningConfiguration.scanOnPush is ${shown} and no registry scanning rule covers this repository: set imageScanningConfiguration { scanOnPush: true }, or add an aws.ecr.RegistryScanningConfiguration rule with scanFrequency "SCAN_ON_PUSH" whose filter matches it.`;

function registryScanning(scanFrequency: string, filter: string): void {
    new aws.ecr.RegistryScanningConfiguration("scanning", {
        scanType: "ENHANCED",
        rules: [{ scanFrequency, repositoryFilters: [{ filter, filterType: "WILDCARD" }] }],
    });
}

describe("ecr-scan-on-push", () => {
    cases(SCAN, [
        {
            title: "passes a repository that scans on push",
            build: () => repository({ imageScanningConfiguration: { scanOnPush: true } }),
            expected: [],
        },
        {
            title: 'passes an auto-named repository covered by a registry rule for "*"',
            build: () => {
                repository({});
                registryScanning("CONTINUOUS_SCAN", "*");
            },
            expected: [],
        },
        {
            title: "passes a named repository matched by a registry rule's wildcard",
            build: () => {
                new aws.ecr.Repository("orders", { name: "lightspeed-orders" });
                registryScanning("SCAN_ON_PUSH", "lightspeed-*");
            },
            expected: [],
        },
        {
            title: "fails a repository without scanning",
            build: () => repository({}),
            expected: [scan("repo", NOT_SCANNED("missing"))],
        },
        {
            title: "fails a repository with scanOnPush false",
            build: () => repository({ imageScanningConfiguration: { scanOnPush: false } }),
            expected: [scan("repo", NOT_SCANNED("false"))],
        },
        {
            title: "fails a repository whose registry rule scans only manually",
            build: () => {
                repository({});
                registryScanning("MANUAL", "*");
            },
            expected: [scan("repo", NOT_SCANNED("missing"))],
        },
        {
            title: "fails a named repository the registry rule's wildcard does not match",
            build: () => {
                new aws.ecr.Repository("orders", { name: "orders" });
                registryScanning("SCAN_ON_PUSH", "lightspeed-*");
            },
            expected: [scan("orders", NOT_SCANNED("missing"))],
        },
        {
            title: 'fails an auto-named repository, which only a "*" rule can be known to cover',
            build: () => {
                repository({});
                registryScanning("SCAN_ON_PUSH", "lightspeed-*");
            },
            expected: [scan("repo", NOT_SCANNED("missing"))],
        },
    ]);
});
