import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT, doc } from "../fixtures";

/** t20-s3-oac-no-source: service-principal-source on "bp". */
const c: Case = {
    class: "5-types",
    rule: "service-principal-source",
    target: "bp",
    unsafe: (n) => {
        new aws.s3.BucketPolicy(n("bp"), {
            bucket: "site",
            policy: doc({
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::site/*",
            }),
        });
    },
    careful: (n) => {
        new aws.s3.BucketPolicy(n("bp"), {
            bucket: "site",
            policy: doc({
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::site/*",
                Condition: {
                    StringEquals: {
                        "AWS:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`,
                    },
                },
            }),
        });
    },
};
export default c;
