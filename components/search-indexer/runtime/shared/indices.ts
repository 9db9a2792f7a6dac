/**
 * Index naming and creation. Every index sits behind an alias, and code only ever names the
 * alias: `<name>` → `<name>-v1`. A later mapping change creates `-v2`, reindexes (with
 * `version_type: external`, so versions carry over) and moves the alias, without a code change.
 */
import type { Client } from "@opensearch-project/opensearch";
import { errorTypeOf, statusOf } from "./opensearch";

/** The concrete index behind each alias. */
export const INDEX_GENERATION = "v1";

/** An alias and the concrete index it points to. */
export interface IndexNames {
    /** What every request names, e.g. `lightspeed-dev-tasks-77e0b1`. */
    readonly alias: string;
    /** The concrete index, e.g. `lightspeed-dev-tasks-77e0b1-v1`. */
    readonly index: string;
}

// OpenSearch index names: lowercase, not starting with `_`, `-` or `+`, at most 255 bytes.
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_INDEX_NAME = 255;

/**
 * The alias and index of a name (a DynamoDB table name is lowercased: index names must be).
 * Returns a problem when the name cannot be an index name.
 */
export function indexNames(name: string): IndexNames | { problem: string } {
    const alias = name.toLowerCase();
    const index = `${alias}-${INDEX_GENERATION}`;
    if (!INDEX_NAME.test(alias) || Buffer.byteLength(index) > MAX_INDEX_NAME) {
        return {
            problem: `${JSON.stringify(name)} cannot name an OpenSearch index (lowercased, it must match ${INDEX_NAME.source} and stay under ${MAX_INDEX_NAME - INDEX_GENERATION.length - 1} bytes)`,
        };
    }
    return { alias, index };
}

/** How {@link ensureIndex} found things. */
export type EnsureResult = "exists" | "created" | "aliased";

/** An alias that cannot be created because something else holds its name. */
export class IndexConflictError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "IndexConflictError";
    }
}

/**
 * Makes sure `names.alias` points to `names.index`, creating the index with `body` (settings and
 * mappings) and the alias in one request when the alias is missing. Idempotent and safe when
 * several cold starts race: a `resource_already_exists_exception` means another one created the
 * index, and only the alias is (re)added if it is still missing.
 *
 * `requestTimeoutMs` bounds each of its (up to four) requests; given as a function, it is asked
 * before each one, so that a caller with a deadline gives every request only the time left, and
 * the requests together end by the deadline, not up to three bounds after it.
 */
export async function ensureIndex(
    client: Client,
    names: IndexNames,
    body: { readonly settings?: object; readonly mappings: object },
    requestTimeoutMs: number | (() => number),
): Promise<EnsureResult> {
    const options = () => ({
        requestTimeout:
            typeof requestTimeoutMs === "function" ? requestTimeoutMs() : requestTimeoutMs,
        maxRetries: 0,
    });
    const aliasExists = async () =>
        (await client.indices.existsAlias({ name: names.alias }, options())).body === true;

    if (await aliasExists()) return "exists";
    try {
        await client.indices.create(
            {
                index: names.index,
                body: { ...body, aliases: { [names.alias]: { is_write_index: true } } },
            },
            options(),
        );
        return "created";
    } catch (err) {
        const type = errorTypeOf(err);
        if (type === "invalid_alias_name_exception") {
            // A concrete index already has the alias's name (written to before the alias existed).
            throw new IndexConflictError(
                `index ${names.alias} exists as a concrete index; it must be reindexed into ${names.index} and deleted before the alias can be created`,
            );
        }
        if (statusOf(err) !== 400 || type !== "resource_already_exists_exception") throw err;
    }
    if (await aliasExists()) return "exists";
    await client.indices.putAlias(
        { index: names.index, name: names.alias, body: { is_write_index: true } },
        options(),
    );
    return "aliased";
}
