/**
 * The indexer's environment, read and checked once at cold start. A bad value fails the init
 * with every problem listed and each variable named, instead of failing every batch.
 */
import { EnvReader, readRegion, type Env } from "../shared/env";
import { indexNames, type IndexNames } from "../shared/indices";
import { OPENSEARCH_PROTOCOL, readEndpoint } from "../shared/opensearch";

/** The function name used in messages. */
export const INDEXER_NAME = "search-indexer";

/** The environment variables the indexer reads, with their meaning. */
export const INDEXER_ENV = {
    OPENSEARCH_ENDPOINT: "the domain's endpoint, https://<domain endpoint>, no path (required)",
    AWS_REGION: "the domain's region, for the SigV4 scope (set by Lambda)",
    INDEXED_TABLES:
        "comma-separated physical names of the DynamoDB tables whose changes are indexed, each into the alias <name lowercased>; other tables' events are skipped (required)",
    BULK_MAX_BYTES:
        "largest _bulk request body in bytes, 1024..104857600 (default 5242880); keep it under the domain's http.max_content_length (10 MiB on the smallest instance types)",
    DELETE_TOMBSTONE_HOURS:
        "hours OpenSearch remembers a deleted document's version (index.gc_deletes, set when an index is created), 1..8760 (default 24); keep it above the longest delay before a record is redelivered or replayed",
} as const;

/** Validated settings of the indexer. */
export interface IndexerConfig {
    /** The domain's origin. */
    readonly endpoint: string;
    readonly region: string;
    /** Index alias and index of each indexed table, by physical table name. */
    readonly tables: ReadonlyMap<string, IndexNames>;
    readonly bulkMaxBytes: number;
    readonly deleteTombstoneHours: number;
}

const TABLE_NAME = /^[\w.-]{3,255}$/;

/**
 * Reads and validates the indexer's settings; throws `ConfigError`.
 * `allowedEndpointProtocols` is a test seam (default `https:` only), never an env switch.
 */
export function loadIndexerConfig(
    env: Env,
    allowedEndpointProtocols: readonly string[] = [OPENSEARCH_PROTOCOL],
): IndexerConfig {
    const reader = new EnvReader(INDEXER_NAME, env, INDEXER_ENV);

    const endpoint = readEndpoint(reader, allowedEndpointProtocols);
    const region = readRegion(reader);

    const tables = new Map<string, IndexNames>();
    const aliases = new Map<string, string>();
    const rawTables = reader.required("INDEXED_TABLES");
    for (const table of rawTables.split(",").map((t) => t.trim())) {
        if (!rawTables) break;
        if (!TABLE_NAME.test(table)) {
            reader.problem(`INDEXED_TABLES: ${JSON.stringify(table)} is not a DynamoDB table name`);
            continue;
        }
        const names = indexNames(table);
        if ("problem" in names) {
            reader.problem(`INDEXED_TABLES: ${names.problem}`);
            continue;
        }
        const clash = aliases.get(names.alias);
        if (clash !== undefined && clash !== table) {
            reader.problem(
                `INDEXED_TABLES: ${JSON.stringify(clash)} and ${JSON.stringify(table)} would share index ${names.alias}`,
            );
            continue;
        }
        aliases.set(names.alias, table);
        tables.set(table, names);
    }

    const bulkMaxBytes = reader.integer("BULK_MAX_BYTES", 1024, 104_857_600, 5_242_880);
    const deleteTombstoneHours = reader.integer("DELETE_TOMBSTONE_HOURS", 1, 8760, 24);
    reader.done();
    return { endpoint, region, tables, bulkMaxBytes, deleteTombstoneHours };
}
