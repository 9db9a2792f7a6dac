/**
 * Pure validation for SearchIndexer: runs before any resource is registered (and before
 * `indexerConsumer()` and `connect()` change anything), and every message names the component,
 * its name and the argument at fault:
 * `SearchIndexer "search": availabilityZoneCount must be 1, 2 or 3, got 4`.
 */
import { EVENT_CONSUMER_DEFAULTS, PART_NAME_PATTERN } from "../event-pipeline";
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import { INDEXER_CONSUMER_DEFAULTS, SEARCH_INDEXER_DEFAULTS } from "./defaults";
import type {
    IndexerConsumerOptions,
    SearchConnectArgs,
    SearchIndexerArgs,
    SearchIndexerPipeline,
} from "./args";

/** OpenSearch domain names: 3..28 of lowercase letters, digits and hyphens, a letter first. */
export const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]{2,27}$/;

/** Engine versions the component accepts: OpenSearch only, pinned to a minor version. */
export const ENGINE_VERSION_PATTERN = /^OpenSearch_\d+\.\d+$/;

/** OpenSearch instance types: `<family>.<size>.search`. */
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9]+\.search$/;

/** Zones a domain can spread over; 1 turns zone awareness off. */
export const AVAILABILITY_ZONE_COUNTS: readonly number[] = [1, 2, 3];

/** Dedicated master counts OpenSearch accepts (0 for none): odd, so a quorum always exists. */
export const DEDICATED_MASTER_COUNTS: readonly number[] = [0, 3, 5];

/** Names `connect()` uses for its own ingress rules. */
export const RESERVED_CLIENT_NAMES: readonly string[] = ["indexer", "scanner"];

/** The suffix of the pipeline consumer's name: `<component>-indexer`. */
export const INDEXER_CONSUMER_SUFFIX = "-indexer";

// EventPipeline part names are at most 40 characters; the consumer's is `<name>-indexer`.
const COMPONENT_NAME_MAX = 40 - INDEXER_CONSUMER_SUFFIX.length;

/** A value as a message shows it: strings quoted, arrays and objects as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

function inRange(n: unknown, min: number, max: number): boolean {
    return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

type Fail = (message: string) => never;

function failer(name: string): Fail {
    return (message: string): never => {
        throw new Error(`SearchIndexer "${name}": ${message}`);
    };
}

function checkRange(fail: Fail, what: string, value: unknown, min: number, max: number): void {
    if (!inRange(value, min, max)) fail(`${what} must be ${min}..${max}, got ${show(value)}`);
}

function checkOneOf(fail: Fail, what: string, value: unknown, allowed: readonly number[]): void {
    if (!allowed.includes(value as number)) {
        const list = `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`;
        fail(`${what} must be ${list}, got ${show(value)}`);
    }
}

function checkPattern(fail: Fail, what: string, value: unknown, pattern: RegExp, hint: string) {
    if (typeof value !== "string" || !pattern.test(value)) {
        fail(`${what} must be ${hint} (${pattern.source}), got ${show(value)}`);
    }
}

/**
 * Throws the first problem with a SearchIndexer's arguments, as
 * `SearchIndexer "<name>": <argument> must be ..., got ...`. Arguments left undefined are checked
 * at their defaults (a default never fails, but some rules relate two arguments).
 */
