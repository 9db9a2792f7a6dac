/**
 * Reads a Pulumi project the way the CLI does before it starts the language host: `Pulumi.yaml`
 * (name, main, declared config with defaults and types) and `Pulumi.<stack>.yaml` (values), and
 * produces the config map and secret keys the program sees.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { closest } from "../../components/lib/nearest";

/** What a program sees for a `secure:` value: secrets cannot be decrypted offline. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A problem with the project or stack files, reported before the program runs. */
export class ProjectError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProjectError";
    }
}

/** The project as the language host receives it. */
export interface LoadedProject {
    readonly dir: string;
    readonly name: string;
    /** Absolute path of the program entry (file or directory). */
    readonly main: string;
    /** `main` as Pulumi.yaml spells it, or undefined when absent (the language host's rules apply). */
    readonly mainSetting?: string;
    /** `runtime.options` of Pulumi.yaml (typescript, tsconfig, nodeargs, ...), as given. */
    readonly runtimeOptions: Record<string, unknown>;
    /** Full config keys (`ns:key`) to the string form Pulumi passes to programs. */
    readonly config: Record<string, string>;
    /** Keys whose values are secrets. */
    readonly secretKeys: string[];
    /** The stack settings file, or undefined when it does not exist (empty config). */
    readonly stackFile?: string;
}

/** The items of an array config type: a type name, and the items of an array of arrays. */
interface ItemsType {
    type?: string;
    items?: ItemsType;
}

/** A config declaration of Pulumi.yaml (ProjectConfigType of sdk/go/common/workspace/project.go). */
interface DeclaredConfig extends ItemsType {
    default?: unknown;
    /** A fixed value for a key of another namespace (`aws:region: { value: ... }`). */
    value?: unknown;
    secret?: boolean;
}

/** The config types Pulumi.yaml may declare (project.json `simpleConfigType`). */
const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"];

/**
 * An integer as Go's strconv.ParseInt and ParseUint with base 0 read it, which is how yaml.v3
 * resolves a plain scalar (resolve.go `resolve`, underscores removed first): 0x, 0o and 0b
 * prefixes, and a leading 0 for octal. Undefined when it is no integer.
 */
function goInteger(text: string): number | undefined {
    const m =
        /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(
            text,
        );
    if (!m) return undefined;
    const [, sign, hex, oct, bin, legacyOct, dec] = m;
    const magnitude =
        hex !== undefined
            ? BigInt(`0x${hex}`)
            : oct !== undefined
              ? BigInt(`0o${oct}`)
              : bin !== undefined
                ? BigInt(`0b${bin}`)
                : legacyOct !== undefined
                  ? BigInt(`0o${legacyOct || "0"}`)
                  : BigInt(dec);
    const value = sign === "-" ? -magnitude : magnitude;
    // int64, or (unsigned, without a sign) uint64; past them yaml.v3 tries a float.
    const fits = sign === "" ? value < 2n ** 64n : value >= -(2n ** 63n) && value < 2n ** 63n;
    return fits ? Number(value) : undefined;
}

/** yaml.v3's `yamlStyleFloat`, and the infinities and NaN of its resolve table. */
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_SPECIAL_FLOATS: Readonly<Record<string, number>> = {
    ".inf": Infinity,
    ".Inf": Infinity,
    ".INF": Infinity,
    "+.inf": Infinity,
    "+.Inf": Infinity,
    "+.INF": Infinity,
    "-.inf": -Infinity,
    "-.Inf": -Infinity,
    "-.INF": -Infinity,
    ".nan": NaN,
    ".NaN": NaN,
    ".NAN": NaN,
};

function goNumber(text: string): number | undefined {
    if (text in GO_SPECIAL_FLOATS) return GO_SPECIAL_FLOATS[text];
    if (!/^[-+0-9.]/.test(text)) return undefined;
    const plain = text.replace(/_/g, "");
    const int = goInteger(plain);
    if (int !== undefined) return int;
    return GO_FLOAT.test(plain) ? Number(plain) : undefined;
}

