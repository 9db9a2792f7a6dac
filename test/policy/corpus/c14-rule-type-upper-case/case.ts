import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c14-rule-type-upper-case: no-open-ingress on "ssh" ("INGRESS" is ingress, however spelled). */
const rule = (n: (name: string) => string, cidr: string) => {
    const group = new aws.ec2.SecurityGroup(n("sg"), {
        vpcId: "vpc-0123456789abcdef0",
        description: "bastion",
    });
    new aws.ec2.SecurityGroupRule(n("ssh"), {
        type: "INGRESS",
        securityGroupId: group.id,
        protocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrBlocks: [cidr],
    });
};

const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "ssh",
    unsafe: (n) => rule(n, "0.0.0.0/0"),
    careful: (n) => rule(n, "10.20.0.0/16"),
};
export default c;
