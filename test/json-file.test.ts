import * as assert from "node:assert/strict";
import { errorOffset, parseJson } from "../tools/engine/json-file";

describe("JSON files: where the mistake is", () => {
    const table: [string, string, number][] = [
        ["valid object", '{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', -1],
        ["unquoted key", "{\n  a: 1\n}", 4],
        ["trailing comma in an array", "[1,]", 3],
        ["trailing comma in an object", '{"a": 1,}', 8],
        ["misspelt literal", '{"a": tru}', 9],
        ["text after the value", '{"a": 1} x', 9],
        ["control character in a string", '{"a": "x\ny"}', 8],
        ["bad escape", '"\\q"', 2],
        ["input ends early", '{"a": ', 6],
        ["leading zero", "01", 1],
    ];
    for (const [what, text, offset] of table) {
        it(`finds the offset of ${what}`, () => assert.equal(errorOffset(text), offset));
    }

    it("reports the file, line and column with V8's reason", () => {
        assert.throws(() => parseJson('{\n  "a": 1,\n  b: 2\n}', "f.json"), {
            name: "JsonFileError",
            message: "f.json:3:3: not valid JSON: Expected double-quoted property name",
        });
        assert.throws(() => parseJson("[1,]", "f.json"), {
            name: "JsonFileError",
            message: "f.json:1:4: not valid JSON: Unexpected token ']'",
        });
    });
});
