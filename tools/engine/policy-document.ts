/**
 * The offline answer to `aws:iam/getPolicyDocument:getPolicyDocument`, mirrored from the Terraform
 * provider that `@pulumi/aws` 7.x bridges (hashicorp/terraform-provider-aws v6.x), so the offline
 * engine renders byte-for-byte the JSON the real invoke returns without calling AWS.
 *
 * Sources mirrored (hashicorp/terraform-provider-aws):
 * - internal/service/iam/policy_document_data_source.go: the schema (defaults and validators),
 *   dataSourcePolicyDocumentRead, dataSourcePolicyDocumentReplaceVarsInList,
 *   dataSourcePolicyDocumentMakeConditions and dataSourcePolicyDocumentMakePrincipals.
 * - internal/service/iam/policy_model.go: the iamPolicyDoc / iamPolicyStatement structs (JSON key
 *   order and omitempty), iamPolicyDoc.Merge, the principal and condition sets' MarshalJSON and
 *   UnmarshalJSON, and policyDecodeConfigStrings.
 * - internal/create/hashcode.go: StringHashcode (the data source's id).
 * And from hashicorp/terraform-plugin-sdk v2: helper/schema/set.go (Set.List order),
 * helper/schema/serialize.go (SerializeResourceForHash) and helper/validation/strings.go (the
 * validators' messages). Go's encoding/json (escaping, MarshalIndent, map-key order, the syntax
 * scanner's messages, case-insensitive field matching) is mirrored where the output depends on it.
 */
import { Buffer } from "buffer";

// ---------------------------------------------------------------------------------------------
// Go's encoding/json, as far as the rendered documents depend on it.

/** A JSON object whose key order is fixed (Go structs keep field order; maps are sorted). */
interface JsonObject {
    readonly kind: "object";
    readonly entries: [string, JsonValue][];
}
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

function obj(entries: [string, JsonValue][]): JsonObject {
    return { kind: "object", entries };
}

function isJsonObject(v: JsonValue): v is JsonObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go compares strings byte-wise (UTF-8), not by UTF-16 code unit as JavaScript's sort does. */
function goCompare(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Go's slices.Sort followed by slices.Reverse: byte-wise descending. */
function sortDescending(values: string[]): string[] {
    return [...values].sort((a, b) => goCompare(b, a));
}

/**
 * Go's encodeState.string with escapeHTML on (json.Marshal and json.MarshalIndent both escape
 * HTML): <, > and & become \u003c, \u003e, \u0026, U+2028/U+2029 are escaped, \b and \f use
 * their short forms (Go 1.22+), other control characters \u00XX in lower-case hex. A lone
 * surrogate is invalid UTF-8 by the time Go sees it, which Go replaces with \ufffd.
 */
function goQuote(s: string): string {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
            const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
            if (next >= 0xdc00 && next <= 0xdfff) {
                out += s[i] + s[i + 1];
                i++;
            } else {
                out += "\\ufffd";
            }
            continue;
        }
        if (c >= 0xdc00 && c <= 0xdfff) {
            out += "\\ufffd";
            continue;
        }
        switch (c) {
            case 0x22:
                out += '\\"';
                break;
            case 0x5c:
                out += "\\\\";
                break;
            case 0x0a:
                out += "\\n";
                break;
            case 0x0d:
                out += "\\r";
                break;
            case 0x09:
                out += "\\t";
                break;
            case 0x08:
                out += "\\b";
                break;
            case 0x0c:
                out += "\\f";
                break;
            default:
                if (
                    c < 0x20 ||
                    c === 0x3c ||
                    c === 0x3e ||
                    c === 0x26 ||
                    c === 0x2028 ||
                    c === 0x2029
                ) {
                    out += "\\u" + c.toString(16).padStart(4, "0");
                } else {
                    out += s[i];
                }
        }
    }
    return out + '"';
}

/**
 * Go's float64 encoding matches ECMAScript's Number#toString for the values a policy can hold
 * (both switch to exponent form below 1e-6 and from 1e21).
 */
function goNumber(n: number): string {
    if (!Number.isFinite(n)) {
        throw new Error(`json: unsupported value: ${String(n)}`);
    }
    return String(n);
}

