/**
 * Change events → `_bulk` actions → request bodies, built for throughput: the fixed parts of each
 * action line are precomputed per index, every record's lines are one string built once (and
 * reused by retries), and a body is joined once from its parts, never grown by repeated
 * concatenation.
 *
 * Every action carries `version_type: external` with the change's creation time in µs as its
 * version: OpenSearch applies it only when it is greater than the stored version, so a stale or
 * redelivered change never overwrites newer state (the item comes back 409, which is success).
 */
import {
    creationTimeMicros,
    MalformedRecordError,
    type DynamoDbChangeEvent,
    type ItemImage,
} from "../../../lib/runtime/dynamodb-change";
import type { IndexNames } from "../shared/indices";
import { documentId, itemDocumentJson } from "./document";

/** An index the indexer writes to, with its action-line prefixes precomputed. */
export interface BulkTarget extends IndexNames {
    /** The table whose changes go here. */
    readonly table: string;
    readonly indexPrefix: string;
    readonly deletePrefix: string;
}

/** Precomputes the action-line prefixes of `names`. */
export function bulkTarget(table: string, names: IndexNames): BulkTarget {
    const index = JSON.stringify(names.alias);
    return {
        ...names,
        table,
        indexPrefix: `{"index":{"_index":${index},"_id":`,
        deletePrefix: `{"delete":{"_index":${index},"_id":`,
    };
}

/** One record's bulk action. */
export interface BulkAction {
    /** Position of the record in the batch. */
    readonly record: number;
    /** The change's `eventID`, for logs. */
    readonly eventId: string;
    readonly target: BulkTarget;
    readonly operation: "index" | "delete";
    readonly id: string;
    /** External version: the change's creation time (µs). */
    readonly version: number;
    /** The action line and, for `index`, the document line, each ending in `\n`. */
    readonly lines: string;
    /** UTF-8 size of `lines`. */
    readonly bytes: number;
    /**
     * The item before the change (the event's OldImage; none for an INSERT): what the index holds
     * when this change comes right after the stored one. Read only to order a version tie.
     */
    readonly oldImage?: ItemImage;
}

/**
 * The bulk action of one change: INSERT and MODIFY index the new image, REMOVE deletes. Throws
 * {@link MalformedRecordError} when the event cannot become one.
 */
export function bulkAction(
    change: DynamoDbChangeEvent,
    record: number,
    target: BulkTarget,
): BulkAction {
    const id = documentId(change.dynamodb.Keys);
    const version = creationTimeMicros(change);
    const meta = `${JSON.stringify(id)},"version":${version},"version_type":"external"}}\n`;
    let lines: string;
    let operation: BulkAction["operation"];
    if (change.eventName === "REMOVE") {
        operation = "delete";
        lines = target.deletePrefix + meta;
    } else {
        const image = change.dynamodb.NewImage;
        if (image === undefined) {
            throw new MalformedRecordError(`${change.eventName} has no dynamodb.NewImage`);
        }
        operation = "index";
        lines = target.indexPrefix + meta + itemDocumentJson(image) + "\n";
    }
    return {
        record,
        eventId: change.eventID,
        target,
        operation,
        id,
        version,
        lines,
        bytes: Buffer.byteLength(lines),
        oldImage: change.dynamodb.OldImage,
    };
}

const EXTERNAL = `"version_type":"external"}}\n`;

/**
 * The same action, applied also when the stored version EQUALS its own (`external_gte`): for a
 * change known to come after the stored one of the same creation time.
 */
export function equalVersionAction(action: BulkAction): BulkAction {
    // The action line comes first, so the first match is its own.
    const at = action.lines.indexOf(EXTERNAL);
    const lines =
        action.lines.slice(0, at) +
        `"version_type":"external_gte"}}\n` +
        action.lines.slice(at + EXTERNAL.length);
    return { ...action, lines, bytes: Buffer.byteLength(lines) };
}

/** Actions that go in one request, and its body. */
export interface BulkChunk {
    readonly actions: readonly BulkAction[];
    readonly body: string;
    readonly bytes: number;
}

/**
 * Splits `actions` into request bodies of at most `maxBytes` each, in order. An action larger
 * than `maxBytes` on its own gets a request of its own (it is never split).
 */
export function chunkBulkActions(actions: readonly BulkAction[], maxBytes: number): BulkChunk[] {
    const chunks: BulkChunk[] = [];
    let start = 0;
    let bytes = 0;
    const close = (end: number) => {
        const part = actions.slice(start, end);
        chunks.push({ actions: part, body: part.map((a) => a.lines).join(""), bytes });
        start = end;
        bytes = 0;
    };
    for (let i = 0; i < actions.length; i++) {
        const size = actions[i].bytes;
        if (i > start && bytes + size > maxBytes) close(i);
        bytes += size;
    }
    if (start < actions.length) close(actions.length);
    return chunks;
}
