import { Case } from "../case";
import { allow } from "../fixtures";

/** w09-resource-every-table: iam-no-wildcard-resources on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-resources",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "dynamodb:GetItem", "arn:aws:dynamodb:*:????????????:table/*");
    },
    careful: (n) => {
        allow(n("p"), "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    },
};
export default c;
