/**
 * The one place ReminderWorkflow's defaults live. Every default is the secure choice (a replica in
 * another zone with automatic failover, a week of snapshots, the stateful children protected, a
 * year of logs); a stack that wants less says so in its config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CacheEngine, ReminderWorkflowArgs } from "./args";

export { CACHE_ENGINES } from "./args";
export type { CacheEngine } from "./args";

/**
 * The oldest engine version each engine may run: the client sets a handle with `SET ... NX GET`,
 * which Redis accepts from 7.0; Valkey on ElastiCache starts at 7.2.
 */
export const MINIMUM_ENGINE_VERSION: Readonly<Record<CacheEngine, string>> = {
    valkey: "7.2",
    redis: "7.0",
};

/** Defaults for the optional {@link ReminderWorkflowArgs}. */
export const REMINDER_WORKFLOW_DEFAULTS = {
    // Valkey: the Redis-compatible engine AWS develops, cheaper per node than Redis OSS, and
    // encrypted at rest by default.
    engine: "valkey" as CacheEngine,
    // Graviton burstable nodes: the handles are a few hundred bytes each.
    nodeType: "cache.t4g.small",
    // One replica in another zone: a zone's outage fails over instead of losing every handle.
    replicas: 1,
    snapshotRetentionDays: 7,
    // Bump to rotate the auth token (see `authTokenVersion`).
    authTokenVersion: 1,
    senderMemoryMb: 256,
    senderTimeoutSeconds: 30,
    // Unless the VPC has SNS and Secrets Manager endpoints, the sender reaches them through NAT.
    senderInternetEgress: true,
    // Deleting the key, the cache, the secret or a log group loses data: refuse by default.
    protect: true,
    logRetentionDays: 365,
} as const;

/** The engine version each engine gets when `engineVersion` is left out. */
export const DEFAULT_ENGINE_VERSION: Readonly<Record<CacheEngine, string>> = {
    valkey: "8.0",
    redis: "7.1",
};

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const REMINDER_WORKFLOW_FIXED = {
    /** The port the cache listens on, and the only one its security group opens. */
    redisPort: 6379,
    /** HTTPS: Secrets Manager (endpoint or NAT) and SNS (NAT), for the sender. */
    httpsPort: 443,
    /**
     * Seconds the state machine's Task waits for one sender invocation beyond the function's own
     * timeout, so that the function's timeout is the error the execution reports.
     */
    sendTimeoutMarginSeconds: 30,
    /** The auth token: 64 letters and digits (ElastiCache takes 16..128 printable characters). */
    authTokenLength: 64,
    /** Days a deleted secret can still be restored: the Secrets Manager maximum. */
    secretRecoveryWindowDays: 30,
    /** Seconds per alarm period (Step Functions and Lambda publish every minute). */
    alarmPeriodSeconds: 60,
} as const;

/** {@link ReminderWorkflowArgs} with every default applied. */
export interface ResolvedReminderWorkflowArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly engine: CacheEngine;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly replicas: number;
    readonly snapshotRetentionDays: number;
    readonly authTokenVersion: number;
    readonly senderMemoryMb: number;
    readonly senderTimeoutSeconds: number;
    readonly senderInternetEgress: boolean;
    readonly protect: boolean;
    readonly logRetentionDays: number;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link REMINDER_WORKFLOW_DEFAULTS} to every argument left undefined. */
export function withDefaults(args: ReminderWorkflowArgs): ResolvedReminderWorkflowArgs {
    const d = REMINDER_WORKFLOW_DEFAULTS;
    const engine = args.engine ?? d.engine;
    return {
        vpcId: args.vpcId,
        vpcCidr: args.vpcCidr,
        subnetIds: args.subnetIds,
        alarmTopicArn: args.alarmTopicArn,
        engine,
        engineVersion: args.engineVersion ?? DEFAULT_ENGINE_VERSION[engine],
        nodeType: args.nodeType ?? d.nodeType,
        replicas: args.replicas ?? d.replicas,
        snapshotRetentionDays: args.snapshotRetentionDays ?? d.snapshotRetentionDays,
        authTokenVersion: args.authTokenVersion ?? d.authTokenVersion,
        senderMemoryMb: args.senderMemoryMb ?? d.senderMemoryMb,
        senderTimeoutSeconds: args.senderTimeoutSeconds ?? d.senderTimeoutSeconds,
        senderInternetEgress: args.senderInternetEgress ?? d.senderInternetEgress,
        protect: args.protect ?? d.protect,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        tags: args.tags,
    };
}
