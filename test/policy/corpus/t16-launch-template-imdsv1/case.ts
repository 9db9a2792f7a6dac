import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t16-launch-template-imdsv1: imds-v2-required on "lt". */
const c: Case = {
    class: "5-types",
    rule: "imds-v2-required",
    target: "lt",
    unsafe: (n) => {
        new aws.ec2.LaunchTemplate(n("lt"), { imageId: "ami-0123456789abcdef0" });
    },
    careful: (n) => {
        new aws.ec2.LaunchTemplate(n("lt"), {
            imageId: "ami-0123456789abcdef0",
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        });
    },
};
export default c;
