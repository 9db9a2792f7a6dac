import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c05-ipv6-global-unicast: no-open-ingress on "sg". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        ingressGroup(n("sg"), {
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            ipv6CidrBlocks: ["2000::/3"],
        });
    },
    careful: (n) => {
        ingressGroup(n("sg"), {
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            ipv6CidrBlocks: ["fd00::/8"],
        });
    },
};
export default c;
