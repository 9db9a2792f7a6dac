/** The one place Alerts' defaults live (see AlertsArgs in ./index). */

/** Defaults for the optional AlertsArgs. */
export const ALERTS_DEFAULTS = {
    emails: [] as readonly string[],
    // Deleting the key makes queued alarm notifications unreadable: refuse by default.
    protect: true,
} as const;
