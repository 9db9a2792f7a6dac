/** Exponential backoff with jitter, bounded by the invocation's deadline. */
import { exponentialBackoffMs } from "../../../lib/runtime/backoff";

/** How a caller retries what OpenSearch throttled or failed with 5xx. */
export interface RetryPolicy {
    /** Attempts in all, the first included. Default 6. */
    readonly maxAttempts: number;
    /** Backoff before the second attempt (ms); doubles per attempt. Default 200. */
    readonly baseDelayMs: number;
    /** Ceiling of one backoff (ms). Default 5000. */
    readonly maxDelayMs: number;
    /**
     * Fraction of a backoff randomly taken off (0..1), so shards and functions that were throttled
     * together do not come back together. Default 0.5.
     */
    readonly jitter: number;
    /** Upper bound of one HTTP request (ms). Default 10000. */
    readonly requestTimeoutMs: number;
    /** No request starts with less time than this before the deadline (ms). Default 1000. */
    readonly minAttemptMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    maxAttempts: 6,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    jitter: 0.5,
    requestTimeoutMs: 10_000,
    minAttemptMs: 1_000,
};

/** The wait after failed attempt `attempt` (1-based); `random` is uniform in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
    return exponentialBackoffMs(policy, attempt, random());
}

/** The clock and randomness a retrying caller uses; all injectable for tests. */
export interface RetryClock {
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    readonly random: () => number;
}

/** Real time. */
export const REAL_CLOCK: RetryClock = {
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};