/** json.Marshal: compact. */
function marshal(v: JsonValue): string {
    if (v === null) return "null";
    if (typeof v === "string") return goQuote(v);
    if (typeof v === "number") return goNumber(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (Array.isArray(v)) return "[" + v.map(marshal).join(",") + "]";
    return "{" + v.entries.map(([k, x]) => goQuote(k) + ":" + marshal(x)).join(",") + "}";
}

/**
 * json.MarshalIndent(v, "", "  "), which is json.Indent over the compact form: one element per
 * line, ": " after keys, and empty arrays/objects kept as [] and {}.
 */
function marshalIndent(v: JsonValue, depth = 0): string {
    const pad = "  ".repeat(depth + 1);
    const close = "  ".repeat(depth);
    if (Array.isArray(v)) {
        if (v.length === 0) return "[]";
        return `[\n${v.map((x) => pad + marshalIndent(x, depth + 1)).join(",\n")}\n${close}]`;
    }
    if (isJsonObject(v)) {
        if (v.entries.length === 0) return "{}";
        const lines = v.entries.map(
            ([k, x]) => `${pad}${goQuote(k)}: ${marshalIndent(x, depth + 1)}`,
        );
        return `{\n${lines.join(",\n")}\n${close}}`;
    }
    return marshal(v);
}

/** Go marshals a map[string]... with its keys sorted byte-wise. */
function sortedObject(entries: [string, JsonValue][]): JsonObject {
    return obj([...entries].sort(([a], [b]) => goCompare(a, b)));
}

/** Go's strconv.Quote, as the scanner's quoteChar uses it for the offending byte. */
function quoteChar(c: number): string {
    if (c === 0x27) return "'\\''";
    if (c === 0x22) return "'\"'";
    const named: Record<number, string> = {
        0x07: "\\a",
        0x08: "\\b",
        0x0c: "\\f",
        0x0a: "\\n",
        0x0d: "\\r",
        0x09: "\\t",
        0x0b: "\\v",
        0x5c: "\\\\",
    };
    if (named[c] !== undefined) return `'${named[c]}'`;
    if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
    // string(byte) in Go is the rune with that code point: bytes >= 0x80 print as Latin-1.
    if (c >= 0x80 && c < 0xa0) return `'\\u00${c.toString(16).padStart(2, "0")}'`;
    return `'${String.fromCharCode(c)}'`;
}

/**
 * Go's encoding/json syntax check (scanner.go's checkValid), so that a malformed source or
 * override document fails with Go's message ("invalid character 'x' looking for beginning of
 * value", "unexpected end of JSON input", ...). Returns the message, or undefined if valid.
 */
function goSyntaxError(text: string): string | undefined {
    const data = Buffer.from(text, "utf8");
    type Step = (c: number) => Step | "error";
    const stack: ("key" | "value" | "array")[] = [];
    let err = "";
    let endTop = false;
    const fail = (c: number, context: string): "error" => {
        err = `invalid character ${quoteChar(c)} ${context}`;
        return "error";
    };
    const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
    const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

    const endTopStep: Step = (c) => {
        endTop = true;
        return isSpace(c) ? endTopStep : fail(c, "after top-level value");
    };
    const endValue: Step = (c) => {
        const n = stack.length;
        if (n === 0) return endTopStep(c);
        if (isSpace(c)) return endValue;
        switch (stack[n - 1]) {
            case "key":
                if (c === 0x3a) {
                    stack[n - 1] = "value";
                    return beginValue;
                }
                return fail(c, "after object key");
            case "value":
                if (c === 0x2c) {
                    stack[n - 1] = "key";
                    return beginString;
                }
                if (c === 0x7d) {
                    stack.pop();
                    return endValue;
                }
                return fail(c, "after object key:value pair");
            default:
                if (c === 0x2c) return beginValue;
                if (c === 0x5d) {
                    stack.pop();
                    return endValue;
                }
                return fail(c, "after array element");
        }
    };
    const literal = (rest: string, name: string, i = 0): Step => {
        return (c) => {
            if (c !== rest.charCodeAt(i)) {
                return fail(c, `in literal ${name} (expecting '${rest[i]}')`);
            }
            return i + 1 === rest.length ? endValue : literal(rest, name, i + 1);
        };
    };
    const eDigits: Step = (c) => (isDigit(c) ? eDigits : endValue(c));
    const eSign: Step = (c) => (isDigit(c) ? eDigits : fail(c, "in exponent of numeric literal"));
    const exponent: Step = (c) => (c === 0x2b || c === 0x2d ? eSign : eSign(c));
    const fraction: Step = (c) => {
        if (isDigit(c)) return fraction;
        if (c === 0x65 || c === 0x45) return exponent;
        return endValue(c);
    };
    const dot: Step = (c) =>
        isDigit(c) ? fraction : fail(c, "after decimal point in numeric literal");
    const zero: Step = (c) => {
        if (c === 0x2e) return dot;
        if (c === 0x65 || c === 0x45) return exponent;
        return endValue(c);
    };
    const digits: Step = (c) => (isDigit(c) ? digits : zero(c));
    const neg: Step = (c) => {
        if (c === 0x30) return zero;
        if (c >= 0x31 && c <= 0x39) return digits;
        return fail(c, "in numeric literal");
    };
    const hex = (left: number): Step => {
        return (c) => {
            if (!isHex(c)) return fail(c, "in \\u hexadecimal character escape");
            return left === 1 ? inString : hex(left - 1);
        };
    };
    const escape: Step = (c) => {
        if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) return inString;
        if (c === 0x75) return hex(4);
        return fail(c, "in string escape code");
    };
    const inString: Step = (c) => {
        if (c === 0x22) return endValue;
        if (c === 0x5c) return escape;
        if (c < 0x20) return fail(c, "in string literal");
        return inString;
    };
    const beginString: Step = (c) => {
        if (isSpace(c)) return beginString;
        if (c === 0x22) return inString;
        return fail(c, "looking for beginning of object key string");
    };
    const beginStringOrEmpty: Step = (c) => {
        if (isSpace(c)) return beginStringOrEmpty;
        if (c === 0x7d) {
            stack[stack.length - 1] = "value";
            return endValue(c);
        }
        return beginString(c);
    };
    const beginValueOrEmpty: Step = (c) => {
        if (isSpace(c)) return beginValueOrEmpty;
        if (c === 0x5d) return endValue(c);
        return beginValue(c);
    };
    const beginValue: Step = (c) => {
        if (isSpace(c)) return beginValue;
        switch (c) {
            case 0x7b:
                stack.push("key");
                return beginStringOrEmpty;
            case 0x5b:
                stack.push("array");
                return beginValueOrEmpty;
            case 0x22:
                return inString;
            case 0x2d:
                return neg;
            case 0x30:
                return zero;
            case 0x74:
                return literal("rue", "true");
            case 0x66:
                return literal("alse", "false");
            case 0x6e:
                return literal("ull", "null");
        }
        if (c >= 0x31 && c <= 0x39) return digits;
        return fail(c, "looking for beginning of value");
    };

    let step: Step = beginValue;
    for (const c of data) {
        const next = step(c);
        if (next === "error") return err;
        step = next;
    }
    // scanner.eof: a final space completes a trailing number; anything still open is truncated.
    if (endTop) return undefined;
    const last = step(0x20);
    if (last !== "error" && endTop) return undefined;
    return "unexpected end of JSON input";
}

