import * as assert from "node:assert/strict";
import * as path from "path";
import {
    EventConsumerArgs,
    EventPipeline,
    EventPipelineArgs,
    PipelineTableArgs,
    StreamMode,
    validateEventPipelineArgs,
} from "../components/event-pipeline";
import { KEY_ACCOUNT_ACTIONS, KEY_LOGS_ACTIONS } from "../components/lib/kms";
import { CLOUDWATCH_LOG_RETENTION_DAYS } from "../components/lib/log-retention";
import { runPolicyGate, startPolicyPack } from "../tools/engine/policy-gate";
import { Plan, planComponent, RecordedResource, repoRoot, UNKNOWN, valueOf } from "./helpers/plan";
import { brief, packDir, violationsOf } from "./helpers/policy";

/** The notifier's grant on a secret the test gives it: no flow of the pipeline declares it. */
const UNDECLARED_SECRET =
    "advisory flows-least-reachability orders-notifier-role: allows secretsmanager:GetSecretValue, which no declared flow of orders-notifier needs: declare the flows they serve, or remove them.";

const T = {
    flow: "lightspeed:index:Flow",
    pipeline: "lightspeed:index:EventPipeline",
    fnComponent: "lightspeed:index:SecureFunction",
    workload: "lightspeed:index:WorkloadSecurityGroup",
    key: "aws:kms/key:Key",
    table: "aws:dynamodb/table:Table",
    destination: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
    stream: "aws:kinesis/stream:Stream",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    fn: "aws:lambda/function:Function",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logStream: "aws:cloudwatch/logStream:LogStream",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    bucket: "aws:s3/bucket:Bucket",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const ALARMS = `arn:aws:sns:us-east-1:${ACCOUNT}:alarms`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:slack-webhook-AbCdEf`;
const TAGS = { team: "platform" };
const hello = path.join(repoRoot, "test", "fixtures", "handlers", "hello.ts");

const CUSTOMERS: PipelineTableArgs = {
    name: "customers",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    ttlAttribute: "expiresAt",
};
const TASKS: PipelineTableArgs = {
    name: "tasks",
    hashKey: "customerId",
    rangeKey: "taskId",
    attributes: [
        { name: "customerId", type: "S" },
        { name: "taskId", type: "S" },
        { name: "dueAt", type: "N" },
    ],
    globalSecondaryIndexes: [{ name: "by-due-date", hashKey: "customerId", rangeKey: "dueAt" }],
};
const SLACK_STATEMENT = {
    Sid: "ReadSlackWebhook",
    Effect: "Allow" as const,
    Action: ["secretsmanager:GetSecretValue"],
    Resource: [SECRET],
};
const NOTIFIER: EventConsumerArgs = {
    name: "notifier",
    entry: hello,
    description: "Announces new customers in Slack",
    memoryMb: 512,
    timeoutSeconds: 60,
    batchSize: 25,
    maximumBatchingWindowSeconds: 5,
    parallelizationFactor: 2,
    maximumRetryAttempts: 3,
    maximumRecordAgeSeconds: 7200,
    sourceTables: ["customers"],
    eventNames: ["INSERT"],
    tableNameEnvironment: { CUSTOMERS_TABLE: "customers" },
    environment: { MIN_EMPLOYEES: "50", SLACK_WEBHOOK_SECRET_ARN: SECRET },
    statements: [SLACK_STATEMENT],
    idempotency: true,
    internetEgress: true,
};

/** 2 tables, 1 idempotent filtered consumer with internet egress, archive on, 2 queues. */
const FULL: EventPipelineArgs = {
    vpcId: "vpc-0a",
    vpcCidr: "10.0.0.0/16",
    subnetIds: ["subnet-0a", "subnet-0b"],
    alarmTopicArn: ALARMS,
    tables: [CUSTOMERS, TASKS],
    consumers: [NOTIFIER],
    retentionHours: 48,
    messagingQueues: [
        { name: "billing" },
        { name: "search", maxReceiveCount: 3, filterPolicy: { entity: ["customer"] } },
    ],
    tags: TAGS,
};

/** Plans one EventPipeline named "orders" and keeps the instance. */
async function planPipeline(
    args: EventPipelineArgs = FULL,
    options: { known?: boolean } = {},
): Promise<{ plan: Plan; pipeline: EventPipeline }> {
    let pipeline: EventPipeline | undefined;
    const plan = await planComponent(() => {
        pipeline = new EventPipeline("orders", args);
    }, options);
    return { plan, pipeline: pipeline! };
}

/** `type name` strings, sorted, so that registration order (which is async) does not matter. */
function typesAndNames(resources: readonly RecordedResource[]): string[] {
    return resources.map((r) => `${r.type} ${r.name}`).sort();
}

function urn(plan: Plan, type: string, name: string): string {
    return plan.one(type, name).urn;
}

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: unknown;
    Principal?: unknown;
    Condition?: unknown;
}

function statementsOf(resource: RecordedResource): Statement[] {
    const policy = resource.inputs.policy;
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as {
        Statement: Statement[];
    };
    return doc.Statement;
}

function statement(resource: RecordedResource, sid: string): Statement {
    const found = statementsOf(resource).filter((s) => s.Sid === sid);
    assert.equal(found.length, 1, `one statement ${sid} in ${resource.name}`);
    return found[0];
}

/** The gate's findings for an already planned program, briefed and sorted (as violationsOf). */
async function gate(plan: Plan, policyConfig: Record<string, unknown>): Promise<string[]> {
    const result = await runPolicyGate(plan, { packDir, config: policyConfig });
    assert.deepEqual(result.cannotRunInPreview.map(brief), [], "every policy ran during preview");
    return result.violations.map(brief).sort();
}

const TLS_ONLY = (resources: unknown[], action = "sqs:*"): Statement => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

describe("EventPipeline", () => {
    // The pack compiles TypeScript for seconds: let it boot while the component tests run.
    before(() => startPolicyPack(packDir));

    describe("a full pipeline (first preview)", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planPipeline());
        });

        it("registers exactly its children, named after it", () => {
            const component = plan.one(T.pipeline, "orders");
            assert.deepEqual(
                typesAndNames(plan.childrenOf(component)),
                [
                    `${T.key} orders-key`,
                    `${T.table} orders-customers`,
                    `${T.table} orders-tasks`,
                    `${T.destination} orders-customers-stream`,
                    `${T.destination} orders-tasks-stream`,
                    `${T.stream} orders-stream`,
                    // the consumer
                    `${T.workload} orders-notifier-network`,
                    `${T.fnComponent} orders-notifier`,
                    `${T.table} orders-notifier-idempotency`,
                    `${T.queue} orders-notifier-dlq`,
                    `${T.queuePolicy} orders-notifier-dlq-policy`,
                    `${T.mapping} orders-notifier-mapping`,
                    `${T.alarm} orders-notifier-iterator-age`,
                    `${T.alarm} orders-notifier-errors`,
                    `${T.alarm} orders-notifier-throttles`,
                    `${T.alarm} orders-notifier-dlq-depth`,
                    // the consumer's declared flows
                    `${T.flow} orders-notifier-flow-stream`,
                    `${T.flow} orders-notifier-flow-dead-letters`,
                    `${T.flow} orders-notifier-flow-idempotency`,
                    // the archive
                    `${T.bucket} orders-archive`,
                    `${T.publicAccess} orders-archive-public-access`,
                    `${T.ownership} orders-archive-ownership`,
                    `${T.versioning} orders-archive-versioning`,
                    `${T.encryption} orders-archive-encryption`,
                    `${T.lifecycle} orders-archive-lifecycle`,
                    `${T.bucketPolicy} orders-archive-tls-only`,
                    `${T.logGroup} orders-archive-logs`,
                    `${T.logStream} orders-archive-errors`,
                    `${T.role} orders-archive-role`,
                    `${T.rolePolicy} orders-archive-role-policy`,
                    `${T.firehose} orders-archive-delivery`,
                    // service messaging
                    `${T.topic} orders-events`,
                    `${T.topicPolicy} orders-events-policy`,
                    ...["billing", "search"].flatMap((q) => [
                        `${T.queue} orders-${q}`,
                        `${T.queuePolicy} orders-${q}-policy`,
                        `${T.queue} orders-${q}-dlq`,
                        `${T.queuePolicy} orders-${q}-dlq-policy`,
                        `${T.subscription} orders-${q}-subscription`,
                        `${T.flow} orders-${q}-flow-delivery`,
                        `${T.alarm} orders-${q}-dlq-depth`,
                    ]),
                ].sort(),
            );
            assert.equal(plan.childrenOf(component).length, 47);
            assert.deepEqual(typesAndNames(plan.childrenOf(plan.one(T.workload))), [
                `${T.sg} orders-notifier-network-sg`,
                `${T.egress} orders-notifier-network-egress-443`,
                `${T.egress} orders-notifier-network-egress-internet-443`,
            ]);
            assert.deepEqual(typesAndNames(plan.childrenOf(plan.one(T.fnComponent))), [
                `${T.logGroup} orders-notifier-logs`,
                `${T.role} orders-notifier-role`,
                `${T.rolePolicy} orders-notifier-policy`,
                `${T.fn} orders-notifier`,
            ]);
            assert.equal(plan.descendantsOf(component).length, 54);
        });

        it("protects exactly the stateful children: key, tables, stream, queues, bucket, logs", () => {
            assert.deepEqual(typesAndNames(plan.resources.filter((r) => r.protect)), [
                `${T.logGroup} orders-archive-logs`,
                `${T.logGroup} orders-notifier-logs`,
                `${T.table} orders-customers`,
                `${T.table} orders-notifier-idempotency`,
                `${T.table} orders-tasks`,
                `${T.stream} orders-stream`,
                `${T.key} orders-key`,
                `${T.bucket} orders-archive`,
                `${T.queue} orders-billing`,
                `${T.queue} orders-billing-dlq`,
                `${T.queue} orders-notifier-dlq`,
                `${T.queue} orders-search`,
                `${T.queue} orders-search-dlq`,
            ]);
        });

        it("tags every child that takes tags", () => {
            const untaggable = plan.resources
                .filter((r) => r.custom && r.inputs.tags === undefined)
                .map((r) => r.type);
            assert.deepEqual(
                [...new Set(untaggable)].sort(),
                [
                    T.destination,
                    T.logStream,
                    T.rolePolicy,
                    T.bucketPolicy,
                    T.publicAccess,
                    T.ownership,
                    T.encryption,
                    T.lifecycle,
                    T.versioning,
                    T.topicPolicy,
                    T.subscription,
                    T.queuePolicy,
                ].sort(),
            );
            for (const r of plan.resources.filter((x) => x.custom && x.inputs.tags !== undefined)) {
                assert.deepEqual(r.inputs.tags, TAGS, r.name);
            }
        });

        it("rotates one pipeline key and keeps it 30 days after its deletion is scheduled", () => {
            const key = plan.one(T.key, "orders-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            // Known during a first preview: only invoke results, no id created in this run.
            assert.equal(typeof key.inputs.policy, "string");
            assert.notEqual(key.inputs.policy, UNKNOWN);
        });

        it("key policy (lib/kms): the account, CloudWatch Logs, and SNS for the queues; nothing else", () => {
            const key = plan.one(T.key, "orders-key");
            assert.deepEqual(statementsOf(key), [
                {
                    Sid: "AccountAdministersAndUsesKey",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: KEY_ACCOUNT_ACTIONS,
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: KEY_LOGS_ACTIONS,
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
                        },
                    },
                },
                {
                    Sid: "SnsUsesKeyForThisAccount",
                    Effect: "Allow",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]);
        });

        it("tables: on demand, the pipeline key, point-in-time recovery, deletion protection, TTL", () => {
            const key = urn(plan, T.key, "orders-key");
            const customers = plan.one(T.table, "orders-customers");
            assert.deepEqual(customers.inputs, {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                ttl: { attributeName: "expiresAt", enabled: true },
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN },
                deletionProtectionEnabled: true,
                tags: TAGS,
            });
            assert.deepEqual(customers.propertyDependencies.serverSideEncryption, [key]);
            const tasks = plan.one(T.table, "orders-tasks");
            assert.deepEqual(tasks.inputs, {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "customerId",
                rangeKey: "taskId",
                attributes: [
                    { name: "customerId", type: "S" },
                    { name: "taskId", type: "S" },
                    { name: "dueAt", type: "N" },
                ],
                globalSecondaryIndexes: [
                    {
                        name: "by-due-date",
                        keySchemas: [
                            { attributeName: "customerId", keyType: "HASH" },
                            { attributeName: "dueAt", keyType: "RANGE" },
                        ],
                        projectionType: "ALL",
                    },
                ],
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN },
                deletionProtectionEnabled: true,
                tags: TAGS,
            });
        });

        it("streams every table's changes into the stream with microsecond timestamps", () => {
            const stream = urn(plan, T.stream, "orders-stream");
            for (const table of ["customers", "tasks"]) {
                const destination = plan.one(T.destination, `orders-${table}-stream`);
                assert.deepEqual(destination.inputs, {
                    tableName: UNKNOWN,
                    streamArn: UNKNOWN,
                    approximateCreationDateTimePrecision: "MICROSECOND",
                });
                assert.deepEqual(destination.propertyDependencies.tableName, [
                    urn(plan, T.table, `orders-${table}`),
                ]);
                assert.deepEqual(destination.propertyDependencies.streamArn, [stream]);
            }
        });

        it("stream: KMS with the pipeline key, on demand, the given retention", () => {
            const stream = plan.one(T.stream, "orders-stream");
            assert.deepEqual(stream.inputs, {
                encryptionType: "KMS",
                kmsKeyId: UNKNOWN,
                streamModeDetails: { streamMode: "ON_DEMAND" },
                retentionPeriod: 48,
                tags: TAGS,
            });
            assert.deepEqual(stream.propertyDependencies.kmsKeyId, [
                urn(plan, T.key, "orders-key"),
            ]);
        });

        it("consumer role: exact statements, each on the right resource (by dependency)", () => {
            const policy = plan.one(T.rolePolicy, "orders-notifier-policy");
            assert.deepEqual(statementsOf(policy).slice(3), [
                {
                    Sid: "ReadPipelineStream",
                    Effect: "Allow",
                    Action: [
                        "kinesis:DescribeStream",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:GetRecords",
                        "kinesis:GetShardIterator",
                        "kinesis:ListShards",
                    ],
                    Resource: [UNKNOWN],
                },
                {
                    Sid: "DecryptWithPipelineKey",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [UNKNOWN],
                },
                {
                    Sid: "EncryptDeadLetters",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey"],
                    Resource: [UNKNOWN],
                    Condition: {
                        StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" },
                    },
                },
                {
                    Sid: "SendToDeadLetterQueue",
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: [UNKNOWN],
                },
                {
                    Sid: "IdempotencyRecords",
                    Effect: "Allow",
                    Action: [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                    ],
                    Resource: [UNKNOWN],
                },
                SLACK_STATEMENT,
            ]);
            // The first three are SecureFunction's own: its log group, ENIs, X-Ray.
            assert.deepEqual(
                statementsOf(policy)
                    .slice(0, 3)
                    .map((s) => s.Sid),
                ["OwnLogGroup", "VpcNetworkInterfaces", "XRayTraces"],
            );
            // The unknown resources come from exactly these: nothing else of the pipeline.
            assert.deepEqual(
                [...policy.propertyDependencies.policy].sort(),
                [
                    urn(plan, T.logGroup, "orders-notifier-logs"),
                    urn(plan, T.stream, "orders-stream"),
                    urn(plan, T.key, "orders-key"),
                    urn(plan, T.queue, "orders-notifier-dlq"),
                    urn(plan, T.table, "orders-notifier-idempotency"),
                ].sort(),
            );
        });

        it("consumer function: its own security group, the table names and idempotency table in its environment", () => {
            const fn = plan.one(T.fn, "orders-notifier");
            assert.equal(fn.inputs.memorySize, 512);
            assert.equal(fn.inputs.timeout, 60);
            assert.equal(fn.inputs.description, "Announces new customers in Slack");
            assert.deepEqual(fn.inputs.environment, {
                variables: {
                    NODE_OPTIONS: "--enable-source-maps",
                    MIN_EMPLOYEES: "50",
                    SLACK_WEBHOOK_SECRET_ARN: SECRET,
                    CUSTOMERS_TABLE: UNKNOWN,
                    IDEMPOTENCY_TABLE: UNKNOWN,
                },
            });
            assert.deepEqual(
                [...fn.propertyDependencies.environment].sort(),
                [
                    urn(plan, T.table, "orders-customers"),
                    urn(plan, T.table, "orders-notifier-idempotency"),
                ].sort(),
            );
            assert.deepEqual(fn.inputs.vpcConfig, {
                subnetIds: ["subnet-0a", "subnet-0b"],
                securityGroupIds: [UNKNOWN],
            });
            assert.deepEqual(fn.propertyDependencies.vpcConfig, [
                urn(plan, T.sg, "orders-notifier-network-sg"),
            ]);
            const logs = plan.one(T.logGroup, "orders-notifier-logs");
            assert.equal(logs.inputs.retentionInDays, 365);
            assert.deepEqual(logs.propertyDependencies.kmsKeyId, [urn(plan, T.key, "orders-key")]);
        });

        it("consumer security group: no ingress, HTTPS to the VPC, and to the internet when asked", () => {
            assert.deepEqual(plan.one(T.sg, "orders-notifier-network-sg").inputs, {
                vpcId: "vpc-0a",
                description: "EventPipeline orders consumer notifier",
                revokeRulesOnDelete: true,
                tags: TAGS,
            });
            const sg = urn(plan, T.sg, "orders-notifier-network-sg");
            const vpc = plan.one(T.egress, "orders-notifier-network-egress-443");
            assert.equal(vpc.inputs.cidrIpv4, "10.0.0.0/16");
            const internet = plan.one(T.egress, "orders-notifier-network-egress-internet-443");
            assert.deepEqual(internet.inputs, {
                securityGroupId: UNKNOWN,
                description: "TCP 443 to the internet (through NAT)",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
                tags: TAGS,
            });
            assert.deepEqual(internet.propertyDependencies.securityGroupId, [sg]);
        });

        it("idempotency table: key id (string), TTL expiration, the pipeline key, PITR", () => {
            assert.deepEqual(plan.one(T.table, "orders-notifier-idempotency").inputs, {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                ttl: { attributeName: "expiration", enabled: true },
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN },
                deletionProtectionEnabled: true,
                tags: TAGS,
            });
        });

        it("mapping: from the stream to the function, failures to the consumer's dead-letter queue", () => {
            const mapping = plan.one(T.mapping, "orders-notifier-mapping");
            assert.deepEqual(mapping.propertyDependencies.eventSourceArn, [
                urn(plan, T.stream, "orders-stream"),
            ]);
            assert.deepEqual(mapping.propertyDependencies.functionName, [
                urn(plan, T.fn, "orders-notifier"),
            ]);
            assert.deepEqual(mapping.propertyDependencies.destinationConfig, [
                urn(plan, T.queue, "orders-notifier-dlq"),
            ]);
            // The filter names the customers table's physical name, unknown until it exists.
            assert.deepEqual(mapping.propertyDependencies.filterCriteria, [
                urn(plan, T.table, "orders-customers"),
            ]);
            // Lambda checks the role's grants when the mapping is created.
            assert.ok(
                mapping.dependencies.includes(urn(plan, T.rolePolicy, "orders-notifier-policy")),
            );
        });

        it("dead-letter queues: the pipeline key, 14 days, TLS only", () => {
            for (const name of ["orders-notifier-dlq", "orders-billing-dlq", "orders-search-dlq"]) {
                const queue = plan.one(T.queue, name);
                assert.deepEqual(queue.inputs, {
                    kmsMasterKeyId: UNKNOWN,
                    kmsDataKeyReusePeriodSeconds: 300,
                    messageRetentionSeconds: 1_209_600,
                    tags: TAGS,
                });
                assert.deepEqual(queue.propertyDependencies.kmsMasterKeyId, [
                    urn(plan, T.key, "orders-key"),
                ]);
                const policy = plan.one(T.queuePolicy, `${name}-policy`);
                assert.deepEqual(statementsOf(policy), [TLS_ONLY([UNKNOWN])]);
                assert.deepEqual(policy.propertyDependencies.policy, [queue.urn]);
                assert.deepEqual(policy.propertyDependencies.queueUrl, [queue.urn]);
            }
        });

        it("archive bucket: private, owner-enforced, versioned, SSE-KMS, lifecycle to cold storage, TLS only", () => {
            const bucket = urn(plan, T.bucket, "orders-archive");
            assert.deepEqual(plan.one(T.bucket, "orders-archive").inputs, {
                forceDestroy: false,
                tags: TAGS,
            });
            const pab = plan.one(T.publicAccess, "orders-archive-public-access");
            assert.deepEqual(pab.inputs, {
                bucket: UNKNOWN,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            for (const r of [
                pab,
                plan.one(T.ownership, "orders-archive-ownership"),
                plan.one(T.versioning, "orders-archive-versioning"),
                plan.one(T.encryption, "orders-archive-encryption"),
                plan.one(T.lifecycle, "orders-archive-lifecycle"),
                plan.one(T.bucketPolicy, "orders-archive-tls-only"),
            ]) {
                assert.deepEqual(r.propertyDependencies.bucket, [bucket], r.name);
            }
            assert.deepEqual(plan.one(T.ownership, "orders-archive-ownership").inputs.rule, {
                objectOwnership: "BucketOwnerEnforced",
            });
            assert.deepEqual(
                plan.one(T.versioning, "orders-archive-versioning").inputs.versioningConfiguration,
                { status: "Enabled" },
            );
            assert.deepEqual(plan.one(T.encryption, "orders-archive-encryption").inputs.rules, [
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: UNKNOWN,
                    },
                    bucketKeyEnabled: true,
                },
            ]);
            const lifecycle = plan.one(T.lifecycle, "orders-archive-lifecycle");
            assert.deepEqual(lifecycle.inputs.rules, [
                {
                    id: "cold-storage",
                    status: "Enabled",
                    filter: { prefix: "" },
                    transitions: [{ days: 30, storageClass: "GLACIER_IR" }],
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ]);
            assert.ok(
                lifecycle.dependencies.includes(
                    urn(plan, T.versioning, "orders-archive-versioning"),
                ),
            );
            assert.deepEqual(statementsOf(plan.one(T.bucketPolicy, "orders-archive-tls-only")), [
                TLS_ONLY([UNKNOWN, UNKNOWN], "s3:*"),
            ]);
        });

        it("Firehose: from the stream, GZIP JSON lines by day into the bucket, errors logged", () => {
            const firehose = plan.one(T.firehose, "orders-archive-delivery");
            assert.deepEqual(firehose.inputs, {
                destination: "extended_s3",
                kinesisSourceConfiguration: { kinesisStreamArn: UNKNOWN, roleArn: UNKNOWN },
                extendedS3Configuration: {
                    roleArn: UNKNOWN,
                    bucketArn: UNKNOWN,
                    prefix: "events/!{timestamp:yyyy/MM/dd}/",
                    errorOutputPrefix:
                        "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
                    bufferingInterval: 300,
                    bufferingSize: 64,
                    compressionFormat: "GZIP",
                    processingConfiguration: {
                        enabled: true,
                        processors: [{ type: "AppendDelimiterToRecord" }],
                    },
                    kmsKeyArn: UNKNOWN,
                    cloudwatchLoggingOptions: {
                        enabled: true,
                        logGroupName: UNKNOWN,
                        // The stream's name is its input, known even before it exists.
                        logStreamName: "S3Delivery",
                    },
                },
                tags: TAGS,
            });
            assert.deepEqual(
                [...firehose.propertyDependencies.kinesisSourceConfiguration].sort(),
                [
                    urn(plan, T.stream, "orders-stream"),
                    urn(plan, T.role, "orders-archive-role"),
                ].sort(),
            );
            assert.ok(
                firehose.dependencies.includes(
                    urn(plan, T.rolePolicy, "orders-archive-role-policy"),
                ),
            );
            const logs = plan.one(T.logGroup, "orders-archive-logs");
            assert.equal(logs.inputs.retentionInDays, 365);
            assert.deepEqual(logs.propertyDependencies.kmsKeyId, [urn(plan, T.key, "orders-key")]);
            assert.equal(plan.one(T.logStream, "orders-archive-errors").inputs.name, "S3Delivery");
        });

        it("Firehose role: trusted by Firehose for this account only", () => {
            assert.deepEqual(plan.one(T.role, "orders-archive-role").inputs.assumeRolePolicy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "firehose.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                    },
                ],
            });
        });

        it("messaging topic: the pipeline key, and a policy that refuses plain HTTP", () => {
            const topic = plan.one(T.topic, "orders-events");
            assert.deepEqual(topic.inputs, { kmsMasterKeyId: UNKNOWN, tags: TAGS });
            const policy = plan.one(T.topicPolicy, "orders-events-policy");
            assert.deepEqual(statementsOf(policy), [TLS_ONLY([UNKNOWN], "sns:Publish")]);
            assert.deepEqual(policy.propertyDependencies.arn, [topic.urn]);
        });

        it("messaging queues: the key, a redrive to their own DLQ, raw delivery from the topic only", () => {
            const topic = urn(plan, T.topic, "orders-events");
            for (const name of ["billing", "search"]) {
                const queue = plan.one(T.queue, `orders-${name}`);
                assert.deepEqual(queue.inputs, {
                    kmsMasterKeyId: UNKNOWN,
                    kmsDataKeyReusePeriodSeconds: 300,
                    visibilityTimeoutSeconds: 30,
                    messageRetentionSeconds: 345_600,
                    redrivePolicy: UNKNOWN,
                    tags: TAGS,
                });
                assert.deepEqual(queue.propertyDependencies.redrivePolicy, [
                    urn(plan, T.queue, `orders-${name}-dlq`),
                ]);
                const policy = plan.one(T.queuePolicy, `orders-${name}-policy`);
                assert.deepEqual(statementsOf(policy), [
                    {
                        Sid: "TopicDelivers",
                        Effect: "Allow",
                        Principal: { Service: "sns.amazonaws.com" },
                        Action: ["sqs:SendMessage"],
                        Resource: [UNKNOWN],
                        Condition: { ArnEquals: { "aws:SourceArn": UNKNOWN } },
                    },
                    TLS_ONLY([UNKNOWN]),
                ]);
                assert.deepEqual(
                    [...policy.propertyDependencies.policy].sort(),
                    [queue.urn, topic].sort(),
                );
                const subscription = plan.one(T.subscription, `orders-${name}-subscription`);
                assert.equal(subscription.inputs.protocol, "sqs");
                assert.equal(subscription.inputs.rawMessageDelivery, true);
                assert.deepEqual(subscription.propertyDependencies.topic, [topic]);
                assert.deepEqual(subscription.propertyDependencies.endpoint, [queue.urn]);
            }
            assert.equal(
                plan.one(T.subscription, "orders-billing-subscription").inputs.filterPolicy,
                undefined,
            );
            assert.equal(
                plan.one(T.subscription, "orders-search-subscription").inputs.filterPolicy,
                '{"entity":["customer"]}',
            );
        });

        it("alarms: iterator age at half the retention, errors, throttles, every DLQ's depth", () => {
            const fn = urn(plan, T.fn, "orders-notifier");
            const common = {
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 1,
                treatMissingData: "notBreaching",
                alarmActions: [ALARMS],
                okActions: [ALARMS],
                tags: TAGS,
            };
            const lambda = (metricName: string, statistic: string, threshold: number) => ({
                namespace: "AWS/Lambda",
                metricName,
                statistic,
                dimensions: { FunctionName: UNKNOWN },
                threshold,
                period: 60,
                ...common,
            });
            const expected: [string, Record<string, unknown>, string][] = [
                // 48 hours of retention: alarm when the oldest record is 24 hours old.
                ["orders-notifier-iterator-age", lambda("IteratorAge", "Maximum", 86_400_000), fn],
                ["orders-notifier-errors", lambda("Errors", "Sum", 0), fn],
                ["orders-notifier-throttles", lambda("Throttles", "Sum", 0), fn],
            ];
            for (const dlq of ["orders-notifier-dlq", "orders-billing-dlq", "orders-search-dlq"]) {
                expected.push([
                    `${dlq}-depth`,
                    {
                        namespace: "AWS/SQS",
                        metricName: "ApproximateNumberOfMessagesVisible",
                        statistic: "Maximum",
                        dimensions: { QueueName: UNKNOWN },
                        threshold: 0,
                        period: 300,
                        ...common,
                    },
                    urn(plan, T.queue, dlq),
                ]);
            }
            assert.equal(plan.ofType(T.alarm).length, expected.length);
            for (const [name, inputs, source] of expected) {
                const alarm = plan.one(T.alarm, name);
                const { alarmDescription, ...rest } = alarm.inputs;
                assert.deepEqual(rest, inputs, name);
                assert.match(alarmDescription as string, /^EventPipeline orders: /);
                assert.deepEqual(alarm.propertyDependencies.dimensions, [source], name);
            }
        });
    });

    describe("a full pipeline (existing stack, known outputs)", () => {
        let plan: Plan;
        let pipeline: EventPipeline;
        before(async () => {
            ({ plan, pipeline } = await planPipeline(FULL, { known: true }));
        });

        const region = "us-east-1";
        const arn = {
            queue: (url: string) => `arn:aws:sqs:${region}:${ACCOUNT}:${url.split("/").pop()}`,
            table: (name: string) => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${name}`,
            fn: (name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`,
        };

        it("exposes table, stream, key, queue and archive outputs by name", async () => {
            const names = await valueOf(pipeline.tableNames.customers);
            assert.match(names!, /^orders-customers-[0-9a-f]{7}$/);
            assert.deepEqual(Object.keys(pipeline.tableNames), ["customers", "tasks"]);
            assert.equal(
                await valueOf(pipeline.tableArns.tasks),
                arn.table((await valueOf(pipeline.tableNames.tasks))!),
            );
            assert.match(
                (await valueOf(pipeline.streamArn))!,
                /^arn:aws:kinesis:us-east-1:123456789012:stream\/orders-stream-/,
            );
            assert.match(
                (await valueOf(pipeline.keyArn))!,
                /^arn:aws:kms:us-east-1:123456789012:key\//,
            );
            assert.match(
                (await valueOf(pipeline.topicArn!))!,
                /^arn:aws:sns:us-east-1:123456789012:orders-events-/,
            );
            assert.deepEqual(Object.keys(pipeline.queueUrls), ["billing", "search"]);
            assert.deepEqual(Object.keys(pipeline.queueDeadLetterQueueUrls), ["billing", "search"]);
            assert.deepEqual(Object.keys(pipeline.consumerDeadLetterQueueUrls), ["notifier"]);
            assert.match(
                (await valueOf(pipeline.archiveBucketName!))!,
                /^orders-archive-[0-9a-f]{7}$/,
            );
            assert.deepEqual(Object.keys(plan.one(T.pipeline).outputs ?? {}).sort(), [
                "archiveBucketName",
                "consumerDeadLetterQueueUrls",
                "consumerFunctionNames",
                "keyArn",
                "queueArns",
                "queueDeadLetterQueueUrls",
                "queueUrls",
                "streamArn",
                "streamName",
                "tableArns",
                "tableNames",
                "topicArn",
            ]);
        });

        it("consumer role: stream, key, dead-letter queue and idempotency table ARNs exactly", async () => {
            const policy = plan.one(T.rolePolicy, "orders-notifier-policy");
            const streamArn = await valueOf(pipeline.streamArn);
            const keyArn = await valueOf(pipeline.keyArn);
            const dlqArn = arn.queue(
                (await valueOf(pipeline.consumerDeadLetterQueueUrls.notifier))!,
            );
            const env = (
                plan.one(T.fn, "orders-notifier").inputs.environment as {
                    variables: Record<string, string>;
                }
            ).variables;
            assert.match(env.IDEMPOTENCY_TABLE, /^orders-notifier-idempotency-[0-9a-f]{7}$/);
            assert.equal(env.CUSTOMERS_TABLE, await valueOf(pipeline.tableNames.customers));
            assert.deepEqual(statement(policy, "ReadPipelineStream").Resource, [streamArn]);
            assert.deepEqual(statement(policy, "DecryptWithPipelineKey").Resource, [keyArn]);
            assert.deepEqual(statement(policy, "EncryptDeadLetters").Resource, [keyArn]);
            assert.deepEqual(statement(policy, "SendToDeadLetterQueue").Resource, [dlqArn]);
            assert.deepEqual(statement(policy, "IdempotencyRecords").Resource, [
                arn.table(env.IDEMPOTENCY_TABLE),
            ]);
        });

        it("mapping: exact settings, filtered to INSERTs of the customers table", async () => {
            const functionName = (await valueOf(pipeline.consumerFunctionNames.notifier))!;
            const customers = (await valueOf(pipeline.tableNames.customers))!;
            assert.deepEqual(plan.one(T.mapping, "orders-notifier-mapping").inputs, {
                eventSourceArn: await valueOf(pipeline.streamArn),
                functionName: arn.fn(functionName),
                startingPosition: "TRIM_HORIZON",
                batchSize: 25,
                maximumBatchingWindowInSeconds: 5,
                parallelizationFactor: 2,
                maximumRetryAttempts: 3,
                maximumRecordAgeInSeconds: 7200,
                bisectBatchOnFunctionError: true,
                functionResponseTypes: ["ReportBatchItemFailures"],
                destinationConfig: {
                    onFailure: {
                        destinationArn: arn.queue(
                            (await valueOf(pipeline.consumerDeadLetterQueueUrls.notifier))!,
                        ),
                    },
                },
                filterCriteria: {
                    filters: [
                        {
                            pattern: JSON.stringify({
                                data: { tableName: [customers], eventName: ["INSERT"] },
                            }),
                        },
                    ],
                },
                tags: TAGS,
            });
        });

        it("Firehose role: exactly its stream, bucket, key and error log stream", async () => {
            const policy = plan.one(T.rolePolicy, "orders-archive-role-policy");
            const streamArn = (await valueOf(pipeline.streamArn))!;
            const keyArn = await valueOf(pipeline.keyArn);
            const bucketArn = `arn:aws:s3:::${await valueOf(pipeline.archiveBucketName!)}`;
            const logGroup = (
                plan.one(T.firehose).inputs.extendedS3Configuration as {
                    cloudwatchLoggingOptions: { logGroupName: string };
                }
            ).cloudwatchLoggingOptions.logGroupName;
            assert.deepEqual(statementsOf(policy), [
                {
                    Sid: "ReadPipelineStream",
                    Effect: "Allow",
                    Action: [
                        "kinesis:DescribeStream",
                        "kinesis:GetShardIterator",
                        "kinesis:GetRecords",
                        "kinesis:ListShards",
                    ],
                    Resource: [streamArn],
                },
                {
                    Sid: "DecryptStreamRecords",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [keyArn],
                    Condition: {
                        StringEquals: {
                            "kms:ViaService": "kinesis.us-east-1.amazonaws.com",
                            "kms:EncryptionContext:aws:kinesis:arn": streamArn,
                        },
                    },
                },
                {
                    Sid: "ArchiveBucket",
                    Effect: "Allow",
                    Action: [
                        "s3:GetBucketLocation",
                        "s3:ListBucket",
                        "s3:ListBucketMultipartUploads",
                    ],
                    Resource: [bucketArn],
                },
                {
                    Sid: "ArchiveObjects",
                    Effect: "Allow",
                    Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
                    Resource: [`${bucketArn}/*`],
                },
                {
                    Sid: "EncryptArchiveObjects",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: [keyArn],
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                        StringLike: {
                            "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`],
                        },
                    },
                },
                {
                    Sid: "DeliveryErrorLog",
                    Effect: "Allow",
                    Action: ["logs:PutLogEvents"],
                    Resource: [
                        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logGroup}:log-stream:S3Delivery`,
                    ],
                },
            ]);
        });

        it("messaging queues: SNS may send only from the pipeline's topic; each redrives to its DLQ", async () => {
            const topicArn = await valueOf(pipeline.topicArn!);
            for (const [name, maxReceiveCount] of [
                ["billing", 5],
                ["search", 3],
            ] as const) {
                const policy = plan.one(T.queuePolicy, `orders-${name}-policy`);
                assert.deepEqual(statement(policy, "TopicDelivers"), {
                    Sid: "TopicDelivers",
                    Effect: "Allow",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: ["sqs:SendMessage"],
                    Resource: [await valueOf(pipeline.queueArns[name])],
                    Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
                });
                const dlqUrl = await valueOf(pipeline.queueDeadLetterQueueUrls[name]);
                const queue = plan.one(T.queue, `orders-${name}`);
                assert.deepEqual(JSON.parse(queue.inputs.redrivePolicy as string), {
                    deadLetterTargetArn: arn.queue(dlqUrl!),
                    maxReceiveCount,
                });
                const subscription = plan.one(T.subscription, `orders-${name}-subscription`);
                assert.equal(subscription.inputs.topic, topicArn);
                assert.equal(subscription.inputs.endpoint, await valueOf(pipeline.queueArns[name]));
            }
        });
    });

    describe("policy pack", () => {
        const prod = require("../policy/config/prod.json") as Record<string, unknown>;

        it("passes a full pipeline: nothing but the notifier's secret grant, which no flow of the pipeline declares (default config)", async () => {
            assert.deepEqual(
                await violationsOf("*", () => {
                    new EventPipeline("orders", FULL);
                }),
                [UNDECLARED_SECRET],
            );
        });

        it("passes the prod config (operations rules mandatory), even with customer-managed keys required", async () => {
            const { plan } = await planPipeline();
            assert.deepEqual(await gate(plan, prod), [UNDECLARED_SECRET]);
            assert.deepEqual(
                await gate(plan, {
                    ...prod,
                    "encrypted-at-rest": { requireCustomerManagedKeys: true },
                    "s3-encryption": { requireCustomerManagedKeys: true },
                }),
                [UNDECLARED_SECRET],
            );
        });
    });

    describe("a throwaway, provisioned pipeline without archive or messaging", () => {
        const DEV: EventPipelineArgs = {
            ...FULL,
            archive: false,
            messagingQueues: [],
            protect: false,
            deletionProtection: false,
            streamMode: "PROVISIONED",
            shardCount: 4,
            retentionHours: 168,
            tables: [CUSTOMERS, { ...TASKS, provisionedCapacity: { readUnits: 5, writeUnits: 2 } }],
            dynamodbPrefixListId: "pl-02cd2c6b",
            consumers: [{ ...NOTIFIER, internetEgress: false }],
        };
        let plan: Plan;
        let pipeline: EventPipeline;
        before(async () => {
            ({ plan, pipeline } = await planPipeline(DEV));
        });

        it("archive: false creates no bucket, Firehose, role or log group for it", () => {
            for (const type of [
                T.bucket,
                T.publicAccess,
                T.ownership,
                T.versioning,
                T.encryption,
                T.lifecycle,
                T.bucketPolicy,
                T.firehose,
                T.logStream,
            ]) {
                assert.deepEqual(plan.ofType(type), [], type);
            }
            assert.deepEqual(
                plan.resources.filter((r) => r.name.startsWith("orders-archive")),
                [],
            );
            assert.equal(pipeline.archiveBucketName, undefined);
        });

        it("no messaging queues: no topic, no queue but the consumer's DLQ, no SNS in the key policy", () => {
            assert.deepEqual(plan.ofType(T.topic), []);
            assert.deepEqual(plan.ofType(T.topicPolicy), []);
            assert.deepEqual(plan.ofType(T.subscription), []);
            assert.deepEqual(
                plan.ofType(T.queue).map((r) => r.name),
                ["orders-notifier-dlq"],
            );
            assert.equal(pipeline.topicArn, undefined);
            assert.deepEqual(pipeline.queueUrls, {});
            assert.deepEqual(
                statementsOf(plan.one(T.key)).map((s) => s.Sid),
                ["AccountAdministersAndUsesKey", "CloudWatchLogsUsesKeyForThisAccountsLogGroups"],
            );
            // 47 children, less 12 for the archive and 16 for messaging (with its flows).
            assert.equal(plan.childrenOf(plan.one(T.pipeline)).length, 47 - 12 - 16);
        });

        it("a provisioned stream takes its shard count; the iterator alarm follows the retention", () => {
            const stream = plan.one(T.stream).inputs;
            assert.deepEqual(stream.streamModeDetails, { streamMode: "PROVISIONED" });
            assert.equal(stream.shardCount, 4);
            assert.equal(stream.retentionPeriod, 168);
            assert.equal(
                plan.one(T.alarm, "orders-notifier-iterator-age").inputs.threshold,
                302_400_000,
            );
        });

        it("provisioned tables give their capacity to the table and its indexes", () => {
            const tasks = plan.one(T.table, "orders-tasks").inputs;
            assert.equal(tasks.billingMode, "PROVISIONED");
            assert.equal(tasks.readCapacity, 5);
            assert.equal(tasks.writeCapacity, 2);
            const [index] = tasks.globalSecondaryIndexes as Record<string, unknown>[];
            assert.equal(index.readCapacity, 5);
            assert.equal(index.writeCapacity, 2);
            assert.equal(
                plan.one(T.table, "orders-customers").inputs.billingMode,
                "PAY_PER_REQUEST",
            );
        });

        it("without internet egress, HTTPS goes to the VPC and to DynamoDB's prefix list only", () => {
            assert.deepEqual(
                plan
                    .ofType(T.egress)
                    .map((r) => r.name)
                    .sort(),
                [
                    "orders-notifier-network-egress-443",
                    "orders-notifier-network-egress-dynamodb-443",
                ],
            );
            const rule = plan.one(T.egress, "orders-notifier-network-egress-dynamodb-443").inputs;
            assert.equal(rule.prefixListId, "pl-02cd2c6b");
            assert.equal(rule.cidrIpv4, undefined);
        });

        it("protect: false and deletionProtection: false protect nothing", () => {
            assert.deepEqual(
                plan.resources.filter((r) => r.protect).map((r) => r.name),
                [],
            );
            for (const table of plan.ofType(T.table)) {
                assert.equal(table.inputs.deletionProtectionEnabled, false, table.name);
            }
        });

        it("the prod policy config blocks exactly its stateful children", async () => {
            const prod = require("../policy/config/prod.json") as Record<string, unknown>;
            const protect = (name: string, loses: string) =>
                `mandatory stateful-protect ${name}: protect is not set: deleting or replacing this resource loses ${loses}; pass { protect: true } in its resource options.`;
            const DEAD_LETTERS = "its messages (dead-lettered records waiting for a replay)";
            const deletion = (name: string) =>
                `mandatory dynamodb-data-protection ${name}: deletionProtectionEnabled is false: set deletionProtectionEnabled true.`;
            assert.deepEqual(
                await gate(plan, prod),
                [
                    deletion("orders-customers"),
                    deletion("orders-notifier-idempotency"),
                    deletion("orders-tasks"),
                    protect("orders-customers", "its items"),
                    protect("orders-key", "every piece of data encrypted under it"),
                    protect("orders-notifier-dlq", DEAD_LETTERS),
                    protect("orders-notifier-idempotency", "its items"),
                    protect("orders-notifier-logs", "its log events"),
                    protect("orders-stream", "its unread records"),
                    protect("orders-tasks", "its items"),
                    UNDECLARED_SECRET,
                ].sort(),
            );
        });
    });

    describe("filters", () => {
        it("raw patterns get sourceTables and eventNames merged in; none means no filter", async () => {
            const raw = { data: { dynamodb: { NewImage: { plan: { S: ["enterprise"] } } } } };
            const consumers: EventConsumerArgs[] = [
                { ...NOTIFIER, filterPatterns: [raw] },
                {
                    ...NOTIFIER,
                    name: "raw",
                    sourceTables: undefined,
                    eventNames: undefined,
                    filterPatterns: [raw, { data: { eventName: ["REMOVE"] } }],
                },
                { ...NOTIFIER, name: "everything", sourceTables: undefined, eventNames: undefined },
            ];
            const { plan, pipeline } = await planPipeline(
                { ...FULL, archive: false, messagingQueues: [], consumers },
                { known: true },
            );
            const filters = (name: string) =>
                (
                    plan.one(T.mapping, `orders-${name}-mapping`).inputs.filterCriteria as
                        { filters: { pattern: string }[] } | undefined
                )?.filters.map((f) => JSON.parse(f.pattern) as unknown);
            const customers = await valueOf(pipeline.tableNames.customers);
            assert.deepEqual(filters("notifier"), [
                {
                    data: {
                        dynamodb: raw.data.dynamodb,
                        tableName: [customers],
                        eventName: ["INSERT"],
                    },
                },
            ]);
            assert.deepEqual(filters("raw"), [raw, { data: { eventName: ["REMOVE"] } }]);
            assert.equal(filters("everything"), undefined);
        });

        it("fails before registering anything when an argument is invalid", async () => {
            await assert.rejects(
                planPipeline({ ...FULL, retentionHours: 2 }),
                new Error('EventPipeline "orders": retentionHours must be 24..8760, got 2'),
            );
        });
    });

    describe("validation", () => {
        const consumer = (c: Partial<EventConsumerArgs>): Partial<EventPipelineArgs> => ({
            consumers: [{ ...NOTIFIER, ...c }],
        });
        const table = (t: Partial<PipelineTableArgs>): Partial<EventPipelineArgs> => ({
            tables: [{ ...CUSTOMERS, ...t }, TASKS],
        });
        const cases: [string, Partial<EventPipelineArgs>, string][] = [
            [
                "retention too short",
                { retentionHours: 2 },
                "retentionHours must be 24..8760, got 2",
            ],
            [
                "retention too long",
                { retentionHours: 8761 },
                "retentionHours must be 24..8760, got 8761",
            ],
            ["no tables", { tables: [] }, "tables must list at least one table, got []"],
            ["no alarm topic", { alarmTopicArn: "" }, 'alarmTopicArn is required, got ""'],
            [
                "unknown stream mode",
                { streamMode: "SHARDED" as StreamMode },
                'streamMode must be "ON_DEMAND" or "PROVISIONED", got "SHARDED"',
            ],
            [
                "provisioned without shards",
                { streamMode: "PROVISIONED" },
                "shardCount (streamMode PROVISIONED) must be 1..10000, got undefined",
            ],
            [
                "shards on demand",
                { shardCount: 2 },
                'shardCount is only for streamMode "PROVISIONED", got 2 with "ON_DEMAND"',
            ],
            [
                "log retention CloudWatch does not offer",
                { logRetentionDays: 10 },
                `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got 10`,
            ],
            [
                "archive buffer",
                { archiveBufferSizeMb: 0 },
                "archiveBufferSizeMb must be 1..128, got 0",
            ],
            [
                "early STANDARD_IA transition",
                { archiveStorageClass: "STANDARD_IA", archiveTransitionDays: 7 },
                "archiveTransitionDays (to STANDARD_IA) must be 30..36500, got 7",
            ],
            [
                "table name",
                table({ name: "Customers" }),
                'table name must be lowercase words joined by hyphens (^[a-z][a-z0-9]*(-[a-z0-9]+)*$), at most 40 characters, got "Customers"',
            ],
            [
                "shared names",
                consumer({ name: "tasks" }),
                'consumer name "tasks" is already used: tables, consumers and queues share one namespace',
            ],
            [
                "reserved name",
                { messagingQueues: [{ name: "archive" }] },
                'messagingQueues name "archive" is reserved (archive, events, key, stream)',
            ],
            [
                "reserved suffix",
                table({ name: "audit-dlq" }),
                'table name "audit-dlq" must not end with "-dlq" (the pipeline\'s own suffix)',
            ],
            [
                "hash key not an attribute",
                table({ hashKey: "email" }),
                'table "customers": hashKey must be one of its attributes ("id"), got "email"',
            ],
            [
                "attribute no key uses",
                table({
                    attributes: [
                        { name: "id", type: "S" },
                        { name: "email", type: "S" },
                    ],
                }),
                'table "customers": attributes "email" are not a key of the table or an index; declare only key attributes (DynamoDB is schemaless otherwise)',
            ],
            [
                "INCLUDE without attributes",
                {
                    tables: [
                        CUSTOMERS,
                        {
                            ...TASKS,
                            globalSecondaryIndexes: [
                                {
                                    name: "by-due-date",
                                    hashKey: "customerId",
                                    projectionType: "INCLUDE",
                                },
                            ],
                        },
                    ],
                },
                'table "tasks": globalSecondaryIndexes "by-due-date" projectionType "INCLUDE" needs nonKeyAttributes',
            ],
            [
                "batch size",
                consumer({ batchSize: 0 }),
                'consumer "notifier": batchSize must be 1..10000, got 0',
            ],
            [
                "parallelization",
                consumer({ parallelizationFactor: 11 }),
                'consumer "notifier": parallelizationFactor must be 1..10, got 11',
            ],
            [
                "infinite retries",
                consumer({ maximumRetryAttempts: -1 }),
                'consumer "notifier": maximumRetryAttempts must be 0..10000, got -1',
            ],
            [
                "record age beyond retention",
                consumer({ maximumRecordAgeSeconds: 604_800 }),
                'consumer "notifier": maximumRecordAgeSeconds 604800 exceeds the stream\'s retention (48 hours = 172800 s)',
            ],
            [
                "memory (SecureFunction's rule)",
                consumer({ memoryMb: 64 }),
                'consumer "notifier": memoryMb must be an integer from 128 to 10240, got 64',
            ],
            [
                "unknown source table",
                consumer({ sourceTables: ["orders"] }),
                'consumer "notifier": sourceTables must name the pipeline\'s tables ("customers", "tasks"), got "orders"',
            ],
            [
                "unknown event name",
                consumer({ eventNames: ["CREATE" as "INSERT"] }),
                'consumer "notifier": eventNames must be "INSERT", "MODIFY", "REMOVE", got "CREATE"',
            ],
            [
                "pattern fighting eventNames",
                consumer({ filterPatterns: [{ data: { eventName: ["MODIFY"] } }] }),
                'consumer "notifier": filterPatterns[0].data.eventName conflicts with eventNames: use one or the other',
            ],
            [
                "too many patterns",
                consumer({
                    filterPatterns: Array.from({ length: 6 }, (_, i) => ({ data: { n: [i] } })),
                }),
                'consumer "notifier": filterPatterns may hold at most 5 patterns (Lambda\'s quota), got 6',
            ],
            [
                "environment naming an unknown table",
                consumer({ tableNameEnvironment: { ORDERS_TABLE: "orders" } }),
                'consumer "notifier": tableNameEnvironment.ORDERS_TABLE must name one of the pipeline\'s tables ("customers", "tasks"), got "orders"',
            ],
            [
                "idempotency variable set by hand",
                consumer({ environment: { IDEMPOTENCY_TABLE: "mine" } }),
                'consumer "notifier": IDEMPOTENCY_TABLE is set by the pipeline when idempotency is on',
            ],
            [
                "idempotency with no way to DynamoDB",
                consumer({ internetEgress: false }),
                'consumer "notifier": idempotency needs HTTPS to DynamoDB: set dynamodbPrefixListId (the VPC\'s DynamoDB gateway endpoint) or internetEgress',
            ],
            [
                "empty description",
                consumer({ description: "" }),
                'consumer "notifier": description must be 1..256 characters, got ""',
            ],
            [
                "queue receive count",
                { messagingQueues: [{ name: "billing", maxReceiveCount: 0 }] },
                'messagingQueues "billing": maxReceiveCount must be 1..1000, got 0',
            ],
        ];
        for (const [what, change, message] of cases) {
            it(`rejects ${what}`, () => {
                assert.throws(
                    () => validateEventPipelineArgs("orders", { ...FULL, ...change }),
                    new Error(`EventPipeline "orders": ${message}`),
                );
            });
        }

        it("accepts the full pipeline and a minimal one", () => {
            validateEventPipelineArgs("orders", FULL);
            validateEventPipelineArgs("orders", {
                vpcId: "vpc-0a",
                vpcCidr: "10.0.0.0/16",
                subnetIds: ["subnet-0a"],
                alarmTopicArn: ALARMS,
                tables: [CUSTOMERS],
            });
        });
    });
});
