import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue } from "../fixtures";

/**
 * u13-permission-source-from-apply: unknown-values-proven on "invoke". An S3 permission whose
 * sourceArn is computed from a queue could be "arn:aws:s3:::*" at up: every account's buckets.
 */
const invoke = (name: string, sourceArn: aws.lambda.PermissionArgs["sourceArn"]) =>
    new aws.lambda.Permission(name, {
        function: "thumbnails",
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
        sourceArn,
    });

const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "invoke",
    unsafe: (n) => {
        invoke(n("invoke"), fromQueue(n("q"), "arn:aws:s3:::*"));
    },
    careful: (n) => {
        invoke(n("invoke"), new aws.s3.Bucket(n("uploads")).arn);
    },
};
export default c;
