import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r04-rds-public: no-public-ip on "db". */
const c: Case = {
    class: "rules",
    rule: "no-public-ip",
    target: "db",
    unsafe: (n) => {
        new aws.rds.Instance(n("db"), {
            instanceClass: "db.t4g.micro",
            engine: "postgres",
            allocatedStorage: 20,
            storageEncrypted: true,
            publiclyAccessible: true,
        });
    },
    careful: (n) => {
        new aws.rds.Instance(n("db"), {
            instanceClass: "db.t4g.micro",
            engine: "postgres",
            allocatedStorage: 20,
            storageEncrypted: true,
            publiclyAccessible: false,
        });
    },
};
export default c;
