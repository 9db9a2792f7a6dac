import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { network } from "../fixtures";

/** p05-efs-mount-default-sg: data-store-in-vpc on "mount" (the VPC's default security group). */
const c: Case = {
    class: "5-types",
    rule: "data-store-in-vpc",
    target: "mount",
    unsafe: (n) => {
        const { subnet } = network(n);
        const fs = new aws.efs.FileSystem(n("fs"), { encrypted: true });
        new aws.efs.MountTarget(n("mount"), { fileSystemId: fs.id, subnetId: subnet.id });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        const fs = new aws.efs.FileSystem(n("fs"), { encrypted: true });
        new aws.efs.MountTarget(n("mount"), {
            fileSystemId: fs.id,
            subnetId: subnet.id,
            securityGroups: [group.id],
        });
    },
};
export default c;
