import { isUnknown, resourceRule } from "../lib/rule";

/**
 * Symmetric KMS keys rotate their key material yearly (`enableKeyRotation: true`). Asymmetric and
 * HMAC keys cannot rotate automatically and are not judged.
 */
export const rule = resourceRule({
    name: "kms-key-rotation",
    description: "Symmetric KMS keys must enable automatic key rotation.",
    nearest: {
        awsguard: ["cmk-backing-key-rotation-enabled"],
        cdkNag: ["AwsSolutions-KMS5"],
        checkov: ["CKV_AWS_7"],
    },
    types: ["aws:kms/key:Key"],
    check: ({ props }) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec;
        if (isUnknown(spec) || isUnknown(props.keyUsage)) {
            return [
                "customerMasterKeySpec or keyUsage is unknown during preview: pass plain values.",
            ];
        }
        const symmetric =
            (spec === undefined || spec === "SYMMETRIC_DEFAULT") &&
            (props.keyUsage === undefined || props.keyUsage === "ENCRYPT_DECRYPT");
        if (!symmetric) return [];
        if (isUnknown(props.enableKeyRotation)) {
            return ["enableKeyRotation is unknown during preview: pass a plain true."];
        }
        return props.enableKeyRotation === true
            ? []
            : [
                  `enableKeyRotation is ${props.enableKeyRotation === undefined ? "not set" : JSON.stringify(props.enableKeyRotation)}: set it true so the key material rotates every year.`,
              ];
    },
});
