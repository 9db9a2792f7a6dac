import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue } from "../fixtures";

/**
 * u10-ingress-mixed-entries: no-open-ingress on "sg". The VPC named by one inline entry must not
 * vouch for a CIDR computed from a queue in the next: dependencies are per top-level input.
 */
const c: Case = {
    class: "3-unknowns",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        const vpc = new aws.ec2.Vpc(n("vpc"), { cidrBlock: "10.0.0.0/16" });
        new aws.ec2.SecurityGroup(n("sg"), {
            vpcId: vpc.id,
            description: "db",
            ingress: [
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [vpc.cidrBlock] },
                {
                    protocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: [fromQueue(n("q"), "0.0.0.0/0")],
                },
            ],
        });
    },
    careful: (n) => {
        const vpc = new aws.ec2.Vpc(n("vpc"), { cidrBlock: "10.0.0.0/16" });
        new aws.ec2.SecurityGroup(n("sg"), {
            vpcId: vpc.id,
            description: "db",
            ingress: [
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [vpc.cidrBlock] },
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [vpc.cidrBlock] },
            ],
        });
    },
};
export default c;
