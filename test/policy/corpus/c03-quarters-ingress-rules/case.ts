import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c03-quarters-ingress-rules: no-open-ingress on "r4". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "r4",
    unsafe: (n) => {
        const g = new aws.ec2.SecurityGroup(n("sg"), {
            vpcId: "vpc-0123456789abcdef0",
            description: "db",
        });
        ["8.0.0.0/9", "8.128.0.0/9"].forEach(
            (cidr, i) =>
                new aws.vpc.SecurityGroupIngressRule(n(`r${i + 3}`), {
                    securityGroupId: g.id,
                    ipProtocol: "tcp",
                    fromPort: 3306,
                    toPort: 3306,
                    cidrIpv4: cidr,
                }),
        );
    },
    careful: (n) => {
        const g = new aws.ec2.SecurityGroup(n("sg"), {
            vpcId: "vpc-0123456789abcdef0",
            description: "db",
        });
        ["203.0.113.0/24", "198.51.100.0/24"].forEach(
            (cidr, i) =>
                new aws.vpc.SecurityGroupIngressRule(n(`r${i + 3}`), {
                    securityGroupId: g.id,
                    ipProtocol: "tcp",
                    fromPort: 3306,
                    toPort: 3306,
                    cidrIpv4: cidr,
                }),
        );
    },
};
export default c;
