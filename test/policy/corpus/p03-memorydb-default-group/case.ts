import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { network } from "../fixtures";

/** p03-memorydb-default-group: data-store-in-vpc on "cache" (subnet group "default"). */
const cache = (name: string, args: Partial<aws.memorydb.ClusterArgs>) =>
    new aws.memorydb.Cluster(name, {
        aclName: "app-users",
        nodeType: "db.t4g.small",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        ...args,
    });

const c: Case = {
    class: "5-types",
    rule: "data-store-in-vpc",
    target: "cache",
    unsafe: (n) => {
        const { group } = network(n);
        cache(n("cache"), { subnetGroupName: "default", securityGroupIds: [group.id] });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        const subnets = new aws.memorydb.SubnetGroup(n("subnets"), { subnetIds: [subnet.id] });
        cache(n("cache"), { subnetGroupName: subnets.name, securityGroupIds: [group.id] });
    },
};
export default c;
