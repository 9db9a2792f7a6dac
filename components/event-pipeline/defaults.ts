/**
 * The one place EventPipeline's defaults live. Every default is the secure choice (deletion
 * protection on, resources protected, a year of logs, the archive on); a stack that wants less
 * says so in its config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
    EventConsumerArgs,
    EventPipelineArgs,
    MessagingQueueArgs,
    PipelineTableArgs,
} from "./args";
import type { ArchiveStorageClass, StreamMode } from "./args";

export {
    ARCHIVE_STORAGE_CLASSES,
    CHANGE_EVENT_NAMES,
    KEY_ATTRIBUTE_TYPES,
    PROJECTION_TYPES,
    STREAM_MODES,
} from "./args";
export type {
    ArchiveStorageClass,
    ChangeEventName,
    KeyAttributeType,
    ProjectionType,
    StreamMode,
} from "./args";

/** Defaults for the optional {@link EventPipelineArgs}. */
export const EVENT_PIPELINE_DEFAULTS = {
    // On-demand streams need no shard planning and scale with the tables.
    streamMode: "ON_DEMAND" as StreamMode,
    // Kinesis' own default; a stack that needs longer to recover from a broken consumer says so.
    retentionHours: 24,
    // The archive is the audit trail of every change: on unless a stack turns it off.
    archive: true,
    archiveBufferIntervalSeconds: 300,
    archiveBufferSizeMb: 64,
    archiveTransitionDays: 30,
    archiveStorageClass: "GLACIER_IR" as ArchiveStorageClass,
    archiveNoncurrentExpirationDays: 30,
    // A delete (or a replacement) of a table is refused until someone turns this off on purpose.
    deletionProtection: true,
    // Deleting the key, a table, the stream or the archive loses data: refuse by default.
    protect: true,
    logRetentionDays: 365,
} as const;

/** Defaults for the optional {@link EventConsumerArgs}. */
export const EVENT_CONSUMER_DEFAULTS = {
    memoryMb: 256,
    timeoutSeconds: 30,
    batchSize: 100,
    maximumBatchingWindowSeconds: 0,
    parallelizationFactor: 1,
    // Bounded, so a poison record reaches the dead-letter queue instead of blocking its shard
    // until it expires; bisection and ReportBatchItemFailures narrow each retry to the bad record.
    maximumRetryAttempts: 5,
    maximumRecordAgeSeconds: 3600,
    idempotency: false,
    // No internet: only HTTPS to the VPC (interface endpoints). Third-party APIs ask for it.
    internetEgress: false,
} as const;

/** Defaults for the optional {@link MessagingQueueArgs}. */
export const MESSAGING_QUEUE_DEFAULTS = {
    visibilityTimeoutSeconds: 30,
    // Four days, SQS's own default.
    messageRetentionSeconds: 345_600,
    maxReceiveCount: 5,
} as const;

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const EVENT_PIPELINE_FIXED = {
    /** Seconds a dead-letter queue keeps a message: 14 days, the SQS maximum. */
    deadLetterRetentionSeconds: 1_209_600,
    /** Seconds SQS reuses a data key before asking KMS again (its default; fewer KMS calls). */
    kmsDataKeyReusePeriodSeconds: 300,
    /** A new consumer starts with the oldest record still in the stream: nothing is skipped. */
    startingPosition: "TRIM_HORIZON",
    /** Creation timestamps in stream records, as precise as DynamoDB offers. */
    creationTimePrecision: "MICROSECOND",
    /** Lambda's per-mapping filter quota. */
    maxFiltersPerMapping: 5,
    /** The idempotency table's key (string) and TTL attribute, as Powertools expects them. */
    idempotencyKey: "id",
    idempotencyTtlAttribute: "expiration",
    /** The environment variable that names a consumer's idempotency table. */
    idempotencyEnvironmentVariable: "IDEMPOTENCY_TABLE",
    /** Incomplete multipart uploads to the archive are removed after this many days. */
    archiveAbortIncompleteUploadDays: 7,
    /** The log stream Firehose writes S3 delivery errors to. */
    archiveErrorLogStream: "S3Delivery",
    /** Archive object keys: records by arrival day, failures by error type and day. */
    archivePrefix: "events/!{timestamp:yyyy/MM/dd}/",
    archiveErrorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
    /** Seconds per alarm period for Lambda metrics (published every minute). */
    lambdaAlarmPeriodSeconds: 60,
    /** Seconds per alarm period for SQS metrics (published every five minutes). */
    queueAlarmPeriodSeconds: 300,
    /** The only port the consumers' security groups open (HTTPS), to the VPC or the internet. */
    egressPort: 443,
} as const;

