import { documentsOf, ParsedDocument, typesWithDocuments } from "../lib/iam";
import { resourceRule } from "../lib/rule";

/** What to do about a whole document that is unknown during preview, by where it is. */
function unknownDocumentAdvice(doc: ParsedDocument): string {
    const { acceptsObject, objectAlternative } = doc.location;
    if (acceptsObject) {
        return "pass an aws.iam.PolicyDocument object instead of a string, so its statements can be read; only Resource, principal ARNs and condition values may be outputs.";
    }
    const alternative = objectAlternative
        ? `use ${objectAlternative}, whose policy takes an aws.iam.PolicyDocument object, or `
        : "";
    return `${alternative}build the JSON only from values known during preview (account and partition from aws.getCallerIdentity/getPartition, ARNs written from known names).`;
}

function findings(doc: ParsedDocument): string[] {
    const out = doc.malformed.map(
        (m) => `${doc.path} ${m}: write a valid IAM policy document (fix or remove the property).`,
    );
    if (doc.unknownParts.includes("")) {
        out.push(
            `${doc.path} is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): ${unknownDocumentAdvice(doc)}`,
        );
    } else if (doc.unknownParts.length > 0) {
        const parts = doc.unknownParts.join(", ");
        const verb = doc.unknownParts.length === 1 ? "is" : "are";
        out.push(
            `${doc.path} ${parts} ${verb} unknown during preview: write Effect, Action, Principal and Condition keys as literals; only Resource, principal ARNs and condition values may be outputs of other resources.`,
        );
    }
    return out;
}

/**
 * Fail closed: an IAM document the pack cannot read during preview could hide any grant, so it
 * blocks. This is the one rule that reports unreadable documents (once each); the other IAM rules
 * skip what they cannot read.
 */
export const rule = resourceRule({
    name: "iam-document-known",
    unknowns: "Any unknown document, Effect, Action, Principal or Condition key is a violation.",
    description:
        "IAM policy documents must be readable during preview (known, valid JSON or PolicyDocument objects) so least-privilege rules can check them.",
    types: typesWithDocuments("identity", "trust", "resource"),
    check: ({ type, props }) => documentsOf(type, props).flatMap(findings),
});
