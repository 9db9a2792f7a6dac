import { hasWildcard, isServicePrincipal, isSpecificConditionValue } from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";

const PERMISSION = "aws:lambda/permission:Permission";
const LAYER_PERMISSION = "aws:lambda/layerVersionPermission:LayerVersionPermission";

/** The condition key each input becomes in the function policy (Lambda matches them with ArnLike/StringLike). */
const KEYS: Record<string, string> = {
    sourceArn: "aws:SourceArn",
    sourceAccount: "aws:SourceAccount",
    principalOrgId: "aws:PrincipalOrgID",
    organizationId: "aws:PrincipalOrgID",
};

/** Set to a value that names a specific source (isSpecificConditionValue), or unknown (a program resource's). */
function restricts(props: Record<string, unknown>, input: string): boolean {
    return isSpecificConditionValue(KEYS[input], props[input]);
}

/**
 * Lambda permissions (function policy statements) grant no public principal without sourceArn,
 * sourceAccount or principalOrgId; a service principal (`s3.amazonaws.com`, `events.amazonaws.com`,
 * ...) must carry sourceArn, or any account's bucket, rule or topic could invoke the function
 * (confused deputy). A layer shared with `*` must be limited to the organization.
 */
export const rule = resourceRule({
    name: "lambda-permission-scoped",
    unknowns:
        "An unknown sourceArn or principal is judged by unknown-values-proven (a sourceArn must come from a resource the service principal acts for).",
    description:
        "Lambda permissions must not grant a public principal without a source condition, and must name the sourceArn of a service principal.",
    nearest: {
        cdkNag: ["HIPAA.Security-LambdaFunctionPublicAccessProhibited"],
        checkov: ["CKV_AWS_301", "CKV_AWS_364"],
    },
    types: [PERMISSION, LAYER_PERMISSION],
    check: ({ type, props }) => {
        const principal = props.principal;
        if (typeof principal !== "string" || isUnknown(principal)) return [];
        if (type === LAYER_PERMISSION) {
            return hasWildcard(principal) && !restricts(props, "organizationId")
                ? [
                      `principal "${principal}" shares the layer with every AWS account: set organizationId, or name the account.`,
                  ]
                : [];
        }
        if (hasWildcard(principal)) {
            return ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => restricts(props, k))
                ? []
                : [
                      `principal "${principal}" lets anyone invoke the function: name the principal, or set sourceArn, sourceAccount or principalOrgId.`,
                  ];
        }
        if (isServicePrincipal(principal) && !restricts(props, "sourceArn")) {
            return [
                `principal "${principal}" is a service without sourceArn: set sourceArn to the resource that invokes the function (bucket, rule, topic, API), so no other account's resource can (confused deputy).`,
            ];
        }
        return [];
    },
});
