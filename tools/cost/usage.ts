/**
 * Usage assumptions of the cost estimate: the one table of what a plan cannot say (requests, GB,
 * durations), its per-stack overrides, and their validation. Sizes that a plan does say (instance
 * types and counts, memory, retention, AZs) always come from the plan's inputs instead.
 *
 * Overrides come from a JSON file: `tools/cost/usage/<stack>.json` when it exists, or the file
 * given with `--usage`. Its shape:
 *
 * ```json
 * {
 *   "defaults": { "lambda": { "invocationsPerMonth": 100000 } },
 *   "resources": { "pipeline-customers": { "writeRequestUnitsPerMonth": 200000 } }
 * }
 * ```
 *
 * `defaults` replaces a default for every resource of the group; `resources` replaces one value for
 * one resource (by name or URN), with the keys of the group its type reads. Unknown groups, keys,
 * resources and non-numbers are errors that name what is wrong.
 */
import { readJsonFile } from "../engine/json-file";

/** One assumption: its value, unit and meaning. */
export interface UsageDefault {
    readonly value: number;
    readonly unit: string;
    readonly doc: string;
}

function u(value: number, unit: string, doc: string): UsageDefault {
    return { value, unit, doc };
}

/** The defaults, by group (the kind of resource that reads them). */
export const USAGE_DEFAULTS = {
    nat: {
        gbProcessedPerMonth: u(
            100,
            "GB/month",
            "data through an awsx Vpc's NAT gateways together (an aws.ec2.NatGateway: its own)",
        ),
    },
    vpcEndpoint: {
        gbProcessedPerMonth: u(10, "GB/month", "data through one interface endpoint"),
    },
    kinesis: {
        gbIngestedPerMonth: u(10, "GB/month", "data written to a stream"),
        recordsPerMonth: u(10_000_000, "records/month", "records written (provisioned PUT units)"),
    },
    dynamodb: {
        writeRequestUnitsPerMonth: u(5_000_000, "WRU/month", "write request units of a table"),
        readRequestUnitsPerMonth: u(10_000_000, "RRU/month", "read request units of a table"),
        storageGb: u(5, "GB", "data stored in a table"),
    },
    lambda: {
        invocationsPerMonth: u(1_000_000, "invocations/month", "invocations of a function"),
        averageDurationMs: u(200, "ms", "billed duration of one invocation"),
        tracedFraction: u(
            0.1,
            "fraction",
            "share of invocations X-Ray records, when tracing is on",
        ),
    },
    firehose: {
        gbIngestedPerMonth: u(
            10,
            "GB/month",
            "data a delivery stream ingests; from a Kinesis source, that stream's gbIngestedPerMonth",
        ),
    },
    s3: {
        storageGb: u(10, "GB", "data stored in a bucket (S3 Standard)"),
        putRequestsPerMonth: u(100_000, "requests/month", "PUT, COPY, POST and LIST requests"),
        getRequestsPerMonth: u(1_000_000, "requests/month", "GET and other requests"),
    },
    cloudfront: {
        gbOutPerMonth: u(50, "GB/month", "data served to viewers"),
        httpsRequestsPerMonth: u(5_000_000, "requests/month", "HTTPS requests from viewers"),
        invalidationPathsPerMonth: u(100, "paths/month", "paths invalidated by deploys"),
    },
    logs: {
        gbIngestedPerMonth: u(2, "GB/month", "log data ingested into a log group"),
        neverExpireMonths: u(12, "months", "months of data kept by a group that never expires"),
    },
    logDelivery: {
        gbDeliveredPerMonth: u(1, "GB/month", "vended logs (CloudFront access logs) delivered"),
    },
    kms: {
        requestsPerMonth: u(10_000, "requests/month", "API requests to a key"),
    },
    secretsManager: {
        apiCallsPerMonth: u(10_000, "calls/month", "API calls to a secret"),
    },
    sns: {
        publishesPerMonth: u(100_000, "publishes/month", "messages published to a topic"),
        notificationsPerMonth: u(
            1_000,
            "notifications/month",
            "notifications one e-mail or HTTP/S subscription receives",
        ),
    },
    sqs: {
        requestsPerMonth: u(
            100_000,
            "requests/month",
            "API requests to a queue (send, receive, delete)",
        ),
    },
    loadBalancer: {
        averageLcus: u(1, "LCU", "average load balancer capacity units in use"),
    },
    stepFunctions: {
        executionsPerMonth: u(10_000, "executions/month", "executions of a state machine"),
        transitionsPerExecution: u(5, "transitions", "state transitions per execution"),
    },
    ecr: {
        storageGb: u(5, "GB", "images stored in a repository"),
    },
    scheduler: {
        invocationsPerMonth: u(
            8_760,
            "invocations/month",
            "invocations of a schedule whose expression is not rate(...)",
        ),
    },
} as const satisfies Record<string, Record<string, UsageDefault>>;

