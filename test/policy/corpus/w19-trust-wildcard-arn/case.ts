import { Case } from "../case";
import { ACCOUNT, trust } from "../fixtures";

/** w19-trust-wildcard-arn: iam-trust-policy-principals on "r". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-trust-policy-principals",
    target: "r",
    unsafe: (n) => {
        trust(n("r"), { AWS: "arn:aws:iam::*:root" });
    },
    careful: (n) => {
        trust(n("r"), { AWS: `arn:aws:iam::${ACCOUNT}:root` });
    },
};
export default c;
