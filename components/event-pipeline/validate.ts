/**
 * Pure validation for EventPipeline: runs before any resource is registered, and every message
 * names the component, its name and the argument at fault:
 * `EventPipeline "orders": retentionHours must be 24..8760, got 2`.
 */
import { validateSecureFunctionArgs } from "../lib/secure-function";
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import {
    ARCHIVE_STORAGE_CLASSES,
    CHANGE_EVENT_NAMES,
    consumerWithDefaults,
    EVENT_PIPELINE_DEFAULTS,
    EVENT_PIPELINE_FIXED,
    KEY_ATTRIBUTE_TYPES,
    PROJECTION_TYPES,
    queueWithDefaults,
    STREAM_MODES,
} from "./defaults";
import type {
    EventConsumerArgs,
    EventPipelineArgs,
    MessagingQueueArgs,
    PipelineTableArgs,
} from "./args";

/** Hours a Kinesis stream can keep records. */
export const RETENTION_HOURS_RANGE = { min: 24, max: 8760 } as const;

/**
 * Names of tables, consumers and queues: lowercase words joined by single hyphens, at most 40
 * characters, since each becomes part of its children's names (`<pipeline>-<name>-dlq`).
 */
export const PART_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PART_NAME_MAX = 40;

/** Names the pipeline's own children use (`<pipeline>-archive-role`, `<pipeline>-events`, ...). */
export const RESERVED_PART_NAMES: readonly string[] = ["archive", "events", "key", "stream"];

/** Suffixes the pipeline appends to part names; a part named with one would collide. */
const RESERVED_SUFFIXES = ["-dlq", "-idempotency", "-network"];

