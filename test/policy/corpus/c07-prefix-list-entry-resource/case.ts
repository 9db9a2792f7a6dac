import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** c07-prefix-list-entry-resource: no-open-ingress on "rule". */
const c: Case = {
    class: "2-cidr",
    rule: "no-open-ingress",
    target: "rule",
    unsafe: (n) => {
        const pl = new aws.ec2.ManagedPrefixList(n("pl"), { addressFamily: "IPv4", maxEntries: 4 });
        new aws.ec2.ManagedPrefixListEntry(n("e1"), { prefixListId: pl.id, cidr: "0.0.0.0/1" });
        new aws.ec2.ManagedPrefixListEntry(n("e2"), { prefixListId: pl.id, cidr: "128.0.0.0/1" });
        new aws.vpc.SecurityGroupIngressRule(n("rule"), {
            securityGroupId: "sg-0aaaaaaaaaaaaaaa1",
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            prefixListId: pl.id,
        });
    },
    careful: (n) => {
        const pl = new aws.ec2.ManagedPrefixList(n("pl"), { addressFamily: "IPv4", maxEntries: 4 });
        new aws.ec2.ManagedPrefixListEntry(n("e1"), {
            prefixListId: pl.id,
            cidr: "203.0.113.0/24",
        });
        new aws.vpc.SecurityGroupIngressRule(n("rule"), {
            securityGroupId: "sg-0aaaaaaaaaaaaaaa1",
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            prefixListId: pl.id,
        });
    },
};
export default c;
