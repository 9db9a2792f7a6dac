/**
 * The site's content as StaticSite uploads it: every file of a local folder, with its S3 key,
 * content type, cache-control and a hash of what is served, and the CloudFront paths each file is
 * cached under. Pure functions over the file system, run when the program runs, so every value is
 * plain and known during a preview.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { STATIC_SITE_FIXED } from "./defaults";

/** How long a file may be cached: see STATIC_SITE_FIXED.cacheControl. */
export type CacheKind = "html" | "immutable" | "default";

/** One file of the site. */
export interface SiteFile {
    /** The S3 key: the path under the content folder, with "/" separators. */
    readonly key: string;
    /** Absolute path of the local file. */
    readonly file: string;
    readonly contentType: string;
    readonly cacheKind: CacheKind;
    readonly cacheControl: string;
    /** sha256 of the bytes, content type and cache-control: a change of any is a change served. */
    readonly hash: string;
}

const TEXT = "; charset=utf-8";

/** Content types by lower-case extension; anything else is application/octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": `text/html${TEXT}`,
    ".htm": `text/html${TEXT}`,
    ".css": `text/css${TEXT}`,
    ".js": `text/javascript${TEXT}`,
    ".mjs": `text/javascript${TEXT}`,
    ".json": `application/json${TEXT}`,
    ".map": `application/json${TEXT}`,
    ".webmanifest": `application/manifest+json${TEXT}`,
    ".txt": `text/plain${TEXT}`,
    ".xml": `application/xml${TEXT}`,
    ".svg": `image/svg+xml${TEXT}`,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
};

/** The Content-Type a file is served with, from its extension. */
export function contentTypeOf(key: string): string {
    return CONTENT_TYPES[path.posix.extname(key).toLowerCase()] ?? "application/octet-stream";
}

/**
 * A bundler's content hash in a file name: `app.3f9a2c1b.js`, `chunk-0a1b2c3d4e.css` (8 or more
 * hex digits between a "." or "-" and the extension). Such a file never changes under its name.
 */
const HASHED_NAME = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

/** Which cache-control a file gets: HTML is always revalidated, hashed names are immutable. */
export function cacheKindOf(key: string): CacheKind {
    const ext = path.posix.extname(key).toLowerCase();
    if (ext === ".html" || ext === ".htm") return "html";
    return HASHED_NAME.test(path.posix.basename(key)) ? "immutable" : "default";
}

/** Hidden files (`.DS_Store`, `.gitkeep`) are not content; `.well-known/` is. */
function isContent(name: string): boolean {
    return !name.startsWith(".") || name === ".well-known";
}

function walk(dir: string, prefix: string, out: string[]): void {
    const names = fs.readdirSync(dir).sort();
    for (const name of names) {
        if (!isContent(name)) continue;
        const full = path.join(dir, name);
        const key = prefix ? `${prefix}/${name}` : name;
        // statSync follows symlinks: a linked file or folder is content like any other.
        const stat = fs.statSync(full);
        if (stat.isDirectory()) walk(full, key, out);
        else if (stat.isFile()) out.push(key);
    }
}

/** Every file under `dir` (hidden files skipped), sorted by key, with how it is served. */
export function readSiteContent(dir: string): SiteFile[] {
    const keys: string[] = [];
    walk(path.resolve(dir), "", keys);
    return keys.map((key) => {
        const file = path.resolve(dir, ...key.split("/"));
        const contentType = contentTypeOf(key);
        const cacheKind = cacheKindOf(key);
        const cacheControl = STATIC_SITE_FIXED.cacheControl[cacheKind];
        const hash = crypto
            .createHash("sha256")
            .update(fs.readFileSync(file))
            .update(`\0${contentType}\0${cacheControl}`)
            .digest("hex");
        return { key, file, contentType, cacheKind, cacheControl, hash };
    });
}

/**
 * A key as a CloudFront invalidation path: "/" first, each segment URL-encoded as a browser sends
 * it, and "*" encoded too, since a literal "*" in an invalidation path is a wildcard.
 */
export function invalidationPathOf(key: string): string {
    return (
        "/" +
        key
            .split("/")
            .map((s) => encodeURIComponent(s).replace(/\*/g, "%2A"))
            .join("/")
    );
}

/**
 * The CloudFront paths the files are cached under, each with the hash of what it serves. The
 * default root object is cached twice: under its own path and under "/".
 */
export function cachedPaths(
    files: readonly SiteFile[],
    defaultRootObject: string,
): Record<string, string> {
    const paths: Record<string, string> = {};
    for (const f of files) {
        paths[invalidationPathOf(f.key)] = f.hash;
        if (f.key === defaultRootObject) paths["/"] = f.hash;
    }
    return paths;
}

/** One hash over every path and its file hash: changes exactly when something served changes. */
export function contentHashOf(paths: Readonly<Record<string, string>>): string {
    const entries = Object.keys(paths)
        .sort()
        .map((p) => [p, paths[p]]);
    return crypto.createHash("sha256").update(JSON.stringify(entries)).digest("hex");
}
