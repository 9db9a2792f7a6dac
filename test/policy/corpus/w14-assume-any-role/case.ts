import { Case } from "../case";
import { ACCOUNT, allow } from "../fixtures";

/** w14-assume-any-role: iam-no-privilege-escalation on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-privilege-escalation",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/*`);
    },
    careful: (n) => {
        allow(n("p"), "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/deployer`);
    },
};
export default c;
