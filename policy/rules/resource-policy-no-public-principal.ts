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
const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";

/** A function URL with authorizationType NONE lets anyone on the internet invoke the function. */
function functionUrlProblems(props: Record<string, unknown>): string[] {
    const auth = props.authorizationType;
    if (isUnknown(auth)) {
        return ['authorizationType is unknown during preview: pass a plain "AWS_IAM".'];
    }
    if (typeof auth === "string" && auth.toUpperCase() === "AWS_IAM") return [];
    return [
        `authorizationType is ${JSON.stringify(auth ?? null)}, so anyone on the internet can invoke the function: set "AWS_IAM" and grant lambda:InvokeFunctionUrl to the callers (or put CloudFront with an origin access control in front).`,
    ];
}

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
 * aws:PrincipalOrgID condition. A Lambda function URL must use IAM authorization (NONE is a
 * public principal by another name).
 */
export const rule = resourceRule({
    name: "resource-policy-no-public-principal",
    unknowns:
        "Unknown ARN condition values are program resources' ARNs (unknown-values-proven checks a service's aws:SourceArn comes from a resource it acts for); an unknown account or organization id restricts nothing (write it literally); unknown principals are judged by unknown-values-proven.",
    description:
        'Resource policies must not allow Principal "*" unless conditioned on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID, and Lambda function URLs must use IAM authorization.',
    nearest: {
        cdkNag: ["AwsSolutions-ECR1", "AwsSolutions-OS5"],
        checkov: [
            "CKV_AWS_168",
            "CKV_AWS_169",
            "CKV_AWS_70",
            "CKV_AWS_33",
            "CKV_AWS_32",
            "CKV_AWS_258",
        ],
    },
    types: [...typesWithDocuments("resource"), EVENT_PERMISSION, FUNCTION_URL],
    check: ({ type, props }) => {
        if (type === EVENT_PERMISSION) return eventPermissionProblems(props);
        if (type === FUNCTION_URL) return functionUrlProblems(props);
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