/** Go's JSON type names, as UnmarshalTypeError and %T print them. */
function jsonKind(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "object") return "object";
    return typeof v === "string" ? "string" : typeof v === "number" ? "number" : "bool";
}

function goTypeName(v: unknown): string {
    if (v === null || v === undefined) return "<nil>";
    if (Array.isArray(v)) return "[]interface {}";
    if (typeof v === "object") return "map[string]interface {}";
    return typeof v === "string" ? "string" : typeof v === "number" ? "float64" : "bool";
}

/** What json.Unmarshal into `any` yields, re-marshalled: objects come back with sorted keys. */
function fromAny(v: unknown): JsonValue {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        return v;
    }
    if (Array.isArray(v)) return v.map(fromAny);
    return sortedObject(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromAny(x)]),
    );
}

// ---------------------------------------------------------------------------------------------
// policy_model.go

/** iamPolicyStatementPrincipal: Identifiers is a string or a []string. */
interface Principal {
    type: string;
    identifiers: string | string[];
}

/** iamPolicyStatementCondition: Values is a string or a []string. */
interface Condition {
    test: string;
    variable: string;
    values: string | string[];
}

/**
 * iamPolicyStatement. The `any` fields hold what the data source or json.Unmarshal put there;
 * undefined stands for Go's nil interface, which omitempty drops.
 */
interface Statement {
    sid: string;
    effect: string;
    actions?: JsonValue;
    notActions?: JsonValue;
    resources?: JsonValue;
    notResources?: JsonValue;
    principals: Principal[];
    notPrincipals: Principal[];
    conditions: Condition[];
}

/** iamPolicyDoc. */
interface PolicyDoc {
    version: string;
    id: string;
    statements: (Statement | null)[];
}

/**
 * iamPolicyDoc.Merge: adopt a non-empty Id, let a later Version "upgrade" (Go string >), and
 * replace the first statement with the same non-empty Sid in place, appending everything else.
 */