export function validateSearchIndexerArgs(name: string, args: SearchIndexerArgs): void {
    const fail = failer(name);
    const d = SEARCH_INDEXER_DEFAULTS;

    if (!PART_NAME_PATTERN.test(name) || name.length > COMPONENT_NAME_MAX) {
        fail(
            `the component's name must be lowercase words joined by hyphens ` +
                `(${PART_NAME_PATTERN.source}), at most ${COMPONENT_NAME_MAX} characters: it names ` +
                `the pipeline consumer "<name>${INDEXER_CONSUMER_SUFFIX}"`,
        );
    }
    for (const required of [
        "vpcId",
        "vpcCidr",
        "subnetIds",
        "alarmTopicArn",
        "findingsTopicArn",
    ] as const) {
        const value = args[required];
        if (value === undefined || value === null || value === "") {
            fail(`${required} is required, got ${show(value)}`);
        }
    }
    checkPattern(
        fail,
        "domainName",
        args.domainName,
        DOMAIN_NAME_PATTERN,
        "3..28 lowercase letters, digits or hyphens, starting with a letter",
    );

    const tables = args.indexedTables;
    if (!Array.isArray(tables) || tables.length === 0) {
        fail(`indexedTables must name at least one of the pipeline's tables, got ${show(tables)}`);
    }
    const seen = new Set<string>();
    for (const table of tables) {
        if (typeof table !== "string" || !PART_NAME_PATTERN.test(table)) {
            fail(`indexedTables must hold the pipeline's table names, got ${show(table)}`);
        }
        if (seen.has(table)) fail(`indexedTables lists ${show(table)} more than once`);
        seen.add(table);
    }
    if (!seen.has(args.tasksTable)) {
        fail(
            `tasksTable must be one of indexedTables (${tables.map(show).join(", ")}): the scanner ` +
                `searches its index, got ${show(args.tasksTable)}`,
        );
    }

    checkPattern(
        fail,
        "engineVersion",
        args.engineVersion ?? d.engineVersion,
        ENGINE_VERSION_PATTERN,
        'an OpenSearch version such as "OpenSearch_2.17"',
    );
    checkPattern(
        fail,
        "instanceType",
        args.instanceType ?? d.instanceType,
        INSTANCE_TYPE_PATTERN,
        'an OpenSearch instance type such as "r6g.large.search"',
    );
    const zones = args.availabilityZoneCount ?? d.availabilityZoneCount;
    checkOneOf(fail, "availabilityZoneCount", zones, AVAILABILITY_ZONE_COUNTS);
    const instances = args.instanceCount ?? d.instanceCount;
    checkRange(fail, "instanceCount", instances, 1, 80);
    if (instances % zones !== 0) {
        fail(
            `instanceCount must be a multiple of availabilityZoneCount (${zones}), so that every ` +
                `zone holds as many data nodes, got ${instances}`,
        );
    }
    if (Array.isArray(args.subnetIds) && args.subnetIds.length < zones) {
        fail(
            `subnetIds must list at least availabilityZoneCount (${zones}) private subnets, one ` +
                `per zone, got ${args.subnetIds.length}`,
        );
    }
    const masters = args.dedicatedMasterCount ?? d.dedicatedMasterCount;
    checkOneOf(fail, "dedicatedMasterCount", masters, DEDICATED_MASTER_COUNTS);
    if (masters > 0) {
        checkPattern(
            fail,
            "dedicatedMasterType",
            args.dedicatedMasterType ?? d.dedicatedMasterType,
            INSTANCE_TYPE_PATTERN,
            'an OpenSearch instance type such as "m6g.large.search"',
        );
    } else if (args.dedicatedMasterType !== undefined) {
        fail(
            `dedicatedMasterType is only for dedicatedMasterCount 3 or 5, got ` +
                `${show(args.dedicatedMasterType)} with 0`,
        );
    }

    // gp3 on OpenSearch: at least 10 GiB, 3000..16000 IOPS, 125..1000 MiB/s.
    checkRange(fail, "volumeSizeGb", args.volumeSizeGb ?? d.volumeSizeGb, 10, 24_576);
    checkRange(fail, "volumeIops", args.volumeIops ?? d.volumeIops, 3000, 16_000);
    checkRange(
        fail,
        "volumeThroughputMibps",
        args.volumeThroughputMibps ?? d.volumeThroughputMibps,
        125,
        1000,
    );
    checkRange(
        fail,
        "freeStorageAlarmPercent",
        args.freeStorageAlarmPercent ?? d.freeStorageAlarmPercent,
        1,
        99,
    );
    // The scanner's own bounds (STALE_AFTER_DAYS).
    checkRange(fail, "staleAfterDays", args.staleAfterDays ?? d.staleAfterDays, 1, 3650);
    checkRange(fail, "scannerMemoryMb", args.scannerMemoryMb ?? d.scannerMemoryMb, 128, 10_240);
    const timeout = args.scannerTimeoutSeconds ?? d.scannerTimeoutSeconds;
    if (!inRange(timeout, 1, 300)) {
        fail(
            `scannerTimeoutSeconds must be 1..300 (a run ends before the next one is due), got ` +
                show(timeout),
        );
    }
    const retention = args.logRetentionDays ?? d.logRetentionDays;
    if (!isLogRetentionDays(retention)) {
        fail(
            `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, ` +
                `got ${show(retention)}`,
        );
    }
}

