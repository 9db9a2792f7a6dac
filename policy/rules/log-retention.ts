/**
 * `log-retention` (advisory; mandatory in the prod config): every CloudWatch log group expires its
 * events. `retentionInDays` omitted or 0 means "never expire": logs pile up, cost grows without
 * bound, and personal data in them is kept forever. `minimumDays` and `maximumDays` bound the
 * retention for a stack (for example at least 365 days of audit trail in prod).
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** CloudWatch log groups have a finite retention within the configured bounds. */
export const rule = resourceRule({
    name: "log-retention",
    description:
        "CloudWatch log groups must expire their events: retentionInDays set, not 0 (never expire), within the configured bounds.",
    enforcementLevel: "advisory",
    nearest: {
        checkov: ["CKV_AWS_66", "CKV_AWS_338"],
    },
    config: {
        minimumDays: {
            type: "integer",
            minimum: 1,
            default: 1,
            description: "The least retentionInDays accepted (audit requirements, e.g. 365).",
        },
        maximumDays: {
            type: "integer",
            minimum: 1,
            default: 3653,
            description: "The most retentionInDays accepted (data minimisation and cost).",
        },
    },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props }, config) => {
        const min = (config.minimumDays as number | undefined) ?? 1;
        const max = (config.maximumDays as number | undefined) ?? 3653;
        const days = props.retentionInDays;
        if (isUnknown(days)) {
            return ["retentionInDays is unknown during preview: pass a plain number of days."];
        }
        if (days === undefined || days === null || days === 0) {
            return [
                `retentionInDays is ${days === 0 ? "0" : "missing"}: the events never expire; set retentionInDays (${min}..${max} days).`,
            ];
        }
        if (typeof days !== "number" || days < min || days > max) {
            return [`retentionInDays is ${JSON.stringify(days)}: set ${min}..${max} days.`];
        }
        return [];
    },
});