/** js-yaml's own types, which js-yaml 4 exports as `types` and @types/js-yaml leaves out. */
const yamlTypes = (yaml as unknown as { types: Record<"null" | "bool" | "merge", yaml.Type> })
    .types;

/**
 * The scalars the CLI's YAML decoder (gopkg.in/yaml.v3, sdk/go/common/encoding) finds in a
 * project or stack file decoded into `any`: null, booleans and numbers by its rules, timestamps
 * left as their text (decode.go keeps a timestamp decoded into interface{} a string), merge keys.
 * js-yaml's default schema differs: it makes dates of timestamps (which reached programs as
 * "{}"), and reads 0755 as 755 and 1_000 as text.
 */
const GO_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
    implicit: [
        yamlTypes.null,
        yamlTypes.bool,
        new yaml.Type("tag:yaml.org,2002:float", {
            kind: "scalar",
            resolve: (data: string | null) => data !== null && goNumber(data) !== undefined,
            construct: (data: string) => goNumber(data),
        }),
        yamlTypes.merge,
    ],
});

/**
 * Parses a project or stack file. A syntax error names the file, line and column and the reason
 * only: js-yaml's message quotes the lines around the mistake, and in a stack file those hold
 * `secure:` ciphertext, which must never reach a plan (the CLI's yaml.v3 errors quote no text).
 */
function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new ProjectError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code})`);
    }
    try {
        return yaml.load(text, { schema: GO_YAML_SCHEMA });
    } catch (err) {
        if (!(err instanceof yaml.YAMLException)) throw err;
        const at = err.mark ? `:${err.mark.line + 1}:${err.mark.column + 1}` : "";
        throw new ProjectError(`${file}${at}: ${err.reason}`);
    }
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isSecure(value: unknown): boolean {
    return isRecord(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/**
 * A config value with every `secure:` leaf, at any depth, replaced by the placeholder: the
 * ciphertext cannot be decrypted offline and must never reach a plan.
 */
export function withoutCiphertext(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: SECRET_PLACEHOLDER, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(withoutCiphertext);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (isRecord(value)) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const item = withoutCiphertext(v);
            out[k] = item.value;
            secret ||= item.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

/** Config values reach programs as strings; structured values as JSON, as the CLI does. */
export function configString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A key in Pulumi.yaml or a stack file, namespaced with the project name when bare, and in its
 * `<namespace>:<name>` form when written the old way, `<namespace>:config:<name>`
 * (pkg/workspace/config.go `parseConfigKey`, sdk/go/common/resource/config/key.go `ParseKey`).
 */
function fullKey(project: string, key: string): string {
    const parts = key.split(":");
    if (parts.length === 1) return `${project}:${key}`;
    if (parts.length === 2) return key;
    if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") {
        return `${parts[0]}:${parts[2]}`;
    }
    throw new ProjectError(
        `could not parse ${key} as a configuration key ` +
            "(configuration keys should be of the form `<namespace>:<name>`)",
    );
}

/**
 * The value the CLI type-checks: a scalar as the text it holds (config.Value keeps `5`, `"5"` and
 * `true` as strings), a structured value as its JSON decoded again (pkg/workspace/config.go
 * `validateStackConfigValue`; sdk/go/common/resource/config/object.go `MarshalString`).
 */
function checkedForm(value: unknown): unknown {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
    return JSON.parse(JSON.stringify(value ?? null));
}

/** Go's strconv.Atoi: an optional sign and decimal digits, within int64. */
function isGoInt(text: string): boolean {
    if (!/^[+-]?[0-9]+$/.test(text)) return false;
    const n = BigInt(text);
    return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** `ValidateConfigValue` of sdk/go/common/workspace/project.go, over {@link checkedForm}. */
function validateConfigValue(
    type: string | undefined,
    items: ItemsType | undefined,
    value: unknown,
): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (typeof value === "number") return Number.isInteger(value);
            return typeof value === "string" && isGoInt(value);
        case "boolean":
            return value === "true" || value === "false" || typeof value === "boolean";
        case "object":
            return isRecord(value);
        default:
            return (
                Array.isArray(value) &&
                items !== undefined &&
                value.every((item) => validateConfigValue(items.type, items.items, item))
            );
    }
}

/** `InferFullTypeName`: `array<integer>` for an array of integers. */
function fullTypeName(type: string | undefined, items: ItemsType | undefined): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : String(type);
}

/** `configKeyIsNamespacedByProject`. */
function inProjectNamespace(project: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${project}:`);
}

