/**
 * From a DynamoDB change event to what OpenSearch stores: the document's JSON text, its id and
 * its external version.
 *
 * The new image is written straight to JSON text from attribute-value form, without building the
 * unmarshalled object first: one pass, no intermediate objects, and numbers keep every digit
 * DynamoDB stored (a JSON number literal has no precision limit; OpenSearch parses it into the
 * field's mapped type).
 *
 * | DynamoDB             | JSON                                         |
 * |----------------------|----------------------------------------------|
 * | `S`, `B` (base64)    | string                                       |
 * | `N`                  | number, digits as stored                     |
 * | `BOOL`, `NULL`       | `true`/`false`, `null`                       |
 * | `SS`, `NS`, `BS`     | array of strings / numbers / base64 strings  |
 * | `L`, `M`             | array, object                                |
 */
import { createHash } from "node:crypto";
import { MalformedRecordError, type ItemImage } from "../../../lib/runtime/dynamodb-change";

/** DynamoDB nests documents at most 32 levels deep; deeper input is not from DynamoDB. */
const MAX_DEPTH = 32;

/** OpenSearch's limit on `_id` (bytes). */
export const MAX_ID_BYTES = 512;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function malformed(attribute: string, problem: string): MalformedRecordError {
    return new MalformedRecordError(`attribute ${JSON.stringify(attribute)}: ${problem}`);
}

function numberJson(raw: unknown, attribute: string): string {
    if (typeof raw !== "string") throw malformed(attribute, "N must be a string");
    if (JSON_NUMBER.test(raw)) return raw;
    // Not a JSON literal ("+1", ".5"): normalise through a double when that is a finite number.
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n))
        throw malformed(attribute, `N is not a number: ${JSON.stringify(raw)}`);
    return String(n);
}

function stringJson(raw: unknown, attribute: string, type: string): string {
    if (typeof raw !== "string") throw malformed(attribute, `${type} must be a string`);
    return JSON.stringify(raw);
}

function setJson(raw: unknown, attribute: string, type: "SS" | "NS" | "BS"): string {
    if (!Array.isArray(raw)) throw malformed(attribute, `${type} must be an array`);
    let out = "[";
    for (let i = 0; i < raw.length; i++) {
        if (i > 0) out += ",";
        out += type === "NS" ? numberJson(raw[i], attribute) : stringJson(raw[i], attribute, type);
    }
    return out + "]";
}

function valueJson(av: unknown, attribute: string, depth: number): string {
    if (typeof av !== "object" || av === null || Array.isArray(av)) {
        throw malformed(attribute, "is not an attribute value");
    }
    let type = "";
    let count = 0;
    for (const key in av) {
        type = key;
        count++;
    }
    if (count !== 1) throw malformed(attribute, "must have exactly one type descriptor");
    const v = (av as Record<string, unknown>)[type];
    switch (type) {
        case "S":
        case "B":
            return stringJson(v, attribute, type);
        case "N":
            return numberJson(v, attribute);
        case "BOOL":
            if (typeof v !== "boolean") throw malformed(attribute, "BOOL must be a boolean");
            return v ? "true" : "false";
        case "NULL":
            if (v !== true) throw malformed(attribute, "NULL must be true");
            return "null";
        case "SS":
        case "NS":
        case "BS":
            return setJson(v, attribute, type);
        case "L": {
            if (!Array.isArray(v)) throw malformed(attribute, "L must be an array");
            if (depth >= MAX_DEPTH) throw malformed(attribute, "nested too deeply");
            let out = "[";
            for (let i = 0; i < v.length; i++) {
                if (i > 0) out += ",";
                out += valueJson(v[i], attribute, depth + 1);
            }
            return out + "]";
        }
        case "M":
            if (depth >= MAX_DEPTH) throw malformed(attribute, "nested too deeply");
            return mapJson(v, attribute, depth + 1);
        default:
            throw malformed(attribute, `unknown type descriptor ${JSON.stringify(type)}`);
    }
}

function mapJson(map: unknown, attribute: string | undefined, depth: number): string {
    if (typeof map !== "object" || map === null || Array.isArray(map)) {
        throw malformed(attribute ?? "(item)", "M must be an object");
    }
    let out = "{";
    let first = true;
    for (const key in map) {
        if (!first) out += ",";
        first = false;
        out += JSON.stringify(key);
        out += ":";
        out += valueJson((map as Record<string, unknown>)[key], attribute ?? key, depth);
    }
    return out + "}";
}

/**
 * The item image as a plain JSON document (text). Throws {@link MalformedRecordError} for
 * anything that is not DynamoDB attribute-value form.
 */
export function itemDocumentJson(image: ItemImage): string {
    return mapJson(image, undefined, 1);
}

const ID_SAFE = /^[A-Za-z0-9._-]+$/;
// encodeURIComponent leaves these unescaped; the id keeps `~` as its separator.
const URI_EXTRA = /[!~*'()]/g;

function escapeIdPart(value: string): string {
    if (ID_SAFE.test(value)) return value;
    try {
        return encodeURIComponent(value).replace(
            URI_EXTRA,
            (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
        );
    } catch {
        throw new MalformedRecordError("a key attribute is not valid Unicode");
    }
}

function keyPart(av: unknown, name: string): string {
    if (typeof av !== "object" || av === null)
        throw malformed(name, "key is not an attribute value");
    const { S, N, B } = av as { S?: unknown; N?: unknown; B?: unknown };
    const count = Object.keys(av).length;
    if (count === 1 && typeof S === "string" && S !== "") return S;
    if (count === 1 && N !== undefined) return numberJson(N, name);
    if (count === 1 && typeof B === "string" && B !== "") return B;
    throw malformed(name, "a key must be a non-empty S, N or B");
}

/**
 * The document id of an item: its key values, ordered by attribute name, each percent-escaped
 * down to `[A-Za-z0-9._-]`, joined with `~` (`{ taskId: "t-1" }` → `t-1`;
 * `{ pk: "a/b", sk: 5 }` → `a%2Fb~5`). Deterministic and URL-safe. Ids over 512 bytes (keys can
 * be 2 KB) become `~sha256~<base64url of the SHA-256 of that text>`; a plain id never starts
 * with `~`, because key values are never empty. The table is the index, so it is not repeated.
 */
export function documentId(keys: ItemImage | undefined): string {
    if (keys === undefined) throw new MalformedRecordError("dynamodb.Keys is missing");
    const names = Object.keys(keys).sort();
    if (names.length === 0 || names.length > 2) {
        throw new MalformedRecordError(
            `dynamodb.Keys must have one or two attributes, got ${names.length}`,
        );
    }
    let id = "";
    for (let i = 0; i < names.length; i++) {
        if (i > 0) id += "~";
        id += escapeIdPart(keyPart(keys[names[i]], names[i]));
    }
    // Escaped ids are ASCII: length is the byte count.
    if (id.length <= MAX_ID_BYTES) return id;
    return `~sha256~${createHash("sha256").update(id).digest("base64url")}`;
}
