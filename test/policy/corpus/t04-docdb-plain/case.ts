import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t04-docdb-plain: encrypted-at-rest on "db". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "db",
    unsafe: (n) => {
        new aws.docdb.Cluster(n("db"), { storageEncrypted: false });
    },
    careful: (n) => {
        new aws.docdb.Cluster(n("db"), { storageEncrypted: true });
    },
};
export default c;
