/**
 * Runs programs through the real policy gate (the lightspeed-guard pack started as the Pulumi CLI
 * starts it, spoken to over the Analyzer protocol). The pack starts once per test run.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { InlineOptions } from "../../tools/engine/run";
import { PolicyGateResult, runPolicyGate } from "../../tools/engine/policy-gate";
import { Violation } from "../../tools/engine/render";
import { planComponent, repoRoot } from "./plan";

/** This repository's policy pack. */
export const packDir = path.join(repoRoot, "policy");

/** Options for {@link checkPolicies}. */
export interface CheckOptions extends InlineOptions {
    /** Policy pack config (as a `--policy-pack-config` file's JSON). Default: none. */
    readonly policyConfig?: Record<string, unknown>;
}

/** Runs `build` as a stack and returns everything the gate reports. */
export async function checkPolicies(
    build: () => unknown,
    options: CheckOptions = {},
): Promise<PolicyGateResult> {
    const plan = await planComponent(build, options);
    return runPolicyGate(plan, { packDir, config: options.policyConfig ?? {} });
}

/** A violation in one line for exact assertions: `level rule name: message-without-description`. */
export function brief(v: Violation): string {
    const lines = v.message.split("\n");
    // The pack prefixes every message with the rule's description; the finding is the rest.
    const finding = lines.length > 1 ? lines.slice(1).join(" | ") : lines[0];
    return `${v.enforcementLevel} ${v.policyName} ${v.name ?? "-"}: ${finding}`;
}

/**
 * The violations of one rule (or all, with "*"), briefed and sorted, for `assert.deepEqual`.
 * Fails when any policy could not run during preview: our fixtures must never hit an unknown.
 */
export async function violationsOf(
    rule: string,
    build: () => unknown,
    options: CheckOptions = {},
): Promise<string[]> {
    const result = await checkPolicies(build, options);
    if (result.cannotRunInPreview.length) {
        throw new Error(
            `policies could not run during preview:\n${result.cannotRunInPreview.map(brief).join("\n")}`,
        );
    }
    return result.violations
        .filter((v) => rule === "*" || v.policyName === rule)
        .map(brief)
        .sort();
}

/** A constructor like a provider SDK class's. */
export type ResourceClass<A> = new (
    name: string,
    args: A,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/**
 * A resource of a type whose SDK class is deprecated (`aws.s3.BucketV2`, `eks.NodeGroup`, ...),
 * registered as a program that still uses the class registers it: the same type token and
 * inputs (a remote component for a multi-language component such as eks's). The pack must keep
 * judging such programs; the class itself is not used, as our code does not use it and its
 * constructor logs a deprecation warning on every use.
 */
export function deprecatedType<A extends object>(
    type: string,
    kind: "custom" | "remote component" = "custom",
): ResourceClass<A> {
    return kind === "custom"
        ? class extends pulumi.CustomResource {
              constructor(name: string, args: A, opts?: pulumi.CustomResourceOptions) {
                  super(type, name, args as pulumi.Inputs, opts);
              }
          }
        : class extends pulumi.ComponentResource {
              constructor(name: string, args: A, opts?: pulumi.ComponentResourceOptions) {
                  super(type, name, args as pulumi.Inputs, opts, true);
              }
          };
}
