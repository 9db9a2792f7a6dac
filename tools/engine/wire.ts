/**
 * What the engine's modules share about the wire and URNs, in a leaf module: the monitor and the
 * remote-component models (which the monitor uses) both import it, so imports run one way.
 */

/** Pulumi's wire signatures for special values inside a Struct. */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
export const SIG_ASSET = "c44067f5952c0a294b673a41bacd8c17";
export const SIG_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
export const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
export const SIG_OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * The engine's URN rule: the parent's type (without its own parent chain) qualifies the type,
 * except the root stack's (sdk/go/common/resource/urn.go NewURN, and the engine's
 * `qualifiedType` in pkg/resource/deploy/source_eval.go).
 */
export function makeUrn(
    stack: string,
    project: string,
    parentUrn: string | undefined,
    type: string,
    name: string,
): string {
    let qualified = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2];
        if (parentType && parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
