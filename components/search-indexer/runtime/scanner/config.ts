/**
 * The scanner's environment, read and checked once at cold start. A bad value fails the init
 * with every problem listed and each variable named.
 */
import { EnvReader, readRegion, type Env } from "../shared/env";
import { indexNames, type IndexNames } from "../shared/indices";
import { OPENSEARCH_PROTOCOL, readEndpoint } from "../shared/opensearch";

/** The function name used in messages. */
export const SCANNER_NAME = "stale-task-scanner";

/** The environment variables the scanner reads, with their meaning. */
export const SCANNER_ENV = {
    OPENSEARCH_ENDPOINT: "the domain's endpoint, https://<domain endpoint>, no path (required)",
    AWS_REGION: "the domain's region, for the SigV4 scope (set by Lambda)",
    TASKS_TABLE:
        "physical name of the tasks table; its index alias (the name lowercased, as the indexer writes it) is searched (required)",
    STALE_AFTER_DAYS:
        "an open task whose updatedAt is at least this many days old is stale, 1..3650 (default 7)",
    FINDINGS_TOPIC_ARN: "ARN of the standard SNS topic each new finding is published to (required)",
} as const;

/** Suffix of the index that records which findings were published. */
export const FINDINGS_SUFFIX = "-stale-findings";

/** Validated settings of the scanner. */
export interface ScannerConfig {
    readonly endpoint: string;
    readonly region: string;
    /** The tasks table's index alias (what the indexer writes). */
    readonly tasksAlias: string;
    /** `<tasks alias>-stale-findings` → `-v1`: one document per task ever found stale. */
    readonly findings: IndexNames;
    readonly staleAfterDays: number;
    readonly topicArn: string;
}

const TABLE_NAME = /^[\w.-]{3,255}$/;
const STANDARD_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * Reads and validates the scanner's settings; throws `ConfigError`.
 * `allowedEndpointProtocols` is a test seam (default `https:` only), never an env switch.
 */
export function loadScannerConfig(
    env: Env,
    allowedEndpointProtocols: readonly string[] = [OPENSEARCH_PROTOCOL],
): ScannerConfig {
    const reader = new EnvReader(SCANNER_NAME, env, SCANNER_ENV);

    const endpoint = readEndpoint(reader, allowedEndpointProtocols);
    const region = readRegion(reader);

    let tasksAlias = "";
    let findings: IndexNames = { alias: "", index: "" };
    const table = reader.required("TASKS_TABLE");
    if (table && !TABLE_NAME.test(table)) {
        reader.problem(`TASKS_TABLE must be a DynamoDB table name, got ${JSON.stringify(table)}`);
    } else if (table) {
        const names = indexNames(table);
        const findingNames = indexNames(`${table}${FINDINGS_SUFFIX}`);
        if ("problem" in names) reader.problem(`TASKS_TABLE: ${names.problem}`);
        else if ("problem" in findingNames) reader.problem(`TASKS_TABLE: ${findingNames.problem}`);
        else {
            tasksAlias = names.alias;
            findings = findingNames;
        }
    }

    const staleAfterDays = reader.integer("STALE_AFTER_DAYS", 1, 3650, 7);
    const topicArn = reader.required("FINDINGS_TOPIC_ARN");
    if (topicArn && !STANDARD_TOPIC_ARN.test(topicArn)) {
        reader.problem(
            `FINDINGS_TOPIC_ARN must be the ARN of a standard SNS topic, got ${JSON.stringify(topicArn)}`,
        );
    }
    reader.done();
    return { endpoint, region, tasksAlias, findings, staleAfterDays, topicArn };
}
