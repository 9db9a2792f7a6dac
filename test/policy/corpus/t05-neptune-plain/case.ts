import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t05-neptune-plain: encrypted-at-rest on "db". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "db",
    unsafe: (n) => {
        new aws.neptune.Cluster(n("db"), {});
    },
    careful: (n) => {
        new aws.neptune.Cluster(n("db"), { storageEncrypted: true });
    },
};
export default c;
