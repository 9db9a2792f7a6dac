import { Case } from "../case";
import { allow } from "../fixtures";

/** w04-action-double-q: iam-no-wildcard-actions on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "dynamodb:??*", "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    },
    careful: (n) => {
        allow(n("p"), "dynamodb:Get*", "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    },
};
export default c;
