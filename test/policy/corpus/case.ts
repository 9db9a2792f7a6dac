/**
 * The shape of a corpus case (test/policy/corpus/<case>/case.ts): an unsafe program and its
 * careful twin, written against one class of the issue "sound against evasion", with the rule
 * that must block the unsafe one on its target resource. Programs take `n`, which prefixes every
 * resource name with the case's folder, so that every case runs in one program and one gate.
 */
import { PolicyGateResult } from "../../../tools/engine/policy-gate";

/** The classes of evasion, and the rules a case exercises outside them. */
export type CaseClass = "1-wildcards" | "2-cidr" | "3-unknowns" | "5-types" | "rules";

/** One case. */
export interface Case {
    readonly class: CaseClass;
    /** The rule that must block the unsafe program. */
    readonly rule: string;
    /** The resource (name before prefixing) the violation must be reported on. */
    readonly target: string;
    /** Registers the unsafe resources. */
    readonly unsafe: (n: (name: string) => string) => void;
    /** Registers the careful twin: the same intent, written safely. */
    readonly careful: (n: (name: string) => string) => void;
}

/** A loaded case with its folder name. */
export interface NamedCase extends Case {
    readonly id: string;
}

/** How each case fared in one run of the unsafe and careful programs. */
export interface CaseOutcome {
    readonly id: string;
    readonly class: CaseClass;
    readonly rule: string;
    /** The unsafe program got a mandatory violation of `rule` on its target. */
    readonly blocked: boolean;
    /** The careful twin got a mandatory violation of `rule` (on any of its resources). */
    readonly falsePositive: boolean;
    readonly unsafeFindings: readonly string[];
    readonly carefulFindings: readonly string[];
}

/** The policy config the corpus runs under: every rule mandatory, nothing waived. */
export const CORPUS_POLICY_CONFIG = { all: "mandatory" };

/** The case's prefix function. */
export function prefixer(id: string): (name: string) => string {
    return (name) => `${id}--${name}`;
}

/** Scores every case from the gate results of the unsafe and careful programs. */
export function score(
    cases: readonly NamedCase[],
    unsafe: PolicyGateResult,
    careful: PolicyGateResult,
): CaseOutcome[] {
    const mandatory = (r: PolicyGateResult, c: NamedCase) =>
        r.violations.filter(
            (v) =>
                v.enforcementLevel === "mandatory" &&
                v.policyName === c.rule &&
                (v.name ?? "").startsWith(`${c.id}--`),
        );
    return cases.map((c) => {
        const u = mandatory(unsafe, c);
        const k = mandatory(careful, c);
        return {
            id: c.id,
            class: c.class,
            rule: c.rule,
            blocked: u.some((v) => v.name === prefixer(c.id)(c.target)),
            falsePositive: k.length > 0,
            unsafeFindings: u.map((v) => `${v.name}: ${v.message.split("\n").slice(1).join(" ")}`),
            carefulFindings: k.map((v) => `${v.name}: ${v.message.split("\n").slice(1).join(" ")}`),
        };
    });
}
