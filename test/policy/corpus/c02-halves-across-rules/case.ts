import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c02-halves-across-rules: no-open-ingress on "rule". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "rule",
    unsafe: (n) => {
        const g = ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ["0.0.0.0/1"],
        });
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: g.id,
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ["128.0.0.0/1"],
        });
    },
    careful: (n) => {
        const g = ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ["10.0.0.0/9"],
        });
        new aws.ec2.SecurityGroupRule(n("rule"), {
            type: "ingress",
            securityGroupId: g.id,
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ["10.128.0.0/9"],
        });
    },
};
export default c;
