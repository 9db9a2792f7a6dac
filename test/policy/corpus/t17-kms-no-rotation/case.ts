import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t17-kms-no-rotation: kms-key-rotation on "key". */
const c: Case = {
    class: "5-types",
    rule: "kms-key-rotation",
    target: "key",
    unsafe: (n) => {
        new aws.kms.Key(n("key"), { description: "data" });
    },
    careful: (n) => {
        new aws.kms.Key(n("key"), { description: "data", enableKeyRotation: true });
    },
};
export default c;
