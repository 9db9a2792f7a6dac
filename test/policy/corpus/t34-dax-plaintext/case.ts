import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t34-dax-plaintext: database-tls-required on "dax" (endpoint encryption left at NONE). */
export const dax = (name: string, clusterEndpointEncryptionType?: string, sse = true) =>
    new aws.dax.Cluster(name, {
        clusterName: name.slice(-20),
        iamRoleArn: "arn:aws:iam::123456789012:role/dax",
        nodeType: "dax.t3.small",
        replicationFactor: 1,
        subnetGroupName: "dax-private",
        securityGroupIds: ["sg-0123456789abcdef0"],
        serverSideEncryption: { enabled: sse },
        clusterEndpointEncryptionType,
    });

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "dax",
    unsafe: (n) => {
        dax(n("dax"));
    },
    careful: (n) => {
        dax(n("dax"), "TLS");
    },
};
export default c;