/** {@link EventConsumerArgs} with every default applied. */
export interface ResolvedConsumerArgs extends EventConsumerArgs {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly batchSize: number;
    readonly maximumBatchingWindowSeconds: number;
    readonly parallelizationFactor: number;
    readonly maximumRetryAttempts: number;
    readonly maximumRecordAgeSeconds: number;
    readonly idempotency: boolean;
    readonly internetEgress: boolean;
}

/** {@link MessagingQueueArgs} with every default applied. */
export interface ResolvedQueueArgs extends MessagingQueueArgs {
    readonly visibilityTimeoutSeconds: number;
    readonly messageRetentionSeconds: number;
    readonly maxReceiveCount: number;
}

/** {@link EventPipelineArgs} with every default applied. */
export interface ResolvedEventPipelineArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly dynamodbPrefixListId?: pulumi.Input<string>;
    readonly tables: readonly PipelineTableArgs[];
    readonly consumers: readonly ResolvedConsumerArgs[];
    readonly streamMode: StreamMode;
    readonly shardCount?: number;
    readonly retentionHours: number;
    readonly archive: boolean;
    readonly archiveBufferIntervalSeconds: number;
    readonly archiveBufferSizeMb: number;
    readonly archiveTransitionDays: number;
    readonly archiveStorageClass: ArchiveStorageClass;
    readonly archiveNoncurrentExpirationDays: number;
    readonly messagingQueues: readonly ResolvedQueueArgs[];
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly deletionProtection: boolean;
    readonly protect: boolean;
    readonly logRetentionDays: number;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link EVENT_CONSUMER_DEFAULTS} to every consumer argument left undefined. */
export function consumerWithDefaults(c: EventConsumerArgs): ResolvedConsumerArgs {
    const d = EVENT_CONSUMER_DEFAULTS;
    return {
        ...c,
        memoryMb: c.memoryMb ?? d.memoryMb,
        timeoutSeconds: c.timeoutSeconds ?? d.timeoutSeconds,
        batchSize: c.batchSize ?? d.batchSize,
        maximumBatchingWindowSeconds:
            c.maximumBatchingWindowSeconds ?? d.maximumBatchingWindowSeconds,
        parallelizationFactor: c.parallelizationFactor ?? d.parallelizationFactor,
        maximumRetryAttempts: c.maximumRetryAttempts ?? d.maximumRetryAttempts,
        maximumRecordAgeSeconds: c.maximumRecordAgeSeconds ?? d.maximumRecordAgeSeconds,
        idempotency: c.idempotency ?? d.idempotency,
        internetEgress: c.internetEgress ?? d.internetEgress,
    };
}

/** Applies {@link MESSAGING_QUEUE_DEFAULTS} to every queue argument left undefined. */
export function queueWithDefaults(q: MessagingQueueArgs): ResolvedQueueArgs {
    const d = MESSAGING_QUEUE_DEFAULTS;
    return {
        ...q,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds ?? d.visibilityTimeoutSeconds,
        messageRetentionSeconds: q.messageRetentionSeconds ?? d.messageRetentionSeconds,
        maxReceiveCount: q.maxReceiveCount ?? d.maxReceiveCount,
    };
}

/** Applies every default of {@link EventPipelineArgs}, its consumers and its queues. */
export function withDefaults(args: EventPipelineArgs): ResolvedEventPipelineArgs {
    const d = EVENT_PIPELINE_DEFAULTS;
    return {
        vpcId: args.vpcId,
        vpcCidr: args.vpcCidr,
        subnetIds: args.subnetIds,
        dynamodbPrefixListId: args.dynamodbPrefixListId,
        tables: args.tables,
        consumers: (args.consumers ?? []).map(consumerWithDefaults),
        streamMode: args.streamMode ?? d.streamMode,
        shardCount: args.shardCount,
        retentionHours: args.retentionHours ?? d.retentionHours,
        archive: args.archive ?? d.archive,
        archiveBufferIntervalSeconds:
            args.archiveBufferIntervalSeconds ?? d.archiveBufferIntervalSeconds,
        archiveBufferSizeMb: args.archiveBufferSizeMb ?? d.archiveBufferSizeMb,
        archiveTransitionDays: args.archiveTransitionDays ?? d.archiveTransitionDays,
        archiveStorageClass: args.archiveStorageClass ?? d.archiveStorageClass,
        archiveNoncurrentExpirationDays:
            args.archiveNoncurrentExpirationDays ?? d.archiveNoncurrentExpirationDays,
        messagingQueues: (args.messagingQueues ?? []).map(queueWithDefaults),
        alarmTopicArn: args.alarmTopicArn,
        deletionProtection: args.deletionProtection ?? d.deletionProtection,
        protect: args.protect ?? d.protect,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        tags: args.tags,
    };
}
