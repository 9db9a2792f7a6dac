import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t03-efs-plain: encrypted-at-rest on "fs". */
const c: Case = {
    class: "5-types",
    rule: "encrypted-at-rest",
    target: "fs",
    unsafe: (n) => {
        new aws.efs.FileSystem(n("fs"), {});
    },
    careful: (n) => {
        new aws.efs.FileSystem(n("fs"), { encrypted: true });
    },
};
export default c;
