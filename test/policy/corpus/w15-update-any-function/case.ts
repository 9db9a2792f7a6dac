import { Case } from "../case";
import { ACCOUNT, allow } from "../fixtures";

/** w15-update-any-function: iam-no-privilege-escalation on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-privilege-escalation",
    target: "p",
    unsafe: (n) => {
        allow(
            n("p"),
            "lambda:UpdateFunctionCode",
            `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`,
        );
    },
    careful: (n) => {
        allow(
            n("p"),
            "lambda:UpdateFunctionCode",
            `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`,
        );
    },
};
export default c;
