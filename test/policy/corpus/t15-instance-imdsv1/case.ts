import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t15-instance-imdsv1: imds-v2-required on "vm". */
const c: Case = {
    class: "5-types",
    rule: "imds-v2-required",
    target: "vm",
    unsafe: (n) => {
        new aws.ec2.Instance(n("vm"), {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            subnetId: "subnet-0123456789abcdef0",
            metadataOptions: { httpTokens: "optional" },
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
