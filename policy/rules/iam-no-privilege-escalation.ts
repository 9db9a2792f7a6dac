import {
    actionMatches,
    allowStatements,
    anyResourceOf,
    documentsOf,
    escalationsIn,
    PRIVILEGE_ESCALATION_ACTIONS,
    typesWithDocuments,
} from "../lib/iam";
import { resourceRule } from "../lib/rule";

/** One finding for a granted action (quoted) or NotAction that includes escalation entries. */
function escalationMessage(where: string, granted: string, on: string, entries: string[]): string {
    if (entries.length === 1) {
        const [entry] = entries;
        const { how, target } = PRIVILEGE_ESCALATION_ACTIONS[entry];
        return `${where} allows ${granted} on ${on}: privilege escalation (${entry} ${how}); name the ${target} ARNs it may act on.`;
    }
    const targets = [...new Set(entries.map((e) => PRIVILEGE_ESCALATION_ACTIONS[e].target))];
    return `${where} allows ${granted} on ${on}, which includes privilege-escalation actions ${entries.join(", ")}: grant them separately, naming the ARNs (${targets.join("; ")}) they may act on.`;
}

/**
 * Privilege-escalation actions (PRIVILEGE_ESCALATION_ACTIONS in policy/lib/iam.ts) are never
 * allowed on every resource: on `*` they let the holder grant itself anything. "Every resource"
 * includes every resource of a type in one account (`iam:PassRole` on `arn:aws:iam::<account>:role/*`
 * hands over any role of the account), however the pattern is spelled (`role/?*`). Wildcards in the
 * granted action count (`iam:Put*`, `iam:*`, `*` include `iam:Put*Policy`).
 */
export const rule = resourceRule({
    name: "iam-no-privilege-escalation",
    unknowns:
        "An unknown Resource is a program resource's ARN; unreadable parts are reported by iam-document-known.",
    description:
        'Identity policies must not allow privilege-escalation actions (iam:PassRole, iam:Put*Policy, sts:AssumeRole, ...) on "*".',
    nearest: { cdkNag: ["AwsSolutions-IAM5"], checkov: ["CKV_AWS_286", "CKV_AWS_110"] },
    types: typesWithDocuments("identity"),
    check: ({ type, props }) => {
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props, ["identity"]))) {
            const any = anyResourceOf(statement, "one-account");
            if (any === undefined) continue;
            const on = any === "NotResource" ? "NotResource" : `"${any}"`;
            const where = `${doc.path} ${statement.label}`;
            for (const action of statement.actions) {
                const entries = escalationsIn(action);
                if (entries.length > 0)
                    problems.push(escalationMessage(where, `"${action}"`, on, entries));
            }
            if (statement.hasNotAction) {
                const excluded = statement.notActions;
                const entries = Object.keys(PRIVILEGE_ESCALATION_ACTIONS).filter(
                    (e) => !excluded.some((n) => covers(n, e)),
                );
                if (entries.length > 0) {
                    problems.push(
                        escalationMessage(where, "every action but NotAction", on, entries),
                    );
                }
            }
        }
        return problems;
    },
});

/**
 * True when a NotAction pattern excludes every action of an escalation entry: with `*` as its only
 * wildcard, a pattern that matches the entry's text matches every expansion of it.
 */
function covers(notAction: string, entry: string): boolean {
    return !notAction.includes("?") && actionMatches(notAction, entry);
}
