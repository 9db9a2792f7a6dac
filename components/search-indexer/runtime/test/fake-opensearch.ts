/**
 * A local HTTP server on 127.0.0.1 implementing the slice of the OpenSearch REST API the indexer
 * and the scanner use, with OpenSearch's semantics where they matter for correctness:
 *
 * - indices and aliases: `HEAD /_alias/{name}`, `HEAD /{index}`, `PUT /{index}` (settings,
 *   mappings, aliases; `resource_already_exists_exception`, `invalid_alias_name_exception`),
 *   `PUT /{index}/_alias/{name}`;
 * - `_bulk` (NDJSON) with per-item results in request order: `index`, `create`, `delete`;
 *   `version_type: external` (applied only when greater than the stored version, else 409
 *   `version_conflict_engine_exception`) and `external_gte` (greater or equal); deletes keep a
 *   tombstone with their version, never collected here; `if_seq_no`/`if_primary_term`,
 *   `require_alias`, and auto-creation of a concrete index when it is not required to be an
 *   alias;
 * - a small dynamic mapping: the first value of a field fixes its type, `*At` fields are dates
 *   (epoch ms or ISO text), and a document that does not fit is refused with 400
 *   `mapper_parsing_exception`;
 * - `_mget`, point in time (create, search with `pit` and `search_after`, delete) with
 *   `bool.filter` of `term` and `range`, sorting on fields (`.keyword` sub-fields too).
 *
 * Faults are injected per request or per bulk item, from a schedule or a seeded PRNG. No refresh
 * delay: writes are visible at once (the code under test never relies on either).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the server received. */
export interface RecordedRequest {
    readonly method: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** An injected failure: the status, its error type, and for requests whether it was applied. */
export interface Fault {
    readonly status: number;
    readonly type?: string;
    /** Request faults only: carry the request out, then answer with the fault anyway. */
    readonly applied?: boolean;
}

/**
 * A reply that never completes, for deadlines once the request is on the wire:
 * - `silence`: the status line, headers and part of the body, then nothing, connection open;
 * - `drip-headers`: the status line, then one byte of headers every {@link DRIP_INTERVAL_MS};
 * - `drip-body`: complete headers, then one byte of body every {@link DRIP_INTERVAL_MS}.
 * A socket that is never idle for long defeats a socket-idle timeout (Node's `request.setTimeout`).
 * With `applied`, the request is carried out first (a write lands; its answer never does).
 */
export interface Stall {
    readonly mode: "silence" | "drip-headers" | "drip-body";
    readonly applied?: boolean;
}

/** Milliseconds between two bytes of a dripping reply. */
export const DRIP_INTERVAL_MS = 50;

/** A bulk item about to be applied. */
export interface ItemContext {
    readonly operation: string;
    readonly index: string;
    readonly id: string;
}

/** Decides which requests and bulk items fail. */
export interface FaultInjector {
    request?(req: RecordedRequest): Fault | undefined;
    item?(item: ItemContext): Fault | undefined;
}

/** A stored document, or a delete's tombstone (`source` undefined). */
export interface StoredDoc {
    readonly source: Record<string, unknown> | undefined;
    readonly version: number;
    readonly seqNo: number;
    readonly primaryTerm: number;
    /** Insertion order: the Lucene doc id stand-in used as the last tie-breaker. */
    readonly ordinal: number;
}

/** An index. */
export interface FakeIndex {
    readonly name: string;
    readonly settings: unknown;
    readonly mappings: unknown;
    /** Field path → `date`, `long`, `double`, `text`, `boolean`, `object`. */
    readonly fields: Map<string, string>;
    readonly docs: Map<string, StoredDoc>;
}

interface Pit {
    readonly index: string;
    readonly docs: ReadonlyMap<string, StoredDoc>;
}

const ERROR_TYPES: Record<number, string> = {
    429: "es_rejected_execution_exception",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "unavailable_shards_exception",
    504: "timeout_exception",
};

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly type: string,
        reason: string,
    ) {
        super(reason);
    }
}

function errorBody(status: number, type: string, reason: string): string {
    return JSON.stringify({ error: { root_cause: [{ type, reason }], type, reason }, status });
}

/** Epoch ms of a date value (number, or ISO text); NaN when it is not a date. */
export function dateValue(value: unknown): number {
    if (typeof value === "number") return Number.isInteger(value) ? value : NaN;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
    return NaN;
}

