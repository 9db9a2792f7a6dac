import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ingressGroup } from "../fixtures";

/** c06-prefix-list-open: no-open-ingress on "sg". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "sg",
    unsafe: (n) => {
        const pl = new aws.ec2.ManagedPrefixList(n("pl"), {
            addressFamily: "IPv4",
            maxEntries: 2,
            entries: [{ cidr: "0.0.0.0/0" }],
        });
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            prefixListIds: [pl.id],
        });
    },
    careful: (n) => {
        const pl = new aws.ec2.ManagedPrefixList(n("pl"), {
            addressFamily: "IPv4",
            maxEntries: 2,
            entries: [{ cidr: "203.0.113.0/24" }],
        });
        ingressGroup(n("sg"), {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            prefixListIds: [pl.id],
        });
    },
};
export default c;
