import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c09-single-eighth: no-open-ingress on "sg". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 3389,
            toPort: 3389,
            cidrBlocks: ["64.0.0.0/3"],
        });
    },
    careful: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 3389,
            toPort: 3389,
            cidrBlocks: ["198.51.100.0/24"],
        });
    },
};
export default c;