function merge(into: PolicyDoc, doc: PolicyDoc): void {
    if (doc.id.length > 0) into.id = doc.id;
    if (doc.version > into.version) into.version = doc.version;
    for (const stmt of doc.statements) {
        if (stmt === null) {
            // A `null` statement is a nil *iamPolicyStatement; Merge dereferences it.
            throw new Error(
                "panic: runtime error: invalid memory address or nil pointer dereference",
            );
        }
        if (stmt.sid.length === 0) {
            into.statements.push(stmt);
            continue;
        }
        const i = into.statements.findIndex((s) => s !== null && s.sid === stmt.sid);
        if (i >= 0) into.statements[i] = stmt;
        else into.statements.push(stmt);
    }
}

/**
 * iamPolicyStatementPrincipalSet.MarshalJSON. A lone {Type "*", Identifiers "*"} (or ["*"]) is
 * normalised to "*" (and only that: {"AWS": "*"} stays, because IAM treats them differently in
 * trust policies). Otherwise principals group by type in a map (so types come out sorted); list
 * identifiers are re-sorted descending here, and a second block of the same type is appended in
 * set order, turning a single string into a list.
 */
function marshalPrincipals(ps: Principal[]): JsonValue {
    if (ps.length === 1 && ps[0].type === "*") {
        const ids = ps[0].identifiers;
        if (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*")) {
            return "*";
        }
    }
    const raw = new Map<string, string | string[]>();
    for (const p of ps) {
        const existing = raw.get(p.type);
        if (Array.isArray(p.identifiers)) {
            const base: string[] = Array.isArray(existing)
                ? existing
                : existing === undefined
                  ? []
                  : [existing];
            raw.set(p.type, [...base, ...sortDescending(p.identifiers)]);
        } else if (existing === undefined) {
            raw.set(p.type, p.identifiers);
        } else {
            const base = Array.isArray(existing) ? existing : [existing];
            raw.set(p.type, [...base, p.identifiers]);
        }
    }
    return sortedObject([...raw.entries()]);
}

/**
 * iamPolicyStatementConditionSet.MarshalJSON: group by test, then variable (both maps, so both
 * sorted), concatenating values in set order without sorting them ("order matters with
 * values"), then flatten any single-item list to a string.
 */
function marshalConditions(cs: Condition[]): JsonValue {
    const raw = new Map<string, Map<string, string[]>>();
    for (const c of cs) {
        let byVariable = raw.get(c.test);
        if (byVariable === undefined) {
            byVariable = new Map();
            raw.set(c.test, byVariable);
        }
        const values = byVariable.get(c.variable) ?? [];
        byVariable.set(c.variable, values.concat(Array.isArray(c.values) ? c.values : [c.values]));
    }
    return sortedObject(
        [...raw.entries()].map(([test, byVariable]) => [
            test,
            sortedObject(
                [...byVariable.entries()].map(([variable, values]) => [
                    variable,
                    values.length === 1 ? values[0] : values,
                ]),
            ),
        ]),
    );
}

/** iamPolicyStatement's field order and omitempty tags. */
function marshalStatement(s: Statement): JsonValue {
    const entries: [string, JsonValue][] = [];
    if (s.sid !== "") entries.push(["Sid", s.sid]);
    if (s.effect !== "") entries.push(["Effect", s.effect]);
    if (s.actions !== undefined) entries.push(["Action", s.actions]);
    if (s.notActions !== undefined) entries.push(["NotAction", s.notActions]);
    if (s.resources !== undefined) entries.push(["Resource", s.resources]);
    if (s.notResources !== undefined) entries.push(["NotResource", s.notResources]);
    if (s.principals.length > 0) entries.push(["Principal", marshalPrincipals(s.principals)]);
    if (s.notPrincipals.length > 0) {
        entries.push(["NotPrincipal", marshalPrincipals(s.notPrincipals)]);
    }
    if (s.conditions.length > 0) entries.push(["Condition", marshalConditions(s.conditions)]);
    return obj(entries);
}

/** iamPolicyDoc's field order (Version, Id, Statement), all omitempty. */
function marshalDoc(d: PolicyDoc): JsonValue {
    const entries: [string, JsonValue][] = [];
    if (d.version !== "") entries.push(["Version", d.version]);
    if (d.id !== "") entries.push(["Id", d.id]);
    if (d.statements.length > 0) {
        entries.push([
            "Statement",
            d.statements.map((s) => (s === null ? null : marshalStatement(s))),
        ]);
    }
    return obj(entries);
}