/** A group of assumptions. */
export type UsageGroup = keyof typeof USAGE_DEFAULTS;

/** The assumptions of one group, as numbers. */
export type UsageValues<G extends UsageGroup> = {
    readonly [K in keyof (typeof USAGE_DEFAULTS)[G]]: number;
};

/** Per-stack overrides, validated. */
export interface UsageOverrides {
    /** Where they came from (a file path), for the report; undefined for none. */
    readonly source?: string;
    readonly defaults: Partial<Record<UsageGroup, Record<string, number>>>;
    /** By resource name or URN. */
    readonly resources: Record<string, Record<string, number>>;
}

/** A usage file or override that does not fit the table: the message names the bad key. */
export class UsageError extends Error {}

/** No overrides: the defaults table alone. */
export const NO_OVERRIDES: UsageOverrides = { defaults: {}, resources: {} };

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function numbers(
    where: string,
    value: unknown,
    allowed: readonly string[],
): Record<string, number> {
    if (!isRecord(value)) throw new UsageError(`${where} must be an object`);
    const out: Record<string, number> = {};
    for (const [key, v] of Object.entries(value)) {
        if (!allowed.includes(key)) {
            throw new UsageError(`${where}: unknown key "${key}" (allowed: ${allowed.join(", ")})`);
        }
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
            throw new UsageError(`${where}.${key} must be a number >= 0, got ${JSON.stringify(v)}`);
        }
        out[key] = v;
    }
    return out;
}

/**
 * Validates a parsed usage document. Resource entries are checked against their group later, when
 * the plan says which type each resource is (see `estimateCost`).
 */
export function parseUsage(doc: unknown, source?: string): UsageOverrides {
    const where = source ?? "usage";
    if (!isRecord(doc)) throw new UsageError(`${where}: must be a JSON object`);
    for (const key of Object.keys(doc)) {
        if (key !== "defaults" && key !== "resources" && key !== "$comment") {
            throw new UsageError(`${where}: unknown key "${key}" (allowed: defaults, resources)`);
        }
    }
    const defaults: Partial<Record<UsageGroup, Record<string, number>>> = {};
    if (doc.defaults !== undefined) {
        if (!isRecord(doc.defaults)) throw new UsageError(`${where}: defaults must be an object`);
        const groups = Object.keys(USAGE_DEFAULTS);
        for (const [group, values] of Object.entries(doc.defaults)) {
            if (!groups.includes(group)) {
                throw new UsageError(
                    `${where}: defaults: unknown group "${group}" (allowed: ${groups.join(", ")})`,
                );
            }
            defaults[group as UsageGroup] = numbers(
                `${where}: defaults.${group}`,
                values,
                Object.keys(USAGE_DEFAULTS[group as UsageGroup]),
            );
        }
    }
    const resources: Record<string, Record<string, number>> = {};
    if (doc.resources !== undefined) {
        if (!isRecord(doc.resources)) throw new UsageError(`${where}: resources must be an object`);
        for (const [name, values] of Object.entries(doc.resources)) {
            if (!isRecord(values))
                throw new UsageError(`${where}: resources.${name} must be an object`);
            resources[name] = numbers(`${where}: resources.${name}`, values, Object.keys(values));
        }
    }
    return { source, defaults, resources };
}

/** Reads and validates a usage file. */
export function loadUsage(file: string): UsageOverrides {
    let doc: unknown;
    try {
        doc = readJsonFile(file);
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    return parseUsage(doc, file);
}

/** The default values of one group, as numbers. */
export function defaultValues<G extends UsageGroup>(group: G): UsageValues<G> {
    const out: Record<string, number> = {};
    for (const [key, d] of Object.entries(USAGE_DEFAULTS[group] as Record<string, UsageDefault>)) {
        out[key] = d.value;
    }
    return out as UsageValues<G>;
}

/** The README's table of defaults (a test keeps the README's copy exact). */
export function usageTableMarkdown(): string {
    const rows = ["| group | key | default | unit | meaning |", "| --- | --- | ---: | --- | --- |"];
    for (const [group, values] of Object.entries(USAGE_DEFAULTS)) {
        for (const [key, d] of Object.entries(values as Record<string, UsageDefault>)) {
            rows.push(
                `| \`${group}\` | \`${key}\` | ${d.value.toLocaleString("en-US")} | ${d.unit} | ${d.doc} |`,
            );
        }
    }
    return rows.join("\n");
}
