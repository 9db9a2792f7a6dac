import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c04-ipv6-halves: no-open-ingress on "sg". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 6379,
            toPort: 6379,
            ipv6CidrBlocks: ["::/1", "8000::/1"],
        });
    },
    careful: (n) => {
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 6379,
            toPort: 6379,
            ipv6CidrBlocks: ["2600:1f18:abcd::/48"],
        });
    },
};
export default c;
