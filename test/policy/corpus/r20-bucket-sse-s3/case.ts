import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r20-bucket-sse-s3: s3-encryption on "bucket". */
const c: Case = {
    class: "rules",
    rule: "s3-encryption",
    target: "bucket",
    unsafe: (n) => {
        const b = new aws.s3.Bucket(n("bucket"), {});
        new aws.s3.BucketServerSideEncryptionConfiguration(n("sse"), {
            bucket: b.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
    },
    careful: (n) => {
        const b = new aws.s3.Bucket(n("bucket"), {});
        new aws.s3.BucketServerSideEncryptionConfiguration(n("sse"), {
            bucket: b.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" },
                    bucketKeyEnabled: true,
                },
            ],
        });
    },
};
export default c;
