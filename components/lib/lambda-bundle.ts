/**
 * Bundles a Lambda handler with esbuild at program run time: TypeScript in, one minified
 * CommonJS file (AWS SDK v3 inside) and its source map out. The same source gives the same bytes
 * and the same hash, so a preview with no code change shows no diff.
 *
 * The bundle is written under build/lambda/<hash>/ and deployed from there as file assets: a
 * plan carries their paths, not megabytes of inline code (each handler's map runs to 1-3 MB, and
 * the SDK and engine encode inline text character by character). A build is reused while every
 * input esbuild read (the handler, its imports, the bundled SDK files) has the same content as
 * when it was built: an input whose stat stamp (size, mtime, ctime, inode) is the recorded one is
 * taken as unchanged, as git's index does; any other is hashed and compared, so an edit anywhere
 * rebuilds. The mtime alone would not do: npm extracts every package file with the same fixed
 * mtime, so an upgrade that keeps a file's size (a version string) would look unchanged; ctime
 * and the inode change whenever a file is written or replaced, and no tool sets them back.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as esbuildTypes from "esbuild";
import * as pulumi from "@pulumi/pulumi";
import { assetPath } from "./asset-path";

/** The Node.js runtime every lightspeed function runs on, and the bundle's target. */
export const LAMBDA_RUNTIME = "nodejs22.x";
const ESBUILD_TARGET = "node22";

/** A bundled handler. */
export interface LambdaBundle {
    /** `index.js` and `index.js.map`, ready for `aws.lambda.Function#code`. */
    readonly archive: pulumi.asset.AssetArchive;
    /** The handler string for the archive: `index.handler`. */
    readonly handler: string;
    /** SHA-256 of the bundled code and map, hex: changes exactly when the deployed code does. */
    readonly sha256: string;
    /** Size of the bundled code in bytes. */
    readonly sizeBytes: number;
    /** The bundled code itself (tests and benchmarks read it). */
    readonly code: string;
    /** The directory holding `index.js` and `index.js.map`. */
    readonly dir: string;
}

/** The repository root: source paths in maps are relative to it, so bundles match across clones. */
const ROOT = path.resolve(__dirname, "..", "..");
/** Where bundles and the cache's records live (git-ignored). */
const OUT = path.join(ROOT, "build", "lambda");

/**
 * What a cached build recorded: every input's content hash and stat stamp, and the output's hash
 * and the stamps of its two files.
 */
interface CacheRecord {
    readonly version: string;
    readonly inputs: Record<string, { readonly sha256: string; readonly stamp: string }>;
    readonly sha256: string;
    readonly sizeBytes: number;
    readonly outputs: { readonly code: string; readonly map: string };
}

/**
 * Modules a bundle never carries, each reached only on a path our handlers never take:
 * - `aws-sdk` (v2): the OpenSearch client's SigV4 signer imports it only when no
 *   `getCredentials` is given, and ours always give one (search-indexer/runtime/shared/opensearch.ts);
 *   it is installed here only through a devDependency, so bundling it made a handler 10 MB and its
 *   bytes depend on whether dev dependencies were installed. The Lambda Node.js 22 runtime has no
 *   v2 either, so the signer's `import("aws-sdk")` fails and is caught, as it would unbundled.
 */
const EXTERNAL = ["aws-sdk"];

type Built = Omit<LambdaBundle, "archive">;

const memo = new Map<string, Built>();

function sha256(data: string | Buffer): string {
    return crypto.createHash("sha256").update(data).digest("hex");
}

function fileHash(file: string): string | undefined {
    try {
        return sha256(fs.readFileSync(file));
    } catch {
        return undefined;
    }
}

/** `size:mtime:ctime:inode` of a file (times in ns), or undefined when it cannot be read. */
function stamp(file: string): string | undefined {
    try {
        const st = fs.statSync(file, { bigint: true });
        return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
    } catch {
        return undefined;
    }
}

/** A bundle whose code is read from its directory when first asked for. */
function built(dir: string, sha256: string, sizeBytes: number, code?: string): Built {
    let text = code;
    return {
        handler: "index.handler",
        sha256,
        sizeBytes,
        dir,
        get code(): string {
            text ??= fs.readFileSync(path.join(dir, "index.js"), "utf8");
            return text;
        },
    };
}

/** The cache record's file for an entry: named by the entry's path relative to the root. */
function recordFile(file: string): string {
    return path.join(OUT, "cache", `${sha256(path.relative(ROOT, file)).slice(0, 24)}.json`);
}

/** The esbuild version and options a build depends on, so a change of either rebuilds. */
function buildVersion(): string {
    const esbuildPkg = require.resolve("esbuild/package.json", { paths: [ROOT] });
    const { version } = JSON.parse(fs.readFileSync(esbuildPkg, "utf8")) as { version: string };
    return `${version}:${ESBUILD_TARGET}:cjs:min:external=${EXTERNAL.join(",")}:v3`;
}

/**
 * A still-valid cached build of `file`, or undefined. An input or output whose stamp changed is
 * hashed: the same content still counts (a checkout that only touched the file).
 */
