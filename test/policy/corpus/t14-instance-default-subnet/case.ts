import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t14-instance-default-subnet: no-public-ip on "vm". */
const c: Case = {
    class: "5-types",
    rule: "no-public-ip",
    target: "vm",
    unsafe: (n) => {
        new aws.ec2.Instance(n("vm"), {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            metadataOptions: { httpTokens: "required" },
        });
    },
    careful: (n) => {
        new aws.ec2.Instance(n("vm"), {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            subnetId: "subnet-0123456789abcdef0",
            metadataOptions: { httpTokens: "required" },
        });
    },
};
export default c;