/** iamPolicyStatementPrincipalSet.UnmarshalJSON. */
function unmarshalPrincipals(data: unknown): Principal[] {
    if (typeof data === "string") return [{ type: "*", identifiers: ["*"] }];
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
        throw new Error(
            `Unsupported data type ${goTypeName(data)} for IAMPolicyStatementPrincipalSet`,
        );
    }
    const out: Principal[] = [];
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
        if (typeof value === "string") {
            out.push({ type: key, identifiers: value });
        } else if (Array.isArray(value)) {
            const ids = value.map((v, i) => {
                if (typeof v !== "string") {
                    throw new Error(
                        `Unsupported element type ${goTypeName(v)} for ` +
                            `IAMPolicyStatementPrincipalSet.Identifiers[${i}] (principal type ` +
                            `${goQuote(key)}): must be string`,
                    );
                }
                return v;
            });
            out.push({ type: key, identifiers: [...ids].sort(goCompare) });
        } else {
            throw new Error(
                `Unsupported data type ${goTypeName(value)} for IAMPolicyStatementPrincipalSet.Identifiers`,
            );
        }
    }
    return out;
}

/**
 * iamPolicyStatementConditionSet.UnmarshalJSON: a string value becomes a one-item list, a bool
 * becomes "true"/"false", a list must hold strings (anything else panics the provider), and any
 * other value (a number, null) is silently dropped.
 */
function unmarshalConditions(data: unknown): Condition[] {
    if (data === null) return [];
    if (typeof data !== "object" || Array.isArray(data)) {
        throw new Error(
            `json: cannot unmarshal ${jsonKind(data)} into Go value of type ` +
                "map[string]map[string]interface {}",
        );
    }
    const out: Condition[] = [];
    for (const [test, byVariable] of Object.entries(data as Record<string, unknown>)) {
        if (byVariable === null) continue;
        if (typeof byVariable !== "object" || Array.isArray(byVariable)) {
            throw new Error(
                `json: cannot unmarshal ${jsonKind(byVariable)} into Go value of type ` +
                    "map[string]interface {}",
            );
        }
        for (const [variable, values] of Object.entries(byVariable as Record<string, unknown>)) {
            if (typeof values === "string") {
                out.push({ test, variable, values: [values] });
            } else if (typeof values === "boolean") {
                out.push({ test, variable, values: String(values) });
            } else if (Array.isArray(values)) {
                const strings = values.map((v) => {
                    if (typeof v !== "string") {
                        throw new Error(
                            `panic: interface conversion: interface {} is ${goTypeName(v)}, not string`,
                        );
                    }
                    return v;
                });
                out.push({ test, variable, values: strings });
            }
        }
    }
    return out;
}

/** Go matches JSON keys to struct fields case-insensitively; the last matching key wins. */
function fields(o: Record<string, unknown>, names: string[]): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(o)) {
        const name = names.find((n) => n.toLowerCase() === key.toLowerCase());
        if (name !== undefined) out.set(name, value);
    }
    return out;
}

const STATEMENT_FIELDS = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

/**
 * json.Unmarshal of a source or override document into iamPolicyDoc. A syntax error fails
 * first (Go checks the whole input before decoding); a type mismatch is remembered and the
 * earliest reported after decoding the rest, as encoding/json does; errors from the principal
 * and condition sets' UnmarshalJSON stop decoding at once.
 */
function unmarshalDoc(text: string): PolicyDoc {
    const syntax = goSyntaxError(text);
    if (syntax !== undefined) throw new Error(syntax);
    const data: unknown = JSON.parse(text);
    const doc: PolicyDoc = { version: "", id: "", statements: [] };
    if (data === null) return doc;
    if (typeof data !== "object" || Array.isArray(data)) {
        throw new Error(
            `json: cannot unmarshal ${jsonKind(data)} into Go value of type iam.iamPolicyDoc`,
        );
    }
    let typeError: string | undefined;
    const mismatch = (v: unknown, struct: string, field: string, goType: string) => {
        typeError ??=
            `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} ` +
            `of type ${goType}`;
    };
    const str = (v: unknown, struct: string, field: string): string => {
        if (typeof v === "string") return v;
        if (v !== null) mismatch(v, struct, field, "string");
        return "";
    };
    const top = fields(data as Record<string, unknown>, ["Version", "Id", "Statement"]);
    if (top.has("Version")) doc.version = str(top.get("Version"), "iamPolicyDoc", "Version");
    if (top.has("Id")) doc.id = str(top.get("Id"), "iamPolicyDoc", "Id");
    const raw = top.get("Statement");
    if (Array.isArray(raw)) {
        for (const item of raw) {
            if (item === null) {
                doc.statements.push(null);
                continue;
            }
            if (typeof item !== "object" || Array.isArray(item)) {
                mismatch(item, "iamPolicyDoc", "Statement", "iam.iamPolicyStatement");
                continue;
            }
            const f = fields(item as Record<string, unknown>, STATEMENT_FIELDS);
            const field = (name: string) => `Statement.${name}`;
            const anyField = (name: string): JsonValue | undefined => {
                const v = f.get(name);
                return v === undefined || v === null ? undefined : fromAny(v);
            };
            const stmt: Statement = {
                sid: f.has("Sid") ? str(f.get("Sid"), "iamPolicyStatement", field("Sid")) : "",
                effect: f.has("Effect")
                    ? str(f.get("Effect"), "iamPolicyStatement", field("Effect"))
                    : "",
                actions: anyField("Action"),
                notActions: anyField("NotAction"),
                resources: anyField("Resource"),
                notResources: anyField("NotResource"),
                principals: f.has("Principal") ? unmarshalPrincipals(f.get("Principal")) : [],
                notPrincipals: f.has("NotPrincipal")
                    ? unmarshalPrincipals(f.get("NotPrincipal"))
                    : [],
                conditions: f.has("Condition") ? unmarshalConditions(f.get("Condition")) : [],
            };
            doc.statements.push(stmt);
        }
    } else if (raw !== undefined && raw !== null) {
        mismatch(raw, "iamPolicyDoc", "Statement", "[]*iam.iamPolicyStatement");
    }
    if (typeError !== undefined) throw new Error(typeError);
    return doc;
}

