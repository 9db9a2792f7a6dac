import { isUnknown, resourceRule } from "../lib/rule";
import {
    allowStatements,
    documentsOf,
    hasWildcard,
    isWildcardAction,
    typesWithDocuments,
} from "../lib/iam";

const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

function wildcardAdvice(action: string): string {
    const service = action.slice(0, action.indexOf(":"));
    return action.includes(":") && !hasWildcard(service)
        ? `name the actions the workload calls (${service}:<Action>, ...), not every action of the service.`
        : "name the actions the workload calls, not every action of every service.";
}

/**
 * No statement allows a whole service (`s3:*`, or `s3:?*`: patterns are expanded against AWS's
 * action list, see wideActionReason in policy/lib/iam.ts), a wildcard service (`*`, `*:*`,
 * `*3:GetObject`), or everything but a
 * list: `NotAction` with Allow grants every other action, including ones AWS adds later, and
 * `NotResource` with Allow grants every other resource, including ones created later, so neither
 * can be reviewed as least privilege. Applies to every document kind: a key policy's `kms:*` lets
 * its principal rewrite the key policy.
 */
export const rule = resourceRule({
    name: "iam-no-wildcard-actions",
    unknowns:
        "Unknown actions are reported by iam-document-known; actions are expanded against AWS's action list.",
    description:
        "IAM statements must not allow every action of a service or of all services, nor use NotAction or NotResource with Allow.",
    nearest: {
        cdkNag: [
            "AwsSolutions-IAM5",
            "NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess",
            "NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess",
        ],
        checkov: ["CKV_AWS_63", "CKV_AWS_49", "CKV_AWS_62"],
    },
    types: [...typesWithDocuments("identity", "trust", "resource"), LAMBDA_PERMISSION],
    check: ({ type, props }) => {
        if (type === LAMBDA_PERMISSION) {
            const action = props.action;
            if (typeof action !== "string" || isUnknown(action) || !isWildcardAction(action)) {
                return [];
            }
            return [
                `action "${action}" grants every Lambda action to the principal: grant lambda:InvokeFunction (or lambda:InvokeFunctionUrl).`,
            ];
        }
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props))) {
            const where = `${doc.path} ${statement.label}`;
            for (const action of statement.actions.filter(isWildcardAction)) {
                problems.push(`${where} allows "${action}": ${wildcardAdvice(action)}`);
            }
            if (statement.hasNotAction) {
                problems.push(
                    `${where} allows with NotAction (every action except those listed, including future ones): list the allowed actions in Action instead.`,
                );
            }
            if (statement.hasNotResource) {
                problems.push(
                    `${where} allows with NotResource (every resource except those listed, including future ones): list the resources in Resource instead.`,
                );
            }
        }
        return problems;
    },
});
