import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, network } from "../fixtures";

/** u05-cidr-from-apply: no-open-ingress on "rule". */
const c: Case = {
    class: "3-unknowns",
    rule: "no-open-ingress",
    target: "rule",
    unsafe: (n) => {
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: "sg-0aaaaaaaaaaaaaaa4",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: [fromQueue(n("q"), "0.0.0.0/0")],
        });
    },
    careful: (n) => {
        const { vpc } = network(n);
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: "sg-0aaaaaaaaaaaaaaa4",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: [vpc.cidrBlock],
        });
    },
};
export default c;
