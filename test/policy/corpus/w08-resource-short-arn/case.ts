import { Case } from "../case";
import { allow } from "../fixtures";

/** w08-resource-short-arn: iam-no-wildcard-resources on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-resources",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "sqs:SendMessage", "arn:*");
    },
    careful: (n) => {
        allow(n("p"), "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs");
    },
};
export default c;
