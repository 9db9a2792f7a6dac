import {
    allowStatements,
    hasWildcard,
    isSpecificConditionValue,
    documentsOf,
    isPublicPrincipal,
    principalLabel,
    restrictsKey,
    SOURCE_CONDITION_KEYS,
    typesWithDocuments,
} from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";
import { objectAt } from "../lib/network";

const EVENT_PERMISSION = "aws:cloudwatch/eventPermission:EventPermission";

/** An event-bus permission: principal `*` is every account unless an organization condition pins it. */
function eventPermissionProblems(props: Record<string, unknown>): string[] {
    const principal = props.principal;
    if (typeof principal !== "string" || isUnknown(principal) || !hasWildcard(principal)) return [];
    const c = objectAt(props.condition);
    if (
        c &&
        typeof c.key === "string" &&
        c.key.toLowerCase() === "aws:principalorgid" &&
        c.type === "StringEquals" &&
        isSpecificConditionValue("aws:PrincipalOrgID", c.value, false)
    ) {
        return [];
    }
    return [
        `principal "${principal}" lets every AWS account put events on the bus: name the account, or set condition { key: "aws:PrincipalOrgID", type: "StringEquals", value: "<your organization id>" }.`,
    ];
}

const KEYS = SOURCE_CONDITION_KEYS.join(", ");

/**
 * Resource policies (queues, topics, buckets, keys, repositories, domains, functions, secrets,
 * event buses, streams, tables, ...: IAM_DOCUMENTS in policy/lib/iam.ts) grant no public
 * principal unless a condition pins the caller to a source resource, account or organization
 * (SOURCE_CONDITION_KEYS). NotPrincipal with Allow grants everyone but a list, so it counts as
 * public too. An aws.cloudwatch.EventPermission with principal `*` must carry an
 * aws:PrincipalOrgID condition.
 */
export const rule = resourceRule({
    name: "resource-policy-no-public-principal",
    unknowns:
        "Unknown condition values are program resources' ARNs; unknown principals are judged by unknown-values-proven.",
    description:
        'Resource policies must not allow Principal "*" unless conditioned on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.',
    nearest: {
        cdkNag: ["AwsSolutions-ECR1", "AwsSolutions-OS5"],
        checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_70", "CKV_AWS_33", "CKV_AWS_32"],
    },
    types: [...typesWithDocuments("resource"), EVENT_PERMISSION],
    check: ({ type, props }) => {
        if (type === EVENT_PERMISSION) return eventPermissionProblems(props);
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props, ["resource"]))) {
            if (!statement.conditionsReadable) continue; // iam-document-known reports it
            if (SOURCE_CONDITION_KEYS.some((k) => restrictsKey(statement, k))) continue;
            const where = `${doc.path} ${statement.label}`;
            const publicEntries = (statement.principals ?? []).filter(isPublicPrincipal);
            for (const p of publicEntries) {
                problems.push(
                    `${where} allows ${principalLabel(p)} (anyone) without a condition on ${KEYS}: name the principals, or add one of those conditions.`,
                );
            }
            if (statement.notPrincipals !== undefined) {
                problems.push(
                    `${where} allows everyone but NotPrincipal without a condition on ${KEYS}: name the principals in Principal, or add one of those conditions.`,
                );
            }
        }
        return problems;
    },
});
