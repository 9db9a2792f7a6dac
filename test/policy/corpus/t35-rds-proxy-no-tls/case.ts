import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t35-rds-proxy-no-tls: database-tls-required on "proxy" (requireTls left false). */
const proxy = (name: string, requireTls?: boolean) =>
    new aws.rds.Proxy(name, {
        engineFamily: "POSTGRESQL",
        roleArn: "arn:aws:iam::123456789012:role/rds-proxy",
        vpcSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
        auths: [
            {
                authScheme: "SECRETS",
                iamAuth: "REQUIRED",
                secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            },
        ],
        requireTls,
    });

const c: Case = {
    class: "5-types",
    rule: "database-tls-required",
    target: "proxy",
    unsafe: (n) => {
        proxy(n("proxy"));
    },
    careful: (n) => {
        proxy(n("proxy"), true);
    },
};
export default c;
