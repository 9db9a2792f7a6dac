import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { network } from "../fixtures";

/** t24-mysql-no-tls: database-tls-required on "db" (MySQL's default accepts plaintext clients). */
function db(n: (name: string) => string, requireTls: boolean): void {
    const { subnet, group } = network(n);
    const subnets = new aws.rds.SubnetGroup(n("subnets"), { subnetIds: [subnet.id] });
    const params = requireTls
        ? new aws.rds.ParameterGroup(n("params"), {
              family: "mysql8.0",
              parameters: [{ name: "require_secure_transport", value: "ON" }],
          })
        : undefined;
    new aws.rds.Instance(n("db"), {
        instanceClass: "db.t4g.micro",
        engine: "mysql",
        allocatedStorage: 20,
        storageEncrypted: true,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [group.id],
        parameterGroupName: params?.name,
    });
}

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "db",
    unsafe: (n) => db(n, false),
    careful: (n) => db(n, true),
};
export default c;
