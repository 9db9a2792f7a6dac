/**
 * Tasks as the scanner reads them from the tasks index, the query that finds the stale ones, and
 * the message that announces a finding.
 *
 * A task item, as the app writes it to the tasks table (attribute-value types in brackets; the
 * indexer turns it into a plain JSON document, `taskId` becomes the document id):
 *
 * - `taskId` (S, the table's partition key and only key): the task's id.
 * - `title` (S): what is to be done; free text.
 * - `status` (S): `"open"` while the task waits for someone; any other value (`"done"`,
 *   `"cancelled"`, ...) is closed. Exact, lowercase: the scanner matches `status.keyword`.
 * - `updatedAt` (N epoch milliseconds, or S ISO 8601 with a zone): the last time anyone touched
 *   the task. Mapped as a date (every `*At` attribute is).
 * - `assignee` (S, optional): who the task waits for (user id or e-mail).
 *
 * Other attributes are indexed and ignored here.
 */
import type { PublishCommandInput } from "@aws-sdk/client-sns";

/** The one status that counts as open. */
export const OPEN_STATUS = "open";

const DAY_MS = 86_400_000;

/** The task fields the scanner reads. */
export const TASK_SOURCE_FIELDS = ["taskId", "title", "status", "assignee", "updatedAt"];

/** A stale task found in the index. */
export interface StaleTask {
    /** The document id in the tasks index (from the table's key). */
    readonly docId: string;
    readonly taskId: string;
    readonly title?: string;
    readonly assignee?: string;
    /** Epoch ms. */
    readonly updatedAt: number;
}

/**
 * Open tasks last updated at or before `cutoffMs` (epoch ms), oldest first; `taskId.keyword` breaks
 * ties so `search_after` never skips or repeats a task.
 */
export function staleTasksSearch(cutoffMs: number): {
    query: object;
    sort: object[];
    _source: string[];
} {
    return {
        query: {
            bool: {
                filter: [
                    { term: { "status.keyword": OPEN_STATUS } },
                    { range: { updatedAt: { lte: cutoffMs, format: "epoch_millis" } } },
                ],
            },
        },
        sort: [{ updatedAt: { order: "asc" } }, { "taskId.keyword": { order: "asc" } }],
        _source: TASK_SOURCE_FIELDS,
    };
}

/** Epoch ms of an `updatedAt` value (epoch ms number, or ISO 8601 text); undefined otherwise. */
export function epochMillis(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
        const ms = Date.parse(value);
        return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
}

/** Reads a search hit into a {@link StaleTask}, or says what is wrong with it. */
export function readTaskHit(hit: {
    _id?: unknown;
    _source?: Record<string, unknown>;
}): StaleTask | { problem: string } {
    const source = hit._source ?? {};
    if (typeof hit._id !== "string" || hit._id === "") return { problem: "hit without _id" };
    if (typeof source.taskId !== "string" || source.taskId === "") {
        return { problem: "task without taskId" };
    }
    const updatedAt = epochMillis(source.updatedAt);
    if (updatedAt === undefined) return { problem: "task without a readable updatedAt" };
    return {
        docId: hit._id,
        taskId: source.taskId,
        ...(typeof source.title === "string" && { title: source.title }),
        ...(typeof source.assignee === "string" && { assignee: source.assignee }),
        updatedAt,
    };
}

/**
 * The finding's identity: this task, stale since this update. The same task touched and gone
 * stale again is a new finding.
 */
export function findingId(task: StaleTask): string {
    return `${task.docId}@${task.updatedAt}`;
}

/** The SNS message announcing a finding. */
export function findingMessage(
    task: StaleTask,
    topicArn: string,
    staleAfterDays: number,
    detectedAt: number,
): PublishCommandInput {
    const idleDays = Math.floor((detectedAt - task.updatedAt) / DAY_MS);
    const id = findingId(task);
    return {
        TopicArn: topicArn,
        Subject: `Task open and untouched for ${idleDays} days`,
        Message: JSON.stringify({
            type: "task.stale",
            findingId: id,
            taskId: task.taskId,
            title: task.title ?? null,
            assignee: task.assignee ?? null,
            status: OPEN_STATUS,
            updatedAt: new Date(task.updatedAt).toISOString(),
            idleDays,
            staleAfterDays,
            detectedAt: new Date(detectedAt).toISOString(),
        }),
        MessageAttributes: {
            type: { DataType: "String", StringValue: "task.stale" },
            findingId: { DataType: "String", StringValue: id },
        },
    };
}
