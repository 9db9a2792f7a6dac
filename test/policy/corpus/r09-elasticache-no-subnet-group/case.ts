import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r09-elasticache-no-subnet-group: elasticache-in-vpc on "cache". */
const c: Case = {
    class: "rules",
    rule: "elasticache-in-vpc",
    target: "cache",
    unsafe: (n) => {
        new aws.elasticache.ReplicationGroup(n("cache"), {
            description: "c",
            nodeType: "cache.t4g.micro",
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
        });
    },
    careful: (n) => {
        new aws.elasticache.ReplicationGroup(n("cache"), {
            description: "c",
            nodeType: "cache.t4g.micro",
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
            subnetGroupName: "private",
            securityGroupIds: ["sg-0aaaaaaaaaaaaaaa7"],
        });
    },
};
export default c;
