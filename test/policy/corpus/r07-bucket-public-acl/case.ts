import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r07-bucket-public-acl: s3-no-public-acl on "acl". */
const c: Case = {
    class: "rules",
    rule: "s3-no-public-acl",
    target: "acl",
    unsafe: (n) => {
        new aws.s3.BucketAcl(n("acl"), { bucket: "site", acl: "public-read" });
    },
    careful: (n) => {
        new aws.s3.BucketAcl(n("acl"), { bucket: "site", acl: "private" });
    },
};
export default c;
