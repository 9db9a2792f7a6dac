import { isUnknown, resourceRule } from "../lib/rule";
import { objectAt } from "../lib/network";

/**
 * EC2 instances and launch templates require IMDSv2 session tokens (`metadataOptions.httpTokens
 * "required"`), or turn the metadata endpoint off: with IMDSv1 a server-side request forgery in
 * any process on the host reads the instance role's credentials.
 */
export const rule = resourceRule({
    name: "imds-v2-required",
    description:
        'EC2 instances and launch templates must require IMDSv2 (metadataOptions.httpTokens "required") or disable the metadata endpoint.',
    nearest: {
        cdkNag: ["AwsSolutions-EC29", "NIST.800.53.R5-EC2IMDSv2Enabled"],
        checkov: ["CKV_AWS_79", "CKV_AWS_341"],
    },
    types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ props }) => {
        if (isUnknown(props.metadataOptions)) {
            return ["metadataOptions is unknown during preview: pass it as a plain object."];
        }
        const m = objectAt(props.metadataOptions);
        if (m?.httpEndpoint === "disabled") return [];
        if (isUnknown(m?.httpTokens)) {
            return [
                'metadataOptions.httpTokens is unknown during preview: pass a plain "required".',
            ];
        }
        if (m?.httpTokens === "required") return [];
        const got = m?.httpTokens === undefined ? "not set" : `"${String(m.httpTokens)}"`;
        return [
            `metadataOptions.httpTokens is ${got}, so IMDSv1 hands the instance role's credentials to any request forgery on the host: set metadataOptions { httpTokens: "required" }.`,
        ];
    },
});
