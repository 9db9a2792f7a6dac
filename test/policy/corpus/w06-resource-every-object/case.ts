import { Case } from "../case";
import { allow } from "../fixtures";

/** w06-resource-every-object: iam-no-wildcard-resources on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-resources",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "s3:GetObject", "arn:aws:s3:::?*/*");
    },
    careful: (n) => {
        allow(n("p"), "s3:GetObject", "arn:aws:s3:::data/*");
    },
};
export default c;
