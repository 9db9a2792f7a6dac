import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** r12-log-never-expires: log-retention on "logs". */
const c: Case = {
    class: "rules",
    rule: "log-retention",
    target: "logs",
    unsafe: (n) => {
        new aws.cloudwatch.LogGroup(n("logs"), { retentionInDays: 0 });
    },
    careful: (n) => {
        new aws.cloudwatch.LogGroup(n("logs"), { retentionInDays: 365 });
    },
};
export default c;