function cached(file: string, version: string): Built | undefined {
    let record: CacheRecord;
    try {
        record = JSON.parse(fs.readFileSync(recordFile(file), "utf8")) as CacheRecord;
    } catch {
        return undefined;
    }
    if (record.version !== version) return undefined;
    // Inputs whose content is unchanged but whose stamp moved (a fresh clone, a reinstall) get
    // their new stamp recorded, so the next plan need not hash them again.
    let restamped = false;
    const inputs: CacheRecord["inputs"] = {};
    for (const [input, { sha256: hash, stamp: recorded }] of Object.entries(record.inputs)) {
        const at = path.join(ROOT, input);
        const now = stamp(at);
        if (now !== recorded) {
            if (now === undefined || fileHash(at) !== hash) return undefined;
            restamped = true;
        }
        inputs[input] = { sha256: hash, stamp: now };
    }
    const dir = path.join(OUT, record.sha256.slice(0, 16));
    const codeFile = path.join(dir, "index.js");
    const mapFile = path.join(dir, "index.js.map");
    const outputs = { code: stamp(codeFile), map: stamp(mapFile) };
    let code: string | undefined;
    if (outputs.code !== record.outputs.code || outputs.map !== record.outputs.map) {
        let map: string;
        try {
            code = fs.readFileSync(codeFile, "utf8");
            map = fs.readFileSync(mapFile, "utf8");
        } catch {
            return undefined;
        }
        if (outputHash(code, map) !== record.sha256) return undefined;
        restamped = true;
    }
    if (restamped && outputs.code !== undefined && outputs.map !== undefined) {
        const updated: CacheRecord = {
            ...record,
            inputs,
            outputs: { code: outputs.code, map: outputs.map },
        };
        writeAtomic(recordFile(file), JSON.stringify(updated));
    }
    return built(dir, record.sha256, record.sizeBytes, code);
}

function outputHash(code: string, map: string): string {
    return crypto.createHash("sha256").update(code).update("\0").update(map).digest("hex");
}

/** Writes `content` to `file` through a temporary file, so a reader never sees half of it. */
function writeAtomic(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
}

function build(file: string, version: string): Built {
    // Loaded only when something must be built: a plan whose bundles are all cached never pays
    // for esbuild's start.
    const esbuild = require("esbuild") as typeof esbuildTypes;
    let result: esbuildTypes.BuildResult & {
        outputFiles: esbuildTypes.OutputFile[];
        metafile: esbuildTypes.Metafile;
    };
    try {
        result = esbuild.buildSync({
            entryPoints: [file],
            absWorkingDir: ROOT,
            bundle: true,
            platform: "node",
            target: ESBUILD_TARGET,
            format: "cjs",
            minify: true,
            sourcemap: "external",
            // Paths inside the map are relative to the output file, never absolute: the same
            // source on another machine yields the same bytes.
            outfile: path.join(OUT, "index.js"),
            sourceRoot: "",
            legalComments: "none",
            external: EXTERNAL,
            // Node's --enable-source-maps finds the map through this comment; esbuild leaves it
            // out when nothing is written to disk.
            footer: { js: "//# sourceMappingURL=index.js.map" },
            logLevel: "silent",
            write: false,
            metafile: true,
        });
    } catch (err) {
        throw new Error(
            `bundling Lambda handler ${path.relative(ROOT, file)} failed: ${(err as Error).message}`,
        );
    }
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"))!.text;
    const hash = outputHash(code, map);
    const dir = path.join(OUT, hash.slice(0, 16));
    writeAtomic(path.join(dir, "index.js"), code);
    writeAtomic(path.join(dir, "index.js.map"), map);
    const sizeBytes = Buffer.byteLength(code);
    const inputs: Record<string, { sha256: string; stamp: string }> = {};
    let reusable = true;
    for (const input of Object.keys(result.metafile.inputs)) {
        const at = path.join(ROOT, input);
        // Stamp before hashing: an edit in between leaves a stamp that no longer matches.
        const st = stamp(at);
        const h = fileHash(at);
        // An input esbuild read but that cannot be read back (a virtual module) disables reuse.
        if (h === undefined || st === undefined) reusable = false;
        else inputs[input] = { sha256: h, stamp: st };
    }
    if (reusable) {
        const record: CacheRecord = {
            version,
            inputs,
            sha256: hash,
            sizeBytes,
            outputs: {
                code: stamp(path.join(dir, "index.js"))!,
                map: stamp(path.join(dir, "index.js.map"))!,
            },
        };
        writeAtomic(recordFile(file), JSON.stringify(record));
    }
    return built(dir, hash, sizeBytes, code);
}

/**
 * Bundles `entry` (a handler file exporting `handler`). Fails with the file and esbuild's message
 * when the code does not build. Memoized per entry for the life of the process.
 */
export function bundleHandler(entry: string): LambdaBundle {
    const file = path.resolve(entry);
    let bundle = memo.get(file);
    if (!bundle) {
        if (!fs.existsSync(file)) throw new Error(`Lambda handler ${file} does not exist`);
        const version = buildVersion();
        bundle = cached(file, version) ?? build(file, version);
        memo.set(file, bundle);
    }
    const { handler, sha256: hash, sizeBytes, dir } = bundle;
    const source = bundle;
    return {
        handler,
        sha256: hash,
        sizeBytes,
        dir,
        // Read only when asked for (a spread would read every bundle on every plan).
        get code(): string {
            return source.code;
        },
        archive: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.FileAsset(assetPath(path.join(dir, "index.js"))),
            "index.js.map": new pulumi.asset.FileAsset(assetPath(path.join(dir, "index.js.map"))),
        }),
    };
}
