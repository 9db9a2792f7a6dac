/**
 * `dynamodb-data-protection` (advisory; mandatory in the prod config): a DynamoDB table can be
 * restored to any second of the last 35 days (point-in-time recovery) and cannot be deleted by
 * accident (deletion protection, which also stops a replacement from deleting the old table).
 * Covers aws.dynamodb.Table (`pointInTimeRecovery.enabled`, `deletionProtectionEnabled`) and
 * aws.dynamodb.TableReplica (`pointInTimeRecovery`, `deletionProtectionEnabled`).
 */
import { isUnknown, resourceRule } from "../lib/rule";

function mustBeTrue(path: string, value: unknown, fix: string): string[] {
    if (value === true) return [];
    if (isUnknown(value)) return [`${path} is unknown during preview: pass a plain true.`];
    return [
        `${path} is ${value === undefined || value === null ? "missing" : JSON.stringify(value)}: ${fix}`,
    ];
}

/** DynamoDB tables have point-in-time recovery and deletion protection. */
export const rule = resourceRule({
    name: "dynamodb-data-protection",
    description:
        "DynamoDB tables must have point-in-time recovery and deletion protection enabled.",
    enforcementLevel: "advisory",
    nearest: {
        cdkNag: ["AwsSolutions-DDB3"],
        checkov: ["CKV_AWS_28"],
    },
    types: ["aws:dynamodb/table:Table", "aws:dynamodb/tableReplica:TableReplica"],
    check: ({ type, props }) => {
        const replica = type === "aws:dynamodb/tableReplica:TableReplica";
        const pitr = props.pointInTimeRecovery;
        const pitrEnabled =
            replica || pitr === undefined || pitr === null || isUnknown(pitr)
                ? pitr
                : (pitr as Record<string, unknown>).enabled;
        return [
            ...mustBeTrue(
                replica ? "pointInTimeRecovery" : "pointInTimeRecovery.enabled",
                pitrEnabled,
                replica
                    ? "set pointInTimeRecovery true (35 days of per-second restore points)."
                    : "set pointInTimeRecovery { enabled: true } (35 days of per-second restore points).",
            ),
            ...mustBeTrue(
                "deletionProtectionEnabled",
                props.deletionProtectionEnabled,
                "set deletionProtectionEnabled true.",
            ),
        ];
    },
});
