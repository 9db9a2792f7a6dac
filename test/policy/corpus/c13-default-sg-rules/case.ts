import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c13-default-sg-rules: default-sg-closed on "default". */
const c: Case = {
    class: "2-cidr",
    rule: "default-sg-closed",
    target: "default",
    unsafe: (n) => {
        new aws.ec2.DefaultSecurityGroup(n("default"), {
            vpcId: "vpc-0123456789abcdef1",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
            egress: [],
        });
    },
    careful: (n) => {
        new aws.ec2.DefaultSecurityGroup(n("default"), {
            vpcId: "vpc-0123456789abcdef1",
            ingress: [],
            egress: [],
        });
    },
};
export default c;
