import { forbiddenManagedPolicy, MANAGED_POLICY_ATTACHMENTS } from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";

/**
 * No role, user, group or permission set gets AdministratorAccess, PowerUserAccess or an
 * AWS-managed `*FullAccess` policy, by any attachment resource (MANAGED_POLICY_ATTACHMENTS in
 * policy/lib/iam.ts). An ARN unknown during preview is a customer-managed policy created by the
 * program (AWS-managed ARNs are constants), whose document the other IAM rules check.
 */
export const rule = resourceRule({
    name: "iam-no-admin-managed-policies",
    unknowns:
        "An unknown ARN is judged by unknown-values-proven (it must come from an aws.iam.Policy of the program).",
    description:
        "Roles, users and groups must not be given AdministratorAccess, PowerUserAccess or any AWS-managed *FullAccess policy.",
    nearest: { cdkNag: ["AwsSolutions-IAM4"], checkov: ["CKV_AWS_274"] },
    types: Object.keys(MANAGED_POLICY_ATTACHMENTS),
    check: ({ type, props }) => {
        const { property, list } = MANAGED_POLICY_ATTACHMENTS[type];
        const value = props[property];
        const arns: [string, unknown][] =
            list && Array.isArray(value)
                ? value.map((v, i) => [`${property}[${i}]`, v])
                : [[property, value]];
        return arns.flatMap(([path, arn]) => {
            if (typeof arn !== "string" || isUnknown(arn)) return [];
            const why = forbiddenManagedPolicy(arn);
            return why === undefined
                ? []
                : [
                      `${path} attaches the AWS-managed ${why}: attach a customer-managed policy with only the actions and resources the workload needs.`,
                  ];
        });
    },
});
