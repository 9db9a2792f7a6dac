// ESLint flat config: typescript-eslint with type information (the Pulumi rules need it to see
// Output types), the Pulumi plugin's rules as errors, and Prettier owning formatting.
"use strict";
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");
const prettier = require("eslint-config-prettier");

module.exports = tseslint.config(
    {
        ignores: [
            "node_modules/",
            "build/",
            "scratch/",
            "policy/bin/",
            "**/*.js",
            "!eslint.config.js",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            // Two projects for every file: the test fixtures carry tsconfigs of their
            // own, for the CLI, and a program per fixture would each load every Pulumi type.
            parserOptions: {
                project: ["./tsconfig.json", "./policy/tsconfig.json"],
                tsconfigRootDir: __dirname,
            },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
            ],
            eqeqeq: ["error", "always"],
        },
    },
    {
        files: ["eslint.config.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", __dirname: "readonly" },
        },
    },
    prettier,
);
