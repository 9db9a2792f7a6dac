import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r11-ecr-no-scan: ecr-scan-on-push on "repo". */
const c: Case = {
    class: "rules",
    rule: "ecr-scan-on-push",
    target: "repo",
    unsafe: (n) => {
        new aws.ecr.Repository(n("repo"), {
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: false },
        });
    },
    careful: (n) => {
        new aws.ecr.Repository(n("repo"), {
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
        });
    },
};
export default c;