/**
 * Throws the first problem with the indexer-specific options of `indexerConsumer()`; the options
 * it shares with every pipeline consumer (memory, batch size, ...) are EventPipeline's to check.
 */
export function validateIndexerConsumerOptions(
    name: string,
    options: IndexerConsumerOptions,
): void {
    const fail = failer(name);
    const d = INDEXER_CONSUMER_DEFAULTS;
    checkRange(
        fail,
        "indexerConsumer(): bulkMaxBytes",
        options.bulkMaxBytes ?? d.bulkMaxBytes,
        1024,
        104_857_600,
    );
    const hours = options.deleteTombstoneHours ?? d.deleteTombstoneHours;
    checkRange(fail, "indexerConsumer(): deleteTombstoneHours", hours, 1, 8760);
    const recordAge =
        options.maximumRecordAgeSeconds ?? EVENT_CONSUMER_DEFAULTS.maximumRecordAgeSeconds;
    if (hours * 3600 < recordAge) {
        fail(
            `indexerConsumer(): deleteTombstoneHours (${hours} h) must cover maximumRecordAgeSeconds ` +
                `(${recordAge} s): a delete must be remembered as long as an older change can arrive`,
        );
    }
}

/**
 * Throws the first problem with `connect()`'s arguments: the pipeline must have every indexed
 * table and the indexer consumer; client names must be unique, not reserved, and name parts.
 */
export function validateConnectArgs(
    name: string,
    indexedTables: readonly string[],
    args: SearchConnectArgs,
): void {
    const fail = failer(name);
    const pipeline: SearchIndexerPipeline = args.pipeline;
    const known = Object.keys(pipeline.tableNames);
    for (const table of indexedTables) {
        if (pipeline.tableNames[table] === undefined) {
            fail(
                `connect(): the pipeline has no table ${show(table)} (indexedTables); it has ` +
                    `${known.map(show).join(", ")}`,
            );
        }
    }
    const consumer = `${name}${INDEXER_CONSUMER_SUFFIX}`;
    if (pipeline.consumerSecurityGroupIds[consumer] === undefined) {
        fail(
            `connect(): the pipeline has no consumer ${show(consumer)}: pass indexerConsumer() ` +
                `in its consumers`,
        );
    }
    const seen = new Set<string>();
    for (const client of args.clients ?? []) {
        if (typeof client.name !== "string" || !PART_NAME_PATTERN.test(client.name)) {
            fail(
                `connect(): client names must be lowercase words joined by hyphens ` +
                    `(${PART_NAME_PATTERN.source}), got ${show(client.name)}`,
            );
        }
        if (RESERVED_CLIENT_NAMES.includes(client.name)) {
            fail(
                `connect(): client name ${show(client.name)} is reserved ` +
                    `(${RESERVED_CLIENT_NAMES.join(", ")}: the component admits them itself)`,
            );
        }
        if (seen.has(client.name)) {
            fail(`connect(): client name ${show(client.name)} is listed more than once`);
        }
        seen.add(client.name);
        const group = client.securityGroupId;
        if (group === undefined || group === null || group === "") {
            fail(`connect(): client ${show(client.name)}: securityGroupId is required`);
        }
    }
}

/**
 * Throws when `indexPattern` cannot prefix index names: lowercase, no wildcard, not starting
 * with `_`, `-` or `+` (those name APIs or are refused by OpenSearch).
 */
export function validateIndexPattern(name: string, indexPattern: string): void {
    const fail = failer(name);
    if (typeof indexPattern !== "string" || !/^[a-z0-9][a-z0-9._-]{0,199}$/.test(indexPattern)) {
        fail(
            `logShippingStatements(): indexPattern must be the lowercase prefix of index names ` +
                `(^[a-z0-9][a-z0-9._-]{0,199}$, no wildcard), got ${show(indexPattern)}`,
        );
    }
}
