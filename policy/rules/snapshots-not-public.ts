/**
 * `snapshots-not-public`: no database snapshot or machine image is shared with every AWS account.
 * A snapshot shared with `all` is a full copy of the database that anyone can restore, whatever
 * protects the database itself; an AMI launchable by `all` publishes its disks.
 *
 * - aws.rds.Snapshot, aws.rds.SnapshotCopy, aws.rds.ClusterSnapshot: `sharedAccounts` holds no
 *   `"all"` (name the accounts).
 * - aws.ec2.AmiLaunchPermission: `group` is not `"all"` (name an account, organization or
 *   organizational unit).
 */
import { isUnknown, resourceRule } from "../lib/rule";
import { listAt } from "../lib/network";

const SNAPSHOTS = [
    "aws:rds/snapshot:Snapshot",
    "aws:rds/snapshotCopy:SnapshotCopy",
    "aws:rds/clusterSnapshot:ClusterSnapshot",
];
const AMI_PERMISSION = "aws:ec2/amiLaunchPermission:AmiLaunchPermission";

const isAll = (v: unknown) => typeof v === "string" && v.trim().toLowerCase() === "all";

/** Database snapshots and AMIs are never shared with every AWS account. */
export const rule = resourceRule({
    name: "snapshots-not-public",
    description:
        'Database snapshots and machine images must not be shared with every AWS account ("all").',
    unknowns:
        "An unknown sharedAccounts list or entry, or AMI permission group, is a violation (pass plain account ids).",
    types: [...SNAPSHOTS, AMI_PERMISSION],
    check: ({ type, props }) => {
        if (type === AMI_PERMISSION) {
            if (isUnknown(props.group)) {
                return ["group is unknown during preview: leave it out and name accountId."];
            }
            return isAll(props.group)
                ? [
                      'group is "all", so every AWS account can launch the image and read its disks: name accountId, organizationArn or organizationalUnitArn instead.',
                  ]
                : [];
        }
        const shared = props.sharedAccounts;
        if (isUnknown(shared) || listAt(shared).some(isUnknown)) {
            return [
                "sharedAccounts is unknown during preview: pass the account ids as plain strings.",
            ];
        }
        return listAt(shared).some(isAll)
            ? [
                  'sharedAccounts holds "all", so every AWS account can restore a copy of the database: name the accounts that need it.',
              ]
            : [];
    },
});
