import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t06-redshift-plain: encrypted-at-rest on "dw". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "dw",
    unsafe: (n) => {
        new aws.redshift.Cluster(n("dw"), {
            clusterIdentifier: "dw",
            nodeType: "ra3.xlplus",
            encrypted: "false",
        });
    },
    careful: (n) => {
        new aws.redshift.Cluster(n("dw"), {
            clusterIdentifier: "dw",
            nodeType: "ra3.xlplus",
            encrypted: "true",
        });
    },
};
export default c;
