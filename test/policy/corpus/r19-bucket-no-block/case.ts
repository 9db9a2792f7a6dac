import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r19-bucket-no-block: s3-public-access-blocked on "bucket". */
const c: Case = {
    class: "rules",
    rule: "s3-public-access-blocked",
    target: "bucket",
    unsafe: (n) => {
        new aws.s3.Bucket(n("bucket"), {});
    },
    careful: (n) => {
        const b = new aws.s3.Bucket(n("bucket"), {});
        new aws.s3.BucketPublicAccessBlock(n("block"), {
            bucket: b.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    },
};
export default c;
