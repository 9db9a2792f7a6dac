import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t26-aurora-force-ssl-off: database-tls-required on "aurora" (its group sets force_ssl 0). */
const aurora = (n: (name: string) => string, forceSsl: string) => {
    const params = new aws.rds.ClusterParameterGroup(n("params"), {
        family: "aurora-postgresql16",
        parameters: [{ name: "rds.force_ssl", value: forceSsl }],
    });
    new aws.rds.Cluster(n("aurora"), {
        engine: "aurora-postgresql",
        storageEncrypted: true,
        dbClusterParameterGroupName: params.name,
    });
};

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "aurora",
    unsafe: (n) => aurora(n, "0"),
    careful: (n) => aurora(n, "1"),
};
export default c;
