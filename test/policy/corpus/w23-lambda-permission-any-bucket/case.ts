import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** w23-lambda-permission-any-bucket: lambda-permission-scoped on "perm". */
const c: Case = {
    class: "1-wildcards",
    rule: "lambda-permission-scoped",
    target: "perm",
    unsafe: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: "s3.amazonaws.com",
            sourceArn: "arn:aws:s3:::*",
        });
    },
    careful: (n) => {
        new aws.lambda.Permission(n("perm"), {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: "s3.amazonaws.com",
            sourceArn: "arn:aws:s3:::uploads",
        });
    },
};
export default c;
