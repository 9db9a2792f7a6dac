import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r10-ecr-mutable-tags: ecr-immutable-tags on "repo". */
const c: Case = {
    class: "rules",
    rule: "ecr-immutable-tags",
    target: "repo",
    unsafe: (n) => {
        new aws.ecr.Repository(n("repo"), {
            imageTagMutability: "MUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
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
