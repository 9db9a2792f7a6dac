/** The slice of the `_bulk` API both functions use: reading the per-item results. */

/** A bulk action's operation. */
export type BulkOperation = "index" | "create" | "delete" | "update";

/** One item of a `_bulk` response, in request order. */
export interface BulkItemResult {
    readonly operation: BulkOperation;
    readonly status: number;
    readonly id?: string;
    /** `created`, `updated`, `deleted`, `not_found`, `noop`. */
    readonly result?: string;
    readonly seqNo?: number;
    readonly primaryTerm?: number;
    readonly version?: number;
    readonly error?: { readonly type: string; readonly reason: string };
}

/** Longest error reason kept (characters): mapper errors quote field values. */
const MAX_REASON = 300;

/**
 * The items of a `_bulk` response body. Throws when the body does not have exactly `expected`
 * items: results can then not be matched to requests, and the caller must treat the whole
 * request as failed.
 */
export function readBulkItems(body: unknown, expected: number): BulkItemResult[] {
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items) || items.length !== expected) {
        throw new Error(
            `_bulk response has ${Array.isArray(items) ? items.length : "no"} items, expected ${expected}`,
        );
    }
    return items.map((entry: Record<string, Record<string, unknown>>) => {
        const operation = Object.keys(entry)[0] as BulkOperation;
        const item = entry[operation] ?? {};
        const error = item.error as { type?: unknown; reason?: unknown } | undefined;
        return {
            operation,
            status: typeof item.status === "number" ? item.status : 0,
            id: typeof item._id === "string" ? item._id : undefined,
            result: typeof item.result === "string" ? item.result : undefined,
            seqNo: typeof item._seq_no === "number" ? item._seq_no : undefined,
            primaryTerm: typeof item._primary_term === "number" ? item._primary_term : undefined,
            version: typeof item._version === "number" ? item._version : undefined,
            error:
                error === undefined
                    ? undefined
                    : {
                          type: String(error.type ?? "unknown"),
                          reason: String(error.reason ?? "").slice(0, MAX_REASON),
                      },
        };
    });
}
