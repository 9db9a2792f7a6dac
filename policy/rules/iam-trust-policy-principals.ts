import {
    allowStatements,
    documentsOf,
    isPublicPrincipal,
    principalLabel,
    restrictedKeys,
    Statement,
} from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";

const ROLE = "aws:iam/role:Role";

/**
 * A federated principal: an OIDC provider ARN (`...:oidc-provider/<host>`) or web identity
 * provider (`cognito-identity.amazonaws.com`, `accounts.google.com`) must pin `<host>:sub` and
 * `<host>:aud`; a SAML provider must pin `SAML:aud`. Anyone holding a token from the issuer could
 * otherwise assume the role (for GitHub, any repository's workflow).
 */
function federatedFinding(
    where: string,
    provider: string,
    statement: Statement,
): string | undefined {
    const keys = restrictedKeys(statement);
    if (!statement.conditionsReadable) return undefined; // iam-document-known reports it
    if (isUnknown(provider)) {
        const hosts = [...keys].filter((k) => k.endsWith(":sub")).map((k) => k.slice(0, -4));
        if (hosts.some((h) => keys.has(`${h}:aud`))) return undefined;
        return `${where} trusts a federated provider created by the program without conditions on both <provider>:sub and <provider>:aud: add StringEquals (or StringLike) tests on the token's subject and audience.`;
    }
    if (/:saml-provider\//.test(provider)) {
        if (keys.has("saml:aud")) return undefined;
        return `${where} trusts the SAML provider "${provider}" without a SAML:aud condition: add StringEquals { "SAML:aud": "https://signin.aws.amazon.com/saml" }.`;
    }
    const oidc = /:oidc-provider\/(.+)$/.exec(provider);
    const host = oidc ? oidc[1] : provider;
    const missing = [`${host}:sub`, `${host}:aud`].filter((k) => !keys.has(k.toLowerCase()));
    if (missing.length === 0) return undefined;
    return `${where} trusts the OIDC provider ${host} without a condition on ${missing.join(" and ")}: pin the token's subject (for example the repository and branch) and audience with StringEquals or StringLike.`;
}

/**
 * A role's trust policy names who assumes it: a service, an account or role ARN, or a federated
 * provider with subject and audience conditions. Never everyone (`*`, `{ AWS: "*" }`), even with
 * conditions, and never NotPrincipal with Allow (everyone but a list). Deny statements only narrow.
 */
export const rule = resourceRule({
    name: "iam-trust-policy-principals",
    unknowns:
        "A federated provider created by the program must still carry sub and aud conditions; unknown principals are judged by unknown-values-proven.",
    description:
        "Role trust policies must name a service, an account or role, or a federated provider with sub and aud conditions; never everyone.",
    nearest: { checkov: ["CKV_AWS_60", "CKV_AWS_358"] },
    types: [ROLE],
    check: ({ type, props }) => {
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props, ["trust"]))) {
            const where = `${doc.path} ${statement.label}`;
            if (statement.notPrincipals !== undefined) {
                problems.push(
                    `${where} uses NotPrincipal with Allow (everyone but those listed may assume the role): name the principals in Principal.`,
                );
            }
            for (const p of statement.principals ?? []) {
                if (isPublicPrincipal(p)) {
                    problems.push(
                        `${where} trusts ${principalLabel(p)} (anyone): name the service, account or role ARN that assumes the role.`,
                    );
                } else if (p.type === "Federated") {
                    const finding = federatedFinding(where, p.value, statement);
                    if (finding !== undefined) problems.push(finding);
                }
            }
        }
        return problems;
    },
});
