import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c08-undeclared-prefix-list: no-open-ingress on "rule". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "rule",
    unsafe: (n) => {
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: "sg-0aaaaaaaaaaaaaaa2",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            prefixListIds: ["pl-0123456789abcdef0"],
        });
    },
    careful: (n) => {
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: "sg-0aaaaaaaaaaaaaaa2",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["10.0.0.0/16"],
        });
    },
};
export default c;
