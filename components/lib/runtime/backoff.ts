/** Exponential backoff with jitter: the one formula every retrying runtime uses. */

/** What shapes a backoff. */
export interface BackoffShape {
    /** Backoff before the second attempt (ms); doubles per attempt. */
    readonly baseDelayMs: number;
    /** Ceiling of one backoff (ms). */
    readonly maxDelayMs: number;
    /** Fraction of a backoff randomly taken off (0..1), so callers failed together spread out. */
    readonly jitter: number;
}

/** The wait after failed attempt `attempt` (1-based); `random` is uniform in [0, 1). */
export function exponentialBackoffMs(shape: BackoffShape, attempt: number, random: number): number {
    const exponential = Math.min(shape.maxDelayMs, shape.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exponential * (1 - shape.jitter * random));
}