/**
 * The config declarations of Pulumi.yaml, checked as `Project.Validate` does, with shorthand
 * values rewritten as `RewriteShorthandConfigValues` does: a bare value is the default of a key
 * of the project, the fixed value of a key of another namespace.
 */
function declarations(
    projectFile: string,
    name: string,
    config: Record<string, unknown>,
): Map<string, DeclaredConfig> {
    const out = new Map<string, DeclaredConfig>();
    const refuse = (message: string) => new ProjectError(`${projectFile}: ${message}`);
    for (const [key, raw] of Object.entries(config)) {
        const own = inProjectNamespace(name, key);
        const spec: DeclaredConfig = isRecord(raw)
            ? (raw as DeclaredConfig)
            : own
              ? { default: raw }
              : { value: raw };
        if (spec.type !== undefined && !CONFIG_TYPES.includes(spec.type)) {
            throw refuse(
                `config key '${key}': type must be one of ${CONFIG_TYPES.join(", ")}; got ${JSON.stringify(spec.type)}`,
            );
        }
        if (spec.default !== undefined && spec.value !== undefined) {
            throw refuse(
                `project config '${key}' cannot have both a 'default' and 'value' attribute`,
            );
        }
        if (own) {
            if (spec.type === "array" && spec.items === undefined) {
                throw refuse(
                    `The configuration key '${key}' declares an array but does not specify the ` +
                        "underlying type via the 'items' attribute",
                );
            }
            if (
                spec.type !== undefined &&
                spec.default !== undefined &&
                !validateConfigValue(spec.type, spec.items, spec.default)
            ) {
                throw refuse(
                    `The default value specified for configuration key '${key}' is not of the ` +
                        `expected type '${fullTypeName(spec.type, spec.items)}'`,
                );
            }
        } else if (spec.type !== undefined) {
            throw refuse(
                `Configuration key '${key}' is not namespaced by the project and should not define a type`,
            );
        } else if (spec.default !== undefined) {
            throw refuse(
                `Configuration key '${key}' is not namespaced by the project and should not define ` +
                    "a default value. Did you mean to use the 'value' attribute instead of 'default'?",
            );
        } else if (spec.value === undefined) {
            throw refuse(
                `Configuration key '${key}' is namespaced and must provide an attribute 'value'`,
            );
        }
        out.set(key, spec);
    }
    return out;
}

