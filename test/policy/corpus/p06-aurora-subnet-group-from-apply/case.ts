import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, network } from "../fixtures";

/** p06-aurora-subnet-group-from-apply: data-store-in-vpc on "aurora" (it could be "default"). */
const aurora = (name: string, args: Partial<aws.rds.ClusterArgs>) =>
    new aws.rds.Cluster(name, { engine: "aurora-postgresql", storageEncrypted: true, ...args });

const c: Case = {
    class: "3-unknowns",
    rule: "data-store-in-vpc",
    target: "aurora",
    unsafe: (n) => {
        const { group } = network(n);
        aurora(n("aurora"), {
            dbSubnetGroupName: fromQueue(n("q"), "default"),
            vpcSecurityGroupIds: [group.id],
        });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        const subnets = new aws.rds.SubnetGroup(n("subnets"), { subnetIds: [subnet.id] });
        aurora(n("aurora"), { dbSubnetGroupName: subnets.name, vpcSecurityGroupIds: [group.id] });
    },
};
export default c;
