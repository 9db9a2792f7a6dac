import { isServicePrincipal } from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";

const PERMISSION = "aws:lambda/permission:Permission";
const LAYER_PERMISSION = "aws:lambda/layerVersionPermission:LayerVersionPermission";

/** Set to a value that restricts: known and not just `*`, or unknown (a program resource's). */
function restricts(value: unknown): boolean {
    return (
        isUnknown(value) ||
        (typeof value === "string" && value.trim() !== "" && !/^\*+$/.test(value.trim()))
    );
}

/**
 * Lambda permissions (function policy statements) grant no public principal without sourceArn,
 * sourceAccount or principalOrgId; a service principal (`s3.amazonaws.com`, `events.amazonaws.com`,
 * ...) must carry sourceArn, or any account's bucket, rule or topic could invoke the function
 * (confused deputy). A layer shared with `*` must be limited to the organization.
 */
export const rule = resourceRule({
    name: "lambda-permission-scoped",
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
            return /^\*+$/.test(principal.trim()) && !restricts(props.organizationId)
                ? [
                      'principal "*" shares the layer with every AWS account: set organizationId, or name the account.',
                  ]
                : [];
        }
        if (/^\*+$/.test(principal.trim())) {
            return [props.sourceArn, props.sourceAccount, props.principalOrgId].some(restricts)
                ? []
                : [
                      'principal "*" lets anyone invoke the function: name the principal, or set sourceArn, sourceAccount or principalOrgId.',
                  ];
        }
        if (isServicePrincipal(principal) && !restricts(props.sourceArn)) {
            return [
                `principal "${principal}" is a service without sourceArn: set sourceArn to the resource that invokes the function (bucket, rule, topic, API), so no other account's resource can (confused deputy).`,
            ];
        }
        return [];
    },
});
