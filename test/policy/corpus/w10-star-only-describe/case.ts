import { Case } from "../case";
import { allow } from "../fixtures";

/** w10-star-only-describe: iam-no-wildcard-resources on "p". */
const c: Case = {
    class: "1-wildcards",
    rule: "iam-no-wildcard-resources",
    target: "p",
    unsafe: (n) => {
        allow(n("p"), "ec2:*Network*", "*");
    },
    careful: (n) => {
        allow(n("p"), ["ec2:Describe*", "xray:PutTraceSegments"], "*");
    },
};
export default c;
