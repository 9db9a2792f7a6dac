import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t02-rds-cluster-plain: encrypted-at-rest on "db". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "db",
    unsafe: (n) => {
        new aws.rds.Cluster(n("db"), { engine: "aurora-postgresql", storageEncrypted: false });
    },
    careful: (n) => {
        new aws.rds.Cluster(n("db"), {
            engine: "aurora-postgresql",
            storageEncrypted: true,
            kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k",
        });
    },
};
export default c;
