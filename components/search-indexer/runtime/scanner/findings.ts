/**
 * The findings index: the scanner's memory of what it has published, so each finding goes out
 * once across runs, and once when runs overlap (a slow run, or EventBridge invoking twice).
 *
 * One document per task ever found stale, id = the task's document id:
 * `{ taskDocId, taskId, updatedAt, state: "claimed" | "published", claimedBy, leaseUntil,
 *    publishedAt?, messageId? }`.
 *
 * Protocol, per stale task (with `updatedAt` U):
 * 1. read the finding document, in real time (`_mget`, not search);
 * 2. skip it when it is `published` for U, or `claimed` for U with a lease still running;
 * 3. CLAIM it: `create` when there is no document, else `index` with the `if_seq_no` and
 *    `if_primary_term` just read. OpenSearch applies exactly one of concurrent claims; the
 *    others get 409 and skip the task. The lease runs until the claiming invocation is certainly
 *    over (its end, plus a margin for clock skew);
 * 4. publish to SNS;
 * 5. mark it `published`, again conditional on the claim's seq_no and primary term.
 *
 * A failed publish leaves the claim; once its lease ends the next run claims and publishes it
 * again. A crash (or timeout) after SNS accepted the message but before step 5 also leads to a
 * second publication once the lease ends: delivery is at-least-once, and subscribers dedupe on
 * the message's `findingId` attribute. A task updated and stale again (another U) is a new
 * finding, claimed over the old document.
 */
import type { StaleTask } from "./task";

/** States of a finding. */
export type FindingState = "claimed" | "published";

/** A finding document. */
export interface FindingDoc {
    readonly taskDocId: string;
    readonly taskId: string;
    /** The task's `updatedAt` (epoch ms) this finding is about. */
    readonly updatedAt: number;
    readonly state: FindingState;
    /** The Lambda request id of the run that claimed it. */
    readonly claimedBy: string;
    /** Epoch ms after which another run may take the claim over. */
    readonly leaseUntil: number;
    readonly publishedAt?: number;
    readonly messageId?: string;
}

/** A finding document as read, with what a conditional write needs. */
export interface StoredFinding {
    readonly doc: FindingDoc;
    readonly seqNo: number;
    readonly primaryTerm: number;
}

/** Settings and mappings of the findings index. */
export const FINDINGS_INDEX_BODY = {
    mappings: {
        dynamic: "strict",
        properties: {
            taskDocId: { type: "keyword" },
            taskId: { type: "keyword" },
            updatedAt: { type: "date", format: "epoch_millis" },
            state: { type: "keyword" },
            claimedBy: { type: "keyword" },
            leaseUntil: { type: "date", format: "epoch_millis" },
            publishedAt: { type: "date", format: "epoch_millis" },
            messageId: { type: "keyword" },
        },
    },
};

/** What to do about a stale task, given its finding document (if any). */
export type ClaimDecision =
    | { readonly action: "skip"; readonly why: "published" | "in-flight" }
    | { readonly action: "create" }
    | { readonly action: "take-over"; readonly seqNo: number; readonly primaryTerm: number };

/** Step 2 of the protocol. */
export function decideClaim(
    task: StaleTask,
    stored: StoredFinding | undefined,
    now: number,
): ClaimDecision {
    if (stored === undefined) return { action: "create" };
    const { doc } = stored;
    if (doc.updatedAt === task.updatedAt) {
        if (doc.state === "published") return { action: "skip", why: "published" };
        if (doc.leaseUntil > now) return { action: "skip", why: "in-flight" };
    }
    return { action: "take-over", seqNo: stored.seqNo, primaryTerm: stored.primaryTerm };
}

/** The `_bulk` lines of a claim (step 3) or of marking it published (step 5). */
export function findingLines(
    alias: string,
    id: string,
    doc: FindingDoc,
    condition: { readonly seqNo: number; readonly primaryTerm: number } | "create",
): string {
    const meta =
        condition === "create"
            ? { create: { _index: alias, _id: id } }
            : {
                  index: {
                      _index: alias,
                      _id: id,
                      if_seq_no: condition.seqNo,
                      if_primary_term: condition.primaryTerm,
                  },
              };
    return `${JSON.stringify(meta)}\n${JSON.stringify(doc)}\n`;
}
