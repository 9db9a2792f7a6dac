import { Case } from "../case";
import { trust } from "../fixtures";

/** r06-trust-everyone: iam-trust-policy-principals on "r". */
const c: Case = {
    class: "rules",
    rule: "iam-trust-policy-principals",
    target: "r",
    unsafe: (n) => {
        trust(n("r"), "*");
    },
    careful: (n) => {
        trust(n("r"), { Service: "lambda.amazonaws.com" });
    },
};
export default c;
