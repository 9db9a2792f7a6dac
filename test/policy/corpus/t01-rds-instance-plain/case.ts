import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t01-rds-instance-plain: encrypted-at-rest on "db". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "db",
    unsafe: (n) => {
        new aws.rds.Instance(n("db"), {
            instanceClass: "db.t4g.micro",
            engine: "postgres",
            allocatedStorage: 20,
        });
    },
    careful: (n) => {
        new aws.rds.Instance(n("db"), {
            instanceClass: "db.t4g.micro",
            engine: "postgres",
            allocatedStorage: 20,
            storageEncrypted: true,
        });
    },
};
export default c;
