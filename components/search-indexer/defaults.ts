/**
 * The one place SearchIndexer's defaults live. Every default is the production choice (three
 * data nodes across three zones with three dedicated masters, resources protected, a year of
 * logs, no internet for the scanner); a stack that wants less says so in its config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SearchIndexerArgs } from "./args";

/** Defaults for the optional {@link SearchIndexerArgs}. */
export const SEARCH_INDEXER_DEFAULTS = {
    // Pinned: an engine upgrade is a blue/green deployment of the domain, done on purpose.
    engineVersion: "OpenSearch_2.17",
    instanceType: "r6g.large.search",
    instanceCount: 3,
    // One data node per zone: the cluster survives the loss of a zone.
    availabilityZoneCount: 3,
    // Dedicated masters keep cluster management off the data nodes (AWS: three for production).
    dedicatedMasterCount: 3,
    dedicatedMasterType: "m6g.large.search",
    volumeSizeGb: 20,
    // gp3's baseline, included in its price.
    volumeIops: 3000,
    volumeThroughputMibps: 125,
    // AWS's recommendation: alarm while a quarter of a node's storage is still free.
    freeStorageAlarmPercent: 25,
    staleAfterDays: 7,
    scannerMemoryMb: 256,
    scannerTimeoutSeconds: 60,
    // No internet: HTTPS to the VPC only (the domain and the interface endpoints).
    scannerInternetEgress: false,
    logRetentionDays: 365,
    // Deleting the key, the domain or a log group loses data: refuse by default.
    protect: true,
} as const;

/** Defaults of the indexer consumer (`SearchIndexer.indexerConsumer()` options). */
export const INDEXER_CONSUMER_DEFAULTS = {
    // JSON parsing and serialising are CPU-bound: Lambda gives CPU in proportion to memory.
    memoryMb: 512,
    // Room for the bulk requests' retries with backoff inside one invocation.
    timeoutSeconds: 60,
    // The runtime's own default (5 MiB), under http.max_content_length of every instance type.
    bulkMaxBytes: 5_242_880,
    // Longer than a record can wait for a retry (the mapping's default maximum record age, 1 h).
    deleteTombstoneHours: 24,
} as const;

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const SEARCH_INDEXER_FIXED = {
    /** TLS 1.2 or newer with forward secrecy, the newest policy OpenSearch offers. */
    tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    /** The only port the domain listens on (HTTPS). */
    port: 443,
    /** The scan runs every five minutes (issue 5). */
    scanSchedule: "rate(5 minutes)",
    /**
     * Seconds an undelivered schedule event stays worth delivering: after one interval the next
     * run is due anyway.
     */
    scanEventMaxAgeSeconds: 300,
    /** The slow logs and the error log the domain publishes to CloudWatch Logs. */
    logTypes: ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"],
    /**
     * The HTTP methods (as IAM actions) each client calls: the indexer checks an alias (HEAD),
     * creates an index and its alias (PUT) and writes with _bulk (POST); the scanner also opens
     * and closes a point in time (POST, DELETE) and searches and reads with bodies (POST); a log
     * shipper (Fluent Bit) only writes with _bulk (POST), which creates daily indexes as it goes.
     */
    indexerActions: ["es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
    scannerActions: ["es:ESHttpDelete", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
    logShippingActions: ["es:ESHttpPost"],
    /** Seconds per alarm period for the domain's metrics (published every minute). */
    domainAlarmPeriodSeconds: 60,
    /** JVM memory pressure (%) above which garbage collection starts to stall the nodes. */
    jvmMemoryPressurePercent: 80,
    /** Periods the JVM pressure must stay high: a single collection spike is not an alarm. */
    jvmMemoryPressurePeriods: 3,
    /** Seconds per alarm period for the scanner's Lambda metrics (one run per period). */
    scannerAlarmPeriodSeconds: 300,
} as const;

/** {@link SearchIndexerArgs} with every default applied. */
export interface ResolvedSearchIndexerArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly domainName: string;
    readonly indexedTables: readonly string[];
    readonly tasksTable: string;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly findingsTopicArn: pulumi.Input<string>;
    readonly findingsTopicKeyArn?: pulumi.Input<string>;
    readonly engineVersion: string;
    readonly instanceType: string;
    readonly instanceCount: number;
    readonly availabilityZoneCount: number;
    readonly dedicatedMasterCount: number;
    readonly dedicatedMasterType: string;
    readonly volumeSizeGb: number;
    readonly volumeIops: number;
    readonly volumeThroughputMibps: number;
    readonly freeStorageAlarmPercent: number;
    readonly staleAfterDays: number;
    readonly scannerMemoryMb: number;
    readonly scannerTimeoutSeconds: number;
    readonly scannerInternetEgress: boolean;
    readonly logRetentionDays: number;
    readonly protect: boolean;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link SEARCH_INDEXER_DEFAULTS} to every argument left undefined. */
export function withDefaults(args: SearchIndexerArgs): ResolvedSearchIndexerArgs {
    const d = SEARCH_INDEXER_DEFAULTS;
    return {
        vpcId: args.vpcId,
        vpcCidr: args.vpcCidr,
        subnetIds: args.subnetIds,
        domainName: args.domainName,
        indexedTables: args.indexedTables,
        tasksTable: args.tasksTable,
        alarmTopicArn: args.alarmTopicArn,
        findingsTopicArn: args.findingsTopicArn,
        findingsTopicKeyArn: args.findingsTopicKeyArn,
        engineVersion: args.engineVersion ?? d.engineVersion,
        instanceType: args.instanceType ?? d.instanceType,
        instanceCount: args.instanceCount ?? d.instanceCount,
        availabilityZoneCount: args.availabilityZoneCount ?? d.availabilityZoneCount,
        dedicatedMasterCount: args.dedicatedMasterCount ?? d.dedicatedMasterCount,
        dedicatedMasterType: args.dedicatedMasterType ?? d.dedicatedMasterType,
        volumeSizeGb: args.volumeSizeGb ?? d.volumeSizeGb,
        volumeIops: args.volumeIops ?? d.volumeIops,
        volumeThroughputMibps: args.volumeThroughputMibps ?? d.volumeThroughputMibps,
        freeStorageAlarmPercent: args.freeStorageAlarmPercent ?? d.freeStorageAlarmPercent,
        staleAfterDays: args.staleAfterDays ?? d.staleAfterDays,
        scannerMemoryMb: args.scannerMemoryMb ?? d.scannerMemoryMb,
        scannerTimeoutSeconds: args.scannerTimeoutSeconds ?? d.scannerTimeoutSeconds,
        scannerInternetEgress: args.scannerInternetEgress ?? d.scannerInternetEgress,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        protect: args.protect ?? d.protect,
        tags: args.tags,
    };
}
