import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, trust } from "../fixtures";

/** u04-permission-principal-from-apply: unknown-values-proven on "perm". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "perm",
    unsafe: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: fromQueue(n("q"), "*"),
        });
    },
    careful: (n) => {
        const r = trust(n("caller"), { Service: "lambda.amazonaws.com" });
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: r.arn,
        });
    },
};
export default c;