// ---------------------------------------------------------------------------------------------
// The Terraform SDK's sets (helper/schema/set.go, serialize.go; helper/hashcode).

const CRC32_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

/** crc32.ChecksumIEEE over the string's UTF-8 bytes. */
function crc32(s: string): number {
    let c = 0xffffffff;
    for (const byte of Buffer.from(s, "utf8")) c = CRC32_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

/**
 * An SDK set of items hashed by `serialize`: hashcode.String (crc32 as a non-negative int on
 * 64-bit Go, so the raw checksum) keys a map, so an item whose hash is already present is
 * dropped, and List() returns the items ordered by their hash codes' *decimal strings*
 * (sort.Strings over strconv.Itoa), not numerically. Identical blocks therefore collapse, and
 * e.g. two `AWS` principal blocks concatenate in this order, not in input order.
 */
function setList<T>(items: T[], serialize: (item: T) => string): T[] {
    const byCode = new Map<string, T>();
    for (const item of items) {
        const code = String(crc32(serialize(item)));
        if (!byCode.has(code)) byCode.set(code, item);
    }
    return [...byCode.keys()].sort().map((k) => byCode.get(k) as T);
}

/** schema.HashString set. */
function stringSet(values: string[]): string[] {
    return setList(values, (v) => v);
}

/**
 * SerializeResourceForHash for the principals block (keys sorted: identifiers, type); the
 * identifiers set serialises its members in its own List() order: `identifiers:{a;b;};type:AWS;`.
 */
function serializePrincipal(p: { type: string; identifiers: string[] }): string {
    const ids = stringSet(p.identifiers)
        .map((id) => id + ";")
        .join("");
    return `identifiers:{${ids}};type:${p.type};`;
}

/** SerializeResourceForHash for the condition block (test, values as a list, variable). */
function serializeCondition(c: { test: string; variable: string; values: string[] }): string {
    const values = c.values.map((v) => v + ";").join("");
    return `test:${c.test};values:(${values});variable:${c.variable};`;
}

// ---------------------------------------------------------------------------------------------
// policy_document_data_source.go

const VERSIONS = ["2008-10-17", "2012-10-17"];
const EFFECTS = ["Allow", "Deny"];

/** Go's %q of a []string, as StringInSlice prints the valid values. */
function goQuoteList(values: string[]): string {
    return "[" + values.map((v) => JSON.stringify(v)).join(" ") + "]";
}

/** policyDecodeConfigStrings: one element renders as a string, more sort descending. */
function decodeStrings(l: string[]): string | string[] {
    return l.length === 1 ? l[0] : sortDescending(l);
}

/**
 * dataSourcePolicyDocumentReplaceVarsInList: `&{...}` is the Terraform-safe spelling of IAM's
 * `${...}` policy variables; version 2008-10-17 has no policy variables, so it is an error there.
 */
function replaceVars<T extends string | string[]>(v: T, version: string): T {
    const one = (s: string) => {
        if (version === "2008-10-17" && s.includes("&{")) {
            throw new Error(
                `found &{ sequence in (${s}), which is not supported in document version 2008-10-17`,
            );
        }
        return s.split("&{").join("${");
    };
    return (Array.isArray(v) ? v.map(one) : one(v)) as T;
}

function wrap<T>(prefix: string, f: () => T): T {
    try {
        return f();
    } catch (e) {
        throw new Error(`${prefix}: ${(e as Error).message}`);
    }
}

function isSet(v: unknown): boolean {
    return v !== undefined && v !== null;
}

function stringList(v: unknown, path: string): string[] {
    if (!isSet(v)) return [];
    if (!Array.isArray(v)) throw new Error(`${path}: expected a list of strings`);
    return v.map((x, i) => {
        if (typeof x !== "string") throw new Error(`${path}.${i}: expected a string`);
        return x;
    });
}

function record(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
        throw new Error(`${path}: expected an object`);
    }
    return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
    if (!isSet(v)) return [];
    if (!Array.isArray(v)) throw new Error(`${path}: expected a list`);
    return v;
}

