import { Case } from "../case";
import { allow } from "../fixtures";

/** w01-action-q-star: iam-no-wildcard-actions on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-actions",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "s3:?*", "arn:aws:s3:::data/*");
    },
    careful: (n) => {
        allow(n("p"), ["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::data/*");
    },
};
export default c;
