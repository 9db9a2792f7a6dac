import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c12-all-traffic-halves-rules: no-open-ingress on "a". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "a",
    unsafe: (n) => {
        ["0.0.0.0/1", "128.0.0.0/1"].forEach(
            (cidr, i) =>
                new aws.ec2.SecurityGroupRule(n(i === 0 ? "a" : "b"), {
                    type: "ingress",
                    securityGroupId: "sg-0aaaaaaaaaaaaaaa3",
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    cidrBlocks: [cidr],
                }),
        );
    },
    careful: (n) => {
        ["10.0.0.0/8", "172.16.0.0/12"].forEach(
            (cidr, i) =>
                new aws.ec2.SecurityGroupRule(n(i === 0 ? "a" : "b"), {
                    type: "ingress",
                    securityGroupId: "sg-0aaaaaaaaaaaaaaa3",
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    cidrBlocks: [cidr],
                }),
        );
    },
};
export default c;