function required(block: Record<string, unknown>, key: string, path: string): unknown {
    if (!isSet(block[key])) {
        // Terraform core's message for a required attribute left out of a block.
        throw new Error(
            `Missing required argument: The argument "${key}" is required, but no definition ` +
                `was found. (${path}.${key})`,
        );
    }
    return block[key];
}

/**
 * Plan-time schema validation, which runs before the read: the version and effect enums,
 * override_json/source_json (kept only for compatibility, issue #31637: StringIsEmpty), and
 * StringIsJSON on each source/override document. Messages are helper/validation's, keyed by
 * the Terraform attribute path.
 */
function validate(args: Record<string, unknown>): void {
    const errors: string[] = [];
    const version = args.version;
    if (isSet(version) && !VERSIONS.includes(String(version))) {
        errors.push(
            `expected version to be one of ${goQuoteList(VERSIONS)}, got ${String(version)}`,
        );
    }
    list(args.statements, "statements").forEach((s, i) => {
        const effect = record(s, `statements.${i}`).effect;
        if (isSet(effect) && !EFFECTS.includes(String(effect))) {
            errors.push(
                `expected statement.${i}.effect to be one of ${goQuoteList(EFFECTS)}, ` +
                    `got ${String(effect)}`,
            );
        }
    });
    for (const [arg, key] of [
        ["overrideJson", "override_json"],
        ["sourceJson", "source_json"],
    ]) {
        const v = args[arg];
        if (isSet(v) && v !== "") {
            errors.push(`expected ${goQuote(key)} to be an empty string: got ${String(v)}`);
        }
    }
    for (const [arg, key] of [
        ["sourcePolicyDocuments", "source_policy_documents"],
        ["overridePolicyDocuments", "override_policy_documents"],
    ]) {
        stringList(args[arg], arg).forEach((text, i) => {
            // structure.NormalizeJsonString treats "" as valid; the read then fails on it.
            const syntax = text === "" ? undefined : goSyntaxError(text);
            if (syntax !== undefined) {
                errors.push(`${goQuote(`${key}.${i}`)} contains an invalid JSON: ${syntax}`);
            }
        });
    }
    if (errors.length > 0) throw new Error(errors.join("\n"));
}

/** The statement blocks from the config, as dataSourcePolicyDocumentRead builds them. */
function configStatements(raw: unknown[], version: string): Statement[] {
    const sids = new Set<string>();
    return raw.map((s, i) => {
        const path = `statements.${i}`;
        const block = record(s, path);
        const stmt: Statement = {
            sid: "",
            effect: isSet(block.effect) ? String(block.effect) : "Allow",
            principals: [],
            notPrincipals: [],
            conditions: [],
        };

        const sid = isSet(block.sid) ? String(block.sid) : "";
        if (sids.has(sid)) {
            throw new Error(
                `writing IAM Policy Document: duplicate Sid (${sid}). Remove the Sid or ensure ` +
                    "the Sid is unique.",
            );
        }
        stmt.sid = sid;
        if (sid.length > 0) sids.add(sid);

        // Actions and resources are TypeSets of strings: duplicates collapse, and the set's
        // own order is irrelevant because policyDecodeConfigStrings sorts them anyway.
        const actions = stringSet(stringList(block.actions, `${path}.actions`));
        if (actions.length > 0) stmt.actions = decodeStrings(actions);
        const notActions = stringSet(stringList(block.notActions, `${path}.notActions`));
        if (notActions.length > 0) stmt.notActions = decodeStrings(notActions);

        // Sorted before &{ is replaced, as the provider does.
        const resources = stringSet(stringList(block.resources, `${path}.resources`));
        if (resources.length > 0) {
            stmt.resources = wrap("reading resources", () =>
                replaceVars(decodeStrings(resources), version),
            );
        }
        const notResources = stringSet(stringList(block.notResources, `${path}.notResources`));
        if (notResources.length > 0) {
            stmt.notResources = wrap("reading not_resources", () =>
                replaceVars(decodeStrings(notResources), version),
            );
        }

        const principals = (key: "principals" | "notPrincipals", label: string): Principal[] => {
            const blocks = list(block[key], `${path}.${key}`).map((p, j) => {
                const pPath = `${path}.${key}.${j}`;
                const pBlock = record(p, pPath);
                return {
                    type: String(required(pBlock, "type", pPath)),
                    identifiers: stringList(
                        required(pBlock, "identifiers", pPath),
                        `${pPath}.identifiers`,
                    ),
                };
            });
            // dataSourcePolicyDocumentMakePrincipals, over the set in List() order.
            return wrap(`reading ${label}`, () =>
                setList(blocks, serializePrincipal).map((p) => ({
                    type: p.type,
                    identifiers: wrap("reading identifiers", () =>
                        replaceVars(decodeStrings(stringSet(p.identifiers)), version),
                    ),
                })),
            );
        };
        stmt.principals = principals("principals", "principals");
        stmt.notPrincipals = principals("notPrincipals", "not_principals");

        const conditions = list(block.conditions, `${path}.conditions`).map((c, j) => {
            const cPath = `${path}.conditions.${j}`;
            const cBlock = record(c, cPath);
            return {
                test: String(required(cBlock, "test", cPath)),
                variable: String(required(cBlock, "variable", cPath)),
                values: stringList(required(cBlock, "values", cPath), `${cPath}.values`),
            };
        });
        // dataSourcePolicyDocumentMakeConditions: values are a list (order kept); one value
        // renders as a string.
        stmt.conditions = wrap("reading condition", () =>
            setList(conditions, serializeCondition).map((c) => {
                const values = wrap("reading values", () => replaceVars(c.values, version));
                return {
                    test: c.test,
                    variable: c.variable,
                    values: values.length === 1 ? values[0] : values,
                };
            }),
        );
        return stmt;
    });
}

