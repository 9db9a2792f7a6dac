import { Case } from "../case";
import { ACCOUNT, allow } from "../fixtures";

/** w12-passrole-role-q-star: iam-no-privilege-escalation on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-privilege-escalation",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "iam:Pass?ole", `arn:aws:iam::${ACCOUNT}:role/?*`);
    },
    careful: (n) => {
        allow(n("p"), "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/app/*`);
    },
};
export default c;