function kindOf(value: unknown): string | undefined {
    if (value === null) return undefined;
    if (typeof value === "string") return "text";
    if (typeof value === "boolean") return "boolean";
    if (typeof value === "number") return Number.isInteger(value) ? "long" : "double";
    if (typeof value === "object") return "object";
    return undefined;
}

/** Field types a document would add, or the mapper error it causes. */
function mapDocument(index: FakeIndex, source: Record<string, unknown>): Map<string, string> {
    const added = new Map<string, string>();
    const visit = (path: string, name: string, value: unknown) => {
        if (Array.isArray(value)) {
            for (const v of value) visit(path, name, v);
            return;
        }
        const kind = kindOf(value);
        if (kind === undefined) return;
        const known = index.fields.get(path) ?? added.get(path);
        const fail = (expected: string) => {
            throw new HttpError(
                400,
                "mapper_parsing_exception",
                `failed to parse field [${path}] of type [${expected}]`,
            );
        };
        if (name.endsWith("At") && kind !== "object") {
            if (Number.isNaN(dateValue(value))) fail("date");
            if (known === undefined) added.set(path, "date");
            return;
        }
        if (known === undefined) added.set(path, kind);
        else if (known === "object" && kind !== "object") fail("object");
        else if (known !== "object" && kind === "object") fail(known);
        else if ((known === "long" || known === "double") && kind === "text") {
            if (Number.isNaN(Number(value))) fail(known);
        } else if (known === "boolean" && kind !== "boolean") fail("boolean");
        if (kind === "object") {
            for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
                if (k === "") fail("object");
                visit(`${path}.${k}`, k, v);
            }
        }
    };
    for (const [k, v] of Object.entries(source)) {
        if (k === "")
            throw new HttpError(400, "mapper_parsing_exception", "field name cannot be empty");
        visit(k, k, v);
    }
    return added;
}

/** The running fake. */
export interface FakeOpenSearch {
    readonly origin: string;
    readonly requests: RecordedRequest[];
    readonly indices: Map<string, FakeIndex>;
    /** Alias → index. */
    readonly aliases: Map<string, string>;
    faults: FaultInjector;
    /** Runs before a request is handled (after it was recorded); may change the state. */
    beforeRequest?: (req: RecordedRequest) => void;
    /** Decides which requests get a reply that never completes (after faults). */
    stall?: (req: RecordedRequest) => Stall | undefined;
    /** The index an alias or index name resolves to. */
    resolve(name: string): FakeIndex | undefined;
    /** Live documents (no tombstones) of an index or alias: id → source. */
    documents(name: string): Map<string, Record<string, unknown>>;
    /** Creates an index (and aliases) as `PUT /{index}` would. */
    createIndex(name: string, body?: Record<string, unknown>): void;
    /** Stores a document directly, with an external version. */
    put(name: string, id: string, source: Record<string, unknown>, version?: number): void;
    /** Requests to `path` (exact), optionally with one method. */
    requestsTo(path: string, method?: string): RecordedRequest[];
    reset(): void;
    close(): Promise<void>;
}

