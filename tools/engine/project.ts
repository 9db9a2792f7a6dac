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

interface DeclaredConfig {
    type?: string;
    default?: unknown;
    secret?: boolean;
    items?: { type?: string };
}

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
        return yaml.load(text);
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

/** A key in Pulumi.yaml or a stack file, namespaced with the project name when bare. */
function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function typeMatches(declared: DeclaredConfig, value: unknown): boolean {
    switch (declared.type) {
        case undefined:
            return true;
        case "string":
            return typeof value === "string";
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return (
                Array.isArray(value) &&
                (declared.items?.type === undefined ||
                    value.every((item) => typeMatches({ type: declared.items?.type }, item)))
            );
        default:
            return true;
    }
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

    const declared: Record<string, DeclaredConfig> = {};
    if (isRecord(project.config)) {
        for (const [key, spec] of Object.entries(project.config)) {
            declared[fullKey(name, key)] = isRecord(spec)
                ? (spec as DeclaredConfig)
                : { default: spec };
        }
    }

    const stackDir =
        typeof project.stackConfigDir === "string"
            ? path.resolve(dir, project.stackConfigDir)
            : dir;
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

    const problems: string[] = [];
    for (const [key, spec] of Object.entries(declared)) {
        if (!(key in values) && spec.default !== undefined) values[key] = spec.default;
        if (!(key in values)) {
            problems.push(
                `Stack '${stack}' is missing configuration value '${key}'; ` +
                    `set it with: pulumi config set ${key} <value>`,
            );
            continue;
        }
        if (!secretKeys.includes(key) && !typeMatches(spec, values[key])) {
            problems.push(
                `Stack '${stack}' with configuration key '${key}' must be of type '${spec.type}', ` +
                    `got ${JSON.stringify(values[key])}`,
            );
        }
        if (spec.secret && !secretKeys.includes(key)) {
            problems.push(
                `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`,
            );
        }
    }
    if (problems.length) throw new ProjectError(problems.join("\n"));

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
