import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, network } from "../fixtures";

/** u07-instance-subnet-from-apply: unknown-values-proven on "vm". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "vm",
    unsafe: (n) => {
        new aws.ec2.Instance(n("vm"), {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            subnetId: fromQueue(n("q"), ""),
            metadataOptions: { httpTokens: "required" },
        });
    },
    careful: (n) => {
        const { subnet } = network(n);
        new aws.ec2.Instance(n("vm"), {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            subnetId: subnet.id,
            metadataOptions: { httpTokens: "required" },
        });
    },
};
export default c;
