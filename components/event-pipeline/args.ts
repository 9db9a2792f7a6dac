/**
 * EventPipeline's argument types and the value sets they draw from: the module every other file
 * of the component imports, which imports none of them back.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** How the Kinesis stream is billed and scaled. */
export type StreamMode = "ON_DEMAND" | "PROVISIONED";

/** Every {@link StreamMode}. */
export const STREAM_MODES: readonly StreamMode[] = ["ON_DEMAND", "PROVISIONED"];

/** The storage classes the archive can move objects to (cold storage, cheapest last). */
export type ArchiveStorageClass = "STANDARD_IA" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

/** Every {@link ArchiveStorageClass}. */
export const ARCHIVE_STORAGE_CLASSES: readonly ArchiveStorageClass[] = [
    "STANDARD_IA",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
];

/** The change-event names DynamoDB writes into a stream record's `eventName`. */
export type ChangeEventName = "INSERT" | "MODIFY" | "REMOVE";

/** Every {@link ChangeEventName}. */
export const CHANGE_EVENT_NAMES: readonly ChangeEventName[] = ["INSERT", "MODIFY", "REMOVE"];

/** DynamoDB scalar attribute types a key can have. */
export type KeyAttributeType = "S" | "N" | "B";

/** Every {@link KeyAttributeType}. */
export const KEY_ATTRIBUTE_TYPES: readonly KeyAttributeType[] = ["S", "N", "B"];

/** What a global secondary index copies from the table. */
export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";

/** Every {@link ProjectionType}. */
export const PROJECTION_TYPES: readonly ProjectionType[] = ["ALL", "KEYS_ONLY", "INCLUDE"];

/** A key attribute of a table: its name and DynamoDB scalar type. */
export interface KeyAttributeArgs {
    readonly name: string;
    readonly type: KeyAttributeType;
}

/** A global secondary index of a {@link PipelineTableArgs table}. */
export interface PipelineIndexArgs {
    /** The index name, 3..255 of [A-Za-z0-9_.-]. */
    readonly name: string;
    /** The index's partition key: one of the table's `attributes`. */
    readonly hashKey: string;
    /** The index's sort key: one of the table's `attributes`. Default none. */
    readonly rangeKey?: string;
    /** What the index copies from the table. Default "ALL". */
    readonly projectionType?: ProjectionType;
    /** With projectionType "INCLUDE" (and only then): the non-key attributes copied. */
    readonly nonKeyAttributes?: readonly string[];
}

/** A table of the pipeline: one domain entity, whose every change flows into the stream. */
export interface PipelineTableArgs {
    /**
     * The entity's name (`customers`): lowercase words joined by hyphens, unique among the
     * pipeline's tables, consumers and queues. The table is `<pipeline>-<name>` (auto-named).
     */
    readonly name: string;
    /** The partition key: one of `attributes`. */
    readonly hashKey: string;
    /** The sort key: one of `attributes`. Default none. */
    readonly rangeKey?: string;
    /**
     * The key attributes of the table and its indexes, and only those (DynamoDB refuses
     * attributes that no key uses).
     */
    readonly attributes: readonly KeyAttributeArgs[];
    /** Global secondary indexes. Default none. */
    readonly globalSecondaryIndexes?: readonly PipelineIndexArgs[];
    /** The attribute holding each item's expiry (epoch seconds); not a key. Default: no TTL. */
    readonly ttlAttribute?: string;
    /**
     * Provisioned read and write capacity units (1..40000), for the table and each index.
     * Default none: on-demand (PAY_PER_REQUEST).
     */
    readonly provisionedCapacity?: { readonly readUnits: number; readonly writeUnits: number };
}

/** A Lambda function that consumes the pipeline's change events. */
export interface EventConsumerArgs {
    /**
     * The consumer's name (`new-customer-notifier`): lowercase words joined by hyphens, unique
     * among the pipeline's tables, consumers and queues. Its function is `<pipeline>-<name>`.
     */
    readonly name: string;
    /** The handler's source file (TypeScript exporting `handler`), bundled with esbuild. */
    readonly entry: string;
    /** What the consumer does, 1..256 characters; shown in the console and on its role. */
    readonly description: string;
    /** Memory in MB, 128..10240. Default 256. */
    readonly memoryMb?: number;
    /** Timeout in seconds, 1..900. Default 30. */
    readonly timeoutSeconds?: number;
    /** Reserved concurrency. Default none. */
    readonly reservedConcurrency?: number;
    /** Environment variables. Never secrets: pass a Secrets Manager ARN and read it at run time. */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables set to the physical name of one of the pipeline's tables, by the
     * table's `name`: `{ CUSTOMERS_TABLE: "customers" }`. Default none.
     */
    readonly tableNameEnvironment?: Readonly<Record<string, string>>;
    /**
     * The exact extra permissions the handler needs, beyond reading this stream, decrypting with
     * this key, its dead-letter queue and its idempotency table: named actions on named resources.
     */
    readonly statements?: aws.iam.PolicyStatement[];
    /** Records per invocation, 1..10000. Default 100. */
    readonly batchSize?: number;
    /** Seconds to gather records before invoking, 0..300. Default 0. */
    readonly maximumBatchingWindowSeconds?: number;
    /** Concurrent batches per shard, 1..10. Default 1. */
    readonly parallelizationFactor?: number;
    /** Retries of a failing batch, 0..10000 (never infinite). Default 5. */
    readonly maximumRetryAttempts?: number;
    /**
     * Seconds after which a record is sent to the dead-letter queue instead of retried,
     * 60..604800 and at most the stream's retention. Default 3600.
     */
    readonly maximumRecordAgeSeconds?: number;
    /**
     * Only change events of these tables (by `name`) reach the function (Lambda event filtering
     * on the record's `tableName`). Default every table.
     */
    readonly sourceTables?: readonly string[];
    /** Only these change events reach the function (filtering on `eventName`). Default all. */
    readonly eventNames?: readonly ChangeEventName[];
    /**
     * Lambda event filter patterns (at most 5), as JSON objects; a record passes when it matches
     * any of them. For Kinesis, `data` is the record's base64-decoded JSON: the DynamoDB change
     * event (`{ data: { dynamodb: { NewImage: { plan: { S: ["enterprise"] } } } } }`).
     * `sourceTables` and `eventNames` are added to each pattern. Default none.
     */
    readonly filterPatterns?: readonly Record<string, unknown>[];
    /**
     * Create a DynamoDB table for idempotency records (key `id` string, TTL `expiration`), name
     * it in `IDEMPOTENCY_TABLE`, and let the function get, put, update and delete its items.
     * Plain boolean: it decides whether the table exists. Default false.
     */
    readonly idempotency?: boolean;
    /**
     * Allow HTTPS (TCP 443) to the internet through the NAT gateways, for third-party APIs.
     * Plain boolean: it decides whether the egress rule exists. Default false: HTTPS to the VPC
     * (its interface endpoints) only.
     */
    readonly internetEgress?: boolean;
}

