import {
    allowStatements,
    anyResourceOf,
    documentsOf,
    isAnyResourceOnlyAction,
    typesWithDocuments,
} from "../lib/iam";
import { resourceRule } from "../lib/rule";

/**
 * Identity policies name the resources they act on. `Resource: "*"` (or an ARN that matches every
 * resource, or NotResource) is allowed only for actions AWS grants solely on `*`, listed once in
 * ACTIONS_ONLY_ON_ANY_RESOURCE (policy/lib/iam.ts). Resource policies are not checked: there `*`
 * means the resource that holds the policy (a key policy's `*` is that key).
 */
export const rule = resourceRule({
    name: "iam-no-wildcard-resources",
    unknowns:
        "An unknown Resource is a program resource's ARN (unknown-values-proven checks it comes from a resource the actions act on, and checks principals and attachments).",
    description:
        'Identity policies must name the resources they allow; "*" is only for actions AWS grants solely on "*".',
    nearest: { cdkNag: ["AwsSolutions-IAM5"], checkov: ["CKV_AWS_355"] },
    types: typesWithDocuments("identity"),
    check: ({ type, props }) => {
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props, ["identity"]))) {
            const any = anyResourceOf(statement);
            if (any === undefined) continue;
            const granted = statement.actions.filter((a) => !isAnyResourceOnlyAction(a));
            const what = [
                ...granted.map((a) => `"${a}"`),
                ...(statement.hasNotAction ? ["every action but NotAction"] : []),
            ];
            if (what.length === 0) continue;
            const on =
                any === "NotResource"
                    ? "NotResource (every resource but those listed)"
                    : `"${any}"`;
            problems.push(
                `${doc.path} ${statement.label} allows ${what.join(", ")} on ${on}: name the resource ARNs (a program resource's arn output is fine); only actions AWS grants solely on "*" (no resource type in AWS's action list, or ACTIONS_ONLY_ON_ANY_RESOURCE in policy/lib/iam.ts) may use it.`,
            );
        }
        return problems;
    },
});
