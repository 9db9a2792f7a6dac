import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c01-halves-one-rule: no-open-ingress on "sg". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"],
        });
    },
    careful: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["10.0.0.0/16", "203.0.113.0/24"],
        });
    },
};
export default c;