/** An SQS queue subscribed to the pipeline's service-messaging topic. */
export interface MessagingQueueArgs {
    /**
     * The subscribing service's name (`billing`): lowercase words joined by hyphens, unique
     * among the pipeline's tables, consumers and queues. The queue is `<pipeline>-<name>`.
     */
    readonly name: string;
    /** Seconds a received message stays invisible, 0..43200. Default 30. */
    readonly visibilityTimeoutSeconds?: number;
    /** Seconds a message is kept, 60..1209600. Default 345600 (4 days). */
    readonly messageRetentionSeconds?: number;
    /** Receives before a message moves to the queue's dead-letter queue, 1..1000. Default 5. */
    readonly maxReceiveCount?: number;
    /** An SNS subscription filter policy (on message attributes). Default none: every message. */
    readonly filterPolicy?: Record<string, unknown>;
}

/** Arguments for {@link EventPipeline}. */
export interface EventPipelineArgs {
    /** The VPC the consumers run in (their security groups are created in it). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: consumers may reach HTTPS there (interface endpoints). */
    readonly vpcCidr: pulumi.Input<string>;
    /** Private subnets the consumer functions run in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The managed prefix list (`pl-...`) of the VPC's DynamoDB gateway endpoint: consumers with
     * `idempotency` get HTTPS egress to it. Needed for idempotent consumers without
     * `internetEgress`. Default none.
     */
    readonly dynamodbPrefixListId?: pulumi.Input<string>;
    /** The tables, at least one. Plain list: it decides which tables exist. */
    readonly tables: readonly PipelineTableArgs[];
    /** The Lambda consumers. Plain list: it decides which functions exist. Default none. */
    readonly consumers?: readonly EventConsumerArgs[];
    /** "ON_DEMAND" or "PROVISIONED" (then `shardCount`). Default "ON_DEMAND". */
    readonly streamMode?: StreamMode;
    /** Shards of a PROVISIONED stream, 1..10000; only with streamMode "PROVISIONED". */
    readonly shardCount?: number;
    /** Hours a record stays in the stream, 24..8760. Default 24. */
    readonly retentionHours?: number;
    /**
     * Archive every record to S3 through Kinesis Data Firehose. Plain boolean: it decides whether
     * the bucket and the delivery stream exist. Default true.
     */
    readonly archive?: boolean;
    /** Seconds Firehose buffers records before writing an object, 0..900. Default 300. */
    readonly archiveBufferIntervalSeconds?: number;
    /** MB Firehose buffers before writing an object, 1..128. Default 64. */
    readonly archiveBufferSizeMb?: number;
    /** Days after which archived objects move to `archiveStorageClass`. Default 30. */
    readonly archiveTransitionDays?: number;
    /** The cold storage class archived objects move to. Default "GLACIER_IR". */
    readonly archiveStorageClass?: ArchiveStorageClass;
    /** Days a replaced (noncurrent) archive object version is kept. Default 30. */
    readonly archiveNoncurrentExpirationDays?: number;
    /**
     * Queues subscribed to one service-messaging SNS topic, for services to exchange domain
     * events. Plain list: it decides which queues exist; empty for no topic. Default none.
     */
    readonly messagingQueues?: readonly MessagingQueueArgs[];
    /** The SNS topic every alarm notifies (on ALARM and on OK). Required. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Refuse to delete the tables (DynamoDB deletion protection). Plain boolean. Default true. */
    readonly deletionProtection?: boolean;
    /**
     * Protect the stateful children (key, tables, stream, queues, archive bucket, log groups) from
     * deletion. Plain boolean: it is a resource option. Default true.
     */
    readonly protect?: boolean;
    /** Days every log group keeps records; a CloudWatch Logs retention period. Default 365. */
    readonly logRetentionDays?: number;
    /** Tags for every taggable resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
