import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t08-memorydb-tls-off: transport-encrypted on "mem". */
const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "mem",
    unsafe: (n) => {
        new aws.memorydb.Cluster(n("mem"), {
            nodeType: "db.t4g.small",
            aclName: "a",
            tlsEnabled: false,
        });
    },
    careful: (n) => {
        new aws.memorydb.Cluster(n("mem"), {
            nodeType: "db.t4g.small",
            aclName: "a",
            tlsEnabled: true,
        });
    },
};
export default c;
