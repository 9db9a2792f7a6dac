/** Reads JSON files the way a person wants to hear about their mistakes: with line and column. */
import * as fs from "fs";

/** A JSON file that cannot be read or parsed; the message names the file, line and column. */
export class JsonFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "JsonFileError";
    }
}

/** The 1-based line and column of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - before.lastIndexOf("\n") };
}

/**
 * The offset of the first character at which `text` stops being JSON (RFC 8259), found by a
 * small scanner: V8's own messages carry an offset for only some mistakes.
 */
export function errorOffset(text: string): number {
    let i = 0;
    const ws = () => {
        while (i < text.length && " \t\n\r".includes(text[i])) i++;
    };
    const fail = (): never => {
        throw i;
    };
    const literal = (word: string) => {
        for (const c of word) {
            if (text[i] !== c) fail();
            i++;
        }
    };
    const string = () => {
        i++; // opening quote
        while (i < text.length && text[i] !== '"') {
            if (text.charCodeAt(i) < 0x20) fail();
            if (text[i] === "\\") {
                i++;
                if (text[i] === "u") {
                    for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail();
                    i += 4;
                } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
            }
            i++;
        }
        if (text[i] !== '"') fail();
        i++;
    };
    const number = () => {
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
        if (!m || m[0] === "" || m[0] === "-") fail();
        i += m![0].length;
    };
    const value = (): void => {
        ws();
        const c = text[i];
        if (c === "{") {
            i++;
            ws();
            if (text[i] === "}") return void i++;
            for (;;) {
                ws();
                if (text[i] !== '"') fail();
                string();
                ws();
                if (text[i] !== ":") fail();
                i++;
                value();
                ws();
                if (text[i] === "}") return void i++;
                if (text[i] !== ",") fail();
                i++;
            }
        } else if (c === "[") {
            i++;
            ws();
            if (text[i] === "]") return void i++;
            for (;;) {
                value();
                ws();
                if (text[i] === "]") return void i++;
                if (text[i] !== ",") fail();
                i++;
            }
        } else if (c === '"') string();
        else if (c === "t") literal("true");
        else if (c === "f") literal("false");
        else if (c === "n") literal("null");
        else number();
    };
    try {
        value();
        ws();
        return i < text.length ? i : -1;
    } catch (at) {
        return Math.min(at as number, text.length);
    }
}

/** Parses `text` (read from `file`); a syntax error names `file:line:column`. */
export function parseJson(text: string, file: string): unknown {
    try {
        return JSON.parse(text);
    } catch (err) {
        const offset = errorOffset(text);
        const { line, column } = lineColumn(text, offset < 0 ? text.length : offset);
        const reason = (err as Error).message
            .replace(/ (in JSON )?at position \d+.*$/s, "")
            .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "");
        throw new JsonFileError(`${file}:${line}:${column}: not valid JSON: ${reason}`);
    }
}

/** Reads and parses a JSON file. */
export function readJsonFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new JsonFileError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code})`);
    }
    return parseJson(text, file);
}