/** `formatMissingKeys` of pkg/workspace/config.go: 'a', 'b' and 'c'. */
function formatMissingKeys(keys: string[]): string {
    if (keys.length === 1) return `'${keys[0]}'`;
    const quoted = [...keys].sort().map((k) => `'${k}'`);
    return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * Loads `Pulumi.yaml` and `Pulumi.<stack>.yaml` from `dir`. Applies the project's declared
 * defaults and checks declared types as the CLI does; a missing stack file is empty config.
 */
export function loadProject(dir: string, stack: string): LoadedProject {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"]
        .map((f) => path.join(dir, f))
        .find((f) => fs.existsSync(f));
    if (!projectFile) {
        throw new ProjectError(`no Pulumi.yaml in ${dir}: not a Pulumi project directory`);
    }
    const project = readYaml(projectFile);
    if (!isRecord(project) || typeof project.name !== "string") {
        throw new ProjectError(`${projectFile}: "name" is required`);
    }
    const runtime = isRecord(project.runtime) ? project.runtime.name : project.runtime;
    if (runtime !== "nodejs") {
        throw new ProjectError(
            `${projectFile}: runtime must be nodejs for the offline engine, got ${JSON.stringify(runtime)}`,
        );
    }
    const name = project.name;
    const runtimeOptions =
        isRecord(project.runtime) && isRecord(project.runtime.options)
            ? project.runtime.options
            : {};
    const mainSetting = typeof project.main === "string" ? project.main : undefined;
    const main = path.resolve(dir, typeof project.main === "string" ? project.main : ".");

    const declared = declarations(
        projectFile,
        name,
        isRecord(project.config) ? project.config : {},
    );

    // A string `config` is the old spelling of stackConfigDir (RewriteConfigPathIntoStackConfigDir).
    if (typeof project.config === "string" && typeof project.stackConfigDir === "string") {
        throw new ProjectError(
            `${projectFile}: Should not use both config and stackConfigDir to define the stack ` +
                "directory. Use only stackConfigDir instead.",
        );
    }
    const configDir =
        typeof project.stackConfigDir === "string" ? project.stackConfigDir : project.config;
    const stackDir = typeof configDir === "string" ? path.resolve(dir, configDir) : dir;
    const stackFile = path.join(stackDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        // A stack with no config has no file; but when the project keeps other stacks' files,
        // a missing one is far more likely a misspelt stack than an empty one.
        const others = fs
            .readdirSync(stackDir)
            .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined)
            .sort();
        if (others.length) {
            const near = closest(stack, others);
            throw new ProjectError(
                `${path.basename(stackFile)} does not exist in ${stackDir}: no stack "${stack}"` +
                    (near ? ` (did you mean "${near}"?)` : "") +
                    `; stacks with a settings file: ${others.join(", ")}`,
            );
        }
    }
    const values: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    let found: string | undefined;
    if (fs.existsSync(stackFile)) {
        found = stackFile;
        const settings = readYaml(stackFile) ?? {};
        if (!isRecord(settings)) throw new ProjectError(`${stackFile}: expected a mapping`);
        const config = settings.config ?? {};
        if (!isRecord(config)) throw new ProjectError(`${stackFile}: "config" must be a mapping`);
        for (const [key, value] of Object.entries(config)) {
            const k = fullKey(name, key);
            const { value: plain, secret } = withoutCiphertext(value);
            values[k] = plain;
            // The CLI marks a key secret when any leaf is (`pulumi config set --path --secret`).
            if (secret) secretKeys.push(k);
        }
    }

    // pkg/workspace/config.go mergeConfig: declarations in key order; the project's own keys
    // without a stack value, a default or a value are missing, reported together; then
    // validateStackConfigValues reports the first key that is not encrypted as declared or not
    // of its type. Secret values cannot be decrypted offline, so their types go unchecked.
    const keys = [...declared.keys()].sort();
    const missing: string[] = [];
    for (const key of keys) {
        const spec = declared.get(key)!;
        const k = fullKey(name, key);
        if (k in values) continue;
        const given = spec.default !== undefined ? spec.default : spec.value;
        if (given !== undefined) values[k] = given;
        else if (inProjectNamespace(name, key)) missing.push(key);
    }
    if (missing.length) {
        throw new ProjectError(
            `Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ` +
                formatMissingKeys(missing),
        );
    }
    for (const key of keys) {
        const spec = declared.get(key)!;
        if (spec.type === undefined) continue;
        const k = fullKey(name, key);
        const secret = secretKeys.includes(k);
        if (spec.secret && !secret) {
            throw new ProjectError(
                `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`,
            );
        }
        if (!secret && !validateConfigValue(spec.type, spec.items, checkedForm(values[k]))) {
            throw new ProjectError(
                `Stack '${stack}' with configuration key '${key}' must be of type ` +
                    `'${fullTypeName(spec.type, spec.items)}'`,
            );
        }
    }

    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) config[k] = configString(v);
    return {
        dir,
        name,
        main,
        mainSetting,
        runtimeOptions,
        config,
        secretKeys,
        stackFile: found,
    };
}
