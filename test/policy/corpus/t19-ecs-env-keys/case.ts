import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t19-ecs-env-keys: no-aws-keys-in-env on "task". */
const c: Case = {
    class: "5-types",
    rule: "no-aws-keys-in-env",
    target: "task",
    unsafe: (n) => {
        new aws.ecs.TaskDefinition(n("task"), {
            family: "app",
            containerDefinitions: JSON.stringify([
                {
                    name: "app",
                    image: "app",
                    environment: [{ name: "UPLOAD_KEY", value: "ASIAABCDEFGHIJKLMNOP" }],
                },
            ]),
        });
    },
    careful: (n) => {
        new aws.ecs.TaskDefinition(n("task"), {
            family: "app",
            containerDefinitions: JSON.stringify([
                { name: "app", image: "app", environment: [{ name: "MODE", value: "prod" }] },
            ]),
        });
    },
};
export default c;
