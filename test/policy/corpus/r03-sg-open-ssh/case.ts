import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** r03-sg-open-ssh: no-open-ingress on "sg". */
const c: Case = {
    class: "rules",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["0.0.0.0/0"],
        });
    },
    careful: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["10.0.0.0/16"],
        });
    },
};
export default c;
