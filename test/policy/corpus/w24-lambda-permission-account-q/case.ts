import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT } from "../fixtures";

/** w24-lambda-permission-account-q: lambda-permission-scoped on "perm". */
const c: Case = {
    class: "1-wildcards",
    rule: "lambda-permission-scoped",
    target: "perm",
    unsafe: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: "*",
            sourceAccount: "12345678901?",
        });
    },
    careful: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: "*",
            sourceAccount: ACCOUNT,
        });
    },
};
export default c;
