import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r14-cache-no-tls: elasticache-transport on "cache". */
const c: Case = {
    class: "rules",
    rule: "elasticache-transport",
    target: "cache",
    unsafe: (n) => {
        new aws.elasticache.ReplicationGroup(n("cache"), {
            description: "c",
            nodeType: "cache.t4g.micro",
            engine: "valkey",
            transitEncryptionEnabled: false,
            authToken: "a-long-enough-token-0123456789",
        });
    },
    careful: (n) => {
        new aws.elasticache.ReplicationGroup(n("cache"), {
            description: "c",
            nodeType: "cache.t4g.micro",
            engine: "valkey",
            transitEncryptionEnabled: true,
            authToken: "a-long-enough-token-0123456789",
        });
    },
};
export default c;
