import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Flow } from "../lib/flow";
import { createKey, keyThroughService } from "../lib/kms";
import type { KeyService } from "../lib/kms";
import { SecureFunction } from "../lib/secure-function";
import { WorkloadSecurityGroup } from "../secure-network/workload-security-group";
import { EVENT_PIPELINE_FIXED, withDefaults } from "./defaults";
import type { EventPipelineArgs, PipelineTableArgs } from "./args";
import type {
    ResolvedConsumerArgs,
    ResolvedEventPipelineArgs,
    ResolvedQueueArgs,
} from "./defaults";
import {
    CONSUMER_STREAM_ACTIONS,
    denyInsecureTransport,
    FIREHOSE_BUCKET_ACTIONS,
    FIREHOSE_OBJECT_ACTIONS,
    FIREHOSE_STREAM_ACTIONS,
    IDEMPOTENCY_ACTIONS,
} from "./policies";
import { validateEventPipelineArgs } from "./validate";

export {
    ARCHIVE_STORAGE_CLASSES,
    CHANGE_EVENT_NAMES,
    EVENT_CONSUMER_DEFAULTS,
    EVENT_PIPELINE_DEFAULTS,
    EVENT_PIPELINE_FIXED,
    KEY_ATTRIBUTE_TYPES,
    MESSAGING_QUEUE_DEFAULTS,
    PROJECTION_TYPES,
    STREAM_MODES,
} from "./defaults";
export type {
    ArchiveStorageClass,
    ChangeEventName,
    EventConsumerArgs,
    EventPipelineArgs,
    KeyAttributeArgs,
    KeyAttributeType,
    MessagingQueueArgs,
    PipelineIndexArgs,
    PipelineTableArgs,
    ProjectionType,
    StreamMode,
} from "./args";
export {
    CONSUMER_STREAM_ACTIONS,
    FIREHOSE_BUCKET_ACTIONS,
    FIREHOSE_OBJECT_ACTIONS,
    FIREHOSE_STREAM_ACTIONS,
    IDEMPOTENCY_ACTIONS,
} from "./policies";
export {
    PART_NAME_PATTERN,
    RESERVED_PART_NAMES,
    RETENTION_HOURS_RANGE,
    validateEventPipelineArgs,
} from "./validate";

/** What the outputs need of one consumer. */
interface BuiltConsumer {
    readonly fn: SecureFunction;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly securityGroupId: pulumi.Output<string>;
}

/**
 * DynamoDB change events through Kinesis to Lambda consumers: the domain tables stream every
 * change into one KMS-encrypted Kinesis stream; each consumer is a VPC Lambda with its own role,
 * security group, event filter and dead-letter queue; Firehose archives the stream to a private
 * S3 bucket; an SNS topic fans service messages out to SQS queues; CloudWatch alarms watch
 * iterator age, errors, throttles and every dead-letter queue. One customer-managed key encrypts
 * all of it.
 */
export class EventPipeline extends pulumi.ComponentResource {
    /** The pipeline's KMS key (tables, stream, queues, topic, archive, log groups). */
    public readonly keyArn: pulumi.Output<string>;
    /** Physical table names, by table `name`. */
    public readonly tableNames: Record<string, pulumi.Output<string>>;
    /** Table ARNs, by table `name`. */
    public readonly tableArns: Record<string, pulumi.Output<string>>;
    /** The Kinesis stream's ARN. */
    public readonly streamArn: pulumi.Output<string>;
    /** The Kinesis stream's name. */
    public readonly streamName: pulumi.Output<string>;
    /** Consumer function names, by consumer `name`. */
    public readonly consumerFunctionNames: Record<string, pulumi.Output<string>>;
    /** Consumer dead-letter queue URLs, by consumer `name`. */
    public readonly consumerDeadLetterQueueUrls: Record<string, pulumi.Output<string>>;
    /**
     * Consumer execution role ARNs, by consumer `name`: for resource policies that must name the
     * consumer.
     */
    public readonly consumerRoleArns: Record<string, pulumi.Output<string>>;
    /**
     * Consumer security group ids, by consumer `name`: for the ingress rules of what a consumer
     * calls (a domain, a database).
     */
    public readonly consumerSecurityGroupIds: Record<string, pulumi.Output<string>>;
    /** The service-messaging topic's ARN; undefined without `messagingQueues`. */
    public readonly topicArn: pulumi.Output<string> | undefined;
    /** Messaging queue URLs, by queue `name`. */
    public readonly queueUrls: Record<string, pulumi.Output<string>>;
    /** Messaging queue ARNs, by queue `name`. */
    public readonly queueArns: Record<string, pulumi.Output<string>>;
    /** Messaging queues' dead-letter queue URLs, by queue `name`. */
    public readonly queueDeadLetterQueueUrls: Record<string, pulumi.Output<string>>;
    /** The archive bucket's name; undefined with `archive: false`. */
    public readonly archiveBucketName: pulumi.Output<string> | undefined;

