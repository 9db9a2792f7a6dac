import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** r16-sfn-no-logs: sfn-logging on "machine". */
const c: Case = {
    class: "rules",
    rule: "sfn-logging",
    target: "machine",
    unsafe: (n) => {
        new aws.sfn.StateMachine(n("machine"), { roleArn: ROLE_ARN, definition: "{}" });
    },
    careful: (n) => {
        new aws.sfn.StateMachine(n("machine"), {
            roleArn: ROLE_ARN,
            definition: "{}",
            loggingConfiguration: {
                level: "ALL",
                includeExecutionData: false,
                logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/machine:*",
            },
        });
    },
};
export default c;
