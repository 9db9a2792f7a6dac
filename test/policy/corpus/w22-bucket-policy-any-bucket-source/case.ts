import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT, doc } from "../fixtures";

/** w22-bucket-policy-any-bucket-source: resource-policy-no-public-principal on "bp". */
const c: Case = {
    class: "1-wildcards",
    rule: "resource-policy-no-public-principal",
    target: "bp",
    unsafe: (n) => {
        new aws.s3.BucketPolicy(n("bp"), {
            bucket: "logs",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "s3:PutObject",
                Resource: "arn:aws:s3:::logs/*",
                Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } },
            }),
        });
    },
    careful: (n) => {
        new aws.s3.BucketPolicy(n("bp"), {
            bucket: "logs",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "s3:PutObject",
                Resource: "arn:aws:s3:::logs/*",
            }),
        });
    },
};
export default c;
