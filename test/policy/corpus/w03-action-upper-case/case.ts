import { Case } from "../case";
import { allow } from "../fixtures";

/** w03-action-upper-case: iam-no-wildcard-actions on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "SQS:*", "arn:aws:sqs:us-east-1:123456789012:jobs");
    },
    careful: (n) => {
        allow(n("p"), "SQS:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs");
    },
};
export default c;
