import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r05-queue-unencrypted: encrypted-at-rest on "q". */
const c: Case = {
    class: "rules",
    rule: "encrypted-at-rest",
    target: "q",
    unsafe: (n) => {
        new aws.sqs.Queue(n("q"), {});
    },
    careful: (n) => {
        new aws.sqs.Queue(n("q"), { kmsMasterKeyId: "alias/aws/sqs" });
    },
};
export default c;
