/**
 * `ecr-immutable-tags` (advisory; mandatory in the prod config): ECR repositories refuse to move a
 * tag, so a tag always names the image that was scanned, signed and deployed.
 * "IMMUTABLE_WITH_EXCLUSION" leaves the tags that match its filters mutable; it passes only with
 * `allowExclusions` (for a repository that publishes a moving `latest`, say).
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** ECR image tags are immutable. */
export const rule = resourceRule({
    name: "ecr-immutable-tags",
    description: "ECR repositories must make image tags immutable (imageTagMutability IMMUTABLE).",
    enforcementLevel: "advisory",
    nearest: {
        checkov: ["CKV_AWS_51"],
    },
    config: {
        allowExclusions: {
            type: "boolean",
            default: false,
            description:
                'Accept "IMMUTABLE_WITH_EXCLUSION" (tags matching imageTagMutabilityExclusionFilters stay mutable).',
        },
    },
    types: ["aws:ecr/repository:Repository"],
    check: ({ props }, config) => {
        const mutability = props.imageTagMutability;
        const accepted =
            config.allowExclusions === true
                ? ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]
                : ["IMMUTABLE"];
        if (isUnknown(mutability)) {
            return ['imageTagMutability is unknown during preview: pass a plain "IMMUTABLE".'];
        }
        if (typeof mutability === "string" && accepted.includes(mutability)) return [];
        if (mutability === "IMMUTABLE_WITH_EXCLUSION") {
            return [
                'imageTagMutability is "IMMUTABLE_WITH_EXCLUSION": tags matching imageTagMutabilityExclusionFilters can still be moved; set "IMMUTABLE", or allow exclusions with this rule\'s allowExclusions config.',
            ];
        }
        return [
            `imageTagMutability is ${mutability === undefined || mutability === null ? "missing (MUTABLE)" : JSON.stringify(mutability)}: set "IMMUTABLE" so a tag always names the image that was scanned and deployed.`,
        ];
    },
});
