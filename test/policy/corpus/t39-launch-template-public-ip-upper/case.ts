import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t39-launch-template-public-ip-upper: no-public-ip on "lt" ("TRUE" asks for a public IP). */
const template = (name: string, associatePublicIpAddress: string) =>
    new aws.ec2.LaunchTemplate(name, {
        imageId: "ami-0123456789abcdef0",
        instanceType: "t3.micro",
        metadataOptions: { httpTokens: "required" },
        networkInterfaces: [{ associatePublicIpAddress, subnetId: "subnet-0123456789abcdef0" }],
    });

const c: Case = {
    class: "5-types",
    rule: "no-public-ip",
    target: "lt",
    unsafe: (n) => {
        template(n("lt"), "TRUE");
    },
    careful: (n) => {
        template(n("lt"), "FALSE");
    },
};
export default c;