/** A value as a message shows it: strings quoted, arrays and objects as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.getPrototypeOf(value) === Object.prototype
    );
}

/** True when `n` is an integer in min..max. */
function inRange(n: unknown, min: number, max: number): boolean {
    return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

type Fail = (message: string) => never;

function checkRange(fail: Fail, what: string, value: unknown, min: number, max: number): void {
    if (!inRange(value, min, max)) fail(`${what} must be ${min}..${max}, got ${show(value)}`);
}

function checkPartName(fail: Fail, kind: string, name: unknown): void {
    if (typeof name !== "string" || !PART_NAME_PATTERN.test(name) || name.length > PART_NAME_MAX) {
        fail(
            `${kind} name must be lowercase words joined by hyphens (${PART_NAME_PATTERN.source}), ` +
                `at most ${PART_NAME_MAX} characters, got ${show(name)}`,
        );
    }
}

function checkTable(fail: Fail, table: PipelineTableArgs): void {
    const where = `table "${table.name}"`;
    if (!Array.isArray(table.attributes) || table.attributes.length === 0) {
        fail(`${where}: attributes must list the key attributes, got ${show(table.attributes)}`);
    }
    const types = new Map<string, string>();
    for (const attribute of table.attributes) {
        if (typeof attribute.name !== "string" || attribute.name === "") {
            fail(
                `${where}: attribute names must be non-empty strings, got ${show(attribute.name)}`,
            );
        }
        if (!KEY_ATTRIBUTE_TYPES.includes(attribute.type)) {
            fail(
                `${where}: attribute "${attribute.name}" type must be ` +
                    `${KEY_ATTRIBUTE_TYPES.map(show).join(", ")}, got ${show(attribute.type)}`,
            );
        }
        if (types.has(attribute.name)) {
            fail(`${where}: attribute "${attribute.name}" is declared more than once`);
        }
        types.set(attribute.name, attribute.type);
    }
    const declared = [...types.keys()].map(show).join(", ");
    const used = new Set<string>();
    const key = (what: string, attribute: string | undefined, required: boolean): void => {
        if (attribute === undefined && !required) return;
        if (typeof attribute !== "string" || !types.has(attribute)) {
            fail(
                `${where}: ${what} must be one of its attributes (${declared}), got ${show(attribute)}`,
            );
        }
        used.add(attribute);
    };
    key("hashKey", table.hashKey, true);
    key("rangeKey", table.rangeKey, false);
    if (table.rangeKey !== undefined && table.rangeKey === table.hashKey) {
        fail(`${where}: rangeKey must differ from hashKey, got ${show(table.rangeKey)} for both`);
    }

    const indexNames = new Set<string>();
    for (const index of table.globalSecondaryIndexes ?? []) {
        const at = `globalSecondaryIndexes "${index.name}"`;
        if (typeof index.name !== "string" || !/^[A-Za-z0-9_.-]{3,255}$/.test(index.name)) {
            fail(`${where}: index names must be 3..255 of [A-Za-z0-9_.-], got ${show(index.name)}`);
        }
        if (indexNames.has(index.name)) fail(`${where}: ${at} is declared more than once`);
        indexNames.add(index.name);
        key(`${at} hashKey`, index.hashKey, true);
        key(`${at} rangeKey`, index.rangeKey, false);
        const projection = index.projectionType ?? "ALL";
        if (!PROJECTION_TYPES.includes(projection)) {
            fail(
                `${where}: ${at} projectionType must be ${PROJECTION_TYPES.map(show).join(", ")}, ` +
                    `got ${show(projection)}`,
            );
        }
        const nonKey = index.nonKeyAttributes ?? [];
        if (projection === "INCLUDE" && nonKey.length === 0) {
            fail(`${where}: ${at} projectionType "INCLUDE" needs nonKeyAttributes`);
        }
        if (projection !== "INCLUDE" && nonKey.length > 0) {
            fail(`${where}: ${at} nonKeyAttributes are only allowed with projectionType "INCLUDE"`);
        }
    }
    // DynamoDB rejects a table that declares an attribute no key or index uses.
    const unused = [...types.keys()].filter((a) => !used.has(a));
    if (unused.length > 0) {
        fail(
            `${where}: attributes ${unused.map(show).join(", ")} are not a key of the table or ` +
                `an index; declare only key attributes (DynamoDB is schemaless otherwise)`,
        );
    }
    if (table.ttlAttribute !== undefined) {
        if (typeof table.ttlAttribute !== "string" || table.ttlAttribute === "") {
            fail(
                `${where}: ttlAttribute must be a non-empty string, got ${show(table.ttlAttribute)}`,
            );
        }
        if (types.has(table.ttlAttribute)) {
            fail(`${where}: ttlAttribute ${show(table.ttlAttribute)} must not be a key attribute`);
        }
    }
    const capacity = table.provisionedCapacity;
    if (capacity !== undefined) {
        checkRange(fail, `${where}: provisionedCapacity.readUnits`, capacity.readUnits, 1, 40_000);
        checkRange(
            fail,
            `${where}: provisionedCapacity.writeUnits`,
            capacity.writeUnits,
            1,
            40_000,
        );
    }
}

function checkConsumer(
    fail: Fail,
    pipeline: string,
    consumer: EventConsumerArgs,
    tables: ReadonlySet<string>,
    retentionHours: number,
    hasDynamoDbPrefixList: boolean,
): void {
    const c = consumerWithDefaults(consumer);
    const where = `consumer "${c.name}"`;
    if (typeof c.entry !== "string" || c.entry === "") {
        fail(`${where}: entry must be the handler's source file, got ${show(c.entry)}`);
    }
    // Lambda keeps at most 256 characters of description.
    if (
        typeof c.description !== "string" ||
        c.description.trim() === "" ||
        c.description.length > 256
    ) {
        fail(`${where}: description must be 1..256 characters, got ${show(c.description)}`);
    }

    const tableEnv = c.tableNameEnvironment ?? {};
    const environment = c.environment ?? {};
    for (const [variable, table] of Object.entries(tableEnv)) {
        if (!tables.has(table)) {
            fail(
                `${where}: tableNameEnvironment.${variable} must name one of the pipeline's tables ` +
                    `(${[...tables].map(show).join(", ")}), got ${show(table)}`,
            );
        }
        if (variable in environment) {
            fail(`${where}: ${variable} is set in both environment and tableNameEnvironment`);
        }
    }
    const idempotencyVariable = EVENT_PIPELINE_FIXED.idempotencyEnvironmentVariable;
    if (c.idempotency && (idempotencyVariable in environment || idempotencyVariable in tableEnv)) {
        fail(`${where}: ${idempotencyVariable} is set by the pipeline when idempotency is on`);
    }
    if (c.idempotency && !c.internetEgress && !hasDynamoDbPrefixList) {
        fail(
            `${where}: idempotency needs HTTPS to DynamoDB: set dynamodbPrefixListId (the VPC's ` +
                `DynamoDB gateway endpoint) or internetEgress`,
        );
    }
    try {
        // The function's own rules (memory, timeout, reserved concurrency, variable names),
        // checked here so that they fail before any resource exists.
        validateSecureFunctionArgs(`${pipeline}-${c.name}`, {
            entry: c.entry,
            description: c.description,
            subnetIds: [],
            securityGroupIds: [],
            logKmsKeyArn: "",
            memoryMb: c.memoryMb,
            timeoutSeconds: c.timeoutSeconds,
            reservedConcurrency: c.reservedConcurrency,
            environment: { ...environment, ...tableEnv },
        });
    } catch (err) {
        fail(`${where}: ${(err as Error).message.replace(/^SecureFunction "[^"]*": /, "")}`);
    }

    checkRange(fail, `${where}: batchSize`, c.batchSize, 1, 10_000);
    checkRange(
        fail,
        `${where}: maximumBatchingWindowSeconds`,
        c.maximumBatchingWindowSeconds,
        0,
        300,
    );
    checkRange(fail, `${where}: parallelizationFactor`, c.parallelizationFactor, 1, 10);
    // -1 (retry until the record expires) is Lambda's default and is refused: retries are bounded.
    checkRange(fail, `${where}: maximumRetryAttempts`, c.maximumRetryAttempts, 0, 10_000);
    checkRange(fail, `${where}: maximumRecordAgeSeconds`, c.maximumRecordAgeSeconds, 60, 604_800);
    if (c.maximumRecordAgeSeconds > retentionHours * 3600) {
        fail(
            `${where}: maximumRecordAgeSeconds ${c.maximumRecordAgeSeconds} exceeds the stream's ` +
                `retention (${retentionHours} hours = ${retentionHours * 3600} s)`,
        );
    }

    if (c.sourceTables !== undefined) {
        if (c.sourceTables.length === 0) {
            fail(`${where}: sourceTables must name at least one table when set, got []`);
        }
        const seen = new Set<string>();
        for (const table of c.sourceTables) {
            if (!tables.has(table)) {
                fail(
                    `${where}: sourceTables must name the pipeline's tables ` +
                        `(${[...tables].map(show).join(", ")}), got ${show(table)}`,
                );
            }
            if (seen.has(table)) fail(`${where}: sourceTables lists ${show(table)} more than once`);
            seen.add(table);
        }
    }
    if (c.eventNames !== undefined) {
        if (c.eventNames.length === 0) {
            fail(`${where}: eventNames must name at least one event when set, got []`);
        }
        const seen = new Set<string>();
        for (const event of c.eventNames) {
            if (!CHANGE_EVENT_NAMES.includes(event)) {
                fail(
                    `${where}: eventNames must be ${CHANGE_EVENT_NAMES.map(show).join(", ")}, ` +
                        `got ${show(event)}`,
                );
            }
            if (seen.has(event)) fail(`${where}: eventNames lists ${show(event)} more than once`);
            seen.add(event);
        }
    }
    const patterns = c.filterPatterns ?? [];
    const max = EVENT_PIPELINE_FIXED.maxFiltersPerMapping;
    if (patterns.length > max) {
        fail(
            `${where}: filterPatterns may hold at most ${max} patterns (Lambda's quota), got ${patterns.length}`,
        );
    }
    patterns.forEach((pattern, i) => {
        const at = `${where}: filterPatterns[${i}]`;
        if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
            fail(`${at} must be a non-empty JSON object, got ${show(pattern)}`);
        }
        const data = pattern.data;
        if (data !== undefined && !isPlainObject(data)) {
            fail(`${at}.data must be an object (the record's decoded JSON), got ${show(data)}`);
        }
        if (c.sourceTables !== undefined && isPlainObject(data) && "tableName" in data) {
            fail(`${at}.data.tableName conflicts with sourceTables: use one or the other`);
        }
        if (c.eventNames !== undefined && isPlainObject(data) && "eventName" in data) {
            fail(`${at}.data.eventName conflicts with eventNames: use one or the other`);
        }
    });
}

