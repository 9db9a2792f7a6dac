/**
 * Bundles a Lambda handler with esbuild at program run time: TypeScript in, one minified
 * CommonJS file (AWS SDK v3 inside) and its source map out. The same source gives the same bytes
 * and the same hash, so a preview with no code change shows no diff.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

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
}

/** The repository root: source paths in maps are relative to it, so bundles match across clones. */
const ROOT = path.resolve(__dirname, "..", "..");

const cache = new Map<string, Omit<LambdaBundle, "archive"> & { map: string }>();

/**
 * Bundles `entry` (a handler file exporting `handler`). Fails with the file and esbuild's message
 * when the code does not build. Memoized per entry for the life of the process.
 */
export function bundleHandler(entry: string): LambdaBundle {
    const file = path.resolve(entry);
    let built = cache.get(file);
    if (!built) {
        if (!fs.existsSync(file)) throw new Error(`Lambda handler ${file} does not exist`);
        let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[] };
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
                outfile: path.join(ROOT, "build", "lambda", "index.js"),
                sourceRoot: "",
                legalComments: "none",
                // Node's --enable-source-maps finds the map through this comment; esbuild leaves it
                // out when nothing is written to disk.
                footer: { js: "//# sourceMappingURL=index.js.map" },
                logLevel: "silent",
                write: false,
                metafile: false,
            });
        } catch (err) {
            throw new Error(
                `bundling Lambda handler ${path.relative(ROOT, file)} failed: ${(err as Error).message}`,
            );
        }
        const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
        const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"))!.text;
        const sha256 = crypto
            .createHash("sha256")
            .update(code)
            .update("\0")
            .update(map)
            .digest("hex");
        built = { handler: "index.handler", sha256, sizeBytes: Buffer.byteLength(code), code, map };
        cache.set(file, built);
    }
    const { map, ...rest } = built;
    return {
        ...rest,
        archive: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset(built.code),
            "index.js.map": new pulumi.asset.StringAsset(map),
        }),
    };
}