    /** Each consumer's function, by consumer name (a flow's workload). */
    public readonly consumerFunctions: Record<string, pulumi.Resource>;
    /** Each table, by logical name (a flow's target). */
    public readonly tables: Record<string, pulumi.Resource>;
    /** Each messaging queue, by name (a flow's target: a subscriber receives from it). */
    public readonly queues: Record<string, pulumi.Resource>;
    /** The messaging topic, when there are queues (a flow's target: publishers send to it). */
    public readonly topic: pulumi.Resource | undefined;

    private readonly name: string;
    private readonly a: ResolvedEventPipelineArgs;
    private readonly key: aws.kms.Key;
    private readonly stream: aws.kinesis.Stream;
    private readonly tableMap = new Map<string, aws.dynamodb.Table>();
    private readonly region: pulumi.Output<string>;
    private readonly dnsSuffix: pulumi.Output<string>;
    private readonly accountId: pulumi.Output<string>;

    constructor(name: string, args: EventPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEventPipelineArgs(name, args);
        // No args as component inputs: consumer entries are absolute paths, which differ from
        // clone to clone and would show as a change on every other machine.
        super("lightspeed:index:EventPipeline", name, {}, opts);
        this.name = name;
        const a = withDefaults(args);
        this.a = a;

        this.region = aws.getRegionOutput({}, { parent: this }).region;
        this.dnsSuffix = aws.getPartitionOutput({}, { parent: this }).dnsSuffix;
        this.accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        // Only the services that call KMS as themselves are in the key policy: CloudWatch Logs
        // (the log groups) and SNS (delivering into the encrypted queues). Everything else uses
        // the key through a role of this account, and so through that role's own policy: Lambda
        // (the mappings' reads and dead-letter sends), Firehose (its delivery role), DynamoDB (a
        // grant made when a table is created) and DynamoDB's Kinesis replication (its
        // service-linked role).
        const services: KeyService[] = ["logs"];
        if (a.messagingQueues.length > 0) services.push("sns");
        this.key = createKey(
            `${name}-key`,
            {
                description: `Encrypts the tables, stream, queues, archive and logs of EventPipeline ${name}`,
                services,
                protect: a.protect,
                tags: a.tags,
            },
            this,
        );

        this.stream = new aws.kinesis.Stream(
            `${name}-stream`,
            {
                encryptionType: "KMS",
                kmsKeyId: this.key.arn,
                streamModeDetails: { streamMode: a.streamMode },
                // A shard count with ON_DEMAND is refused by the API.
                shardCount: a.streamMode === "PROVISIONED" ? a.shardCount : undefined,
                retentionPeriod: a.retentionHours,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );

        for (const table of a.tables) this.createTable(table);

        const consumers = a.consumers.map((c) => this.createConsumer(c));
        const archiveBucket = a.archive ? this.createArchive() : undefined;
        const messaging = a.messagingQueues.length > 0 ? this.createMessaging() : undefined;

        this.consumerFunctions = Object.fromEntries(
            a.consumers.map((c, i) => [c.name, consumers[i].fn.function]),
        );
        this.tables = Object.fromEntries(this.tableMap);
        this.queues = Object.fromEntries(
            a.messagingQueues.map((q, i) => [q.name, messaging!.queues[i]]),
        );
        this.topic = messaging?.topic;
        this.keyArn = this.key.arn;
        this.tableNames = Object.fromEntries([...this.tableMap].map(([n, t]) => [n, t.name]));
        this.tableArns = Object.fromEntries([...this.tableMap].map(([n, t]) => [n, t.arn]));
        this.streamArn = this.stream.arn;
        this.streamName = this.stream.name;
        this.consumerFunctionNames = Object.fromEntries(
            a.consumers.map((c, i) => [c.name, consumers[i].fn.functionName]),
        );
        this.consumerDeadLetterQueueUrls = Object.fromEntries(
            a.consumers.map((c, i) => [c.name, consumers[i].deadLetterQueue.url]),
        );
        this.consumerRoleArns = Object.fromEntries(
            a.consumers.map((c, i) => [c.name, consumers[i].fn.roleArn]),
        );
        this.consumerSecurityGroupIds = Object.fromEntries(
            a.consumers.map((c, i) => [c.name, consumers[i].securityGroupId]),
        );
        this.topicArn = messaging?.topic.arn;
        this.queueUrls = Object.fromEntries(
            a.messagingQueues.map((q, i) => [q.name, messaging!.queues[i].url]),
        );
        this.queueArns = Object.fromEntries(
            a.messagingQueues.map((q, i) => [q.name, messaging!.queues[i].arn]),
        );
        this.queueDeadLetterQueueUrls = Object.fromEntries(
            a.messagingQueues.map((q, i) => [q.name, messaging!.deadLetterQueues[i].url]),
        );
        this.archiveBucketName = archiveBucket?.bucket;
        this.registerOutputs({
            keyArn: this.keyArn,
            tableNames: this.tableNames,
            tableArns: this.tableArns,
            streamArn: this.streamArn,
            streamName: this.streamName,
            consumerFunctionNames: this.consumerFunctionNames,
            consumerDeadLetterQueueUrls: this.consumerDeadLetterQueueUrls,
            topicArn: this.topicArn,
            queueUrls: this.queueUrls,
            queueArns: this.queueArns,
            queueDeadLetterQueueUrls: this.queueDeadLetterQueueUrls,
            archiveBucketName: this.archiveBucketName,
        });
    }

    // --- Tables ----------------------------------------------------------------------------------

    private createTable(t: PipelineTableArgs): void {
        const { name, a } = this;
        const capacity = t.provisionedCapacity;
        const throughput = capacity
            ? { readCapacity: capacity.readUnits, writeCapacity: capacity.writeUnits }
            : {};
        const indexes = t.globalSecondaryIndexes ?? [];
        const table = new aws.dynamodb.Table(
            `${name}-${t.name}`,
            {
                billingMode: capacity ? "PROVISIONED" : "PAY_PER_REQUEST",
                ...throughput,
                hashKey: t.hashKey,
                rangeKey: t.rangeKey,
                attributes: t.attributes.map((x) => ({ name: x.name, type: x.type })),
                globalSecondaryIndexes:
                    indexes.length > 0
                        ? indexes.map((index) => ({
                              name: index.name,
                              keySchemas: [
                                  { attributeName: index.hashKey, keyType: "HASH" },
                                  ...(index.rangeKey !== undefined
                                      ? [{ attributeName: index.rangeKey, keyType: "RANGE" }]
                                      : []),
                              ],
                              projectionType: index.projectionType ?? "ALL",
                              nonKeyAttributes: index.nonKeyAttributes
                                  ? [...index.nonKeyAttributes]
                                  : undefined,
                              ...throughput,
                          }))
                        : undefined,
                ttl:
                    t.ttlAttribute !== undefined
                        ? { attributeName: t.ttlAttribute, enabled: true }
                        : undefined,
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
                deletionProtectionEnabled: a.deletionProtection,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        this.tableMap.set(t.name, table);

        // Every change to the table becomes a record in the pipeline's stream.
        new aws.dynamodb.KinesisStreamingDestination(
            `${name}-${t.name}-stream`,
            {
                tableName: table.name,
                streamArn: this.stream.arn,
                approximateCreationDateTimePrecision: EVENT_PIPELINE_FIXED.creationTimePrecision,
            },
            { parent: this },
        );
    }

    // --- Consumers -------------------------------------------------------------------------------

    /** A TLS-only SQS queue encrypted with the pipeline key, for messages that failed. */
    private deadLetterQueue(resourceName: string): aws.sqs.Queue {
        const queue = new aws.sqs.Queue(
            resourceName,
            {
                kmsMasterKeyId: this.key.arn,
                kmsDataKeyReusePeriodSeconds: EVENT_PIPELINE_FIXED.kmsDataKeyReusePeriodSeconds,
                messageRetentionSeconds: EVENT_PIPELINE_FIXED.deadLetterRetentionSeconds,
                tags: this.a.tags,
            },
            // The records that failed wait here for a replay: deleting the queue loses them.
            { parent: this, protect: this.a.protect },
        );
        new aws.sqs.QueuePolicy(
            `${resourceName}-policy`,
            {
                queueUrl: queue.url,
                policy: {
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport("sqs:*", [queue.arn])],
                },
            },
            { parent: this },
        );
        return queue;
    }

    private createConsumer(c: ResolvedConsumerArgs): BuiltConsumer {
        const { name, a } = this;
        const base = `${name}-${c.name}`;
        const port = EVENT_PIPELINE_FIXED.egressPort;

        // No ingress; HTTPS to the VPC (interface endpoints), and beyond only when asked for.
        const network = new WorkloadSecurityGroup(
            `${base}-network`,
            {
                vpcId: a.vpcId,
                vpcCidr: a.vpcCidr,
                description: `EventPipeline ${name} consumer ${c.name}`,
                egressPorts: [port],
                tags: a.tags,
            },
            { parent: this },
        );
        if (c.internetEgress) {
            network.allowInternetEgress(port);
        } else if (c.idempotency && a.dynamodbPrefixListId !== undefined) {
            // The DynamoDB gateway endpoint routes to DynamoDB's public addresses, which the
            // VPC-only rule does not cover.
            new aws.vpc.SecurityGroupEgressRule(
                `${base}-network-egress-dynamodb-${port}`,
                {
                    securityGroupId: network.securityGroupId,
                    description: `TCP ${port} to DynamoDB (gateway endpoint)`,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    prefixListId: a.dynamodbPrefixListId,
                    tags: a.tags,
                },
                { parent: network },
            );
        }

        const deadLetterQueue = this.deadLetterQueue(`${base}-dlq`);

        const environment: Record<string, pulumi.Input<string>> = { ...(c.environment ?? {}) };
        for (const [variable, table] of Object.entries(c.tableNameEnvironment ?? {})) {
            environment[variable] = this.tableMap.get(table)!.name; // validated
        }
        const statements: aws.iam.PolicyStatement[] = [
            {
                Sid: "ReadPipelineStream",
                Effect: "Allow",
                Action: [...CONSUMER_STREAM_ACTIONS],
                Resource: [this.stream.arn],
            },
            {
                // Stream records (through Kinesis) and the dead-letter queue (through SQS).
                Sid: "DecryptWithPipelineKey",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [this.key.arn],
            },
            // Lambda sends a failed batch's description to the on-failure destination with the
            // function's role; the queue is encrypted, so SQS asks KMS for a data key.
            keyThroughService("EncryptDeadLetters", ["kms:GenerateDataKey"], this.key.arn, "sqs", {
                region: this.region,
                dnsSuffix: this.dnsSuffix,
            }),
            {
                Sid: "SendToDeadLetterQueue",
                Effect: "Allow",
                Action: ["sqs:SendMessage"],
                Resource: [deadLetterQueue.arn],
            },
        ];

        let idempotencyTable: aws.dynamodb.Table | undefined;
        if (c.idempotency) {
            const fixed = EVENT_PIPELINE_FIXED;
            idempotencyTable = new aws.dynamodb.Table(
                `${base}-idempotency`,
                {
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: fixed.idempotencyKey,
                    attributes: [{ name: fixed.idempotencyKey, type: "S" }],
                    ttl: { attributeName: fixed.idempotencyTtlAttribute, enabled: true },
                    pointInTimeRecovery: { enabled: true },
                    serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
                    deletionProtectionEnabled: a.deletionProtection,
                    tags: a.tags,
                },
                { parent: this, protect: a.protect },
            );
            environment[fixed.idempotencyEnvironmentVariable] = idempotencyTable.name;
            // DynamoDB decrypts the table key under the function's own kms:Decrypt on the
            // pipeline key (DecryptWithPipelineKey above).
            statements.push({
                Sid: "IdempotencyRecords",
                Effect: "Allow",
                Action: [...IDEMPOTENCY_ACTIONS],
                Resource: [idempotencyTable.arn],
            });
        }
        statements.push(...(c.statements ?? []));

        const fn = new SecureFunction(
            base,
            {
                entry: c.entry,
                description: c.description,
                subnetIds: a.subnetIds,
                securityGroupIds: [network.securityGroupId],
                logKmsKeyArn: this.key.arn,
                logRetentionDays: a.logRetentionDays,
                memoryMb: c.memoryMb,
                timeoutSeconds: c.timeoutSeconds,
                reservedConcurrency: c.reservedConcurrency,
                environment,
                statements,
                protect: a.protect,
                tags: a.tags,
            },
            { parent: this },
        );

        const patterns = this.filterPatterns(c);
        new aws.lambda.EventSourceMapping(
            `${base}-mapping`,
            {
                eventSourceArn: this.stream.arn,
                functionName: fn.functionArn,
                startingPosition: EVENT_PIPELINE_FIXED.startingPosition,
                batchSize: c.batchSize,
                maximumBatchingWindowInSeconds: c.maximumBatchingWindowSeconds,
                parallelizationFactor: c.parallelizationFactor,
                maximumRetryAttempts: c.maximumRetryAttempts,
                maximumRecordAgeInSeconds: c.maximumRecordAgeSeconds,
                bisectBatchOnFunctionError: true,
                functionResponseTypes: ["ReportBatchItemFailures"],
                destinationConfig: { onFailure: { destinationArn: deadLetterQueue.arn } },
                filterCriteria:
                    patterns.length > 0
                        ? { filters: patterns.map((p) => ({ pattern: pulumi.jsonStringify(p) })) }
                        : undefined,
                tags: a.tags,
            },
            // The role must hold its stream, key and queue grants before Lambda checks them.
            { parent: this, dependsOn: [fn] },
        );

        this.alarm(`${base}-iterator-age`, {
            description: `EventPipeline ${name}: ${c.name} is more than half the stream's retention behind`,
            namespace: "AWS/Lambda",
            metricName: "IteratorAge",
            statistic: "Maximum",
            dimensions: { FunctionName: fn.functionName },
            // Milliseconds: records older than half the retention are at risk of expiring unread.
            threshold: (a.retentionHours * 3600 * 1000) / 2,
            period: EVENT_PIPELINE_FIXED.lambdaAlarmPeriodSeconds,
        });
        this.alarm(`${base}-errors`, {
            description: `EventPipeline ${name}: ${c.name} failed invocations`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            statistic: "Sum",
            dimensions: { FunctionName: fn.functionName },
            threshold: 0,
            period: EVENT_PIPELINE_FIXED.lambdaAlarmPeriodSeconds,
        });
        this.alarm(`${base}-throttles`, {
            description: `EventPipeline ${name}: ${c.name} was throttled`,
            namespace: "AWS/Lambda",
            metricName: "Throttles",
            statistic: "Sum",
            dimensions: { FunctionName: fn.functionName },
            threshold: 0,
            period: EVENT_PIPELINE_FIXED.lambdaAlarmPeriodSeconds,
        });
        this.deadLetterAlarm(`${base}-dlq-depth`, `${c.name}'s dead-letter queue`, deadLetterQueue);

        new Flow(
            `${base}-flow-stream`,
            {
                from: fn.function,
                to: this.stream,
                actions: [...CONSUMER_STREAM_ACTIONS],
                wiring: "event-source-mapping",
                description: `${c.name} reads the pipeline's change events`,
            },
            { parent: this },
        );
        new Flow(
            `${base}-flow-dead-letters`,
            {
                from: fn.function,
                to: deadLetterQueue,
                actions: ["sqs:SendMessage"],
                wiring: "on-failure",
                description: `${c.name}'s failed batches are kept for redrive`,
            },
            { parent: this },
        );
        if (idempotencyTable) {
            new Flow(
                `${base}-flow-idempotency`,
                {
                    from: fn.function,
                    to: idempotencyTable,
                    actions: [...IDEMPOTENCY_ACTIONS],
                    wiring: EVENT_PIPELINE_FIXED.idempotencyEnvironmentVariable,
                    description: `${c.name} remembers the events it handled`,
                },
                { parent: this },
            );
        }

        return { fn, deadLetterQueue, securityGroupId: network.securityGroupId };
    }

    /**
     * The consumer's filter patterns with `sourceTables` and `eventNames` merged into each (or
     * alone, as one pattern, when there is no other). Table names are physical, so Outputs.
     */
    private filterPatterns(c: ResolvedConsumerArgs): Record<string, unknown>[] {
        const data: Record<string, unknown> = {};
        if (c.sourceTables !== undefined) {
            data.tableName = c.sourceTables.map((t) => this.tableMap.get(t)!.name); // validated
        }
        if (c.eventNames !== undefined) data.eventName = [...c.eventNames];
        const patterns = c.filterPatterns ?? [];
        if (patterns.length === 0) return Object.keys(data).length > 0 ? [{ data }] : [];
        if (Object.keys(data).length === 0) return [...patterns];
        return patterns.map((p) => ({
            ...p,
            data: { ...((p.data as Record<string, unknown> | undefined) ?? {}), ...data },
        }));
    }

    // --- Alarms ----------------------------------------------------------------------------------

    private alarm(
        resourceName: string,
        m: {
            description: string;
            namespace: string;
            metricName: string;
            statistic: string;
            dimensions: Record<string, pulumi.Input<string>>;
            threshold: number;
            period: number;
        },
    ): void {
        new aws.cloudwatch.MetricAlarm(
            resourceName,
            {
                alarmDescription: m.description,
                namespace: m.namespace,
                metricName: m.metricName,
                statistic: m.statistic,
                dimensions: m.dimensions,
                comparisonOperator: "GreaterThanThreshold",
                threshold: m.threshold,
                period: m.period,
                evaluationPeriods: 1,
                // No data means nothing ran or nothing failed: not an alarm.
                treatMissingData: "notBreaching",
                alarmActions: [this.a.alarmTopicArn],
                okActions: [this.a.alarmTopicArn],
                tags: this.a.tags,
            },
            { parent: this },
        );
    }

    private deadLetterAlarm(resourceName: string, what: string, queue: aws.sqs.Queue): void {
        this.alarm(resourceName, {
            description: `EventPipeline ${this.name}: messages are waiting in ${what}`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            statistic: "Maximum",
            dimensions: { QueueName: queue.name },
            threshold: 0,
            period: EVENT_PIPELINE_FIXED.queueAlarmPeriodSeconds,
        });
    }

    // --- Archive ---------------------------------------------------------------------------------

    private createArchive(): aws.s3.Bucket {
        const { name, a } = this;
        const fixed = EVENT_PIPELINE_FIXED;
        const base = `${name}-archive`;

        const bucket = new aws.s3.Bucket(
            base,
            { forceDestroy: false, tags: a.tags },
            { parent: this, protect: a.protect },
        );
        new aws.s3.BucketPublicAccessBlock(
            `${base}-public-access`,
            {
                bucket: bucket.bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        // ACLs off: the bucket owner owns every object, whoever wrote it.
        new aws.s3.BucketOwnershipControls(
            `${base}-ownership`,
            { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        const versioning = new aws.s3.BucketVersioning(
            `${base}-versioning`,
            { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${base}-encryption`,
            {
                bucket: bucket.bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: this.key.arn,
                        },
                        // One data key per bucket, not per object: far fewer KMS calls.
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${base}-lifecycle`,
            {
                bucket: bucket.bucket,
                rules: [
                    {
                        id: "cold-storage",
                        status: "Enabled",
                        filter: { prefix: "" },
                        transitions: [
                            { days: a.archiveTransitionDays, storageClass: a.archiveStorageClass },
                        ],
                        noncurrentVersionExpiration: {
                            noncurrentDays: a.archiveNoncurrentExpirationDays,
                        },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: fixed.archiveAbortIncompleteUploadDays,
                        },
                    },
                ],
            },
            // Noncurrent-version rules need versioning on first.
            { parent: this, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${base}-tls-only`,
            {
                bucket: bucket.bucket,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        denyInsecureTransport("s3:*", [
                            bucket.arn,
                            pulumi.interpolate`${bucket.arn}/*`,
                        ]),
                    ],
                },
            },
            { parent: this },
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${base}-logs`,
            {
                retentionInDays: a.logRetentionDays,
                kmsKeyId: this.key.arn,
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        const logStream = new aws.cloudwatch.LogStream(
            `${base}-errors`,
            { logGroupName: logGroup.name, name: fixed.archiveErrorLogStream },
            { parent: this },
        );

        const role = new aws.iam.Role(
            `${base}-role`,
            {
                description: `Lets Kinesis Data Firehose archive EventPipeline ${name}'s stream to S3`,
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "firehose.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            // Confused-deputy protection: only delivery streams of this account.
                            Condition: { StringEquals: { "aws:SourceAccount": this.accountId } },
                        },
                    ],
                },
                tags: a.tags,
            },
            { parent: this },
        );
        const region = this.region;
        const rolePolicy = new aws.iam.RolePolicy(
            `${base}-role-policy`,
            {
                role: role.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadPipelineStream",
                            Effect: "Allow",
                            Action: [...FIREHOSE_STREAM_ACTIONS],
                            Resource: [this.stream.arn],
                        },
                        {
                            Sid: "DecryptStreamRecords",
                            Effect: "Allow",
                            Action: ["kms:Decrypt"],
                            Resource: [this.key.arn],
                            Condition: {
                                StringEquals: {
                                    "kms:ViaService": pulumi.interpolate`kinesis.${region}.${this.dnsSuffix}`,
                                    "kms:EncryptionContext:aws:kinesis:arn": this.stream.arn,
                                },
                            },
                        },
                        {
                            Sid: "ArchiveBucket",
                            Effect: "Allow",
                            Action: [...FIREHOSE_BUCKET_ACTIONS],
                            Resource: [bucket.arn],
                        },
                        {
                            Sid: "ArchiveObjects",
                            Effect: "Allow",
                            Action: [...FIREHOSE_OBJECT_ACTIONS],
                            Resource: [pulumi.interpolate`${bucket.arn}/*`],
                        },
                        {
                            Sid: "EncryptArchiveObjects",
                            Effect: "Allow",
                            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                            Resource: [this.key.arn],
                            Condition: {
                                StringEquals: {
                                    "kms:ViaService": pulumi.interpolate`s3.${region}.${this.dnsSuffix}`,
                                },
                                // With a bucket key the context is the bucket, else the object.
                                StringLike: {
                                    "kms:EncryptionContext:aws:s3:arn": [
                                        bucket.arn,
                                        pulumi.interpolate`${bucket.arn}/*`,
                                    ],
                                },
                            },
                        },
                        {
                            Sid: "DeliveryErrorLog",
                            Effect: "Allow",
                            Action: ["logs:PutLogEvents"],
                            Resource: [
                                pulumi.interpolate`${logGroup.arn}:log-stream:${logStream.name}`,
                            ],
                        },
                    ],
                },
            },
            { parent: this },
        );

        new aws.kinesis.FirehoseDeliveryStream(
            `${base}-delivery`,
            {
                destination: "extended_s3",
                // A Kinesis source keeps records encrypted with the stream's key; Firehose refuses
                // server-side encryption of its own with one.
                kinesisSourceConfiguration: {
                    kinesisStreamArn: this.stream.arn,
                    roleArn: role.arn,
                },
                extendedS3Configuration: {
                    roleArn: role.arn,
                    bucketArn: bucket.arn,
                    prefix: fixed.archivePrefix,
                    errorOutputPrefix: fixed.archiveErrorOutputPrefix,
                    bufferingInterval: a.archiveBufferIntervalSeconds,
                    bufferingSize: a.archiveBufferSizeMb,
                    compressionFormat: "GZIP",
                    // One record per line (JSON Lines): Firehose otherwise concatenates records
                    // with no delimiter, which Athena and `zcat | jq` cannot split.
                    processingConfiguration: {
                        enabled: true,
                        processors: [{ type: "AppendDelimiterToRecord" }],
                    },
                    kmsKeyArn: this.key.arn,
                    cloudwatchLoggingOptions: {
                        enabled: true,
                        logGroupName: logGroup.name,
                        logStreamName: logStream.name,
                    },
                },
                tags: a.tags,
            },
            // Firehose checks its role's access when the delivery stream is created.
            { parent: this, dependsOn: [rolePolicy] },
        );
        return bucket;
    }

    // --- Service messaging -----------------------------------------------------------------------

    private createMessaging(): {
        topic: aws.sns.Topic;
        queues: aws.sqs.Queue[];
        deadLetterQueues: aws.sqs.Queue[];
    } {
        const { name, a } = this;
        const topic = new aws.sns.Topic(
            `${name}-events`,
            { kmsMasterKeyId: this.key.arn, tags: a.tags },
            { parent: this },
        );
        // Publishers and subscribers of this account need their own IAM grants; this policy only
        // refuses plain-HTTP publishing.
        new aws.sns.TopicPolicy(
            `${name}-events-policy`,
            {
                arn: topic.arn,
                policy: {
                    Version: "2012-10-17",
                    Statement: [denyInsecureTransport("sns:Publish", [topic.arn])],
                },
            },
            { parent: this },
        );

        const queues: aws.sqs.Queue[] = [];
        const deadLetterQueues: aws.sqs.Queue[] = [];
        for (const q of a.messagingQueues) {
            const { queue, deadLetterQueue } = this.createMessagingQueue(q, topic);
            queues.push(queue);
            deadLetterQueues.push(deadLetterQueue);
        }
        return { topic, queues, deadLetterQueues };
    }

    private createMessagingQueue(
        q: ResolvedQueueArgs,
        topic: aws.sns.Topic,
    ): { queue: aws.sqs.Queue; deadLetterQueue: aws.sqs.Queue } {
        const { name, a } = this;
        const base = `${name}-${q.name}`;
        const deadLetterQueue = this.deadLetterQueue(`${base}-dlq`);
        const queue = new aws.sqs.Queue(
            base,
            {
                kmsMasterKeyId: this.key.arn,
                kmsDataKeyReusePeriodSeconds: EVENT_PIPELINE_FIXED.kmsDataKeyReusePeriodSeconds,
                visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
                messageRetentionSeconds: q.messageRetentionSeconds,
                redrivePolicy: pulumi.jsonStringify({
                    deadLetterTargetArn: deadLetterQueue.arn,
                    maxReceiveCount: q.maxReceiveCount,
                }),
                tags: a.tags,
            },
            { parent: this, protect: a.protect },
        );
        new aws.sqs.QueuePolicy(
            `${base}-policy`,
            {
                queueUrl: queue.url,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "TopicDelivers",
                            Effect: "Allow",
                            Principal: { Service: "sns.amazonaws.com" },
                            Action: ["sqs:SendMessage"],
                            Resource: [queue.arn],
                            // Only the pipeline's topic, not any topic SNS serves.
                            Condition: { ArnEquals: { "aws:SourceArn": topic.arn } },
                        },
                        denyInsecureTransport("sqs:*", [queue.arn]),
                    ],
                },
            },
            { parent: this },
        );
        new aws.sns.TopicSubscription(
            `${base}-subscription`,
            {
                topic: topic.arn,
                protocol: "sqs",
                endpoint: queue.arn,
                // Services get the message as published, not wrapped in SNS's JSON envelope.
                rawMessageDelivery: true,
                filterPolicy:
                    q.filterPolicy !== undefined ? JSON.stringify(q.filterPolicy) : undefined,
            },
            { parent: this },
        );
        new Flow(
            `${base}-flow-delivery`,
            {
                from: topic,
                fromService: "sns.amazonaws.com",
                to: queue,
                actions: ["sqs:SendMessage"],
                wiring: "subscription",
                description: `the events topic delivers to queue ${q.name}`,
            },
            { parent: this },
        );
        this.deadLetterAlarm(`${base}-dlq-depth`, `${q.name}'s dead-letter queue`, deadLetterQueue);
        return { queue, deadLetterQueue };
    }
}
