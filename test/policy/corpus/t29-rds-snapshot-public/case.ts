import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t29-rds-snapshot-public: snapshots-not-public on "snapshot" (shared with every account). */
const snapshot = (name: string, sharedAccounts: string[]) =>
    new aws.rds.Snapshot(name, {
        dbInstanceIdentifier: "orders",
        dbSnapshotIdentifier: "orders-before-migration",
        sharedAccounts,
    });

const c: Case = {
    class: "5-types",
    rule: "snapshots-not-public",
    target: "snapshot",
    unsafe: (n) => {
        snapshot(n("snapshot"), ["all"]);
    },
    careful: (n) => {
        snapshot(n("snapshot"), ["210987654321"]);
    },
};
export default c;
