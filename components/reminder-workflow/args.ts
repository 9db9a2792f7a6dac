/**
 * ReminderWorkflow's argument types and the value sets they draw from: the module every other
 * file of the component imports, which imports none of them back.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The ElastiCache engines the handles can live in (both speak the Redis protocol). */
export type CacheEngine = "valkey" | "redis";

/** Every {@link CacheEngine}. */
export const CACHE_ENGINES: readonly CacheEngine[] = ["valkey", "redis"];

/** Arguments for {@link ReminderWorkflow}. */
export interface ReminderWorkflowArgs {
    /** The VPC the cache and the sender run in (their security groups are created in it). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the sender may reach HTTPS there (interface endpoints). */
    readonly vpcCidr: pulumi.Input<string>;
    /**
     * Private subnets, one per availability zone, for the cache's subnet group and the sender.
     * With replicas, the cache spreads over them; give at least two zones.
     */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The SNS topic every alarm notifies (on ALARM and on OK). Required. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** "valkey" or "redis" (Redis OSS). Plain string: it decides the version rules. Default "valkey". */
    readonly engine?: CacheEngine;
    /**
     * `<major>.<minor>`, at least 7.2 for Valkey and 7.0 for Redis (the client's SET NX GET).
     * Default "8.0" for Valkey, "7.1" for Redis.
     */
    readonly engineVersion?: string;
    /** The cache node type. Default "cache.t4g.small". */
    readonly nodeType?: string;
    /**
     * Read replicas, 0..5. With one or more, the group is Multi-AZ with automatic failover; with
     * 0 a node failure loses the handles until the node is replaced. Plain number. Default 1.
     */
    readonly replicas?: number;
    /** Days automatic snapshots are kept, 0..35 (0 turns them off). Default 7. */
    readonly snapshotRetentionDays?: number;
    /**
     * The auth token's generation, a positive integer. The token is generated once and written
     * to the cache and the secret without being compared again; raise this number to rotate it
     * (ElastiCache keeps the previous token valid until the next rotation). Default 1.
     */
    readonly authTokenVersion?: number;
    /** The sender's memory in MB, 128..10240. Default 256. */
    readonly senderMemoryMb?: number;
    /**
     * The sender's timeout in seconds, 1..900. The state machine's Task waits 30 s longer, so the
     * function's own timeout is what an execution reports. Default 30.
     */
    readonly senderTimeoutSeconds?: number;
    /**
     * HTTPS from the sender to the internet (through NAT), for SNS and Secrets Manager. False
     * only where the VPC has interface endpoints for both. Plain boolean: it decides whether the
     * rule exists. Default true.
     */
    readonly senderInternetEgress?: boolean;
    /**
     * Protect the stateful children (key, cache, auth secret, log groups) from deletion. Plain
     * boolean: it is a resource option. Default true.
     */
    readonly protect?: boolean;
    /** Days every log group keeps records; a CloudWatch Logs retention period. Default 365. */
    readonly logRetentionDays?: number;
    /** Tags for every taggable resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