function checkQueue(fail: Fail, queue: MessagingQueueArgs): void {
    const q = queueWithDefaults(queue);
    const where = `messagingQueues "${q.name}"`;
    checkRange(fail, `${where}: visibilityTimeoutSeconds`, q.visibilityTimeoutSeconds, 0, 43_200);
    checkRange(fail, `${where}: messageRetentionSeconds`, q.messageRetentionSeconds, 60, 1_209_600);
    checkRange(fail, `${where}: maxReceiveCount`, q.maxReceiveCount, 1, 1000);
    if (q.filterPolicy !== undefined && !isPlainObject(q.filterPolicy)) {
        fail(`${where}: filterPolicy must be a JSON object, got ${show(q.filterPolicy)}`);
    }
}

/**
 * Throws the first problem with an EventPipeline's arguments, as
 * `EventPipeline "<name>": <argument> must be ..., got ...`. Arguments left undefined are checked
 * at their defaults (a default never fails, but some rules relate two arguments).
 */
export function validateEventPipelineArgs(name: string, args: EventPipelineArgs): void {
    const fail: Fail = (message: string): never => {
        throw new Error(`EventPipeline "${name}": ${message}`);
    };
    const d = EVENT_PIPELINE_DEFAULTS;

    for (const required of ["vpcId", "vpcCidr", "subnetIds", "alarmTopicArn"] as const) {
        const value = args[required];
        if (value === undefined || value === null || value === "") {
            fail(`${required} is required, got ${show(value)}`);
        }
    }

    if (!Array.isArray(args.tables) || args.tables.length === 0) {
        fail(`tables must list at least one table, got ${show(args.tables)}`);
    }
    const consumers = args.consumers ?? [];
    const queues = args.messagingQueues ?? [];
    const parts = new Set<string>();
    const claim = (kind: string, partName: unknown): void => {
        checkPartName(fail, kind, partName);
        const n = partName as string;
        if (RESERVED_PART_NAMES.includes(n)) {
            fail(`${kind} name ${show(n)} is reserved (${RESERVED_PART_NAMES.join(", ")})`);
        }
        const suffix = RESERVED_SUFFIXES.find((s) => n.endsWith(s));
        if (suffix !== undefined) {
            fail(
                `${kind} name ${show(n)} must not end with "${suffix}" (the pipeline's own suffix)`,
            );
        }
        if (parts.has(n)) {
            fail(
                `${kind} name ${show(n)} is already used: tables, consumers and queues share one namespace`,
            );
        }
        parts.add(n);
    };
    for (const table of args.tables) claim("table", table.name);
    for (const consumer of consumers) claim("consumer", consumer.name);
    for (const queue of queues) claim("messagingQueues", queue.name);

    for (const table of args.tables) checkTable(fail, table);

    const streamMode = args.streamMode ?? d.streamMode;
    if (!STREAM_MODES.includes(streamMode)) {
        fail(`streamMode must be ${STREAM_MODES.map(show).join(" or ")}, got ${show(streamMode)}`);
    }
    if (streamMode === "PROVISIONED") {
        checkRange(fail, "shardCount (streamMode PROVISIONED)", args.shardCount, 1, 10_000);
    } else if (args.shardCount !== undefined) {
        fail(
            `shardCount is only for streamMode "PROVISIONED", got ${show(args.shardCount)} with ${show(streamMode)}`,
        );
    }
    const retentionHours = args.retentionHours ?? d.retentionHours;
    const { min: minHours, max: maxHours } = RETENTION_HOURS_RANGE;
    checkRange(fail, "retentionHours", retentionHours, minHours, maxHours);

    const retention = args.logRetentionDays ?? d.logRetentionDays;
    if (!isLogRetentionDays(retention)) {
        fail(
            `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, ` +
                `got ${show(retention)}`,
        );
    }

    checkRange(
        fail,
        "archiveBufferIntervalSeconds",
        args.archiveBufferIntervalSeconds ?? d.archiveBufferIntervalSeconds,
        0,
        900,
    );
    checkRange(
        fail,
        "archiveBufferSizeMb",
        args.archiveBufferSizeMb ?? d.archiveBufferSizeMb,
        1,
        128,
    );
    const storageClass = args.archiveStorageClass ?? d.archiveStorageClass;
    if (!ARCHIVE_STORAGE_CLASSES.includes(storageClass)) {
        fail(
            `archiveStorageClass must be ${ARCHIVE_STORAGE_CLASSES.map(show).join(", ")}, ` +
                `got ${show(storageClass)}`,
        );
    }
    // S3 refuses transitions to STANDARD_IA before an object is 30 days old.
    const minTransition = storageClass === "STANDARD_IA" ? 30 : 1;
    checkRange(
        fail,
        `archiveTransitionDays (to ${storageClass})`,
        args.archiveTransitionDays ?? d.archiveTransitionDays,
        minTransition,
        36_500,
    );
    checkRange(
        fail,
        "archiveNoncurrentExpirationDays",
        args.archiveNoncurrentExpirationDays ?? d.archiveNoncurrentExpirationDays,
        1,
        36_500,
    );

    const tableNames = new Set(args.tables.map((t) => t.name));
    const hasPrefixList = args.dynamodbPrefixListId !== undefined;
    for (const consumer of consumers) {
        checkConsumer(fail, name, consumer, tableNames, retentionHours, hasPrefixList);
    }
    for (const queue of queues) checkQueue(fail, queue);
}