/** The inputs as the invoke echoes them: set, with the schema's defaults filled in. */
function echoedInputs(args: Record<string, unknown>, version: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of [
        "overrideJson",
        "overridePolicyDocuments",
        "policyId",
        "sourceJson",
        "sourcePolicyDocuments",
    ]) {
        if (isSet(args[key])) out[key] = args[key];
    }
    if (isSet(args.statements)) {
        out.statements = list(args.statements, "statements").map((s) => {
            const block = { ...(s as Record<string, unknown>) };
            if (!isSet(block.effect)) block.effect = "Allow";
            return block;
        });
    }
    out.version = version;
    return out;
}

/** Computes aws:iam/getPolicyDocument's result from its (fully known) arguments, as the provider does. */
export function policyDocumentResult(args: Record<string, unknown>): Record<string, unknown> {
    validate(args);
    const version = isSet(args.version) ? String(args.version) : "2012-10-17";

    // Source documents merge first, in order; their non-empty Sids must be unique across all
    // of them (the current document's statements may still override them).
    const merged: PolicyDoc = { version: "", id: "", statements: [] };
    const sourceSids = new Set<string>();
    stringList(args.sourcePolicyDocuments, "sourcePolicyDocuments").forEach((text, i) => {
        const source = wrap(`writing IAM Policy Document: merging source document ${i}`, () =>
            unmarshalDoc(text),
        );
        source.statements.forEach((stmt, j) => {
            if (stmt !== null && stmt.sid !== "") {
                if (sourceSids.has(stmt.sid)) {
                    throw new Error(
                        `writing IAM Policy Document: merging source document ${i}: duplicate ` +
                            `Sid (${stmt.sid}) in source_policy_documents (statement ${j}). ` +
                            "Remove the Sid or ensure Sids are unique.",
                    );
                }
                sourceSids.add(stmt.sid);
            }
        });
        merge(merged, source);
    });

    const doc: PolicyDoc = {
        version,
        // d.GetOk: an empty policy_id counts as unset.
        id: isSet(args.policyId) ? String(args.policyId) : "",
        statements: configStatements(list(args.statements, "statements"), version),
    };
    merge(merged, doc);

    // Override documents merge last, in order, each replacing earlier statements by Sid.
    stringList(args.overridePolicyDocuments, "overridePolicyDocuments").forEach((text, i) => {
        const override = wrap(`writing IAM Policy Document: merging override document ${i}`, () =>
            unmarshalDoc(text),
        );
        merge(merged, override);
    });

    const tree = marshalDoc(merged);
    const json = marshalIndent(tree);
    return {
        ...echoedInputs(args, version),
        // d.SetId(strconv.Itoa(create.StringHashcode(jsonString))): crc32 of the indented JSON.
        id: String(crc32(json)),
        json,
        minifiedJson: marshal(tree),
    };
}
