import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT } from "../fixtures";

/** w25-lambda-permission-wild-action: iam-no-wildcard-actions on "perm". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "perm",
    unsafe: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:?*",
            principal: ACCOUNT,
        });
    },
    careful: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: ACCOUNT,
        });
    },
};
export default c;
