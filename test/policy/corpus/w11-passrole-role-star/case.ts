import { Case } from "../case";
import { ACCOUNT, allow } from "../fixtures";

/** w11-passrole-role-star: iam-no-privilege-escalation on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-privilege-escalation",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/*`);
    },
    careful: (n) => {
        allow(n("p"), "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/app-worker`);
    },
};
export default c;
