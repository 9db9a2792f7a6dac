import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t07-memorydb-service-key: encrypted-at-rest on "mem". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "mem",
    unsafe: (n) => {
        new aws.memorydb.Cluster(n("mem"), { nodeType: "db.t4g.small", aclName: "a" });
    },
    careful: (n) => {
        new aws.memorydb.Cluster(n("mem"), {
            nodeType: "db.t4g.small",
            aclName: "a",
            kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
        });
    },
};
export default c;
