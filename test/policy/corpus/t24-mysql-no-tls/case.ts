import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t24-mysql-no-tls: database-tls-required on "db" (MySQL's default accepts plaintext clients). */
const db = (name: string, parameterGroupName?: aws.rds.InstanceArgs["parameterGroupName"]) =>
    new aws.rds.Instance(name, {
        instanceClass: "db.t4g.micro",
        engine: "mysql",
        allocatedStorage: 20,
        storageEncrypted: true,
        parameterGroupName,
    });

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "db",
    unsafe: (n) => {
        db(n("db"));
    },
    careful: (n) => {
        const params = new aws.rds.ParameterGroup(n("params"), {
            family: "mysql8.0",
            parameters: [{ name: "require_secure_transport", value: "ON" }],
        });
        db(n("db"), params.name);
    },
};
export default c;
