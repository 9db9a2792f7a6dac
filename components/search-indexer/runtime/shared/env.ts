/**
 * Reading a function's environment once, at cold start: every problem is collected and the
 * variable named, so a misconfigured function fails its init with one clear message instead of
 * failing every record or run.
 */

/** A configuration problem; the message names every offending variable. */
export class ConfigError extends Error {
    constructor(
        readonly functionName: string,
        readonly problems: readonly string[],
    ) {
        super(`${functionName}: invalid environment: ${problems.join("; ")}`);
        this.name = "ConfigError";
    }
}

/** A function's environment, as Lambda passes it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Collects problems while reading variables described in `docs` (name → meaning), then
 * {@link EnvReader.done} throws them all at once.
 */
export class EnvReader<Name extends string> {
    private readonly problems: string[] = [];

    constructor(
        private readonly functionName: string,
        private readonly env: Env,
        private readonly docs: Readonly<Record<Name, string>>,
    ) {}

    private missing(name: Name): string {
        // The description may itself end in "(required)"; say it once.
        return `${name} is required (${this.docs[name].replace(/ \(required\)$/, "")})`;
    }

    /** Records a problem with `name`. */
    problem(message: string): void {
        this.problems.push(message);
    }

    /** A required, non-blank value (trimmed); "" when missing (and a problem is recorded). */
    required(name: Name): string {
        const value = this.env[name]?.trim();
        if (!value) this.problems.push(this.missing(name));
        return value ?? "";
    }

    /** An integer in `min..max`; `fallback` when unset, or a problem when there is none. */
    integer(name: Name, min: number, max: number, fallback?: number): number {
        const raw = this.env[name]?.trim();
        if (!raw) {
            if (fallback !== undefined) return fallback;
            this.problems.push(this.missing(name));
            return NaN;
        }
        const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isSafeInteger(n) || n < min || n > max) {
            this.problems.push(
                `${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`,
            );
        }
        return n;
    }

    /** Throws {@link ConfigError} when any problem was recorded. */
    done(): void {
        if (this.problems.length > 0) throw new ConfigError(this.functionName, this.problems);
    }
}

// AWS region names: "eu-west-1", "us-gov-west-1", "cn-north-1".
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Reads `AWS_REGION` (set by Lambda itself): the region the domain's SigV4 scope names. */
export function readRegion<Name extends string>(reader: EnvReader<Name | "AWS_REGION">): string {
    const region = reader.required("AWS_REGION");
    if (region && !REGION.test(region)) {
        reader.problem(`AWS_REGION must be an AWS region name, got ${JSON.stringify(region)}`);
    }
    return region;
}
