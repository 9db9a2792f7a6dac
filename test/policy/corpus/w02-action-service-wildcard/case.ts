import { Case } from "../case";
import { allow } from "../fixtures";

/** w02-action-service-wildcard: iam-no-wildcard-actions on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "*3:GetObject", "arn:aws:s3:::data/*");
    },
    careful: (n) => {
        allow(n("p"), "s3:GetObject", "arn:aws:s3:::data/*");
    },
};
export default c;
