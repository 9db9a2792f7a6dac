/**
 * The path a file asset is recorded under: relative to the program's working directory (where
 * Pulumi runs it) when the file is inside it. Pulumi keeps an asset's path in the stack's state,
 * and an absolute path from one machine is a diff, or a missing file, on the next.
 */
import * as path from "path";

/** `file` relative to the working directory when inside it, else absolute. */
export function assetPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    const outside =
        relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    return outside ? file : relative;
}
