import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { network } from "../fixtures";

/** p01-rds-default-vpc: data-store-in-vpc on "db" (no subnet group: the default VPC). */
const db = (name: string, args: Partial<aws.rds.InstanceArgs>) =>
    new aws.rds.Instance(name, {
        instanceClass: "db.t4g.micro",
        engine: "postgres",
        allocatedStorage: 20,
        storageEncrypted: true,
        publiclyAccessible: false,
        ...args,
    });

const c: Case = {
    class: "5-types",
    rule: "data-store-in-vpc",
    target: "db",
    unsafe: (n) => {
        db(n("db"), {});
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        const subnets = new aws.rds.SubnetGroup(n("subnets"), { subnetIds: [subnet.id] });
        db(n("db"), { dbSubnetGroupName: subnets.name, vpcSecurityGroupIds: [group.id] });
    },
};
export default c;