/** Starts the fake on an ephemeral port. */
export async function startFakeOpenSearch(): Promise<FakeOpenSearch> {
    const requests: RecordedRequest[] = [];
    const indices = new Map<string, FakeIndex>();
    const aliases = new Map<string, string>();
    const pits = new Map<string, Pit>();
    let seqNo = 0;
    let ordinal = 0;
    let pitCounter = 0;

    const resolve = (name: string): FakeIndex | undefined => {
        const target = aliases.get(name) ?? name;
        return indices.get(target);
    };

    const createIndex = (name: string, body: Record<string, unknown> = {}) => {
        if (indices.has(name)) {
            throw new HttpError(
                400,
                "resource_already_exists_exception",
                `index [${name}/uuid] already exists`,
            );
        }
        if (aliases.has(name)) {
            throw new HttpError(
                400,
                "invalid_index_name_exception",
                `Invalid index name [${name}], already exists as alias`,
            );
        }
        const newAliases = Object.keys((body.aliases as Record<string, unknown>) ?? {});
        for (const alias of newAliases) {
            if (indices.has(alias)) {
                throw new HttpError(
                    400,
                    "invalid_alias_name_exception",
                    `Invalid alias name [${alias}]: an index or data stream exists with the same name as the alias`,
                );
            }
        }
        indices.set(name, {
            name,
            settings: body.settings,
            mappings: body.mappings,
            fields: new Map(),
            docs: new Map(),
        });
        for (const alias of newAliases) aliases.set(alias, name);
    };

    const store = (
        index: FakeIndex,
        id: string,
        source: Record<string, unknown> | undefined,
        version: number,
    ) => {
        const previous = index.docs.get(id);
        index.docs.set(id, {
            source,
            version,
            seqNo: seqNo++,
            primaryTerm: 1,
            ordinal: previous?.ordinal ?? ordinal++,
        });
    };

    const fake: FakeOpenSearch = {
        origin: "",
        requests,
        indices,
        aliases,
        faults: {},
        resolve,
        documents(name) {
            const index = resolve(name);
            const out = new Map<string, Record<string, unknown>>();
            for (const [id, doc] of index?.docs ?? []) if (doc.source) out.set(id, doc.source);
            return out;
        },
        createIndex,
        put(name, id, source, version = 1) {
            const index = resolve(name);
            if (!index) throw new Error(`no index ${name}`);
            for (const [path, type] of mapDocument(index, source)) index.fields.set(path, type);
            store(index, id, source, version);
        },
        requestsTo(path, method) {
            return requests.filter((r) => r.path === path && (!method || r.method === method));
        },
        reset() {
            requests.length = 0;
            indices.clear();
            aliases.clear();
            pits.clear();
            seqNo = 0;
            ordinal = 0;
            pitCounter = 0;
            fake.faults = {};
            fake.beforeRequest = undefined;
            fake.stall = undefined;
        },
        close: () =>
            new Promise<void>((resolveClose, reject) => {
                server.closeAllConnections();
                server.close((err) => (err ? reject(err) : resolveClose()));
            }),
    };

    // --- _bulk --------------------------------------------------------------------------------

    const bulkItem = (
        operation: string,
        meta: Record<string, unknown>,
        source: Record<string, unknown> | undefined,
        requireAlias: boolean,
    ): Record<string, unknown> => {
        const name = String(meta._index);
        const id = String(meta._id);
        const base = { _index: name, _id: id };
        const fail = (status: number, type: string, reason: string) => ({
            ...base,
            status,
            error: { type, reason },
        });
        const fault = fake.faults.item?.({ operation, index: name, id });
        if (fault)
            return fail(
                fault.status,
                fault.type ?? ERROR_TYPES[fault.status] ?? "error",
                "injected",
            );

        let index = resolve(name);
        if (requireAlias && !aliases.has(name)) {
            return fail(
                404,
                "index_not_found_exception",
                `no such index [${name}] and [require_alias] request flag is [true] and [${name}] is not an alias`,
            );
        }
        if (!index) {
            createIndex(name); // OpenSearch auto-creates a concrete index with dynamic mapping
            index = resolve(name)!;
        }
        const current = index.docs.get(id);
        const live = current?.source !== undefined;
        const result = (status: number, res: string, doc: StoredDoc) => ({
            ...base,
            _index: index!.name,
            _version: doc.version,
            result: res,
            _seq_no: doc.seqNo,
            _primary_term: doc.primaryTerm,
            status,
        });
        const conflict = (reason: string) =>
            fail(409, "version_conflict_engine_exception", `[${id}]: version conflict, ${reason}`);

        let version: number;
        if (meta.version_type === "external") {
            version = Number(meta.version);
            if (current && version <= current.version) {
                return conflict(
                    `current version [${current.version}] is higher or equal to the one provided [${version}]`,
                );
            }
        } else if (meta.version_type === "external_gte") {
            // Equal versions are applied too: the caller decided the change comes after.
            version = Number(meta.version);
            if (current && version < current.version) {
                return conflict(
                    `current version [${current.version}] is higher than the one provided [${version}]`,
                );
            }
        } else if (meta.if_seq_no !== undefined) {
            if (
                !live ||
                current!.seqNo !== Number(meta.if_seq_no) ||
                current!.primaryTerm !== Number(meta.if_primary_term)
            ) {
                return conflict(
                    `required seqNo [${String(meta.if_seq_no)}], primary term [${String(meta.if_primary_term)}]; current document has seqNo [${current?.seqNo ?? -2}] and primary term [${current?.primaryTerm ?? 0}]`,
                );
            }
            version = current!.version + 1;
        } else {
            if (operation === "create" && live) return conflict("document already exists");
            version = (current?.version ?? 0) + 1;
        }

        if (operation === "delete") {
            store(index, id, undefined, version);
            return result(live ? 200 : 404, live ? "deleted" : "not_found", index.docs.get(id)!);
        }
        if (source === undefined || typeof source !== "object" || Array.isArray(source)) {
            return fail(400, "mapper_parsing_exception", "failed to parse: not an object");
        }
        let added: Map<string, string>;
        try {
            added = mapDocument(index, source);
        } catch (err) {
            const e = err as HttpError;
            return fail(e.status, e.type, e.message);
        }
        for (const [path, type] of added) index.fields.set(path, type);
        store(index, id, source, version);
        return result(live ? 200 : 201, live ? "updated" : "created", index.docs.get(id)!);
    };

    const bulk = (body: string, query: Record<string, string>, pathIndex?: string) => {
        const lines = body.split("\n");
        if (lines[lines.length - 1] !== "") {
            throw new HttpError(
                400,
                "illegal_argument_exception",
                "The bulk request must be terminated by a newline [\\n]",
            );
        }
        lines.pop();
        const requireAlias = query.require_alias === "true";
        const items: Record<string, unknown>[] = [];
        for (let i = 0; i < lines.length; i++) {
            const action = JSON.parse(lines[i]) as Record<string, Record<string, unknown>>;
            const operation = Object.keys(action)[0];
            const meta = { _index: pathIndex, ...action[operation] };
            let source: Record<string, unknown> | undefined;
            if (operation !== "delete") {
                i++;
                source = JSON.parse(lines[i]) as Record<string, unknown>;
            }
            items.push({ [operation]: bulkItem(operation, meta, source, requireAlias) });
        }
        const errors = items.some((it) => {
            const inner = Object.values(it)[0] as { status: number };
            return inner.status >= 300 && inner.status !== 404;
        });
        return { took: 1, errors, items };
    };

    // --- search ---------------------------------------------------------------------------------

    const fieldValue = (source: Record<string, unknown>, field: string): unknown => {
        const path = field.endsWith(".keyword") ? field.slice(0, -".keyword".length) : field;
        let value: unknown = source;
        for (const part of path.split(".")) {
            value = (value as Record<string, unknown> | undefined)?.[part];
        }
        return value;
    };
    const comparable = (field: string, value: unknown): number | string | undefined => {
        if (value === undefined || value === null) return undefined;
        const leaf =
            field
                .split(".")
                .filter((p) => p !== "keyword")
                .pop() ?? field;
        if (leaf.endsWith("At")) return dateValue(value);
        if (field.endsWith(".keyword")) return typeof value === "string" ? value : undefined;
        return value as number | string;
    };
    const matches = (
        source: Record<string, unknown>,
        query: Record<string, unknown> | undefined,
    ): boolean => {
        if (!query || "match_all" in query) return true;
        if (query.bool) {
            const bool = query.bool as Record<string, unknown[]>;
            const filters = [...(bool.filter ?? []), ...(bool.must ?? [])];
            const mustNot = bool.must_not ?? [];
            return (
                filters.every((q) => matches(source, q as Record<string, unknown>)) &&
                !mustNot.some((q) => matches(source, q as Record<string, unknown>))
            );
        }
        if (query.term) {
            const [[field, spec]] = Object.entries(query.term as Record<string, unknown>);
            const expected =
                typeof spec === "object" && spec !== null
                    ? (spec as { value: unknown }).value
                    : spec;
            return fieldValue(source, field) === expected;
        }
        if (query.range) {
            const [[field, spec]] = Object.entries(
                query.range as Record<string, Record<string, unknown>>,
            );
            const v = comparable(field, fieldValue(source, field)) as number | undefined;
            if (v === undefined || Number.isNaN(v)) return false;
            const bound = (b: unknown) => comparable(field, b) as number;
            if (spec.lt !== undefined && !(v < bound(spec.lt))) return false;
            if (spec.lte !== undefined && !(v <= bound(spec.lte))) return false;
            if (spec.gt !== undefined && !(v > bound(spec.gt))) return false;
            if (spec.gte !== undefined && !(v >= bound(spec.gte))) return false;
            return true;
        }
        throw new HttpError(400, "parsing_exception", `unknown query ${JSON.stringify(query)}`);
    };

    const search = (body: Record<string, unknown>, pathIndex?: string) => {
        let docs: ReadonlyMap<string, StoredDoc>;
        let indexName: string;
        const pitSpec = body.pit as { id?: string } | undefined;
        if (pitSpec) {
            if (pathIndex)
                throw new HttpError(
                    400,
                    "illegal_argument_exception",
                    "[indices] cannot be used with point in time",
                );
            const pit = pits.get(String(pitSpec.id));
            if (!pit)
                throw new HttpError(
                    404,
                    "search_context_missing_exception",
                    "No search context found",
                );
            docs = pit.docs;
            indexName = pit.index;
        } else {
            const index = pathIndex ? resolve(pathIndex) : undefined;
            if (!index)
                throw new HttpError(
                    404,
                    "index_not_found_exception",
                    `no such index [${pathIndex}]`,
                );
            docs = index.docs;
            indexName = index.name;
        }
        const sort = ((body.sort as Record<string, unknown>[] | undefined) ?? []).map((s) => {
            const [[field, spec]] = Object.entries(s);
            const order =
                typeof spec === "string" ? spec : ((spec as { order?: string }).order ?? "asc");
            return { field, desc: order === "desc" };
        });
        const hits = [...docs.entries()]
            .filter(
                ([, d]) =>
                    d.source !== undefined &&
                    matches(d.source, body.query as Record<string, unknown>),
            )
            .map(([id, d]) => ({
                id,
                doc: d,
                values: [
                    ...sort.map((s) => comparable(s.field, fieldValue(d.source!, s.field))),
                    d.ordinal,
                ],
            }));
        const compare = (a: unknown[], b: unknown[]) => {
            for (let i = 0; i < a.length; i++) {
                const desc = sort[i]?.desc ?? false;
                const x = a[i] as number | string | undefined;
                const y = b[i] as number | string | undefined;
                if (x === y) continue;
                if (x === undefined) return 1; // missing sorts last
                if (y === undefined) return -1;
                return (x < y ? -1 : 1) * (desc ? -1 : 1);
            }
            return 0;
        };
        hits.sort((a, b) => compare(a.values, b.values));
        const after = body.search_after as unknown[] | undefined;
        const page = (after ? hits.filter((h) => compare(h.values, after) > 0) : hits).slice(
            0,
            (body.size as number | undefined) ?? 10,
        );
        return {
            ...(pitSpec ? { pit_id: pitSpec.id } : {}),
            took: 1,
            timed_out: false,
            _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
            hits: {
                total: { value: hits.length, relation: "eq" },
                max_score: null,
                hits: page.map((h) => ({
                    _index: indexName,
                    _id: h.id,
                    _score: null,
                    _source: h.doc.source,
                    sort: h.values,
                })),
            },
        };
    };

    // --- routing ----------------------------------------------------------------------------------

    const route = (req: RecordedRequest): { status: number; body?: unknown } => {
        const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);
        const json = () => (req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {});
        const { method } = req;
        if (method === "HEAD" && parts.length === 2 && parts[0] === "_alias") {
            return { status: aliases.has(parts[1]) ? 200 : 404 };
        }
        if (method === "HEAD" && parts.length === 1) {
            return { status: indices.has(parts[0]) || aliases.has(parts[0]) ? 200 : 404 };
        }
        if (
            (method === "POST" || method === "PUT") &&
            parts[parts.length - 1] === "_bulk" &&
            parts.length <= 2
        ) {
            return {
                status: 200,
                body: bulk(req.body, req.query, parts.length === 2 ? parts[0] : undefined),
            };
        }
        if (method === "PUT" && parts.length === 1 && !parts[0].startsWith("_")) {
            createIndex(parts[0], json());
            return {
                status: 200,
                body: { acknowledged: true, shards_acknowledged: true, index: parts[0] },
            };
        }
        if (
            (method === "PUT" || method === "POST") &&
            parts.length === 3 &&
            parts[1] === "_alias"
        ) {
            if (!indices.has(parts[0]))
                throw new HttpError(
                    404,
                    "index_not_found_exception",
                    `no such index [${parts[0]}]`,
                );
            if (indices.has(parts[2]))
                throw new HttpError(
                    400,
                    "invalid_alias_name_exception",
                    `Invalid alias name [${parts[2]}]`,
                );
            aliases.set(parts[2], parts[0]);
            return { status: 200, body: { acknowledged: true } };
        }
        if ((method === "POST" || method === "GET") && parts.length === 2 && parts[1] === "_mget") {
            const index = resolve(parts[0]);
            if (!index)
                throw new HttpError(
                    404,
                    "index_not_found_exception",
                    `no such index [${parts[0]}]`,
                );
            const body = json() as { ids?: string[]; docs?: { _id: string }[] };
            const ids = body.ids ?? (body.docs ?? []).map((d) => d._id);
            return {
                status: 200,
                body: {
                    docs: ids.map((id) => {
                        const doc = index.docs.get(id);
                        return doc?.source === undefined
                            ? { _index: index.name, _id: id, found: false }
                            : {
                                  _index: index.name,
                                  _id: id,
                                  _version: doc.version,
                                  _seq_no: doc.seqNo,
                                  _primary_term: doc.primaryTerm,
                                  found: true,
                                  _source: doc.source,
                              };
                    }),
                },
            };
        }
        if (
            method === "POST" &&
            parts.length === 3 &&
            parts[1] === "_search" &&
            parts[2] === "point_in_time"
        ) {
            const index = resolve(parts[0]);
            if (!index)
                throw new HttpError(
                    404,
                    "index_not_found_exception",
                    `no such index [${parts[0]}]`,
                );
            if (!req.query.keep_alive)
                throw new HttpError(
                    400,
                    "action_request_validation_exception",
                    "keep_alive is missing",
                );
            const id = `pit-${++pitCounter}`;
            pits.set(id, { index: index.name, docs: new Map(index.docs) });
            return {
                status: 200,
                body: {
                    pit_id: id,
                    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
                    creation_time: 0,
                },
            };
        }
        if (
            method === "DELETE" &&
            parts.length === 2 &&
            parts[0] === "_search" &&
            parts[1] === "point_in_time"
        ) {
            const ids = (json().pit_id as string[] | undefined) ?? [];
            return {
                status: 200,
                body: { pits: ids.map((id) => ({ pit_id: id, successful: pits.delete(id) })) },
            };
        }
        if (
            (method === "POST" || method === "GET") &&
            parts[parts.length - 1] === "_search" &&
            parts.length <= 2
        ) {
            return { status: 200, body: search(json(), parts.length === 2 ? parts[0] : undefined) };
        }
        throw new HttpError(
            400,
            "illegal_argument_exception",
            `no handler for ${method} ${req.path}`,
        );
    };

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", "http://127.0.0.1");
            const recorded: RecordedRequest = {
                method: req.method ?? "",
                path: url.pathname,
                query: Object.fromEntries(url.searchParams),
                headers: req.headers,
                body: Buffer.concat(chunks).toString("utf8"),
            };
            requests.push(recorded);
            const send = (status: number, body?: unknown) => {
                const text =
                    body === undefined
                        ? ""
                        : typeof body === "string"
                          ? body
                          : JSON.stringify(body);
                res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
                res.end(req.method === "HEAD" ? undefined : text);
            };
            const stall = fake.stall?.(recorded);
            if (stall !== undefined) {
                if (stall.applied) {
                    try {
                        route(recorded);
                    } catch {
                        // the caller never learns either way
                    }
                }
                stallReply(res, stall.mode);
                return;
            }
            const fault = fake.faults.request?.(recorded);
            if (fault && !fault.applied) {
                const type = fault.type ?? ERROR_TYPES[fault.status] ?? "error";
                send(fault.status, errorBody(fault.status, type, "injected"));
                return;
            }
            try {
                fake.beforeRequest?.(recorded);
                const { status, body } = route(recorded);
                if (fault) {
                    const type = fault.type ?? ERROR_TYPES[fault.status] ?? "error";
                    send(fault.status, errorBody(fault.status, type, "injected after applying"));
                    return;
                }
                send(status, body);
            } catch (err) {
                if (err instanceof HttpError)
                    send(err.status, errorBody(err.status, err.type, err.message));
                else send(500, errorBody(500, "exception", String(err)));
            }
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    (fake as { origin: string }).origin = `http://127.0.0.1:${port}`;
    return fake;
}

/** Writes a reply that never completes (see {@link Stall}); it stops when the socket closes. */
function stallReply(res: http.ServerResponse, mode: Stall["mode"]): void {
    const socket = res.socket;
    if (socket === null) return;
    let timer: NodeJS.Timeout | undefined;
    const drip = (bytes: string) => {
        let i = 0;
        timer = setInterval(() => {
            if (!socket.destroyed) socket.write(bytes[i++ % bytes.length]);
        }, DRIP_INTERVAL_MS);
    };
    socket.on("close", () => clearInterval(timer));
    // Raw bytes on the socket: the response object would send what it has only at the end.
    if (mode === "drip-headers") {
        socket.write("HTTP/1.1 200 OK\r\n");
        drip("x-drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        return;
    }
    socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\n" +
            "transfer-encoding: chunked\r\n\r\n",
    );
    if (mode === "silence") {
        socket.write('c\r\n{"took":1,"e\r\n');
        return;
    }
    drip("1\r\n \r\n"); // one space per chunk: valid JSON whitespace, never the end
}
