import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { network } from "../fixtures";

/** p04-redshift-no-subnet-group: data-store-in-vpc on "warehouse". */
const warehouse = (name: string, args: Partial<aws.redshift.ClusterArgs>) =>
    new aws.redshift.Cluster(name, {
        clusterIdentifier: "warehouse",
        nodeType: "ra3.large",
        encrypted: "true",
        publiclyAccessible: false,
        ...args,
    });

const c: Case = {
    class: "5-types",
    rule: "data-store-in-vpc",
    target: "warehouse",
    unsafe: (n) => {
        const { group } = network(n);
        warehouse(n("warehouse"), { vpcSecurityGroupIds: [group.id] });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        const subnets = new aws.redshift.SubnetGroup(n("subnets"), { subnetIds: [subnet.id] });
        warehouse(n("warehouse"), {
            clusterSubnetGroupName: subnets.name,
            vpcSecurityGroupIds: [group.id],
        });
    },
};
export default c;
