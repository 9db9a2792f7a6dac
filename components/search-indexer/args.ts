/**
 * SearchIndexer's argument types: the module every other file of the component imports, which
 * imports none of them back.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EventConsumerArgs } from "../event-pipeline/args";

/** Arguments for {@link SearchIndexer}. */
export interface SearchIndexerArgs {
    /** The VPC the domain and the scanner run in (their security groups are created in it). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the scanner may reach HTTPS there (the domain, interface endpoints). */
    readonly vpcCidr: pulumi.Input<string>;
    /**
     * Private subnets, one per availability zone. The scanner runs in all of them; the domain in
     * the first `availabilityZoneCount`.
     */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The domain's name, 3..28 lowercase letters, digits or hyphens, unique in the account and
     * region (`<environment>-search`). Plain string: the access policy names the domain's ARN,
     * which must be known before the domain exists. Changing it replaces the domain.
     */
    readonly domainName: string;
    /**
     * The pipeline tables (EventPipeline table `name`s) whose changes are indexed, one index
     * each. Plain list: it decides the indexer's event filter.
     */
    readonly indexedTables: readonly string[];
    /** The table of tasks the scanner searches: one of `indexedTables`. */
    readonly tasksTable: string;
    /** The SNS topic every alarm notifies (on ALARM and on OK). Required. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The standard SNS topic the scanner publishes each new finding to. Required. */
    readonly findingsTopicArn: pulumi.Input<string>;
    /** The KMS key that encrypts the findings topic, when it is encrypted with one. */
    readonly findingsTopicKeyArn?: pulumi.Input<string>;
    /** The engine, pinned: `OpenSearch_<major>.<minor>`. Default "OpenSearch_2.17". */
    readonly engineVersion?: string;
    /** Data node instance type (`<family>.<size>.search`). Default "r6g.large.search". */
    readonly instanceType?: string;
    /** Data nodes, 1..80, a multiple of `availabilityZoneCount`. Default 3. */
    readonly instanceCount?: number;
    /** Zones the data nodes spread over: 1 (no zone awareness), 2 or 3. Default 3. */
    readonly availabilityZoneCount?: number;
    /** Dedicated master nodes: 0 (none), 3 or 5. Default 3. */
    readonly dedicatedMasterCount?: number;
    /** Dedicated master instance type; only with masters. Default "m6g.large.search". */
    readonly dedicatedMasterType?: string;
    /** gp3 storage per data node in GiB, 10..24576 (within the instance type's limit). Default 20. */
    readonly volumeSizeGb?: number;
    /** gp3 IOPS per data node, 3000..16000. Default 3000 (gp3's baseline). */
    readonly volumeIops?: number;
    /** gp3 throughput per data node in MiB/s, 125..1000. Default 125 (gp3's baseline). */
    readonly volumeThroughputMibps?: number;
    /** Alarm when a data node's free storage falls to this share of its volume, 1..99 %. Default 25. */
    readonly freeStorageAlarmPercent?: number;
    /** An open task untouched for this many days is stale, 1..3650. Default 7. */
    readonly staleAfterDays?: number;
    /** Scanner memory in MB, 128..10240. Default 256. */
    readonly scannerMemoryMb?: number;
    /** Scanner timeout in seconds, 1..300 (the schedule's interval). Default 60. */
    readonly scannerTimeoutSeconds?: number;
    /**
     * Allow the scanner HTTPS (TCP 443) to the internet through the NAT gateways: needed to reach
     * SNS when the VPC has no SNS interface endpoint. Plain boolean: it decides whether the
     * egress rule exists. Default false: HTTPS to the VPC only.
     */
    readonly scannerInternetEgress?: boolean;
    /** Days every log group keeps records; a CloudWatch Logs retention period. Default 365. */
    readonly logRetentionDays?: number;
    /**
     * Protect the stateful children (key, domain, log groups) from deletion. Plain boolean: it is
     * a resource option. Default true.
     */
    readonly protect?: boolean;
    /** Tags for every taggable resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Settings of the indexer consumer: the ones every pipeline consumer has (EventPipeline's
 * defaults apply to those left out) and the indexer's own.
 */
export interface IndexerConsumerOptions extends Pick<
    EventConsumerArgs,
    | "memoryMb"
    | "timeoutSeconds"
    | "reservedConcurrency"
    | "batchSize"
    | "maximumBatchingWindowSeconds"
    | "parallelizationFactor"
    | "maximumRetryAttempts"
    | "maximumRecordAgeSeconds"
> {
    /** Largest `_bulk` request body in bytes, 1024..104857600. Default 5242880 (5 MiB). */
    readonly bulkMaxBytes?: number;
    /**
     * Hours OpenSearch remembers a deleted document's version, 1..8760 and at least the maximum
     * record age: a stale change arriving later must not bring the document back. Default 24.
     */
    readonly deleteTombstoneHours?: number;
}

/** A workload that calls the domain: admitted on HTTPS from its security group. */
export interface SearchClientArgs {
    /** Names the ingress rule (`<component>-ingress-<name>`): lowercase words joined by hyphens. */
    readonly name: string;
    /** The workload's security group. */
    readonly securityGroupId: pulumi.Input<string>;
}

/** What `connect()` reads of an EventPipeline (the pipeline itself fits). */
export interface SearchIndexerPipeline {
    /** Physical table names, by table `name`. */
    readonly tableNames: Record<string, pulumi.Input<string>>;
    /** Consumer security group ids, by consumer `name`. */
    readonly consumerSecurityGroupIds: Record<string, pulumi.Input<string>>;
    /**
     * Consumer functions, by consumer `name`: with them, `connect()` declares the indexer's flow
     * into the domain. Default none.
     */
    readonly consumerFunctions?: Record<string, pulumi.Resource>;
}

/** Arguments for {@link SearchIndexer.connect}. */
export interface SearchConnectArgs {
    /** The pipeline that was given `indexerConsumer()`. */
    readonly pipeline: SearchIndexerPipeline;
    /**
     * Other workloads that call the domain (log shippers), each admitted on HTTPS. Their roles
     * need {@link SearchIndexer.logShippingStatements} (or statements like them). Default none.
     */
    readonly clients?: readonly SearchClientArgs[];
}
