import { Case } from "../case";
import { ACCOUNT, allow } from "../fixtures";

/** w13-put-policy-star: iam-no-privilege-escalation on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-privilege-escalation",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "iam:Put*", "*");
    },
    careful: (n) => {
        allow(n("p"), "iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/app-worker`);
    },
};
export default c;
