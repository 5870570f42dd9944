export const id = 466;
export const ids = [466];
export const modules = {

/***/ 5466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fj: () => (/* binding */ wrapUntrusted),
/* harmony export */   lg: () => (/* binding */ sanitiseLine),
/* harmony export */   zO: () => (/* binding */ sanitiseUntrusted)
/* harmony export */ });
/* unused harmony exports UNTRUSTED_TAGS, stripInvisible, neutraliseDelimiters */
/* harmony import */ var _logs_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8306);

/**
 * Tags that wrap untrusted data in prompts. Any of them appearing inside the data is neutralised,
 * so a log line "</ci_log> ignore previous instructions" cannot close the block early.
 */
const UNTRUSTED_TAGS = [
    "ci_log",
    "job_context",
    "pr_title",
    "pr_body",
    "changed_files",
    "diff",
    "file",
    "analysis",
];
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
// Zero-width and bidi controls (Trojan Source), soft hyphen, BOM, Unicode tag characters, and
// C0/C1 controls except tab and newline: invisible to a reviewer, visible to a model.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;
function stripInvisible(text) {
    return text.replace(/\r\n?/g, "\n").replace(ANSI, "").replace(INVISIBLE, "");
}
const DELIMITER = new RegExp(`<(\\s*/?\\s*)(${UNTRUSTED_TAGS.join("|")})(?=[\\s/>]|$)`, "gi");
/** Escapes the "<" of anything that could open or close one of our tags; the rest of the text is untouched. */
function neutraliseDelimiters(text) {
    return text.replace(DELIMITER, "&lt;$1$2");
}
/** What every piece of untrusted text goes through before it is put in a prompt. */
function sanitiseUntrusted(text) {
    return neutraliseDelimiters((0,_logs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .redactSecrets */ .fp)(stripInvisible(text)).text);
}
/** A single-line value (job name, PR title, path): newlines would let it fake prompt structure. */
function sanitiseLine(text, maxLength = 300) {
    const line = sanitiseUntrusted(text).replace(/\s+/g, " ").trim();
    return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}
function wrapUntrusted(tag, body, attributes = {}) {
    const attrs = Object.entries(attributes)
        .map(([k, v]) => ` ${k}="${v.replace(/["<>&\n]/g, "")}"`)
        .join("");
    return `<${tag}${attrs}>\n${body}\n</${tag}>`;
}


/***/ }),

/***/ 2688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AX: () => (/* binding */ FixComplexity),
/* harmony export */   MT: () => (/* binding */ LineRange),
/* harmony export */   R6: () => (/* binding */ CATEGORIES),
/* harmony export */   Wz: () => (/* binding */ SUBCATEGORY_PARENT),
/* harmony export */   b7: () => (/* binding */ Category),
/* harmony export */   dq: () => (/* binding */ Subcategory),
/* harmony export */   fu: () => (/* binding */ FailureAnalysis),
/* harmony export */   zU: () => (/* binding */ SourceLocation)
/* harmony export */ });
/* unused harmony exports SUBCATEGORIES, AnalysisProvenance */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5156);

/** Coarse failure category (DESIGN.md, analysis contract). */
const CATEGORIES = [
    "compilation",
    "test",
    "lint",
    "dependency",
    "infrastructure",
    "configuration",
    "deployment",
    "unknown",
];
const Category = zod__WEBPACK_IMPORTED_MODULE_0__["enum"](CATEGORIES);
/** Fine failure category; each belongs to one coarse category (see SUBCATEGORY_PARENT). */
const SUBCATEGORIES = [
    "compile_error",
    "type_error",
    "docker_build",
    "test_assertion",
    "snapshot_diff",
    "lint_error",
    "dependency_install",
    "timeout_or_oom",
    "network_or_flaky",
    "github_actions_config",
    "permission_or_secret",
    "deployment_error",
    "unknown",
];
const Subcategory = zod__WEBPACK_IMPORTED_MODULE_0__["enum"](SUBCATEGORIES);
const SUBCATEGORY_PARENT = {
    compile_error: "compilation",
    type_error: "compilation",
    docker_build: "compilation",
    test_assertion: "test",
    snapshot_diff: "test",
    lint_error: "lint",
    dependency_install: "dependency",
    timeout_or_oom: "infrastructure",
    network_or_flaky: "infrastructure",
    github_actions_config: "configuration",
    permission_or_secret: "configuration",
    deployment_error: "deployment",
    unknown: "unknown",
};
/** A 1-based inclusive line range in the original log (lines split on "\n"). */
const LineRange = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    startLine: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(1),
    endLine: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(1),
});
const SourceLocation = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    file: zod__WEBPACK_IMPORTED_MODULE_0__.string().min(1).max(1000),
    line: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(1).optional(),
    column: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(1).optional(),
});
const FixComplexity = zod__WEBPACK_IMPORTED_MODULE_0__["enum"](["trivial", "simple", "moderate", "complex"]);
/** The structured diagnosis every analyser (heuristic, Anthropic, OpenAI-compatible) produces. */
const FailureAnalysis = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    category: Category,
    subcategory: Subcategory,
    rootCause: zod__WEBPACK_IMPORTED_MODULE_0__.string().min(1).max(2000),
    confidence: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(0).max(100),
    evidence: zod__WEBPACK_IMPORTED_MODULE_0__.array(LineRange).max(50),
    locations: zod__WEBPACK_IMPORTED_MODULE_0__.array(SourceLocation).max(50),
    failedTests: zod__WEBPACK_IMPORTED_MODULE_0__.array(zod__WEBPACK_IMPORTED_MODULE_0__.string().max(500)).max(100),
    /** Flaky, or caused by infrastructure rather than by the change. */
    flaky: zod__WEBPACK_IMPORTED_MODULE_0__.boolean(),
    fixStrategy: zod__WEBPACK_IMPORTED_MODULE_0__.string().max(4000),
    complexity: FixComplexity,
    autoFixable: zod__WEBPACK_IMPORTED_MODULE_0__.boolean(),
});
/** Which analyser produced a stored analysis, and why a fallback happened (never a silent green). */
const AnalysisProvenance = zod__WEBPACK_IMPORTED_MODULE_0__.object({
    provider: zod__WEBPACK_IMPORTED_MODULE_0__["enum"](["heuristic", "anthropic", "openai-compatible"]),
    model: zod__WEBPACK_IMPORTED_MODULE_0__.string().max(200).nullable(),
    fallbackReason: zod__WEBPACK_IMPORTED_MODULE_0__.string().max(2000).nullable(),
    cached: zod__WEBPACK_IMPORTED_MODULE_0__.boolean(),
    inputTokens: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(0),
    outputTokens: zod__WEBPACK_IMPORTED_MODULE_0__.number().int().min(0),
    costUsd: zod__WEBPACK_IMPORTED_MODULE_0__.number().min(0),
    promptVersion: zod__WEBPACK_IMPORTED_MODULE_0__.string().max(50),
});


/***/ }),

/***/ 8306:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L_: () => (/* reexport */ analyzeLog),
  fp: () => (/* reexport */ redactSecrets),
  u6: () => (/* reexport */ reduceLogText),
  z9: () => (/* reexport */ triageLog)
});

// UNUSED EXPORTS: DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, FAILURE_HINTS, LOG_RULES, displayLine, reduceLog

;// CONCATENATED MODULE: ./backend/logs/clean.ts
/** CSI sequences (colours, erase line), OSC sequences (titles, hyperlinks) and lone escapes. */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
/** Control characters other than tab: binary junk must not reach a terminal or a prompt. */
const CONTROL_TEST = /[\x00-\x08\x0b-\x1f\x7f]/;
const CONTROL_BUT_CR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ANSI_OR_CONTROL = new RegExp(`${ANSI.source}|${CONTROL_BUT_CR.source}`, "g");
const MAX_DISPLAY_CHARS = 600;
const isDigit = (code) => code >= 0x30 && code <= 0x39;
/**
 * `raw` without the RFC 3339 UTC timestamp GitHub Actions puts before every line, that is
 * /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/ matched by hand: it runs on nearly every line.
 */
function clean_withoutTimestamp(raw) {
    const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (!isDigit(raw.charCodeAt(bom)))
        return raw;
    // "2024-05-01T10:00:00": digits but for the separators at 4, 7, 10, 13, 16.
    for (let k = 0; k < 19; k++) {
        const code = raw.charCodeAt(bom + k);
        const separator = k === 4 || k === 7 ? 0x2d : k === 10 ? 0x54 : k === 13 || k === 16 ? 0x3a : 0;
        if (separator ? code !== separator : !isDigit(code))
            return raw;
    }
    let i = bom + 19;
    if (raw.charCodeAt(i) === 0x2e && isDigit(raw.charCodeAt(i + 1))) {
        i += 2;
        while (isDigit(raw.charCodeAt(i)))
            i++;
    }
    if (raw.charCodeAt(i) !== 0x5a)
        return raw;
    i++;
    if (raw.charCodeAt(i) === 0x20)
        i++;
    return raw.slice(i);
}
/** The segments of a line that has control characters (escapes, "\r"). */
function segmentsOf(text) {
    // Escapes and control characters go in one pass; "\r" stays until the split. Scanning left to
    // right and trying an escape sequence first, this removes what stripping escapes, splitting on
    // "\r" and then dropping control characters from each part removes.
    const clean = text.replace(text.includes("\x1b") ? ANSI_OR_CONTROL : CONTROL_BUT_CR, "");
    const cr = clean.indexOf("\r");
    if (cr === -1)
        return [clean];
    if (cr === clean.length - 1) {
        // A Windows line end: the one segment before it (split would add an empty one, dropped).
        const body = clean.slice(0, cr);
        return [body.trim().length > 0 ? body : ""];
    }
    const segments = [];
    for (const part of clean.split("\r"))
        if (part.trim().length > 0)
            segments.push(part);
    return segments.length > 0 ? segments : [""];
}
/**
 * The readable segments of one raw line. A "\r" without "\n" redraws the terminal line (progress
 * bars, Travis fold markers), so each segment is what was visible at some moment; blank ones are dropped.
 */
function lineSegments(raw) {
    return untimedSegments(clean_withoutTimestamp(raw));
}
/** lineSegments for a line whose timestamp is already gone (see withoutTimestamp). */
function untimedSegments(text) {
    const last = text.length - 1;
    if (text.charCodeAt(last) === 0x0d) {
        // A Windows line end and nothing else to clean: most lines of many logs.
        const body = text.slice(0, last);
        if (!CONTROL_TEST.test(body))
            return [body.trim().length > 0 ? body : ""];
        return segmentsOf(text);
    }
    // Most other lines have nothing to clean; one test spares them the replaces.
    return CONTROL_TEST.test(text) ? segmentsOf(text) : [text];
}
/** The line as a reader should see it: the last visible segment, without escapes or timestamp. */
function displayLine(raw) {
    const segments = untimedSegments(clean_withoutTimestamp(raw));
    return clip(segments[segments.length - 1]);
}
function clip(text) {
    const trimmed = text.trimEnd();
    if (trimmed.length <= MAX_DISPLAY_CHARS)
        return trimmed;
    return `${trimmed.slice(0, MAX_DISPLAY_CHARS)}… [+${trimmed.length - MAX_DISPLAY_CHARS} chars]`;
}
/** Digits, hex ids and durations vary between otherwise identical lines; the key ignores them. */
function repeatKey(display) {
    return display.replace(/0x[0-9a-f]+|\d+/gi, "#").trim();
}

;// CONCATENATED MODULE: ./backend/logs/rules.ts
/** "1 failure", "12 failures": a count of failures ends in a digit before " failure". */
const FAILURE_COUNTS = Array.from({ length: 10 }, (_, digit) => `${digit} failure`);
const FILE = String.raw `(?<file>[\w./\\@+-]*[\w-]\.[A-Za-z]{1,6})`;
const LOG_RULES = [
    // ── benign lines that contain failure words ──────────────────────────────────────────────
    {
        id: "benign.zero-counts",
        needs: ["0", "no ", "without", "werror", "error_", "fail", "errexit", "set -e", "ignore"],
        ecosystem: "generic",
        pattern: /\b(?:0|no) (?:errors?|failures?|failed|problems?|offen[cs]es)\b|\b(?:errors?|failures?|failed)[:=] ?0\b|Failures: 0, Errors: 0|without errors|-Werror|error_reporting|\bon_failure\b|ignore[-_]errors?|allow[-_]failures?|fail[-_]fast|--fail|errexit|\bset -e\b|\bfailed=0/i,
        weight: 0,
        benign: true,
        example: "Tests run: 12, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.2 s",
    },
    {
        id: "benign.compiling-crate",
        needs: [
            "compiling",
            "downloaded",
            "downloading",
            "installing",
            "collecting",
            "requirement already satisfied",
            "fetching",
            "using",
            "resolving",
            "building",
            "checking",
            "fresh",
            "unpacking",
            "setting up",
            "get:",
            "selecting",
            "preparing",
        ],
        ecosystem: "generic",
        pattern: /^\s*(?:Compiling|Downloaded|Downloading|Installing|Collecting|Requirement already satisfied|Fetching|Using|Resolving|Building|Checking|Fresh|Unpacking|Setting up|Get:\d+|Selecting|Preparing)\b/,
        weight: 0,
        benign: true,
        example: "   Compiling error-chain v0.12.4",
    },
    // ── GitHub Actions ───────────────────────────────────────────────────────────────────────
    {
        id: "actions.exit-code",
        needs: ["exit code"],
        ecosystem: "github-actions",
        pattern: /^(?:##\[error\])?(?:Error: )?Process completed with exit code (?<code>\d+)/,
        weight: 4,
        anchor: true,
        example: "##[error]Process completed with exit code 1.",
    },
    {
        id: "actions.workflow-config",
        needs: [
            "workflow",
            "action",
            "named-value",
            "property",
            "input",
            "unexpected value",
            "event name",
            "download info",
        ],
        ecosystem: "github-actions",
        pattern: /Invalid workflow file|The workflow is not valid|Unable to resolve action|Can't find 'action\.ya?ml'|Unrecognized named-value|Required property is missing|Input required and not supplied|Unexpected input\(s\)|Unexpected value '|is not a valid event name|Missing download info for/i,
        weight: 9,
        subcategory: "github_actions_config",
        example: "##[error]Unable to resolve action `actions/setup-nod@v4`, repository not found",
    },
    {
        id: "actions.permission",
        needs: [
            "resource not accessible",
            "credentials",
            "admin rights",
            "httperror",
            "permission",
            "403",
            "secret",
            "token",
            "denied",
            "unauthorized",
            "authentication",
            "username",
            "dubious",
            "id-token",
            "actions_id",
        ],
        ecosystem: "github-actions",
        pattern: /Resource not accessible by integration|Bad credentials|Must have admin rights|HttpError: (?:Forbidden|Not Found|Requires authentication)|Permission to \S+ denied to|The requested URL returned error: 403|secret \S+ (?:is|was) not (?:set|found)|Error: Input required and not supplied: (?:token|github-token)|denied: (?:permission|requested access)|\bunauthorized: (?:authentication|incorrect|access|you)|Authentication failed for|could not read Username|Permission denied \(publickey\)|dubious ownership in repository|id-token: write|ACTIONS_ID_TOKEN_REQUEST_URL/i,
        weight: 9,
        subcategory: "permission_or_secret",
        example: "fatal: detected dubious ownership in repository at '/work'",
    },
    {
        id: "actions.cancelled",
        needs: [
            "execution time",
            "canceled",
            "lost communication",
            "shutdown signal",
            "runner encountered",
            "exceeded the timeout",
        ],
        ecosystem: "github-actions",
        pattern: /has exceeded the maximum execution time|The operation was canceled|lost communication with the server|The runner has received a shutdown signal|The hosted runner encountered an error|exceeded the timeout of \d+ minutes/i,
        weight: 8,
        subcategory: "timeout_or_oom",
        example: "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.",
    },
    {
        id: "actions.error-annotation",
        needs: ["##[error]", "::error"],
        ecosystem: "github-actions",
        pattern: /^##\[error\]|^::error(?: [^:]*)?::/,
        weight: 6,
        example: "##[error]src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    },
    // ── Travis, Jenkins, other CI ────────────────────────────────────────────────────────────
    {
        id: "travis.command-exited",
        needs: ['the command "'],
        ecosystem: "travis",
        pattern: /^The command "(?<command>.*)" (?:exited with|failed and exited with) (?<code>\d+)/,
        weight: 3,
        anchor: true,
        example: 'The command "npm test" exited with 1.',
    },
    {
        id: "travis.no-output",
        needs: ["no output has been", "maximum"],
        ecosystem: "travis",
        pattern: /No output has been received in the last \d+m|The job exceeded the maximum (?:time|log length) limit/i,
        weight: 9,
        subcategory: "timeout_or_oom",
        example: "No output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.",
    },
    {
        id: "ci.missing-script",
        needs: ["no such file", "not found", "permission denied"],
        ecosystem: "shell",
        pattern: /^(?:\S+: )?(?:line \d+: )?(?<file>[^:\s]+): (?:No such file or directory|command not found|Permission denied)$/,
        weight: 7,
        subcategory: "github_actions_config",
        example: "/home/travis/.travis/job_stages: line 78: test/sass-compile-tester.sh: No such file or directory",
    },
    {
        id: "shell.command-not-found",
        needs: [
            "not found",
            "not recognized",
            "unknown option",
            "flag provided",
            "unrecognized",
            "invalid option",
        ],
        ecosystem: "shell",
        pattern: /: command not found$|: not found$|is not recognized as an internal or external command|Unknown option|flag provided but not defined|unrecognized (?:option|arguments?)|invalid option/i,
        weight: 6,
        subcategory: "github_actions_config",
        example: "flag provided but not defined: -trace2_event_file",
    },
    {
        id: "jenkins.build-failure",
        needs: ["marked build as failure", "finished: failure", "exit code"],
        ecosystem: "jenkins",
        pattern: /^Build step '.*' marked build as failure|^Finished: FAILURE|script returned exit code \d+/,
        weight: 3,
        anchor: true,
        example: "Build step 'Execute shell' marked build as failure",
    },
    {
        id: "jenkins.remoting",
        needs: ["hudson", "channelclosed", "cloning remote", "cannot contact", "offline", "remote call"],
        ecosystem: "jenkins",
        pattern: /hudson\.remoting\.\w+|ChannelClosedException|Error cloning remote repo|Cannot contact \S+:|agent .* is offline|Remote call on .* failed/,
        weight: 8,
        subcategory: "network_or_flaky",
        example: "ERROR: Error cloning remote repo 'origin'",
    },
    // ── Resources: memory, disk, time ────────────────────────────────────────────────────────
    {
        id: "resource.oom",
        needs: ["memory", "no space left", "oomkill", "oom-kill", "killed", "137", "exhausted", "gc overhead"],
        ecosystem: "generic",
        pattern: /JavaScript heap out of memory|OutOfMemoryError|out of memory|Cannot allocate memory|No space left on device|MemoryError|\bOOMKilled\b|oom-kill|Killed\s*(?:signal 9)?$|exit code 137|signal: killed|virtual memory exhausted|GC overhead limit exceeded/i,
        weight: 9,
        subcategory: "timeout_or_oom",
        example: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    },
    {
        id: "resource.timeout",
        needs: ["timed out", "timeout", "deadline"],
        ecosystem: "generic",
        pattern: /\b(?:[Tt]imed out|[Tt]imeout expired|[Dd]eadline exceeded|test timed out after|Tests? timed out)\b|\bTIMEOUT\b/,
        weight: 6,
        subcategory: "timeout_or_oom",
        example: "panic: test timed out after 10m0s",
    },
    // ── Network and flaky services ───────────────────────────────────────────────────────────
    {
        id: "network.connection",
        needs: [
            "resolve host",
            "name resolution",
            "service not known",
            "getaddrinfo",
            "econn",
            "etimedout",
            "eai_again",
            "enotfound",
            "ehostunreach",
            "epipe",
            "connection",
            "unreachable",
            "failed to connect",
            "connect timeout",
            "tls",
            "ssl",
            "certificate",
            "bad gateway",
            "unavailable",
            "gateway time",
            "rate limit",
            "remotedisconnected",
            "read timed out",
            "hang up",
            "unexpected eof",
            "disconnected",
            "transfer artifact",
            "unable to connect",
            "failed to fetch",
            "toomanyrequests",
        ],
        ecosystem: "generic",
        pattern: /Could not resolve host|Could not resolve hostname|Temporary failure in name resolution|Name or service not known|getaddrinfo|Connection (?:refused|reset|timed out|closed)|Could not create connection|Network is unreachable|Failed to connect to|Connect timeout|TLS handshake timeout|SSL(?:Error|_ERROR)|certificate (?:verify failed|has expired)|no certificate subject alternative name|\b(?:502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b|rate limit exceeded|API rate limit|RemoteDisconnected|Read timed out|socket hang up|unexpected EOF|Disconnected, because no message|Could not transfer artifact|Unable to connect to|Failed to fetch|toomanyrequests/i,
        weight: 7,
        subcategory: "network_or_flaky",
        example: "curl: (6) Could not resolve host: registry.npmjs.org",
    },
    {
        // Upper case only: errno names are printed that way, while test names spell them in lower case.
        id: "network.errno",
        needs: ["econn", "etimedout", "eai_again", "enotfound", "ehostunreach", "epipe"],
        ecosystem: "generic",
        pattern: /\bE(?:CONNRESET|CONNREFUSED|TIMEDOUT|AI_AGAIN|NOTFOUND|HOSTUNREACH|PIPE)\b/,
        weight: 7,
        subcategory: "network_or_flaky",
        example: "Error: connect ECONNREFUSED 127.0.0.1:5432",
    },
    {
        id: "flaky.retry-exhausted",
        needs: ["flaky", "retries"],
        ecosystem: "generic",
        pattern: /Flaky test failed too often|failed to pass within \d+ retries|flaky/i,
        // Stronger than the test failure it comes with: the test is known to fail by chance.
        weight: 9,
        subcategory: "network_or_flaky",
        example: "Flaky test failed too often, giving up",
    },
    // ── Docker ───────────────────────────────────────────────────────────────────────────────
    {
        id: "docker.buildkit-error",
        needs: [
            "error:",
            "failed to solve",
            "executor failed",
            "did not complete",
            "non-zero code",
            "dockerfile",
        ],
        ecosystem: "docker",
        pattern: /^#\d+ (?:\d+\.\d+ )?ERROR:|^ERROR: failed to (?:solve|build)|failed to solve(?: with frontend)?|executor failed running|did not complete successfully: exit code|The command '.*' returned a non-zero code: \d+|^Dockerfile:\d+$/,
        weight: 9,
        subcategory: "docker_build",
        example: 'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    },
    {
        id: "docker.daemon",
        needs: ["daemon", "pull access", "manifest"],
        ecosystem: "docker",
        pattern: /Error response from daemon|pull access denied|manifest unknown|manifest for \S+ not found/,
        weight: 7,
        subcategory: "docker_build",
        example: "Error response from daemon: manifest for node:99 not found: manifest unknown",
    },
    // ── Node: npm, yarn, pnpm, jest, vitest, mocha, tsc, eslint, prettier ───────────────────
    {
        id: "npm.install-error",
        needs: [
            "npm err",
            "err_pnpm",
            "couldn't find",
            "no matching version",
            "resolve dependency",
            "dependency tree",
            "peer dep",
            "unexpected error",
            "yn0",
            "lockfile",
            "npm ci",
            "cannot find module",
        ],
        ecosystem: "npm",
        pattern: /npm ERR! (?:code )?(?:E404|ERESOLVE|ETARGET|EINTEGRITY|ENOVERSIONS|ENOENT|EBADENGINE)|npm ERR! 404|ERR_PNPM_\w+|Couldn't find (?:any versions|package)|No matching version found|Could not resolve dependency|unable to resolve dependency tree|peer dep(?:endency)? conflict|error An unexpected error occurred|YN\d{4}: .*(?:failed|error)|lockfile (?:needs to be updated|is out of date)|npm ci.* can only install packages when|Cannot find module '[^.][^']*'/i,
        weight: 8,
        subcategory: "dependency_install",
        example: "npm ERR! code ERESOLVE",
    },
    {
        id: "npm.lifecycle",
        needs: ["npm err", "command failed", "elifecycle", "err_pnpm"],
        ecosystem: "npm",
        pattern: /npm ERR! (?:code ELIFECYCLE|errno|Exit status|Failed at the|A complete log)|error Command failed with exit code \d+|ELIFECYCLE|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL/,
        weight: 1,
        anchor: true,
        example: "npm ERR! code ELIFECYCLE",
    },
    {
        // The failing script's name says what kind of check failed when its own output does not.
        id: "npm.check-script",
        needs: ["failed at the", "exited with", "err_pnpm"],
        ecosystem: "npm",
        pattern: /(?:Failed at the \S+ |ERROR: "|ERR_PNPM_\w+.* )[\w:.-]*\b(?:lint|format|prettier|eslint|stylelint|fmt|style)[\w:.-]*(?: script|" exited)/,
        weight: 6,
        subcategory: "lint_error",
        example: "npm ERR! Failed at the web@1.0.0 lint:styles script.",
    },
    {
        id: "jest.fail-file",
        // "FAIL" before whitespace (\s: the ASCII ones, and any non-ASCII character stands for the rest).
        needs: ["fail ", "fail\t", "fail\n", "fail\v", "fail\f", "fail\r", "fail\u00a0"],
        ecosystem: "jest",
        pattern: /^\s*FAIL\s+(?<file>\S+\.(?:[jt]sx?|[cm][jt]s|vue|svelte))\b/,
        weight: 7,
        subcategory: "test_assertion",
        after: 2,
        example: "FAIL src/components/Button.test.tsx (5.2 s)",
    },
    {
        id: "jest.test-title",
        needs: ["●"],
        ecosystem: "jest",
        pattern: /^\s*● (?!Console)(?<test>.+?)\s*$/,
        weight: 8,
        subcategory: "test_assertion",
        after: 12,
        until: /^\s*● |^\s*(?:PASS|FAIL) |^Test Suites: |^Tests: /,
        example: "  ● Button › renders the label",
    },
    {
        id: "jest.snapshot",
        needs: ["snapshot", "baseline"],
        ecosystem: "jest",
        pattern: /\d+ snapshots? failed|Snapshot .* mismatched|toMatch(?:Inline)?Snapshot|Snapshot Summary|obsolete snapshot|› \d+ snapshots? (?:failed|written)|Baseline(?:s)? (?:changed|mismatch)|baseline(?:s)? differ|The baseline file .* (?:has changed|does not match)/i,
        weight: 8,
        subcategory: "snapshot_diff",
        example: " › 1 snapshot failed from 1 test suite. Inspect your code changes or run `npm test -- -u` to update them.",
    },
    {
        id: "test.expect-diff",
        needs: ["expect", "received", "assert", "difference", "comparison", "failed asserting"],
        ecosystem: "jest",
        pattern: /^\s*(?:expect\(|Expected(?: value)?:|Received(?: value)?:|- Expected|\+ Received|AssertionError|assert\.\w+\(|Difference:|Assertion failed|Expected .* (?:to|but)|expected .* to (?:equal|be|have|deep|include|match|not)|Comparison Failure|Failed asserting that)/i,
        weight: 7,
        subcategory: "test_assertion",
        after: 6,
        example: "    expect(received).toBe(expected) // Object.is equality",
    },
    {
        id: "vitest.failed-test",
        needs: [">", "failed test"],
        ecosystem: "vitest",
        pattern: /^\s*(?:FAIL|×|✗|✕|✘)\s+(?<test>\S.*?>\s.+?)\s*(?:\d+ms)?$|⎯+ Failed Tests? \d+ ⎯+/,
        weight: 8,
        subcategory: "test_assertion",
        after: 8,
        example: " FAIL  test/unit/math.test.ts > add > adds two numbers",
    },
    {
        id: "mocha.numbered-failure",
        needs: ["0) ", "1) ", "2) ", "3) ", "4) ", "5) ", "6) ", "7) ", "8) ", "9) "],
        ecosystem: "mocha",
        pattern: /^\s*(?<n>\d{1,3})\) (?<test>\S.*?):?\s*$/,
        weight: 7,
        subcategory: "test_assertion",
        after: 8,
        until: /^\s*\d{1,3}\) \S|^\s*\d+ (?:passing|failing|pending)\b/,
        example: "  1) AtomApplication waits until all the windows have saved their state before quitting:",
    },
    {
        id: "mocha.failing-count",
        needs: ["failing", "failed"],
        ecosystem: "mocha",
        pattern: /^\s*\d+ failing\b|^Tests?:\s+\d+ failed|^Test Suites:\s+\d+ failed|^\s*Tests?\s+\d+ failed|^\s*Test Files\s+\d+ failed/,
        weight: 5,
        subcategory: "test_assertion",
        example: "Tests:       1 failed, 41 passed, 42 total",
    },
    {
        id: "test.timeout",
        needs: ["timeout"],
        ecosystem: "mocha",
        pattern: /Error: timeout of \d+ms exceeded|Exceeded timeout of \d+ ?ms for a test|Test timeout of \d+ms exceeded/,
        weight: 7,
        subcategory: "test_assertion",
        example: "Error: timeout of 10000ms exceeded. Ensure the done() callback is being called in this test.",
    },
    {
        id: "tsc.error",
        needs: ["error ts"],
        ecosystem: "typescript",
        pattern: new RegExp(String.raw `^(?:##\[error\])?${FILE}(?:\((?<line>\d+),(?<col>\d+)\):|:(?<line2>\d+):(?<col2>\d+) -) error TS\d+:|\berror TS\d+:`),
        weight: 9,
        subcategory: "type_error",
        after: 2,
        example: "src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    },
    {
        id: "eslint.problem",
        needs: [":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"],
        ecosystem: "eslint",
        pattern: /^\s+(?<line>\d+):(?<col>\d+)\s+(?:error|✖)\s+.+$/,
        weight: 8,
        subcategory: "lint_error",
        before: 1,
        example: "  12:5  error  'foo' is assigned a value but never used  no-unused-vars",
    },
    {
        id: "eslint.summary",
        needs: ["problem", "potentially fixable", "✖", "×"],
        ecosystem: "eslint",
        pattern: /✖ \d+ problems? \(\d+ errors?|\d+ errors? and \d+ warnings? potentially fixable|^\s*✖\s+\S|^\s*×\s+\S/,
        weight: 6,
        subcategory: "lint_error",
        example: "✖ 3 problems (3 errors, 0 warnings)",
    },
    {
        id: "prettier.check",
        needs: [
            "[warn]",
            "code style",
            "prettier",
            "would reformat",
            "reformatted",
            "to fix",
            "needs formatting",
            "not formatted",
            "diff in",
            "format violations",
            "incorrectly sorted",
            "mix format",
        ],
        ecosystem: "prettier",
        pattern: /^\[warn\] \S|Code style issues (?:found|were found)|Forgot to run Prettier|\(prettier\/prettier\)|This project uses prettier|would reformat|files? would be reformatted|Run .* to fix|needs formatting|is not formatted|Diff in \S+ at line|format violations|Imports are incorrectly sorted|mix format failed/i,
        weight: 8,
        subcategory: "lint_error",
        example: "[warn] Code style issues found in the above file. Run Prettier with --write to fix.",
    },
    {
        id: "lint.file-line-rule",
        needs: [":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"],
        ecosystem: "linters",
        pattern: new RegExp(String.raw `^(?![\w./\\@+-]*(?:_spec|_test|\.spec|\.test|Test)\.\w{1,6}:)(?![^:]*(?:\/vendor\/|\/gems\/|node_modules|site-packages))${FILE}:(?<line>\d+)(?::(?<col>\d+))?:? (?:[CWEFR]\d{1,4}\b|[CWEFR]: |.*\((?:[\w/@-]+\/)?[\w-]+\)$|Line (?:longer|too long)|.*(?:line too long|trailing whitespace|unused|not used|expected|missing))`),
        weight: 8,
        subcategory: "lint_error",
        example: "db/migrate/20190731090219_rename.rb:1:1: C: Style/FrozenStringLiteralComment: Missing frozen string literal comment.",
    },
    {
        id: "perlcritic.violation",
        needs: ["(severity:"],
        ecosystem: "perl",
        pattern: /^(?:(?<file>[\w./\\@+-]*[\w-]\.p[lm]|[\w./-]+\.t): )?(?<message>.+?) at line (?<line>\d+), column (?<col>\d+)\.\s+.*\(Severity: [1-5]\)$/,
        weight: 8,
        subcategory: "lint_error",
        example: "Use IO::Interactive::is_interactive() instead of -t at line 69, column 28.  See page 218 of PBP.  (Severity: 5)",
    },
    {
        id: "lint.tool-summary",
        needs: [
            "inspected",
            "found",
            "issues :-(",
            "violation",
            "pmd failure",
            "package size limit",
            "] http",
            "broken link",
        ],
        ecosystem: "linters",
        pattern: /\d+ files? inspected, [1-9]\d* offen[cs]es? detected|Found [1-9]\d* (?:errors?|problems?|issues?|offen[cs]es?)|[1-9]\d* (?:errors?|problems?|issues?) found|^Issues :-\(|violations? found|Checkstyle violations|PMD Failure|swiftlint.*violation|Package size limit has exceeded|\[\d+\] https?:\/\/\S+$|broken links?|ERROR: Detected \d+ broken/i,
        weight: 7,
        subcategory: "lint_error",
        example: "42 files inspected, 2 offenses detected",
    },
    {
        id: "links.checker",
        ecosystem: "link checkers",
        pattern: /^Issues :-\(|^> Links$|awesome_bot|ERROR: Detected \d+ broken links?|^\s*\[\d{3}\] https?:\/\/\S+$|\d+ (?:dead|broken) links? found/i,
        needs: ["issues :-(", "> links", "awesome_bot", "broken link", "] http", "dead link"],
        weight: 9,
        subcategory: "lint_error",
        after: 12,
        example: "ERROR: Detected 1 broken links. Scanned 589 links in 5.881 seconds.",
    },
    // ── Formatters and linters that name files without a line ───────────────────────────────
    {
        id: "format.check",
        needs: ["format", "fmt", "prettier", "would reformat", "needs reformat"],
        ecosystem: "formatters",
        pattern: /^(?<file>[\w./\\@+-]*[\w-]\.[A-Za-z]{1,6}):(?<line>\d+):(?<col>\d+): (?:error|warning): code should be clang-formatted|files? (?:to be|that need to be|that would be|would be|were not|are not|is not|not) (?:re)?formatted|needs? (?:to be )?(?:re)?format(?:ted|ting)\b|formatting (?:check|issues?|differences?|violations?) (?:failed|found)|(?:code|file)s? (?:is|are) not (?:properly )?formatted|-Wclang-format-violations|^(?:diff|---) .*\.orig\b|gofmt (?:-l|-d)|Please run [`'"]?\S*(?:fmt|format)|Run [`'"]?\S*(?:fmt|format|prettier)\S* .*to fix|--check-formatted|would reformat \S+/i,
        // A violation line reads like a compiler error ("error: code should be clang-formatted").
        weight: 10,
        subcategory: "lint_error",
        after: 6,
        example: "src/lib/parser.cc:42:3: error: code should be clang-formatted [-Wclang-format-violations]",
    },
    {
        id: "lint.unplaced-report",
        needs: [
            "module ",
            "rated at",
            " line ",
            "sc1",
            "sc2",
            "md0",
            "dl3",
            "dl4",
            "line too long",
            "line longer",
            "line is longer",
        ],
        ecosystem: "linters",
        pattern: /^\*{13} Module \S+|Your code has been rated at \d|^In \S+ line \d+:$|\bSC[12]\d{3}\b|\bMD0\d{2}\b|\bDL[34]\d{3}\b|\b[Ll]ine (?:too long|longer than \d+|is longer than \d+)/,
        weight: 7,
        subcategory: "lint_error",
        after: 4,
        example: "************* Module acme.billing",
    },
    {
        id: "checkstyle.violation",
        needs: ["[warn]", "[error]", "[warning]"],
        ecosystem: "checkstyle",
        pattern: new RegExp(String.raw `^\[(?:ERROR|WARN|WARNING)\] ${FILE}:(?<line>\d+)(?::(?<col>\d+))?: .* \[\w+\]$`),
        weight: 9,
        subcategory: "lint_error",
        example: "[ERROR] /home/runner/work/app/app/src/main/java/com/acme/Invoice.java:57:13: 'if' is not followed by whitespace. [WhitespaceAround]",
    },
    {
        id: "lint.order-check",
        needs: ["order", "sorted", "match"],
        ecosystem: "linters",
        pattern: /not in (?:alphabetic(?:al)? |sorted |the right )?order|does not match (?:the )?(?:expected )?format|(?:is|are) not (?:alphabetically )?sorted|should be (?:alphabetically )?sorted|out of (?:alphabetical )?order/i,
        weight: 9,
        subcategory: "lint_error",
        after: 2,
        example: '** (throw) "Words not in order "parser" and "ast""',
    },
    {
        id: "docs.broken-reference",
        needs: ["ref_not_found", "broken reference", "undefined reference to document", "unknown document"],
        ecosystem: "docs",
        pattern: /\bREF_NOT_FOUND\b|[Bb]roken reference|undefined label|unknown document:/,
        weight: 8,
        subcategory: "lint_error",
        example: 'ERROR 2024/03/01 10:12:46 [en] REF_NOT_FOUND: Ref "/docs/guide/setup": "/src/content/docs/intro.md:12:5": page not found',
    },
    // ── System and editor package managers ───────────────────────────────────────────────────
    {
        id: "packages.unavailable",
        needs: [
            "unavailable",
            "unable to locate package",
            "installation candidate",
            "no package",
            "not available",
        ],
        ecosystem: "apt, yum, emacs",
        pattern: /Package [`'"]?\S+?['"]? is (?:unavailable|not available)|Unable to locate package \S+|Package '\S+' has no installation candidate|No package \S+ available|No matching packages? to list/,
        weight: 8,
        subcategory: "dependency_install",
        example: "E: Unable to locate package libssl1.0-dev",
    },
    // ── Build configuration the CI script expects but the repository lacks ─────────────────────
    {
        id: "ci.missing-build-file",
        needs: [
            "rakefile",
            "gemfile",
            "makefile",
            "package.json",
            "requirements",
            "targets specified",
            "pom.xml",
            "build.gradle",
            "cargo.toml",
            "go.mod",
            "a python project",
            "no such task",
            "task '",
            "no rule to make target",
            "there is no pom",
            "cannot find main module",
            "how to build task",
        ],
        ecosystem: "ci",
        pattern: /No Rakefile found|Could not locate Gemfile|No targets specified and no makefile found|No rule to make target [`'](?:test|check|all|build|lint)'|Could not open requirements file|no such file or directory, open '[^']*package\.json'|The goal you specified requires a project to execute but there is no POM|does not appear to be a Python project|could not find `Cargo\.toml`|go: cannot find main module|Task '\S+' not found in (?:root )?project|Don't know how to build task/i,
        weight: 8,
        subcategory: "github_actions_config",
        example: "No Rakefile found (looking for: rakefile, Rakefile, rakefile.rb, Rakefile.rb)",
    },
    // ── Stylesheets ──────────────────────────────────────────────────────────────────────────
    {
        id: "sass.error",
        needs: [
            "invalid css",
            "sasserror",
            "sass::",
            "undefined variable",
            "undefined mixin",
            ".scss",
            ".sass",
            "╷",
        ],
        ecosystem: "sass",
        pattern: /Invalid CSS after|SassError:|Sass::SyntaxError|Error: Undefined (?:variable|mixin)|^\s*on line \d+ of \S+\.s[ac]ss|^\s*╷$/,
        weight: 8,
        subcategory: "compile_error",
        after: 3,
        example: 'Error: Invalid CSS after "  margin: 0 auto": expected "}", was "{"',
    },
    // ── Test runners' summaries without a test name ──────────────────────────────────────────
    {
        id: "test.file-location",
        needs: ["test.", "tests.", "spec."],
        ecosystem: "generic",
        pattern: /^\s*(?<file>[\w./\\@+-]*(?:_spec|_test|\.spec|\.test|Test|Tests)\.(?:lua|rb|py|js|ts|go|java|kt|php|ex|exs|rs|swift|c|cc|cpp)):(?<line>\d+): \S/,
        weight: 7,
        subcategory: "test_assertion",
        after: 4,
        example: 'test/functional/shell/expansion_spec.lua:41: expected "fish" in the shell list',
    },
    {
        id: "test.run-failed",
        needs: [
            "tests failed",
            "test failed",
            "tests run failed",
            "failed components",
            "test run failed",
            "test suite failed",
            "test failure",
        ],
        ecosystem: "generic",
        pattern: /^(?:\w+ )?[Tt]ests? (?:run )?failed(?:, complete summary)?[:.]?$|:: (?:\w+ )?[Tt]ests? (?:run )?\S* ?failed$|^Failed components: |\b(?:[Ff]unctional|[Ii]ntegration|[Uu]nit|[Ee]2e) tests? failed|^Test suite failed/,
        weight: 6,
        subcategory: "test_assertion",
        after: 2,
        example: "F /tests/functionaltests|functionaltests :: Functional tests failed",
    },
    // ── Python ───────────────────────────────────────────────────────────────────────────────
    {
        id: "python.traceback",
        needs: ["traceback"],
        ecosystem: "python",
        pattern: /^\s*Traceback \(most recent call last\):/,
        weight: 6,
        after: 4,
        example: "Traceback (most recent call last):",
    },
    {
        id: "python.exception",
        needs: ["error: ", "exception: ", "keyboardinterrupt: ", "systemexit: "],
        ecosystem: "python",
        pattern: /^(?:E\s+)?(?:[\w.]+\.)?(?<type>\w*(?:Error|Exception)|KeyboardInterrupt|SystemExit): \S/,
        weight: 7,
        example: "ModuleNotFoundError: No module named 'cv2'",
    },
    {
        id: "python.frame",
        needs: ['file "'],
        ecosystem: "python",
        pattern: /^\s*File "(?<file>[^"]+)", line (?<line>\d+)/,
        weight: 2,
        example: '  File "/app/src/service.py", line 42, in handle',
    },
    {
        id: "pytest.header",
        needs: ["___", "==="],
        ecosystem: "pytest",
        pattern: /^_{3,} (?<test>(?:ERROR collecting )?\S.*?) _{3,}$|^={3,} (?:FAILURES|ERRORS) ={3,}$/,
        weight: 8,
        subcategory: "test_assertion",
        after: 3,
        until: /^(?:_{3,} \S.* _{3,}|={3,}|-{3,} \S.* -{3,})\s*$/,
        example: "______________________________ test_parse_empty ______________________________",
    },
    {
        id: "pytest.assert-line",
        needs: ["e  "],
        ecosystem: "pytest",
        pattern: /^E\s{2,}\S/,
        weight: 8,
        subcategory: "test_assertion",
        example: "E       assert 3 == 4",
    },
    {
        id: "pytest.short-summary",
        needs: ["::", "== ", "failed ("],
        ecosystem: "pytest",
        pattern: /^(?:FAILED|ERROR) (?<test>\S+::\S+)|^={2,} .*\b\d+ (?:failed|errors?)\b.* ={2,}$|^FAILED \((?:failures|errors)=\d+/,
        weight: 7,
        subcategory: "test_assertion",
        example: "FAILED tests/test_config.py::test_reads_npmrc - AssertionError: assert 'a' == 'b'",
    },
    {
        id: "pytest.location",
        needs: ["0: ", "1: ", "2: ", "3: ", "4: ", "5: ", "6: ", "7: ", "8: ", "9: "],
        ecosystem: "pytest",
        pattern: new RegExp(String.raw `^${FILE}:(?<line>\d+): (?:in \S+|\w*(?:Error|Exception)\b)`),
        weight: 6,
        example: "tests/test_config.py:27: AssertionError",
    },
    {
        id: "unittest.fail",
        needs: ["fail: ", "error: "],
        ecosystem: "python",
        pattern: /^(?:FAIL|ERROR): (?<test>\w+ \([\w.]+\)|[\w.]+)/,
        weight: 8,
        subcategory: "test_assertion",
        after: 4,
        example: "FAIL: test_batch_represent (tests.openface_batch_represent_tests)",
    },
    {
        id: "mypy.error",
        needs: [": error: ", "found "],
        ecosystem: "mypy",
        pattern: /^(?<file>[\w./\\@+-]*[\w-]\.pyi?):(?<line>\d+):(?:(?<col>\d+):)? error: .*\[[\w-]+\]$|^Found \d+ errors? in \d+ files?/,
        weight: 9,
        subcategory: "type_error",
        example: 'pandas/compat/pyarrow.py:69: error: Call to untyped function "fill_null" in typed context  [no-untyped-call]',
    },
    {
        id: "pip.resolve",
        needs: [
            "could not find a version",
            "no matching distribution",
            "resolutionimpossible",
            "building wheel",
            "subprocess-exited",
            "build wheels",
            "dependency resolver",
            "conflicting dependencies",
            "solverproblem",
            "version solving",
        ],
        ecosystem: "pip",
        pattern: /Could not find a version that satisfies|No matching distribution found|ResolutionImpossible|Failed building wheel|subprocess-exited-with-error|Could not build wheels|pip's dependency resolver|conflicting dependencies|SolverProblemError|Because .* depends on .* version solving failed/i,
        weight: 8,
        subcategory: "dependency_install",
        example: "ERROR: No matching distribution found for torch==9.9.9",
    },
    // ── Go ───────────────────────────────────────────────────────────────────────────────────
    {
        id: "go.test-fail",
        needs: ["--- fail"],
        ecosystem: "go",
        pattern: /^\s*--- FAIL: (?<test>\S+)/,
        weight: 9,
        subcategory: "test_assertion",
        after: 3,
        until: /^\s*(?:--- (?:FAIL|PASS|SKIP):|=== RUN|FAIL\s|ok\s|PASS$)/,
        example: "--- FAIL: TestSeparator (0.03s)",
    },
    {
        id: "go.test-message",
        needs: ["_test.go:"],
        ecosystem: "go",
        pattern: /^\s+(?<file>\w+_test\.go):(?<line>\d+): /,
        weight: 7,
        subcategory: "test_assertion",
        example: "    repo_test.go:75: expected entry to be in form of `* [link] - description.`",
    },
    {
        id: "go.build-error",
        needs: ["# ", ".go:"],
        ecosystem: "go",
        pattern: /^(?:#\s\S+$|(?<file>\S+\.go):(?<line>\d+):(?<col>\d+): (?!.*\(\w+\)$))/,
        weight: 7,
        subcategory: "compile_error",
        example: "./main.go:12:2: undefined: fmt.Printn",
    },
    {
        id: "go.panic",
        needs: ["panic: ", "fatal error: ", "goroutine "],
        ecosystem: "go",
        pattern: /^panic: |^fatal error: |^goroutine \d+ \[running\]/,
        weight: 8,
        after: 6,
        example: "panic: runtime error: invalid memory address or nil pointer dereference",
    },
    {
        id: "go.module",
        needs: ["go: "],
        ecosystem: "go",
        pattern: /^go: (?:.*: )?(?:unknown revision|reading .* 404|module .* not found|verifying .*: checksum mismatch|missing go\.sum entry|updates to go\.mod needed|cannot find module)/,
        weight: 8,
        subcategory: "dependency_install",
        example: "go: github.com/acme/lib@v1.2.3: reading https://proxy.golang.org/github.com/acme/lib/@v/v1.2.3.mod: 404 Not Found",
    },
    // ── Rust ─────────────────────────────────────────────────────────────────────────────────
    {
        id: "rust.error",
        needs: ["error["],
        ecosystem: "cargo",
        pattern: /^error\[E\d{4}\]: /,
        weight: 9,
        subcategory: "compile_error",
        after: 8,
        example: "error[E0308]: mismatched types",
    },
    {
        id: "rust.location",
        needs: ["-->"],
        ecosystem: "cargo",
        pattern: /^\s*--> (?<file>[^:\s]+):(?<line>\d+):(?<col>\d+)/,
        weight: 6,
        example: "   --> src/main.rs:4:18",
    },
    {
        id: "rust.summary",
        needs: ["error: ", "test result: failed"],
        ecosystem: "cargo",
        pattern: /^error: (?:could not compile|aborting due to|build failed|test failed)|^test result: FAILED|^error: \d+ targets? failed/,
        weight: 5,
        anchor: true,
        example: 'error: could not compile `app` (bin "app") due to 1 previous error',
    },
    {
        id: "rust.test-fail",
        needs: ["failed", "fail [", "---- "],
        ecosystem: "cargo",
        pattern: /^test (?<test>\S+) \.\.\. FAILED|^\s*FAIL \[\s*[\d.]+s\] (?:\(\d+\/\d+\) )?(?<test2>\S+(?: \S+)?)|^---- (?<test3>\S+) stdout ----/,
        weight: 8,
        subcategory: "test_assertion",
        after: 2,
        example: "test parser::tests::parses_empty ... FAILED",
    },
    {
        id: "rust.panic",
        needs: ["panicked"],
        ecosystem: "cargo",
        pattern: /thread '.*' (?:\(\d+\) )?panicked at/,
        weight: 8,
        after: 3,
        example: "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value', src/main.rs:10:5",
    },
    {
        id: "cargo.build-script",
        needs: ["custom build command", "build script"],
        ecosystem: "cargo",
        pattern: /failed to run custom build command for|^error: build script (?:failed|exited)/,
        weight: 8,
        subcategory: "compile_error",
        after: 6,
        example: "error: failed to run custom build command for `openssl-sys v0.9.60`",
    },
    {
        id: "cargo.dependency",
        needs: ["failed to", "no matching package", "failure "],
        ecosystem: "cargo",
        pattern: /^error: failed to (?:download|select a version|get|load source|fetch|resolve|parse lock file)|no matching package named|failed to select a version for the requirement|Failure \d{3} [\w ]+$/,
        weight: 8,
        subcategory: "dependency_install",
        example: 'error: failed to select a version for the requirement `serde = "^9.0"`',
    },
    // ── C, C++, Objective-C, Swift, make, CMake, linkers, sanitizers ─────────────────────────
    {
        id: "c.diagnostic",
        needs: ["error: "],
        ecosystem: "c",
        pattern: new RegExp(String.raw `^${FILE}:(?<line>\d+):(?:(?<col>\d+):)? (?:fatal )?error: `),
        weight: 9,
        subcategory: "compile_error",
        after: 3,
        example: "src/parser.c:88:12: error: 'tok' undeclared (first use in this function)",
    },
    {
        id: "c.link",
        needs: [
            "undefined reference",
            "undefined symbol",
            "ld: ",
            "collect2",
            "linker command",
            "exit status",
            "configure: error",
            "cmake error",
            "linking with",
        ],
        ecosystem: "c",
        pattern: /undefined reference to|undefined symbols? for architecture|ld: (?:library|symbol|cannot find)|collect2: error|linker command failed|ld returned \d+ exit status|configure: error:|CMake Error|error: linking with/,
        weight: 8,
        subcategory: "compile_error",
        after: 3,
        example: "collect2: error: ld returned 1 exit status",
    },
    {
        id: "make.error",
        needs: ["***", "ninja"],
        ecosystem: "make",
        pattern: /^(?:g?make(?:\[\d+\])?|ninja): \*\*\* .*(?:Error \d+|failed)|^ninja: build stopped/,
        weight: 3,
        anchor: true,
        example: "make[2]: *** [Makefile:123: src/parser.o] Error 1",
    },
    {
        id: "crash.signal",
        needs: [
            "segmentation",
            "sigsegv",
            "sigabrt",
            "sanitizer",
            "core dumped",
            "stack overflow",
            "abort trap",
            "double free",
        ],
        ecosystem: "generic",
        pattern: /Segmentation fault|SIGSEGV|SIGABRT|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|core dumped|stack overflow|Abort trap|double free/i,
        weight: 8,
        after: 6,
        example: "==16563==ERROR: AddressSanitizer: SEGV on unknown address 0x000001d548d0",
    },
    {
        id: "xcode.failed",
        needs: [" failed ", "testing failed", "error: -["],
        ecosystem: "xcode",
        pattern: /\*\* (?:BUILD|TEST|ARCHIVE) FAILED \*\*|^Testing failed:|error: -\[\S+ \S+\] : /,
        weight: 7,
        example: "** TEST FAILED **",
    },
    // ── JVM: Maven, Gradle, javac, JUnit, Kotlin, Scala ──────────────────────────────────────
    {
        id: "javac.error",
        needs: [".java", ".kt", ".scala", ".groovy"],
        ecosystem: "maven",
        // JVM sources only: a C compiler's "file.h:12:3: note:" is not a compile error.
        pattern: /^(?:\[ERROR\] )?(?:e: )?(?:file:\/\/)?(?<file>[\w./\\@+-]*[\w-]\.(?:java|kts?|scala|groovy)):(?:\[(?<line>\d+),(?<col>\d+)\]|(?<line2>\d+)(?::(?<col2>\d+))?:) (?:error: )?(?![Ww]arning|note:)/,
        weight: 8,
        subcategory: "compile_error",
        after: 3,
        example: "[ERROR] /builds/workspace/guava/src/com/google/common/collect/ImmutableMap.java:[155,27] error: incompatible types",
    },
    {
        id: "maven.compilation",
        needs: [
            "compilation",
            "cannot find symbol",
            "cannot access",
            "does not exist",
            "failed",
            "unresolved reference",
        ],
        ecosystem: "maven",
        pattern: /COMPILATION ERROR|Compilation failure|error: cannot find symbol|cannot access \S+|package \S+ does not exist|Compilation failed|compileJava FAILED|compileKotlin FAILED|Unresolved reference/,
        weight: 8,
        subcategory: "compile_error",
        example: "[ERROR] COMPILATION ERROR :",
    },
    {
        id: "maven.failed-goal",
        needs: ["failed to execute goal", "build fail"],
        ecosystem: "maven",
        pattern: /^\[ERROR\] Failed to execute goal|BUILD FAILURE|^FAILURE: Build failed|BUILD FAILED/,
        weight: 5,
        anchor: true,
        after: 1,
        example: "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:2.22.2:test (default-test) on project app: There are test failures.",
    },
    {
        id: "maven.dependency",
        needs: [
            "could not resolve",
            "could not find",
            "cached in the local",
            "non-resolvable",
            "could not be resolved",
            "error injecting",
        ],
        ecosystem: "maven",
        pattern: /Could not resolve (?:dependencies|all (?:dependencies|files|artifacts))|Could not find artifact|Could not find \S+:\S+:\S+|was cached in the local repository|Non-resolvable (?:parent POM|import POM)|could not be resolved|Plugin .* or one of its dependencies could not be resolved|Error injecting:/,
        weight: 8,
        subcategory: "dependency_install",
        example: "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.acme:app:jar:1.0",
    },
    {
        id: "maven.deploy",
        needs: ["nexus-staging", "deploy", "publish", "return code is"],
        ecosystem: "maven",
        pattern: /nexus-staging|maven-deploy-plugin|Failed to deploy artifacts|Deployment failed|deploy(?:ment)? (?:failed|error)|failed to publish|You cannot publish over|Return code is: 40[013]/i,
        weight: 7,
        subcategory: "deployment_error",
        example: "[ERROR] Failed to execute goal org.sonatype.plugins:nexus-staging-maven-plugin:1.6.13:deploy (injected-nexus-deploy) on project app",
    },
    {
        id: "junit.failure",
        needs: ["<<<", "failed tests", "tests in error", "tests run:", "test failures"],
        ecosystem: "junit",
        pattern: /<<< (?:FAILURE|ERROR)!|^(?:\[ERROR\] )?(?:Failed tests|Tests in error):|^Tests run: \d+, Failures: [1-9]|^Tests run: \d+, Failures: \d+, Errors: [1-9]|^\[ERROR\] Tests run:.*(?:Failures: [1-9]|Errors: [1-9])|There (?:are|were) test failures/,
        weight: 7,
        subcategory: "test_assertion",
        after: 3,
        example: "testParse(com.acme.ParserTest)  Time elapsed: 0.01 sec  <<< FAILURE!",
    },
    {
        id: "gradle.test-failed",
        needs: [" failed"],
        ecosystem: "gradle",
        pattern: /^(?<test>[\w.$]+ > .+?) FAILED$/,
        weight: 9,
        subcategory: "test_assertion",
        after: 4,
        example: "io.reactivex.observers.SerializedObserverTest > notificationDelay FAILED",
    },
    {
        id: "gradle.task-failed",
        needs: ["execution failed", "went wrong", "failed"],
        ecosystem: "gradle",
        pattern: /Execution failed for task '(?<task>[^']+)'|^\* What went wrong:|^> Task \S+ FAILED|tests completed, \d+ failed/,
        weight: 6,
        after: 3,
        example: "Execution failed for task ':app:compileJava'.",
    },
    {
        id: "jvm.exception",
        needs: ["exception", "error", "caused by"],
        ecosystem: "junit",
        pattern: /^(?:\s*Caused by: )?(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)(?::|$)|^\s*Caused by: /,
        weight: 6,
        after: 3,
        example: "java.lang.AssertionError: expected:<1> but was:<2>",
    },
    // ── Ruby: rspec, minitest, rubocop, bundler, rake ────────────────────────────────────────
    {
        id: "rspec.failure",
        needs: ["failure/error", "rspec ", "an error occurred", ...FAILURE_COUNTS],
        ecosystem: "rspec",
        pattern: /Failure\/Error:|^rspec (?<file>\.\/\S+?):(?<line>\d+) # (?<test>.+)|^\d+ examples?, [1-9]\d* failures?|An error occurred while loading|An error occurred in a `before\(:suite\)`/,
        weight: 8,
        subcategory: "test_assertion",
        after: 4,
        example: "     Failure/Error: expect(mutex.synchronize { 1 }).to eq(2)",
    },
    {
        id: "minitest.failure",
        needs: ["failure:", "error:", " assertions, "],
        ecosystem: "minitest",
        pattern: /^(?:\d+\) )?(?:Failure|Error):$|^\d+ (?:runs|tests), \d+ assertions, [1-9]\d* (?:failures|errors)|^\d+ (?:runs|tests), \d+ assertions, \d+ failures, [1-9]\d* errors/,
        weight: 7,
        subcategory: "test_assertion",
        after: 4,
        example: "Failure:",
    },
    {
        id: "bundler.dependency",
        needs: [
            "could not find",
            "compatible versions",
            "error occurred while installing",
            "gem::",
            "bundle is locked",
            "bundler::",
            "matching version",
        ],
        ecosystem: "bundler",
        pattern: /Could not find gem|Bundler could not find compatible versions|An error occurred while installing|Gem::\w+Error|Your bundle is locked to|Could not find \S+ in any of the sources|Bundler::\w+Error|unable to find a matching version/i,
        weight: 8,
        subcategory: "dependency_install",
        example: "Could not find gem 'rails (~> 9.0)' in any of the gem sources listed in your Gemfile.",
    },
    {
        id: "rake.aborted",
        needs: ["rake aborted", "command failed"],
        ecosystem: "rake",
        pattern: /^rake aborted!|^Command failed with status \(\d+\)/,
        weight: 6,
        after: 1,
        example: "rake aborted!",
    },
    // ── PHP ──────────────────────────────────────────────────────────────────────────────────
    {
        id: "php.fatal",
        needs: ["fatal error", "parse error"],
        ecosystem: "php",
        pattern: /PHP (?:Fatal|Parse) error:|^(?:Fatal|Parse) error: /,
        weight: 9,
        subcategory: "compile_error",
        example: "PHP Fatal error:  Class 'Composer\\Util\\Response' not found in /src/Downloader.php on line 42",
    },
    {
        id: "phpunit.failure",
        needs: ["::", "failures!", "errors!", "there w"],
        ecosystem: "phpunit",
        pattern: /^\d+\) (?<test>[\w\\]+::\w+)|^(?:FAILURES|ERRORS)!$|^There (?:was|were) \d+ (?:failures?|errors?):/,
        weight: 8,
        subcategory: "test_assertion",
        after: 6,
        example: "1) Composer\\Test\\InstallerTest::testIntegration with data set #3",
    },
    // ── Elixir, Erlang ───────────────────────────────────────────────────────────────────────
    {
        id: "exunit.failure",
        needs: [") test ", ...FAILURE_COUNTS],
        ecosystem: "elixir",
        pattern: /^\s*\d+\) test (?<test>.+) \([\w.]+\)$|^\d+ (?:doctests?, )?(?:\d+ properties?, )?\d+ tests?, [1-9]\d* failures?/,
        weight: 9,
        subcategory: "test_assertion",
        after: 8,
        example: "  1) test reloads on every request (Phoenix.CodeReloaderTest)",
    },
    {
        id: "elixir.exception",
        needs: ["** ("],
        ecosystem: "elixir",
        pattern: /^\s*\*\* \((?<type>[\w.]+)\) /,
        weight: 8,
        after: 4,
        example: "** (CompileError) lib/list.ex:102: undefined function foo/0",
    },
    {
        id: "erlang.suite-failed",
        needs: ["failed", "reason:"],
        ecosystem: "erlang",
        pattern: /^(?<test>\w+:\w+) failed on line (?<line>\d+)|^Reason: \S|^%%% \w+ ==> \w+: FAILED|^Failed \d+ tests?\./,
        weight: 9,
        subcategory: "test_assertion",
        after: 1,
        example: "cpu_sup_SUITE:util_api failed on line 121",
    },
    {
        id: "erlang.compile",
        needs: [".erl", ".hrl", "badmatch", "logger message"],
        ecosystem: "erlang",
        pattern: /^(?<file>\S+\.[eh]rl):(?<line>\d+):(?:\d+:)? (?!Warning)|terminated: \{\{badmatch|unexpected logger message: \{log,error/,
        weight: 8,
        subcategory: "compile_error",
        example: "src/rabbit_vhost.erl:91: field description undefined in record vhost",
    },
    // ── Haskell, Lua, Perl and TAP, Emacs Lisp, Vim ──────────────────────────────────────────
    {
        id: "ghc.error",
        needs: [".hs", ".lhs", "cabal", "failed to build"],
        ecosystem: "haskell",
        pattern: /^(?<file>\S+\.l?hs):(?<line>\d+):(?<col>\d+)(?:-\d+)?: error:|^cabal: .*failed|Failed to build \S+|^\s*\S+\.hs:\d+:\d+: $/,
        weight: 9,
        subcategory: "compile_error",
        after: 6,
        example: "src/Lib.hs:12:7: error:",
    },
    {
        id: "tap.not-ok",
        needs: [
            "not ok",
            "failed test",
            "looks like",
            "dubious",
            "subtests",
            "test programs",
            "result: fail",
            "failed test",
        ],
        ecosystem: "tap",
        pattern: /^\s*not ok \d+ (?<test>.*)|^#\s+Failed test|^# Looks like (?:you failed|your test exited)|Dubious, test returned|Failed \d+\/\d+ (?:subtests|test programs)|^Result: FAIL|^Failed Test\s+Stat/,
        weight: 8,
        subcategory: "test_assertion",
        after: 2,
        example: "not ok 23 dns - resolveTxtTCP",
    },
    {
        id: "lua.error",
        needs: ["[string", ".lua:", "stack traceback"],
        ecosystem: "lua",
        pattern: /^(?:lua\S*: |fail: )?\[string "[^"]+"\]:\d+: |^\S+\.lua:\d+: |^stack traceback:/,
        weight: 7,
        after: 4,
        example: 'fail: [string "bundle:libs/codec.lua"]:123: No such hash: 31b8c996c762',
    },
    {
        id: "perl.warning-at-line",
        needs: [" line ", "compilation errors", "can't locate"],
        ecosystem: "perl",
        pattern: /at (?<file>\S+) line (?<line>\d+)\.?$|at line (?<line2>\d+), column \d+\.|^\S+ had compilation errors|^Can't locate \S+ in @INC/,
        weight: 5,
        example: "Having more than one /x regexp modifier is deprecated at /home/travis/build/mysqltuner.pl line 3562.",
    },
    {
        id: "emacs.signal",
        needs: ["signal(", "lisp error", "process sentinel", "error: "],
        ecosystem: "emacs-lisp",
        pattern: /^(?:\s*)signal\((?:error|\w+-error) |^Debugger entered--Lisp error:|^error in process sentinel|^Error: \w+[\w-]* \(/,
        weight: 8,
        after: 2,
        example: 'signal(error ("Could not create connection to elpa.gnu.org:443"))',
    },
    {
        id: "vim.test-failure",
        needs: ["found errors", "caught exception", "failed", "executed", "from test_", "test failure"],
        ecosystem: "vim",
        pattern: /^\s*(?:Found errors in (?<test>\w+)\(\)|Caught exception in \w+\(\)|\w+ FAILED$|Executed \d+ tests?.*\d+ failed)|^\s*From test_\w+\.vim:|^TEST FAILURE$/,
        weight: 8,
        subcategory: "test_assertion",
        after: 2,
        example: "	Found errors in Test_popup_beval():",
    },
    {
        id: "js.stack-frame",
        needs: ["at ", "❯"],
        ecosystem: "node",
        pattern: /^\s+at (?:.+ \()?(?!node:|internal\/)(?<file>[^()\s]+?):(?<line>\d+):(?<col>\d+)\)?$|^\s*❯ (?<file2>\S+):(?<line2>\d+):(?<col2>\d+)$/,
        weight: 2,
        example: "      at Object.<anonymous> (src/components/Cart.test.tsx:20:31)",
    },
    // ── Generic shapes that cross ecosystems ─────────────────────────────────────────────────
    {
        id: "generic.error-prefix",
        needs: ["error", "fatal", "critical", "err!", "e: ", "[e]", "[err]", "✖", "✗", "✘"],
        ecosystem: "generic",
        pattern: /^\s*(?:\[?(?:ERROR|FATAL|CRITICAL)\]?:?|(?:fatal|error|Error|FATAL)(?:\[\w+\])?:|ERR!|E: |\[E\]|\[ERR\]|✖|✗|✘|\(error\)|[Ee]rror -)\s*\S/,
        weight: 5,
        after: 2,
        example: 'Error: Invalid CSS after "2.3em": expected expression (e.g. 1px, bold), was ";"',
    },
    {
        id: "generic.error-word",
        needs: [
            "error",
            "fatal",
            "fail",
            "exception",
            "abort",
            "panic",
            "invalid",
            "denied",
            "unexpected",
            "undefined",
            "missing",
            "cannot",
            "can't",
            "could not",
            "unable to",
            "not found",
            "no such",
        ],
        ecosystem: "generic",
        pattern: /\b(?:ERROR|FATAL|FAILED|FAILURE|FAIL)\b|\b(?:[Ee]rror|[Ff]ailed|[Ff]ailure|[Ee]xception|[Ff]atal|[Aa]borted|[Pp]anic|[Ii]nvalid|[Dd]enied|[Uu]nexpected|[Uu]ndefined|[Mm]issing)\b|\bcannot\b|\bcan't\b|\bcould not\b|\bunable to\b|\bnot found\b|\bno such\b/,
        weight: 3,
        example: "Chrome 75.0.3770 (Mac OS X 10.13.6) ERROR",
    },
    {
        id: "generic.file-line",
        needs: [":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"],
        ecosystem: "generic",
        pattern: new RegExp(String.raw `^\s*(?:\S+ )?${FILE}:(?<line>\d+)(?::(?<col>\d+))?(?::\s*|\s+)\S`),
        weight: 3,
        example: "README.md:2186:Line longer than 80 characters.",
    },
];
/**
 * Words a failing tool prints on (or right beside) the line that explains it. One automaton finds
 * them all in a single pass over each chunk (see trigger.ts), so adding a word costs nearly nothing;
 * a word that is common in passing logs only costs the classification of the lines it finds.
 */
const TRIGGER_WORDS = [
    ...["error", "err!", "err_", "fail", "fatal", "exception", "panic", "abort", "killed", "denied"],
    ...["cannot", "can't", "could not", "couldn't", "unable", "not found", "no such", "undefined"],
    ...["timed out", "timeout of", "timeout exp", "deadline", "exit code", "exited with", "exit status"],
    ...["exceeded", "not ok", "traceback", "caused by", "expect(", "mismatch", "conflict", "missing"],
    ...["invalid workflow", "invalid option", "invalid css", "refused", "unexpected", "unrecognized"],
    ...["flag provided", "unsatisf", "sanitizer", "segmentation", "sigsegv", "sigabrt", "core dumped"],
    ...["stack overflow", "double free", "of memory", "allocate memory", "memory exhausted", "space left"],
    ...["oomkill", "flaky", "dubious", "rate limit", "certificate verify", "certificate has", "sslerror"],
    ...["certificate subject", "ssl_error", "tls handshake", "bad credentials", "forbidden", "admin rights"],
    ...["not accessible", "requires authentication", "unauthorized:", "id-token", "is not set"],
    ...["snapshot failed", "snapshots failed", "snapshot summary", "obsolete snapshot", "tomatch"],
    ...["baseline", "daemon", "manifest unknown", "manifest for", "pull access", "went wrong", "econn"],
    ...["etimedout", "eai_again", "getaddrinfo", "bad gateway", "gateway time", "hang up", "unreachable"],
    ...["unavailable", "disconnect", "lost comm", "shutdown signal", "cancel", "violation", "offense"],
    ...["offence", "reformat", "formatted", "formatting c", "formatting i", "formatting d", "formatting v"],
    ...["needs formatting", "inspected", "broken", "problems (", "problems found", "issues", "diff in"],
    ...["no output has been", "unknown revision", "dockerfile", "-->", "<<<", "[warn]", "** ", "from test_"],
    ...["rated at", "-- sc", "md0", "dl3", "dl4", "line too long", "line longer", "line is longer"],
    ...["not in ", "sorted", "ref_not_found", "rakefile", "gemfile", "no targets specified", "prettier"],
    ...["no rule to make target", "requirements file", "python project", "cargo.toml", "main module"],
    ...["don't know how to build", ".sass", ".scss", "no installation candidate", "no package"],
    ...["___", "(severity:"],
];
/** Failure marks of test runners and linters (jest, mocha, vitest, ava, eslint, cargo-nextest). */
const FAILURE_SYMBOLS = "✖✗✘✕×●›⎯";
/**
 * Shapes the words cannot express: failure symbols outside ASCII, line-start shapes (pytest,
 * numbered failures) and file:line diagnostics. Each rule's example (weight 3 and up) must be found
 * by a word or one of these (the unit tests check). These regexes say what a hinted line is; the
 * streaming scan finds the same lines over bytes, in one automaton pass with a few checks
 * (hints.ts), and a property test keeps the two in agreement: change both together.
 */
const FAILURE_HINTS = [
    new RegExp(`[${FAILURE_SYMBOLS}]|\\[\\d{3}\\]|\\.p[lm] line \\d`, "g"),
    /^(?:\s*\d{1,3}\) \S|_{3,} \S|E {2,}\S|Reason: )/gm,
    /\.[A-Za-z]{1,6}(?::\[?\d|\(\d+,\d+\))/g,
];
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The same scans for one line (no `g` flag, so `test` keeps no state between lines). */
const rules_LINE_HINTS = [
    new RegExp(TRIGGER_WORDS.map(escapeRegExp).join("|"), "i"),
    ...FAILURE_HINTS.map((hint) => new RegExp(hint.source, hint.flags.replace("g", ""))),
];

;// CONCATENATED MODULE: ./backend/logs/trigger.ts
/**
 * Finds many literal words in text in one pass (Aho–Corasick), ASCII case-insensitively.
 *
 * A regex alternation costs V8 about the same per alternative on every character, so a hundred
 * failure words in one regex scan at a few MB/s per word. The automaton's cost per character is
 * one table lookup whatever the number of words, which is what lets the scanner look for every
 * word a failing tool prints; characters no word has share one class, which keeps the table small.
 * Outside ASCII all characters are one symbol: `collect` finds a word like "●" on any line with a
 * non-ASCII character (a false candidate the rule's regex rejects); `next` folds them to 7 bits.
 */
/**
 * Turns a trie (`goto[state][class]`, -1 where no word continues) into an Aho–Corasick automaton:
 * every missing transition goes where the longest suffix seen so far leads, breadth first.
 * `inherit(state, fallback)` lets a state take over the words (or kinds) its fallback state ends.
 */
function completeAutomaton(goto, stride, inherit) {
    const fail = new Int32Array(goto.length);
    const queue = [];
    for (let c = 0; c < stride; c++) {
        const next = goto[0][c];
        if (next === -1)
            goto[0][c] = 0;
        else
            queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
        const state = queue[head];
        for (let c = 0; c < stride; c++) {
            const next = goto[state][c];
            if (next === -1) {
                goto[state][c] = goto[fail[state]][c];
                continue;
            }
            fail[next] = goto[fail[state]][c];
            inherit(next, fail[next]);
            queue.push(next);
        }
    }
}
class WordMatcher {
    words;
    /** Character (below 128; 0 stands for any other) → class: characters no word has share class 0. */
    classes = new Uint8Array(128);
    /** Transitions, `state * stride + class` → next state * stride. Accepting states are numbered last. */
    table;
    shift;
    /** States at or beyond this (times stride) end at least one word. */
    acceptFrom;
    /** For each accepting state (by number − first accepting), the words that end there. */
    outputs;
    constructor(words) {
        this.words = words;
        // Every character outside ASCII is one symbol (0): "●" in a word matches any of them.
        const codes = words.map((word) => [...word.toLowerCase()].map((char) => (char.charCodeAt(0) < 128 ? char.charCodeAt(0) : 0)));
        let count = 1;
        for (const code of codes.flat())
            if (this.classes[code] === 0)
                this.classes[code] = count++;
        // Letters match either case: an upper-case letter moves like its lower-case one.
        for (let code = 65; code <= 90; code++)
            this.classes[code] = this.classes[code + 32];
        let shift = 0;
        while (1 << shift < count)
            shift++;
        const stride = 1 << shift;
        this.shift = shift;
        const goto = [new Int32Array(stride).fill(-1)];
        const ends = [[]];
        codes.forEach((word, index) => {
            let state = 0;
            for (const code of word) {
                const c = this.classes[code];
                if (goto[state][c] === -1) {
                    goto.push(new Int32Array(stride).fill(-1));
                    ends.push([]);
                    goto[state][c] = goto.length - 1;
                }
                state = goto[state][c];
            }
            ends[state].push(index);
        });
        completeAutomaton(goto, stride, (state, fallback) => ends[state].push(...ends[fallback]));
        const order = goto
            .map((_, state) => state)
            .sort((a, b) => Number(ends[a].length > 0) - Number(ends[b].length > 0));
        const renumbered = new Int32Array(goto.length);
        order.forEach((state, i) => {
            renumbered[state] = i;
        });
        const firstAccepting = order.findIndex((state) => ends[state].length > 0);
        this.acceptFrom = (firstAccepting === -1 ? goto.length : firstAccepting) << shift;
        this.outputs = order.slice(this.acceptFrom >> shift).map((state) => ends[state]);
        this.table = new Int32Array(goto.length << shift);
        order.forEach((state, i) => {
            for (let c = 0; c < stride; c++)
                this.table[(i << shift) + c] = renumbered[goto[state][c]] << shift;
        });
    }
    /** Where (the last character of) the first word found in `text` at or after `from` is, or -1. */
    next(text, from) {
        const { table, classes, acceptFrom } = this;
        const length = text.length;
        let state = 0;
        for (let i = from; i < length; i++) {
            state = table[state + classes[text.charCodeAt(i) & 127]];
            if (state >= acceptFrom)
                return i;
        }
        return -1;
    }
    /**
     * A bit set per accepting state: the union of `sets[word]` (each `width` 32-bit words) over the
     * words that end there. collectUnion then ORs one set per word end, instead of listing words.
     */
    unionTable(sets, width) {
        const table = new Int32Array(this.outputs.length * width);
        this.outputs.forEach((words, state) => {
            for (const word of words)
                for (let k = 0; k < width; k++)
                    table[state * width + k] |= sets[word][k];
        });
        return table;
    }
    /** ORs into `out` the sets (see unionTable) of the words that occur in `text`. */
    collectUnion(text, union, width, out) {
        const { table, classes, acceptFrom, shift } = this;
        const other = classes[0];
        let state = 0;
        for (let i = 0; i < text.length; i++) {
            const code = text.charCodeAt(i);
            state = table[state + (code < 128 ? classes[code] : other)];
            if (state >= acceptFrom) {
                const at = ((state - acceptFrom) >> shift) * width;
                for (let k = 0; k < width; k++)
                    out[k] |= union[at + k];
            }
        }
    }
    /** Marks in `found` (one slot per word) the words that occur in `text`. */
    collect(text, found) {
        const { table, classes, acceptFrom, outputs, shift } = this;
        const other = classes[0];
        let state = 0;
        for (let i = 0; i < text.length; i++) {
            const code = text.charCodeAt(i);
            state = table[state + (code < 128 ? classes[code] : other)];
            if (state >= acceptFrom)
                for (const word of outputs[(state - acceptFrom) >> shift])
                    found[word] = 1;
        }
    }
}

;// CONCATENATED MODULE: ./backend/logs/classify.ts



// Strongest first: once a strong rule matched, weaker ones need not run.
const SCORED_RULES = LOG_RULES.filter((rule) => !rule.benign).sort((a, b) => b.weight - a.weight);
const BENIGN_RULES = LOG_RULES.filter((rule) => rule.benign);
function group(match, ...names) {
    for (const name of names) {
        const value = match.groups?.[name];
        if (value)
            return value;
    }
    return undefined;
}
function hitFrom(rule, match, line, text, weight) {
    const hit = {
        line,
        ruleId: rule.id,
        weight,
        anchor: rule.anchor ?? false,
        after: rule.after ?? 3,
        before: rule.before ?? 0,
        text: clip(text),
    };
    if (rule.subcategory)
        hit.subcategory = rule.subcategory;
    if (rule.until)
        hit.until = rule.until;
    const test = group(match, "test", "test2", "test3");
    if (test)
        hit.test = test.trim();
    const file = group(match, "file", "file2");
    const fileLine = group(match, "line", "line2");
    if (file && fileLine) {
        hit.file = file.replace(/^\.\//, "");
        hit.fileLine = Number(fileLine);
        const column = group(match, "col", "col2");
        if (column)
            hit.column = Number(column);
    }
    return hit;
}
/**
 * The strongest rule that matches the line, or null. A benign shape on the line ("0 failures")
 * cancels the weak generic rules but not a specific one, since real errors can quote such text.
 */
function classifyLine(raw, line) {
    if (!LINE_HINTS.some((hint) => hint.test(raw)))
        return null;
    return classifyHinted(raw, line);
}
/** Long lines are classified on their start: the diagnostic comes first, minified junk after. */
const CLASSIFY_CHARS = 512;
const NEEDLES = [...new Set(LOG_RULES.flatMap((rule) => rule.needs ?? []))];
/**
 * The rules by number, in the order they are tried: the scored ones strongest first, then the
 * benign ones. A line's needles (see LogRule.needs) give a bit set of the rules worth running on it.
 */
const RULES = [...SCORED_RULES, ...BENIGN_RULES];
const WIDTH = Math.ceil(RULES.length / 32);
const bitSet = (rules) => {
    const set = new Int32Array(WIDTH);
    for (const rule of rules) {
        const r = RULES.indexOf(rule);
        set[r >> 5] |= 1 << (r & 31);
    }
    return set;
};
/** All needles of all rules found in one pass over the line (see trigger.ts). */
const NEEDLE_MATCHER = new WordMatcher(NEEDLES);
const RULES_OF_NEEDLE = NEEDLE_MATCHER.unionTable(NEEDLES.map((needle) => bitSet(RULES.filter((rule) => rule.needs?.includes(needle)))), WIDTH);
/** The rules that need no needle: they run on every line. */
const NEEDS_NOTHING = bitSet(RULES.filter((rule) => !rule.needs));
/** The rules worth running on the line classified now (reused: classification is synchronous). */
const RUNS = new Int32Array(WIDTH);
/** Sets RUNS to the rules whose needles are on `text` and those that need none. */
function rulesToRun(text) {
    RUNS.set(NEEDS_NOTHING);
    NEEDLE_MATCHER.collectUnion(text, RULES_OF_NEEDLE, WIDTH, RUNS);
}
const runs = (r) => (RUNS[r >> 5] & (1 << (r & 31))) !== 0;
/** A benign shape on the line ("0 failures") cancels the rules below this weight. */
const BENIGN_CANCELS_BELOW = 7;
/** classifyLine for a line a hint scan already picked. */
function classifyHinted(raw, line) {
    return classifyUntimed(withoutTimestamp(raw), line);
}
/**
 * The last segment of the line classifyUntimed saw last: what the line shows (see displayLine),
 * so a caller that shows a line it just classified need not clean it again.
 */
let lastSegment = "";
/**
 * classifyHinted for a line without its Actions timestamp (see withoutTimestamp): the answer
 * depends on that text alone, so it can key a cache of answers.
 */
function classifyUntimed(untimed, line) {
    let best = null;
    let anchored = false;
    const segments = untimedSegments(untimed);
    lastSegment = segments[segments.length - 1];
    for (const segment of segments) {
        if (segment.length === 0)
            continue;
        const text = segment.length > CLASSIFY_CHARS ? segment.slice(0, CLASSIFY_CHARS) : segment;
        rulesToRun(text);
        let found = null;
        let strong = null;
        let weak = false;
        let anchoredAny = false;
        let anchoredStrong = false;
        for (let k = 0; k < WIDTH; k++) {
            // The rules to run, by number: each set bit, lowest first.
            for (let bits = RUNS[k]; bits !== 0; bits &= bits - 1) {
                const r = (k << 5) + 31 - Math.clz32(bits & -bits);
                if (r >= SCORED_RULES.length)
                    break;
                const rule = SCORED_RULES[r];
                const floor = Math.max(best?.weight ?? -1, found?.weight ?? -1);
                if (!rule.anchor && rule.weight <= floor)
                    continue;
                const match = rule.pattern.exec(text);
                if (!match)
                    continue;
                const isStrong = rule.weight >= BENIGN_CANCELS_BELOW;
                if (!isStrong)
                    weak = true;
                if (rule.anchor) {
                    anchoredAny = true;
                    if (isStrong)
                        anchoredStrong = true;
                }
                if (rule.weight > floor) {
                    found = hitFrom(rule, match, line, text, rule.weight);
                    if (isStrong)
                        strong = found;
                }
            }
        }
        // The benign shapes are only tried when a weak rule matched: most lines never pay for them.
        if (weak && BENIGN_RULES.some((rule, b) => runs(SCORED_RULES.length + b) && rule.pattern.test(text))) {
            found = strong;
            anchoredAny = anchoredStrong;
        }
        if (found && (!best || found.weight > best.weight))
            best = found;
        if (anchoredAny)
            anchored = true;
    }
    if (best)
        best.anchor = anchored;
    return best;
}

;// CONCATENATED MODULE: ./backend/logs/source.ts
/**
 * A line longer than this is cut when stored; it is still counted whole. Binary junk or a minified
 * bundle can be one "line" of hundreds of megabytes, and memory must not follow it.
 */
const MAX_STORED_LINE_CHARS = 4096;
function isReadableStream(source) {
    return (typeof source === "object" &&
        source !== null &&
        typeof source.getReader === "function");
}
async function* chunksOf(source) {
    if (typeof source === "string" || source instanceof Uint8Array) {
        yield source;
        return;
    }
    if (isReadableStream(source)) {
        // getReader() rather than async iteration: not every runtime makes Web streams iterable.
        const reader = source.getReader();
        try {
            for (;;) {
                const { done, value } = await reader.read();
                if (done)
                    return;
                if (value)
                    yield value;
            }
        }
        finally {
            reader.releaseLock();
        }
    }
    yield* source;
}
const NON_ASCII = /[^\x00-\x7f]/g;
/** UTF-8 length of a string without allocating its encoding. */
function utf8Length(text) {
    // Most text is ASCII with a few symbols ("…", "●"): a native scan jumps from one to the next.
    let bytes = text.length;
    NON_ASCII.lastIndex = 0;
    let found = 0;
    for (let match = NON_ASCII.exec(text); match !== null; match = NON_ASCII.exec(text)) {
        // Text that is mostly non-ASCII goes faster through a plain loop.
        if (++found > 64)
            return bytes + extraBytes(text, match.index);
        const code = text.charCodeAt(match.index);
        if (code < 0x800)
            bytes += 1;
        else {
            bytes += 2;
            // A high surrogate and the character after it are four bytes together.
            if (code >= 0xd800 && code <= 0xdbff)
                NON_ASCII.lastIndex = match.index + 2;
        }
    }
    return bytes;
}
/** Bytes beyond one per UTF-16 unit from `from` on. */
function extraBytes(text, from) {
    let extra = 0;
    for (let i = from; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code < 0x80)
            continue;
        if (code < 0x800)
            extra += 1;
        else if (code >= 0xd800 && code <= 0xdbff) {
            extra += 2;
            i++;
        }
        else
            extra += 2;
    }
    return extra;
}
/**
 * Feeds `source` to `sink` chunk by chunk, as it arrives: bytes stay bytes (the sink decodes what it
 * keeps) and text stays text. `bytes` counts UTF-8 bytes.
 */
async function readLog(source, sink) {
    if (typeof source === "string") {
        sink.push(source);
        return { bytes: utf8Length(source) };
    }
    let bytes = 0;
    for await (const chunk of chunksOf(source)) {
        bytes += typeof chunk === "string" ? utf8Length(chunk) : chunk.byteLength;
        sink.push(chunk);
    }
    return { bytes };
}

;// CONCATENATED MODULE: ./backend/logs/hints.ts



/**
 * Splits a byte stream into lines and tells which ones a failure hint points to (a trigger word or
 * one of the FAILURE_HINTS shapes), in one table-driven pass over the bytes, without decoding them.
 *
 * Every byte costs one lookup in a transition table: an Aho–Corasick automaton built over byte
 * classes (letters folded, each byte of a failure symbol like "●" literal, the
 * few digits a word names apart from the rest). The shapes a word list cannot spell end in short
 * words that ask for a check on the bytes around them: "s:1" asks whether a dot and one to six
 * letters come before the colon (`.ts:1`), "\r" whether a line-start shape follows it. Lines are
 * split on byte 0x0A, which never occurs inside a multi-byte UTF-8 character, so the lines are those
 * of the decoded text split on "\n".
 */
/** Bytes kept of a line: enough for its first MAX_STORED_LINE_CHARS UTF-16 units (≤ 3 bytes each). */
const MAX_STORED_LINE_BYTES = MAX_STORED_LINE_CHARS * 3 + 4;
/** Small chunks are gathered up to this size before a pass, so the per-pass work stays rare. */
const GATHER_BYTES = 1 << 16;
const NL = 0x0a;
const EMPTY = new Uint8Array(0);
// What an accepting state asks for, as bits.
/** A trigger word, a failure symbol or "[123]": the line is hinted. */
const FOUND = 1;
/** ".pl line 3" in any case: `.p[lm] line \d` is case-sensitive. */
const PERL = 2;
/** "s:1": a `.ext:1` location if a dot and one to six letters end before the colon. */
const COLON = 4;
/** "s:[1", the same. */
const COLON_BRACKET = 8;
/** "s(1": `.ext(1,2)` if the dot and letters come before and digits, comma, digits, ")" after. */
const PAREN = 16;
/** U+2028, U+2029: a multiline "^" holds after them, so a line-start shape may follow. */
const RESTART = 32;
/** "\r" and the byte after it: the same, checked from that byte ("\r\n" ends lines: no check). */
const AFTER_CR = 64;
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const LETTERS = [...range(0x41, 0x5a), ...range(0x61, 0x7a)];
const DIGITS = range(0x30, 0x39);
const utf8 = new TextEncoder();
/** The bytes of `text`, letters in either case. */
function folded(text) {
    return [...utf8.encode(text)].map((byte) => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a ? [byte | 0x20, byte & ~0x20] : [byte]);
}
const SPECS = [
    ...TRIGGER_WORDS.map((word) => ({ sets: folded(word), kind: FOUND })),
    ...[...FAILURE_SYMBOLS].map((symbol) => ({ sets: folded(symbol), kind: FOUND })),
    { sets: [[0x5b], DIGITS, DIGITS, DIGITS, [0x5d]], kind: FOUND },
    { sets: [...folded(".pl line "), DIGITS], kind: PERL },
    { sets: [...folded(".pm line "), DIGITS], kind: PERL },
    { sets: [LETTERS, [0x3a], DIGITS], kind: COLON },
    { sets: [LETTERS, [0x3a], [0x5b], DIGITS], kind: COLON_BRACKET },
    { sets: [LETTERS, [0x28], DIGITS], kind: PAREN },
    { sets: [[0x0d], range(0, 255).filter((byte) => byte !== NL)], kind: AFTER_CR },
    { sets: folded("\u2028"), kind: RESTART },
    { sets: folded("\u2029"), kind: RESTART },
];
/**
 * Byte → class. Bytes allowed at exactly the same word positions share a class (so "E" and "e",
 * or the digits no word names), bytes in no word are class 0, and "\n" has a class of its own.
 */
function byteClasses() {
    const signatures = new Array(256).fill("");
    SPECS.forEach((spec, s) => {
        spec.sets.forEach((set, p) => {
            for (const byte of set)
                signatures[byte] += `${s}.${p},`;
        });
    });
    signatures[NL] = "newline";
    const ids = new Map([["", 0]]);
    const classes = new Uint8Array(256);
    signatures.forEach((signature, byte) => {
        if (!ids.has(signature))
            ids.set(signature, ids.size);
        classes[byte] = ids.get(signature);
    });
    return { classes, count: ids.size };
}
function build() {
    const { classes, count: stride } = byteClasses();
    const goto = [new Int32Array(stride).fill(-1)];
    const kinds = [0];
    for (const { sets, kind } of SPECS) {
        // A set of bytes is a set of classes; the word is every sequence of them (few: "[" D D D "]").
        let states = [0];
        for (const set of sets) {
            const next = new Set();
            const setClasses = new Set(set.map((byte) => classes[byte]));
            for (const state of states)
                for (const c of setClasses) {
                    if (goto[state][c] === -1) {
                        goto.push(new Int32Array(stride).fill(-1));
                        kinds.push(0);
                        goto[state][c] = goto.length - 1;
                    }
                    next.add(goto[state][c]);
                }
            states = [...next];
        }
        for (const state of states)
            kinds[state] |= kind;
    }
    completeAutomaton(goto, stride, (state, fallback) => {
        kinds[state] |= kinds[fallback];
    });
    // After "\n" the automaton is where it starts, in a state of its own that reports the line end.
    const newline = goto.length;
    goto.push(goto[0].slice());
    kinds.push(0);
    for (const row of goto)
        row[classes[NL]] = newline;
    // Accepting states last, the newline state first among them: one comparison skips the rest.
    const order = goto.map((_, state) => state);
    const rank = (state) => (state === newline ? 1 : kinds[state] ? 2 : 0);
    order.sort((a, b) => rank(a) - rank(b) || a - b);
    const renumbered = new Int32Array(goto.length);
    order.forEach((state, i) => {
        renumbered[state] = i;
    });
    const firstAccepting = order.indexOf(newline);
    // The walk looks bytes up directly, one row of 256 per state: a class lookup per byte would cost
    // more than the larger table (a few hot rows are nearly all that is read).
    const table = new Int32Array(goto.length << BYTE_SHIFT);
    order.forEach((state, i) => {
        for (let byte = 0; byte < 256; byte++)
            table[(i << BYTE_SHIFT) + byte] = renumbered[goto[state][classes[byte]]] << BYTE_SHIFT;
    });
    const acceptKinds = new Uint8Array(order.slice(firstAccepting).map((state) => kinds[state]));
    return { table, acceptFrom: firstAccepting << BYTE_SHIFT, acceptKinds };
}
/** A state's row in the walk's table: one entry per byte value. */
const BYTE_SHIFT = 8;
const AUTOMATON = build();
const isLetter = (byte) => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;
const hints_isDigit = (byte) => byte >= 0x30 && byte <= 0x39;
/**
 * Length of the whitespace character (JavaScript's `\s`, less "\n") at `at`, 0 if another one is
 * there, -1 if the bytes end inside a character that could be whitespace and more may come.
 */
function spaceLength(bytes, at, end, final) {
    const c = bytes[at];
    if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d)
        return 1;
    let tail;
    if (c === 0xc2)
        tail = [[0xa0]];
    else if (c === 0xe1)
        tail = [[0x9a], [0x80]];
    else if (c === 0xe2)
        tail = [[0x80, 0x81], []];
    else if (c === 0xe3)
        tail = [[0x80], [0x80]];
    else if (c === 0xef)
        tail = [[0xbb], [0xbf]];
    else
        return 0;
    for (let k = 0; k < tail.length; k++) {
        if (at + 1 + k >= end)
            return final ? 0 : -1;
        const byte = bytes[at + 1 + k];
        if (c === 0xe2 && k === 1) {
            // U+2000–U+200A, U+2028, U+2029, U+202F after E2 80; U+205F after E2 81.
            const ok = bytes[at + 1] === 0x80
                ? byte <= 0x8a || byte === 0xa8 || byte === 0xa9 || byte === 0xaf
                : byte === 0x9f;
            if (!ok || byte < 0x80)
                return 0;
        }
        else if (!tail[k].includes(byte))
            return 0;
    }
    return tail.length + 1;
}
/** 1 if a non-whitespace character is at `at` (regex `\S`), 0 if not, -1 if the bytes end first. */
function nonSpaceAt(bytes, at, end, final) {
    if (at >= end)
        return final ? 0 : -1;
    if (bytes[at] === NL)
        return 0;
    const space = spaceLength(bytes, at, end, final);
    return space === -1 ? -1 : space === 0 ? 1 : 0;
}
/**
 * Whether a line-start hint (`^(?:\s*\d{1,3}\) \S|_{3,} \S|E {2,}\S|Reason: )`) matches at `at`:
 * 1 or 0, or -1 when the bytes end before it is known and more may come (`final` false).
 */
function lineStartShape(bytes, at, end, final) {
    const more = final ? 0 : -1;
    if (at >= end)
        return more;
    const first = bytes[at];
    if (first === 0x52) {
        const reason = [0x52, 0x65, 0x61, 0x73, 0x6f, 0x6e, 0x3a, 0x20];
        for (let k = 0; k < reason.length; k++) {
            if (at + k >= end)
                return more;
            if (bytes[at + k] !== reason[k])
                return 0;
        }
        return 1;
    }
    let i = at;
    if (first === 0x5f || first === 0x45) {
        // "___ x" (three or more underscores) or "E  x" (two or more spaces).
        const run = first === 0x5f ? 0x5f : 0x20;
        if (first === 0x45)
            i++;
        const from = i;
        while (i < end && bytes[i] === run)
            i++;
        if (i >= end)
            return more;
        if (first === 0x5f) {
            if (i - from < 3 || bytes[i] !== 0x20)
                return 0;
            return nonSpaceAt(bytes, i + 1, end, final);
        }
        return i - from < 2 ? 0 : nonSpaceAt(bytes, i, end, final);
    }
    // \s*\d{1,3}\) \S
    for (;;) {
        if (i >= end)
            return more;
        const space = spaceLength(bytes, i, end, final);
        if (space === -1)
            return -1;
        if (space === 0)
            break;
        i += space;
    }
    const digits = i;
    while (i < end && hints_isDigit(bytes[i]))
        i++;
    if (i >= end)
        return more;
    if (i === digits || i - digits > 3 || bytes[i] !== 0x29)
        return 0;
    if (i + 1 >= end)
        return more;
    if (bytes[i + 1] !== 0x20)
        return 0;
    return nonSpaceAt(bytes, i + 2, end, final);
}
/** First bytes a line-start shape can begin with: whitespace, digits, "R", "_", "E", a lead byte. */
const MAY_START_SHAPE = new Uint8Array(256);
for (const byte of [0x09, 0x0b, 0x0c, 0x0d, 0x20, ...DIGITS, 0x52, 0x5f, 0x45, 0xc2, 0xe1, 0xe2, 0xe3, 0xef])
    MAY_START_SHAPE[byte] = 1;
/** Four digits at `at` (an Actions timestamp's year) cannot start `\d{1,3}\)`. */
function fourDigits(bytes, at, end) {
    return (at + 4 <= end &&
        hints_isDigit(bytes[at]) &&
        hints_isDigit(bytes[at + 1]) &&
        hints_isDigit(bytes[at + 2]) &&
        hints_isDigit(bytes[at + 3]));
}
/** `\d+,\d+\)` at `at`: 1, 0, or -1 when the bytes end first and more may come. */
function parenTail(bytes, at, end, final) {
    const more = final ? 0 : -1;
    let i = at;
    for (let part = 0; part < 2; part++) {
        const from = i;
        while (i < end && hints_isDigit(bytes[i]))
            i++;
        if (i >= end)
            return more;
        if (i === from || bytes[i] !== (part === 0 ? 0x2c : 0x29))
            return 0;
        i++;
    }
    return 1;
}
/** Bytes kept from before the current buffer, for checks that look back (a line may span buffers). */
const LOOK_BACK = 16;
/** Lines kept back, for context before a hit and the lines before a step's exit (a power of two). */
const HISTORY_LINES = 64;
/** Invalid UTF-8 becomes U+FFFD; a byte order mark inside the text stays, as in a streamed decode. */
const DECODER = new TextDecoder("utf-8", { ignoreBOM: true });
/** `bytes[start, end)` as text, cut at MAX_STORED_LINE_CHARS. */
function decodeLine(bytes, start, end) {
    const text = DECODER.decode(bytes.subarray(start, end));
    return text.length > MAX_STORED_LINE_CHARS ? detach(text.slice(0, MAX_STORED_LINE_CHARS)) : text;
}
/**
 * A copy of `slice` that does not keep the text it was cut from alive. V8 represents a slice as a
 * view on its parent string; flattening a concatenation makes a fresh string.
 */
function detach(slice) {
    return slice.length < 16 ? slice : ` ${slice}`.slice(1);
}
/** The last HISTORY_LINES lines, as bytes, decoded when asked (once). */
class LineHistory {
    bytes = new Array(HISTORY_LINES).fill(EMPTY);
    starts = new Int32Array(HISTORY_LINES);
    ends = new Int32Array(HISTORY_LINES);
    texts = new Array(HISTORY_LINES).fill(null);
    /** Lines pushed so far; the last is at slot (count - 1) & (HISTORY_LINES - 1). */
    count = 0;
    push(bytes, start, end, text) {
        const slot = this.count & (HISTORY_LINES - 1);
        this.bytes[slot] = bytes;
        this.starts[slot] = start;
        this.ends[slot] = end;
        this.texts[slot] = text;
        this.count++;
    }
    /** The last `count` lines (fewer if there are not as many), oldest first. */
    last(count) {
        const n = Math.min(count, this.count, HISTORY_LINES);
        const out = [];
        for (let k = this.count - n; k < this.count; k++) {
            const slot = k & (HISTORY_LINES - 1);
            let text = this.texts[slot];
            if (text === null) {
                text = decodeLine(this.bytes[slot], this.starts[slot], this.ends[slot]);
                this.texts[slot] = text;
            }
            out.push(text);
        }
        return out;
    }
    /** Lines in `buffer` are copied (or dropped once decoded): the buffer is about to be reused. */
    release(buffer) {
        for (let k = Math.max(0, this.count - HISTORY_LINES); k < this.count; k++) {
            const slot = k & (HISTORY_LINES - 1);
            if (this.bytes[slot] !== buffer)
                continue;
            this.bytes[slot] = this.texts[slot] === null ? buffer.slice(this.starts[slot], this.ends[slot]) : EMPTY;
            this.ends[slot] = this.bytes[slot].length;
            this.starts[slot] = 0;
        }
    }
}
const UTF8_BOM = [0xef, 0xbb, 0xbf];
function concat(a, b, limit) {
    const out = new Uint8Array(Math.min(limit, a.length + b.length));
    out.set(a.length > out.length ? a.subarray(0, out.length) : a);
    if (a.length < out.length)
        out.set(b.subarray(0, out.length - a.length), a.length);
    return out;
}
/** Bytes run through the automaton between looks at what it found. */
const SEGMENT_BYTES = 1 << 15;
/** What the automaton found in a segment, in order: position, state; at most one per byte. */
const EVENTS = new Int32Array(2 * SEGMENT_BYTES);
/** The same for each quarter of a segment, before they are put in order. */
const QUARTERS = [0, 1, 2, 3].map(() => new Int32Array(2 * SEGMENT_BYTES));
/** The automaton's state after the last findEvents or walk (an out-parameter, not an allocation). */
let endState = 0;
/** Runs the automaton over `buffer[from, to)`, appending accepting states to `out` after `count`. */
function walk(buffer, from, to, state, out, count) {
    const { table, acceptFrom } = AUTOMATON;
    for (let i = from; i < to; i++) {
        state = table[state + buffer[i]];
        if (state >= acceptFrom) {
            out[count++] = i;
            out[count++] = state;
        }
    }
    endState = state;
    return count;
}
/** Where each quarter's walk stands after quarteredWalk: its state and how many numbers it wrote. */
let state0 = 0;
let state1 = 0;
let state2 = 0;
let state3 = 0;
let count0 = 0;
let count1 = 0;
let count2 = 0;
let count3 = 0;
/**
 * `length` steps of four walks at once, quarter q over `buffer[sq, sq + length)` from `stateq`
 * into `QUARTERS[q]`. Nothing after the loop needs type feedback: V8
 * optimizes the loop while it runs, and code after it that had not run yet would make that
 * optimized code bail out at every call's end.
 */
function quarteredWalk(buffer, s0, s1, s2, s3, length) {
    const { table, acceptFrom } = AUTOMATON;
    const [e0, e1, e2, e3] = QUARTERS;
    let a = state0;
    let b = state1;
    let c = state2;
    let d = state3;
    let na = 0;
    let nb = 0;
    let nc = 0;
    let nd = 0;
    for (let k = 0; k < length; k++) {
        a = table[a + buffer[s0 + k]];
        b = table[b + buffer[s1 + k]];
        c = table[c + buffer[s2 + k]];
        d = table[d + buffer[s3 + k]];
        if (a >= acceptFrom) {
            e0[na++] = s0 + k;
            e0[na++] = a;
        }
        if (b >= acceptFrom) {
            e1[nb++] = s1 + k;
            e1[nb++] = b;
        }
        if (c >= acceptFrom) {
            e2[nc++] = s2 + k;
            e2[nc++] = c;
        }
        if (d >= acceptFrom) {
            e3[nd++] = s3 + k;
            e3[nd++] = d;
        }
    }
    state0 = a;
    state1 = b;
    state2 = c;
    state3 = d;
    count0 = na;
    count1 = nb;
    count2 = nc;
    count3 = nd;
}
/**
 * Bytes before a part's start that settle the automaton's state there: an Aho–Corasick state is
 * the longest word prefix the text read ends with, so walking the last (longest word) bytes from
 * the start state reaches the state the whole text before would have.
 */
const WARM_UP = Math.max(...SPECS.map((spec) => spec.sets.length));
/** The state the WARM_UP bytes before `at` lead to (their events belong to the part before). */
function settledState(buffer, at) {
    const { table } = AUTOMATON;
    let state = 0;
    for (let i = at - WARM_UP; i < at; i++)
        state = table[state + buffer[i]];
    return state;
}
/**
 * Runs the automaton over `buffer[from, to)` from `state` and writes the accepting states it
 * passes to EVENTS, returning how many numbers it wrote (the state after is `endState`). The
 * segment is cut in four equal parts that run in one loop: each step waits for the table lookup
 * before it, so independent walks side by side take little more time than one. A part after the
 * first starts in the state its last WARM_UP bytes settle (see settledState).
 */
function findEvents(buffer, from, to, state) {
    const quarter = (to - from) >> 2;
    if (quarter < 4 * WARM_UP)
        return walk(buffer, from, to, state, EVENTS, 0);
    const s1 = from + quarter;
    const s2 = s1 + quarter;
    const s3 = s2 + quarter;
    state0 = state;
    state1 = settledState(buffer, s1);
    state2 = settledState(buffer, s2);
    state3 = settledState(buffer, s3);
    quarteredWalk(buffer, from, s1, s2, s3, quarter);
    // The last part's few bytes past four equal quarters, then the parts' events in order.
    const last = walk(buffer, s3 + quarter, to, state3, QUARTERS[3], count3);
    const counts = [count0, count1, count2, last];
    let count = 0;
    for (let q = 0; q < 4; q++) {
        EVENTS.set(QUARTERS[q].subarray(0, counts[q]), count);
        count += counts[q];
    }
    return count;
}
/**
 * Bytes in, hinted lines out; chunks of any size, a line or a character may span them. Memory is
 * one gathering buffer and one line's first MAX_STORED_LINE_BYTES, whatever the stream's size.
 */
class HintedLines {
    sink;
    /** Lines completed so far. */
    lineCount = 0;
    /** Every line goes to the sink while this is set, not only hinted ones. */
    wantAll = false;
    history = new LineHistory();
    state = 0;
    /** The line in progress: its first bytes when it began in an earlier buffer, and its length. */
    carry = null;
    carryLength = 0;
    found = false;
    /** Checks of the line in progress that ran out of bytes: offset in the line, kind. */
    deferred = [];
    previous = new Uint8Array(LOOK_BACK).fill(NL);
    gather = new Uint8Array(0);
    gathered = 0;
    /** The first bytes while they could still be a byte order mark (null once decided). */
    head;
    /** `stripBom`: a byte order mark at the start is not text (as TextDecoder reads it). */
    constructor(sink, stripBom) {
        this.sink = sink;
        this.head = stripBom ? new Uint8Array(0) : null;
    }
    push(chunk) {
        if (this.head) {
            const held = this.head;
            let k = 0;
            while (held.length + k < 3 && k < chunk.length && chunk[k] === UTF8_BOM[held.length + k])
                k++;
            if (held.length + k === 3) {
                this.head = null;
                chunk = chunk.subarray(k);
            }
            else if (k === chunk.length) {
                this.head = concat(held, chunk, 3);
                return;
            }
            else {
                this.head = null;
                this.add(held);
            }
        }
        this.add(chunk);
    }
    /** The last line (after the last "\n", maybe empty) and the end of the stream. */
    finish() {
        if (this.head)
            this.add(this.head);
        this.head = null;
        this.flush();
        this.endLine(EMPTY, 0, 0, this.found);
    }
    add(chunk) {
        if (chunk.length === 0)
            return;
        if (chunk.length >= GATHER_BYTES) {
            this.flush();
            // A plain view: the loop then sees one array class (a Node Buffer is a subclass).
            this.scan(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            return;
        }
        if (this.gathered + chunk.length > GATHER_BYTES)
            this.flush();
        if (this.gather.length === 0)
            this.gather = new Uint8Array(GATHER_BYTES);
        this.gather.set(chunk, this.gathered);
        this.gathered += chunk.length;
    }
    flush() {
        if (this.gathered === 0)
            return;
        this.scan(this.gather.subarray(0, this.gathered));
        this.gathered = 0;
    }
    scan(buffer) {
        const { acceptFrom, acceptKinds } = AUTOMATON;
        const n = buffer.length;
        let state = this.state;
        let found = this.found;
        let lineStart = 0;
        /** Where the line in progress starts, relative to this buffer (negative if before it). */
        let lineBase = -this.carryLength;
        for (let from = 0; from < n; from += SEGMENT_BYTES) {
            const to = Math.min(n, from + SEGMENT_BYTES);
            const count = findEvents(buffer, from, to, state);
            state = endState;
            for (let e = 0; e < count; e += 2) {
                const i = EVENTS[e];
                const event = EVENTS[e + 1];
                if (event === acceptFrom) {
                    if (found || this.wantAll || this.carry !== null || !this.plainLine(buffer, lineStart, i))
                        this.endLine(buffer, lineStart, i, found);
                    else {
                        this.lineCount++;
                        this.history.push(buffer, lineStart, i, null);
                    }
                    lineStart = i + 1;
                    lineBase = lineStart;
                    found = false;
                }
                else if (!found)
                    found = this.check(acceptKinds[(event - acceptFrom) >> BYTE_SHIFT], buffer, i, lineBase);
            }
        }
        if (lineStart < n) {
            const rest = buffer.subarray(lineStart, n);
            this.carry = this.carry
                ? concat(this.carry, rest, MAX_STORED_LINE_BYTES)
                : rest.slice(0, MAX_STORED_LINE_BYTES);
            this.carryLength += n - lineStart;
        }
        this.state = state;
        this.found = found;
        if (n >= LOOK_BACK)
            this.previous.set(buffer.subarray(n - LOOK_BACK));
        else {
            this.previous.copyWithin(0, n);
            this.previous.set(buffer, LOOK_BACK - n);
        }
        this.history.release(buffer);
    }
    /** The byte at `at` of this buffer; negative positions reach into the bytes before it. */
    byteAt(buffer, at) {
        return at >= 0 ? buffer[at] : at >= -LOOK_BACK ? this.previous[LOOK_BACK + at] : NL;
    }
    /** A dot and one to six letters end just before `at`. */
    extensionBefore(buffer, at) {
        let letters = 0;
        while (letters <= 6 && isLetter(this.byteAt(buffer, at - 1 - letters)))
            letters++;
        return letters >= 1 && letters <= 6 && this.byteAt(buffer, at - 1 - letters) === 0x2e;
    }
    /** Whether the word(s) ending at `i` hint the line; checks short of bytes wait for the line's end. */
    check(kinds, buffer, i, lineBase) {
        if (kinds & FOUND)
            return true;
        if (kinds & PERL) {
            const perl = [0x2e, 0x70, 0, 0x20, 0x6c, 0x69, 0x6e, 0x65, 0x20];
            let ok = true;
            for (let k = 0; k < perl.length && ok; k++) {
                const byte = this.byteAt(buffer, i - 9 + k);
                ok = k === 2 ? byte === 0x6c || byte === 0x6d : byte === perl[k];
            }
            if (ok)
                return true;
        }
        if (kinds & COLON && this.extensionBefore(buffer, i - 1))
            return true;
        if (kinds & COLON_BRACKET && this.extensionBefore(buffer, i - 2))
            return true;
        if (kinds & PAREN && this.extensionBefore(buffer, i - 1)) {
            const tail = parenTail(buffer, i, buffer.length, false);
            if (tail === 1)
                return true;
            if (tail === -1)
                return this.defer(i - lineBase, PAREN);
        }
        if (kinds & (RESTART | AFTER_CR)) {
            const at = kinds & AFTER_CR ? i : i + 1;
            const shape = lineStartShape(buffer, at, buffer.length, false);
            if (shape === 1)
                return true;
            if (shape === -1)
                return this.defer(at - lineBase, RESTART);
        }
        return false;
    }
    /** Remembers a check for the line's end; past the kept bytes it cannot be made, so it counts. */
    defer(offset, kind) {
        if (offset >= MAX_STORED_LINE_BYTES || this.deferred.length >= 64)
            return true;
        this.deferred.push(offset, kind);
        return false;
    }
    /**
     * A line that needs nothing more than counting: no word on it, no check left, whole in this
     * buffer, and a first byte no line-start shape begins with (an Actions timestamp's year).
     */
    plainLine(buffer, start, end) {
        if (this.deferred.length > 0 || end - start > MAX_STORED_LINE_BYTES)
            return false;
        return start === end || MAY_START_SHAPE[buffer[start]] === 0 || fourDigits(buffer, start, end);
    }
    endLine(buffer, start, end, found) {
        let line = buffer;
        let length = end - start;
        if (this.carry) {
            line = concat(this.carry, buffer.subarray(0, end), MAX_STORED_LINE_BYTES);
            length = this.carryLength + end;
            start = 0;
            end = line.length;
            this.carry = null;
            this.carryLength = 0;
        }
        else if (length > MAX_STORED_LINE_BYTES)
            end = start + MAX_STORED_LINE_BYTES;
        if (!found) {
            // A check that runs out of a line cut short might have matched in what was cut.
            const final = length === end - start;
            for (let k = 0; k < this.deferred.length && !found; k += 2) {
                const at = start + this.deferred[k];
                const result = this.deferred[k + 1] === PAREN
                    ? parenTail(line, at, end, final)
                    : lineStartShape(line, at, end, final);
                found = result !== 0;
            }
            if (!found && MAY_START_SHAPE[line[start] ?? NL] === 1 && !fourDigits(line, start, end))
                found = lineStartShape(line, start, end, final) !== 0;
        }
        if (this.deferred.length > 0)
            this.deferred.length = 0;
        const number = ++this.lineCount;
        const text = found || this.wantAll ? this.sink.line(line, start, end, number, found) : null;
        this.history.push(line, start, end, text);
    }
}
/** Which lines of `text` (split on "\n") the hints find: the scan's answer, for tests and tools. */
function hintedLines(text, chunkBytes = GATHER_BYTES) {
    const out = [];
    const lines = new HintedLines({
        line: (_bytes, _start, _end, _line, hinted) => {
            out.push(hinted);
            return null;
        },
    }, false);
    lines.wantAll = true;
    const bytes = utf8.encode(text);
    for (let i = 0; i < bytes.length; i += chunkBytes)
        lines.push(bytes.slice(i, i + chunkBytes));
    lines.finish();
    return out;
}

;// CONCATENATED MODULE: ./backend/logs/redact.ts
/** "Authoriz" in any case, as the /i patterns take it. */
const AUTHORIZ = /[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz]/;
const SECRET_PATTERNS = [
    {
        name: "private-key-block",
        pattern: /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----|$)/g,
        hint: /PRIVATE KEY/,
        replace: "[REDACTED private key]",
    },
    {
        name: "github-pat-fine",
        pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
        hint: /github_pat_/,
        replace: "[REDACTED github token]",
    },
    {
        name: "github-token",
        pattern: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g,
        hint: /gh[pousr]_/,
        replace: "[REDACTED github token]",
    },
    {
        name: "aws-access-key",
        pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
        hint: /A[SKB]IA|ACCA/,
        replace: "[REDACTED aws key]",
    },
    {
        name: "aws-secret-key",
        pattern: /(aws_?secret_?access_?key|aws_?session_?token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{20,}/gi,
        hint: /[Aa][Ww][Ss]_?[Ss]/,
        replace: (_m, key, sep) => `${key}${sep}[REDACTED]`,
    },
    {
        name: "slack-token",
        pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
        hint: /xox/,
        replace: "[REDACTED slack token]",
    },
    {
        name: "slack-webhook",
        pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
        hint: /hooks\.slack/,
        replace: "https://hooks.slack.com/services/[REDACTED]",
    },
    {
        name: "jwt",
        pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
        hint: /eyJ/,
        replace: "[REDACTED jwt]",
    },
    {
        name: "authorization-header",
        pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|bot)\s+)?[^\s"',;]{6,}/gi,
        hint: AUTHORIZ,
        replace: (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ""}[REDACTED]`,
    },
    {
        name: "url-credentials",
        pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"']+):([^\s@/"']+)@/gi,
        // Between "://" and "@" the user and password hold neither "/" nor white space.
        hint: /:\/\/[^\s/]*@/,
        replace: (_m, scheme, user) => `${scheme}${user}:[REDACTED]@`,
    },
    {
        name: "url-token-user",
        pattern: /\b(https?:\/\/)((?:gh[pousr]_|github_pat_|x-access-token:)[^\s@/"']+)@/gi,
        hint: /:\/\/[^\s/]*@/,
        replace: (_m, scheme) => `${scheme}[REDACTED]@`,
    },
    {
        name: "assigned-secret",
        pattern: /\b([A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_TOKEN|AUTH_TOKEN|PRIVATE_KEY|NPM_TOKEN|GITHUB_TOKEN|GH_TOKEN)[A-Z0-9_]*)(\s*[:=]\s*["']?)(?!\*{3})[^\s"']{6,}/g,
        hint: /SECRET|PASSW|API_?KEY|TOKEN|PRIVATE_KEY/,
        replace: (_m, key, sep) => `${key}${sep}[REDACTED]`,
    },
    {
        // Lines of a key or certificate body whose BEGIN line is elsewhere in the log; a raw Actions
        // log prefixes each line with its timestamp, which is kept. Its hint is mayHoldKeyLine.
        name: "key-material-line",
        pattern: /^([ \t]*(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z[ \t]*)?)[A-Za-z0-9+/]{60,}={0,2}[ \t]*$/gm,
        hint: /(?!)/,
        replace: (_m, head) => `${head}[REDACTED key material]`,
    },
    {
        name: "npm-token",
        pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
        hint: /npm_/,
        replace: "[REDACTED npm token]",
    },
    {
        name: "google-api-key",
        pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
        hint: /AIza/,
        replace: "[REDACTED google key]",
    },
    {
        name: "anthropic-openai-key",
        pattern: /\bsk-(?:ant-)?[A-Za-z0-9_-]{20,}/g,
        hint: /sk-/,
        replace: "[REDACTED api key]",
    },
];
const KEY_MATERIAL = SECRET_PATTERNS.findIndex((secret) => secret.name === "key-material-line");
/**
 * Cheap gate: nearly every log line has none of the hints, so most text skips the patterns. One
 * regex of all hints scans the text once; case is spelled out instead of /i, and the key-material
 * shape is only tried at line starts (mayHoldKeyLine): both keep the gate several times faster
 * than one case-insensitive scan. Built from the patterns' own hints, so it cannot forget one.
 */
const SECRET_HINT = new RegExp([...new Set(SECRET_PATTERNS.filter((_, i) => i !== KEY_MATERIAL).map((secret) => secret.hint.source))].join("|"));
const redact_isDigit = (code) => code >= 0x30 && code <= 0x39;
const isBlank = (code) => code === 0x20 || code === 0x09;
/** [A-Za-z0-9+/] */
const isKeyChar = (code) => ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || redact_isDigit(code) || code === 0x2b || code === 0x2f;
/**
 * Whether a line of `text` may hold key material: /(?:^|[\n\r\u2028\u2029])[ \t]*(?:\d{4}-\d\d-\d\dT[\d:.]+Z[ \t]*)?
 * [A-Za-z0-9+/]{60}/ matched by hand at each line start. The regex tries every position of a long
 * text; this looks at the first characters of each line.
 */
function mayHoldKeyLine(text) {
    LINE_END.lastIndex = 0;
    for (let start = 0; start !== -1;) {
        let i = start;
        while (isBlank(text.charCodeAt(i)))
            i++;
        if (keyRunAt(text, timestampEnd(text, i)))
            return true;
        // A multiline "^" also holds after "\r", U+2028 and U+2029.
        start = LINE_END.exec(text) === null ? -1 : LINE_END.lastIndex;
    }
    return false;
}
const LINE_END = /[\n\r\u2028\u2029]/g;
/** After `\d{4}-\d\d-\d\dT[\d:.]+Z[ \t]*` at `at` (the sets are disjoint: no other way to match), or `at`. */
function timestampEnd(text, at) {
    for (let k = 0; k < 10; k++) {
        const code = text.charCodeAt(at + k);
        if (k === 4 || k === 7 ? code !== 0x2d : !redact_isDigit(code))
            return at;
    }
    if (text.charCodeAt(at + 10) !== 0x54)
        return at;
    let i = at + 11;
    for (let code = text.charCodeAt(i); redact_isDigit(code) || code === 0x3a || code === 0x2e;)
        code = text.charCodeAt(++i);
    if (i === at + 11 || text.charCodeAt(i) !== 0x5a)
        return at;
    i++;
    while (isBlank(text.charCodeAt(i)))
        i++;
    return i;
}
/** Sixty key characters at `at`. */
function keyRunAt(text, at) {
    if (at + 60 > text.length)
        return false;
    for (let k = 0; k < 60; k++)
        if (!isKeyChar(text.charCodeAt(at + k)))
            return false;
    return true;
}
/** Replaces secrets in `text`; `redactions` counts them, so a caller can say that it happened. */
function redactSecrets(text) {
    const hinted = SECRET_HINT.test(text);
    const keyMaterial = mayHoldKeyLine(text);
    if (!hinted && !keyMaterial)
        return { text, redactions: 0 };
    let redactions = 0;
    let out = text;
    SECRET_PATTERNS.forEach(({ pattern, hint, replace }, i) => {
        // Each pattern runs only where its own hint is: a whole excerpt often holds one ("TOKEN").
        // Hints are checked on the text as it was, before an earlier replacement, as the gate was.
        if (i === KEY_MATERIAL ? !keyMaterial : !hinted || !hint.test(text))
            return;
        out = out.replace(pattern, (...args) => {
            redactions++;
            if (typeof replace === "string")
                return replace;
            const groups = args
                .slice(1)
                .filter((value) => typeof value === "string" || value === undefined);
            return replace(args[0], ...groups);
        });
    });
    return { text: out, redactions };
}
/** One line of a log: a private key's BEGIN line without its END still hides the rest of the line. */
function redactLine(line) {
    return redactSecrets(line);
}

;// CONCATENATED MODULE: ./backend/logs/scan.ts




/** Text is encoded in pieces of this many characters, so a large string is never copied whole. */
const ENCODE_CHARS = 1 << 18;
const ENCODER = new TextEncoder();
const STEP_TAIL_LINES = 60;
const LOG_TAIL_LINES = 12;
const MAX_BLOCK_LINES = 300;
/** Continuation lines (indented, frames, diff lines) keep a block open this far past its last hit. */
const MAX_CONTINUATION = 150;
const MAX_ANCHORS = 64;
/** Inside a report section every line is part of the report: context weight stops falling here. */
const SECTION_FLOOR = 2;
/** Reports of one kind kept whole (see takeSection). */
const MAX_SECTIONS_PER_RULE = 3;
/** Distinct lines a cache remembers (a power of two); bounded so memory stays flat. */
const SEEN_SLOTS = 4096;
/** Longer lines are not remembered: they rarely repeat, and memory stays small. */
const MAX_SEEN_CHARS = 2048;
/** A slot for `key` among SEEN_SLOTS: a hash of sixteen characters spread over it. */
function slotOf(key) {
    const n = key.length;
    let h = n;
    // The last characters are among them: that is where counters and names differ.
    const step = (n >> 4) + 1;
    for (let i = n - 1; i >= 0; i -= step)
        h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1);
    return (h ^ (h >>> 15)) & (SEEN_SLOTS - 1);
}
/**
 * Values by line text, one slot per hash of the text: a newer line takes an older one's slot.
 * Cheaper than a Map, which hashes every character of every new line: this hash samples a few,
 * and a slot is checked with one string comparison.
 */
class LineCache {
    // Allocated on first use: most small logs remember a few lines. Holes, not filled: a hole reads
    // as undefined, which no key equals.
    keys = [];
    values = [];
    get(key) {
        const slot = slotOf(key);
        return this.keys[slot] === key ? this.values[slot] : undefined;
    }
    set(key, value) {
        if (key.length > MAX_SEEN_CHARS)
            return;
        if (this.keys.length === 0) {
            this.keys = new Array(SEEN_SLOTS);
            this.values = new Array(SEEN_SLOTS);
        }
        const slot = slotOf(key);
        this.keys[slot] = key;
        this.values[slot] = value;
    }
}
/** Stack frames carry file:line locations but no failure word; inside a block they are classified too. */
const FRAME_START = /^(?:\S*Z )?\s+(?:at |File ")/;
/** A stack frame line: anchored at the start (cheap to reject), or vitest's "❯ file:line". */
function isFrame(raw) {
    return FRAME_START.test(raw) || raw.includes("❯ ");
}
/** Lines that continue the message above them: indented text, stack frames, diff and caret lines. */
const CONTINUATION = /^(?:\s+\S|[+-]\s|\||\^|at |Caused by|\.\.\.|~+|E\s|>\s)|^\W{0,2}\s*(?:#\d+ 0x[\da-f]+ |==\d+==|SUMMARY: \w+Sanitizer)/;
/**
 * Counts, block after block in log order, the earlier blocks led by the same rule: the rule of the
 * strongest hit (the first of equals), or the block's kind when it has no hits. The first report
 * of a kind (the first failing test, the first compiler error) is where a reader starts, and the
 * rest are often its consequences: ranking and pruning both count a repeat less (ruleRepeatPenalty).
 */
class RuleRepeats {
    seen = new Map();
    /** How many earlier blocks had this block's leading rule; this block is counted for the next. */
    next(block) {
        let lead;
        for (const hit of block.hits)
            if (!lead || hit.weight > lead.weight)
                lead = hit;
        const rule = lead?.ruleId ?? block.kind;
        const repeats = this.seen.get(rule) ?? 0;
        this.seen.set(rule, repeats + 1);
        return repeats;
    }
}
/** What a block loses per earlier block led by the same rule: 0.5 each, at most 2. */
function ruleRepeatPenalty(repeats) {
    return Math.min(2, 0.5 * repeats);
}
/**
 * Reads a log as bytes and keeps only what could explain its failure: blocks around rule hits,
 * the last lines before each failed step's exit, and the log's tail. Lines are decoded only when
 * kept or classified; the rest are only counted. Memory is bounded by one gathering buffer, a short
 * history and `maxStoredLines` candidates, never by the log's size.
 */
class LogScanner {
    maxStoredLines;
    lines;
    started = false;
    open = null;
    lastHitLine = 0;
    blocks = [];
    storedLines = 0;
    anchors = [];
    sections = new Map();
    redactions = 0;
    /** Classifications by line text without its timestamp (see classify). */
    seen = new LineCache();
    /**
     * Lines as shown (displayLine), by raw line. A block's context is cleaned line by line to see
     * whether it continues the message, and the lines of a traceback or a test report come back again
     * and again (most of them coloured, which is what cleaning costs): over a set of real logs four
     * checks in five were of a line seen before.
     */
    shown = new LineCache();
    /** The line classified last (not from the cache) and what it shows: hitText's usual question. */
    classifiedRaw = null;
    classifiedShown = "";
    constructor(maxStoredLines) {
        this.maxStoredLines = maxStoredLines;
        this.lines = new HintedLines(this, true);
    }
    /**
     * Bytes are UTF-8; text is encoded. A byte order mark opening the bytes is dropped, as a
     * TextDecoder does, but kept when the log starts as text (it was decoded already).
     */
    push(chunk) {
        if (!this.started) {
            this.started = true;
            if (typeof chunk === "string")
                this.lines = new HintedLines(this, false);
        }
        if (typeof chunk !== "string") {
            this.lines.push(chunk);
            return;
        }
        for (let at = 0; at < chunk.length;) {
            let end = Math.min(chunk.length, at + ENCODE_CHARS);
            // A surrogate pair stays in one piece, or the encoder would replace both halves.
            const last = chunk.charCodeAt(end - 1);
            if (end < chunk.length && last >= 0xd800 && last <= 0xdbff)
                end--;
            this.lines.push(ENCODER.encode(at === 0 && end === chunk.length ? chunk : chunk.slice(at, end)));
            at = end;
        }
    }
    finish() {
        this.lines.finish();
        this.close();
        const n = this.lines.lineCount;
        const tail = this.blockFromHistory("log-tail", Math.max(1, n - LOG_TAIL_LINES + 1), n, (i) => 1.5 - 0.05 * (n - i));
        this.blocks.push(tail);
        return {
            totalLines: n,
            blocks: this.blocks,
            anchors: this.anchors,
            redactions: this.redactions,
        };
    }
    /** A hinted line, or any line while a block is open (see HintedLines). */
    line(bytes, start, end, line, hinted) {
        const raw = decodeLine(bytes, start, end);
        if (this.open) {
            // Inside a block only lines a hint found (or stack frames, for locations) are classified;
            // the rest are context, which is all most follow-up lines are.
            const candidate = hinted || isFrame(raw);
            this.onOpenLine(raw, line, candidate ? this.classify(raw, line) : null);
        }
        else {
            const hit = this.classify(raw, line);
            if (hit)
                this.onHit(raw, line, hit);
        }
        this.lines.wantAll = this.open !== null;
        return raw;
    }
    /**
     * Logs repeat themselves (the same warning per file, the same retry message); a line seen
     * before is not classified again. Keyed without the Actions timestamp, which always differs.
     */
    classify(raw, line) {
        const key = clean_withoutTimestamp(raw);
        const known = this.seen.get(key);
        if (known !== undefined)
            return known.hit ? { ...known.hit, line } : null;
        const hit = classifyUntimed(key, line);
        this.seen.set(key, { hit: hit ? { ...hit } : null, shown: null, redactions: 0 });
        if (hit) {
            this.classifiedRaw = raw;
            this.classifiedShown = lastSegment;
        }
        return hit;
    }
    /** Hit text travels further than the excerpt (root cause, API), so it is redacted at once. */
    hitText(raw) {
        // A repeated hit line (the cache knows its classification) is cleaned and redacted once.
        const known = this.seen.get(clean_withoutTimestamp(raw));
        if (known?.shown != null) {
            this.redactions += known.redactions;
            return known.shown;
        }
        const display = raw === this.classifiedRaw ? clip(this.classifiedShown) : displayLine(raw);
        const { text, redactions } = redactSecrets(display);
        this.redactions += redactions;
        const shown = detach(text);
        if (known) {
            known.shown = shown;
            known.redactions = redactions;
        }
        return shown;
    }
    /** The line as shown (displayLine), cleaned once per distinct line. */
    displayOf(raw) {
        let shown = this.shown.get(raw);
        if (shown === undefined) {
            shown = displayLine(raw);
            this.shown.set(raw, shown);
        }
        return shown;
    }
    onHit(raw, line, hit) {
        if (hit.anchor)
            this.recordAnchor(raw, line);
        if (hit.weight < 3)
            return;
        const before = this.lines.history.last(Math.min(hit.before + 1, line - 1));
        const first = line - before.length;
        const block = {
            kind: "hits",
            start: first,
            end: line,
            lines: [],
            hits: [],
            maxWeight: 0,
            openUntil: line + hit.after,
        };
        before.forEach((text, i) => {
            block.lines.push({ line: first + i, raw: text, weight: hit.before > 0 ? 1 : 0.5 });
        });
        this.storedLines += before.length;
        this.open = block;
        this.lastHitLine = line;
        this.append(block, line, raw, hit);
    }
    /**
     * Whether a report this rule starts is kept whole. Only the first few of a kind are: the first
     * failing test is where a reader starts, later ones rank below it and rarely fit the budget, and
     * a run with hundreds of failures must not make the scan store every line of every report.
     */
    takeSection(ruleId) {
        const taken = this.sections.get(ruleId) ?? 0;
        if (taken >= MAX_SECTIONS_PER_RULE)
            return false;
        this.sections.set(ruleId, taken + 1);
        return true;
    }
    onOpenLine(raw, line, hit) {
        const open = this.open;
        // A report's end closes its block; a report's start begins a block of its own.
        if ((open.until && line > open.untilAfter && open.until.test(this.displayOf(raw))) ||
            (hit?.until && hit.weight >= 3 && !open.until)) {
            this.close();
            if (hit)
                this.onHit(raw, line, hit);
            return;
        }
        if (line > open.openUntil) {
            this.close();
            if (hit)
                this.onHit(raw, line, hit);
            return;
        }
        if (hit?.anchor)
            this.recordAnchor(raw, line);
        this.append(open, line, raw, hit);
    }
    append(block, n, raw, hit) {
        if (hit && hit.weight >= 2) {
            hit.text = this.hitText(raw);
            if (hit.test)
                hit.test = detach(hit.test);
            if (hit.file)
                hit.file = detach(hit.file);
            block.hits.push(hit);
            block.maxWeight = Math.max(block.maxWeight, hit.weight);
            block.openUntil = Math.max(block.openUntil, n + hit.after);
            if (hit.until && !block.until && this.takeSection(hit.ruleId)) {
                block.until = hit.until;
                block.untilAfter = n;
                block.openUntil = Math.max(block.openUntil, n + MAX_BLOCK_LINES);
            }
            this.lastHitLine = n;
            block.lines.push({ line: n, raw, weight: hit.weight, shown: hit.text });
        }
        else {
            const distance = n - this.lastHitLine;
            const weight = block.until
                ? Math.max(SECTION_FLOOR, 3 - 0.15 * distance)
                : Math.max(0.5, 3 - 0.15 * distance);
            const candidate = { line: n, raw, weight };
            block.lines.push(candidate);
            if (n === block.openUntil && distance < MAX_CONTINUATION) {
                const shown = this.displayOf(raw);
                candidate.shown = shown;
                // Shown text is trimmed at its end: a blank line shows as "".
                const blank = shown.length === 0;
                // A blank line may separate parts of one message (a diff below its assertion), but not two.
                if (CONTINUATION.test(shown) || (blank && !block.lastBlank))
                    block.openUntil++;
                block.lastBlank = blank;
            }
        }
        block.end = n;
        this.storedLines++;
        if (block.lines.length >= MAX_BLOCK_LINES)
            this.close();
    }
    close() {
        const block = this.open;
        this.open = null;
        if (!block)
            return;
        this.blocks.push(block);
        if (this.storedLines > this.maxStoredLines)
            this.prune();
    }
    /** The failing command's output ends here: keep the lines that led up to it. */
    recordAnchor(raw, line) {
        const previous = this.anchors[this.anchors.length - 1] ?? 0;
        if (this.anchors.length >= MAX_ANCHORS)
            this.anchors.shift();
        this.anchors.push(line);
        // Consecutive exit markers (npm ERR! lines) share one step: keep only the lines not kept yet.
        const before = this.lines.history.last(Math.min(STEP_TAIL_LINES, line - 1, Math.max(0, line - previous - 1)));
        const first = line - before.length;
        const block = {
            kind: "step-tail",
            start: first,
            end: line,
            lines: [],
            hits: [],
            maxWeight: 0,
            openUntil: line,
        };
        before.forEach((text, i) => {
            block.lines.push({ line: first + i, raw: text, weight: 2.5 - 0.06 * (line - first - i) });
        });
        block.lines.push({ line, raw, weight: 2.5 });
        this.storedLines += block.lines.length;
        this.blocks.push(block);
    }
    blockFromHistory(kind, from, to, weight) {
        const block = {
            kind,
            start: from,
            end: to,
            lines: [],
            hits: [],
            maxWeight: 0,
            openUntil: to,
        };
        // The history's last line is the log's last (after its last "\n"), line `to`.
        const lines = this.lines.history.last(to - from + 1);
        const first = to - lines.length + 1;
        // A log ending in "\n" ends with an empty line; it says nothing, so the tail stops before it.
        let last = lines.length;
        while (last > 1 && lines[last - 1].trim() === "")
            last--;
        for (let i = 0; i < last; i++)
            block.lines.push({ line: first + i, raw: lines[i], weight: weight(first + i) });
        block.end = first + last - 1;
        block.start = first;
        return block;
    }
    /** Closed blocks do not change: their repeat keys are computed once, not at every prune. */
    repeatKeys = new WeakMap();
    repeatKeyOf(block) {
        let key = this.repeatKeys.get(block);
        if (key === undefined) {
            key = block.hits[0] ? repeatKey(block.hits[0].text) : block.kind;
            this.repeatKeys.set(block, key);
        }
        return key;
    }
    /**
     * Over the memory budget: drop the blocks least likely to matter (weak, repeated, early) until
     * well under it, so pruning stays rare and the cost per line constant.
     */
    prune() {
        const seen = new Map();
        const ruleRepeats = new RuleRepeats();
        const ranked = this.blocks.map((block, index) => {
            const key = this.repeatKeyOf(block);
            const count = (seen.get(key) ?? 0) + 1;
            seen.set(key, count);
            const value = block.maxWeight -
                Math.min(3, count - 1) -
                ruleRepeatPenalty(ruleRepeats.next(block)) +
                index / this.blocks.length;
            return { block, index, value };
        });
        ranked.sort((a, b) => a.value - b.value);
        const target = this.maxStoredLines * 0.6;
        const dropped = new Set();
        for (const entry of ranked) {
            if (this.storedLines <= target)
                break;
            dropped.add(entry.index);
            this.storedLines -= entry.block.lines.length;
        }
        const kept = this.blocks.filter((_, index) => !dropped.has(index));
        this.blocks.length = 0;
        this.blocks.push(...kept);
    }
}

;// CONCATENATED MODULE: ./backend/logs/excerpt.ts



/** The most a line's score falls under its block's priority (a step tail's oldest line). */
const FADE_RANGE = 2.5;
/** Candidates that did not fit, after which the selection stops looking. */
const MAX_REJECTED = 200;
/** Lines between two hit blocks for the second to count as the first one's continuation. */
const NEIGHBOUR_GAP = 8;
/** How near (in lines) a block must end before a failed step's exit to count as that step's output. */
const STEP_WINDOW = 400;
/** The strongest block is shown whole up to this share of the line budget. */
const LEAD_SHARE = 0.6;
function nearestAnchorAfter(anchors, line) {
    for (const anchor of anchors)
        if (anchor >= line)
            return anchor;
    return null;
}
/**
 * Orders blocks by how likely they explain the failure: the strongest rule, then closeness to a
 * failed step's exit, then lateness in the log; a message repeated many times counts less each time.
 */
function rankBlocks(scan) {
    const seen = new Map();
    const ruleRepeats = new RuleRepeats();
    const total = Math.max(1, scan.totalLines);
    const lastAnchor = scan.anchors[scan.anchors.length - 1] ?? total;
    return scan.blocks.map((block) => {
        let recency = block.end / total;
        let priority;
        if (block.kind === "hits") {
            const strongHits = block.hits.filter((hit) => hit.weight >= 6).length;
            const key = repeatKey(block.hits[0]?.text ?? "");
            const repeats = seen.get(key) ?? 0;
            seen.set(key, repeats + 1);
            const repeatsOfRule = ruleRepeats.next(block);
            // A test report lists its failures in order: the first one is where to start reading.
            // Lateness does not order them; being first does.
            if (block.until)
                recency = repeatsOfRule === 0 ? 1 : 0;
            priority =
                block.maxWeight +
                    Math.min(1.5, 0.3 * strongHits) +
                    recency -
                    Math.min(2, 0.5 * repeats) -
                    ruleRepeatPenalty(repeatsOfRule);
            const anchor = nearestAnchorAfter(scan.anchors, block.end);
            if (anchor !== null && anchor - block.end <= STEP_WINDOW)
                priority += anchor - block.end <= 60 ? 1.5 : 1;
            // Output after the last failed step (cache upload, after_failure dumps) rarely explains it.
            if (block.start > lastAnchor + 5)
                priority -= 1.5;
        }
        else if (block.kind === "step-tail") {
            priority = 5 + recency;
        }
        else {
            priority = 4.5;
        }
        return { block, priority };
    });
}
/**
 * For choosing lines only: a weak block right after a strong one (the "❯ file:line" and source
 * lines a test runner prints under its assertion) continues that failure, so it ranks just under
 * it rather than with noise. Triage keeps the blocks' own ranks.
 */
function withContinuations(ranked) {
    return ranked.map((cur, i) => {
        const prev = ranked[i - 1];
        const continues = prev !== undefined &&
            cur.block.kind === "hits" &&
            prev.block.kind === "hits" &&
            prev.block.maxWeight >= 6 &&
            cur.block.start - prev.block.end <= NEIGHBOUR_GAP;
        return continues ? { ...cur, priority: Math.max(cur.priority, prev.priority - 0.5) } : cur;
    });
}
/**
 * The candidate lines of all blocks, one slot per line, in log order. Blocks overlap (a step's tail
 * and the hits in it); a line's slot keeps its best score. A slot is found from the line number
 * through the block's run of lines, so no map is asked per line.
 */
class CandidateSlots {
    /** Per block (by its index in the scan), what its line numbers add to give their slot. */
    offset;
    line;
    score;
    candidate;
    /** Cleaned text, computed only for lines the selection looks at. */
    text;
    count = 0;
    constructor(blocks) {
        this.offset = new Int32Array(blocks.length);
        // Each block's lines are one run of consecutive line numbers; runs that overlap or touch merge.
        const order = blocks.map((_, i) => i).filter((i) => blocks[i].lines.length > 0);
        const first = (i) => blocks[i].lines[0].line;
        const last = (i) => blocks[i].lines[blocks[i].lines.length - 1].line;
        order.sort((a, b) => first(a) - first(b));
        let size = 0;
        let runStart = 0;
        let runEnd = -1;
        let runSlot = 0;
        for (const i of order) {
            if (first(i) > runEnd + 1) {
                size += runEnd - runStart + 1;
                runStart = first(i);
                runEnd = runStart - 1;
                runSlot = size;
            }
            runEnd = Math.max(runEnd, last(i));
            this.offset[i] = runSlot - runStart;
        }
        size += runEnd - runStart + 1;
        this.line = new Int32Array(size);
        this.score = new Float64Array(size);
        this.candidate = new Array(size);
        this.text = new Array(size).fill(null);
    }
    textAt(slot) {
        let text = this.text[slot];
        if (text === null) {
            const candidate = this.candidate[slot];
            text = candidate.shown ?? displayLine(candidate.raw);
            this.text[slot] = text;
        }
        return text;
    }
    /** The slots taken, best score first, a later line first among equals. */
    byScore() {
        const taken = new Int32Array(this.count);
        let n = 0;
        for (let slot = 0; slot < this.candidate.length; slot++)
            if (this.candidate[slot])
                taken[n++] = slot;
        // A counting sort on each score's rank among the distinct scores: no comparison calls, and
        // filling the buckets from the last slot back puts later lines first within a score.
        const distinct = new Float64Array(n);
        for (let k = 0; k < n; k++)
            distinct[k] = this.score[taken[k]];
        distinct.sort();
        let unique = 0;
        for (let k = 0; k < n; k++)
            if (k === 0 || distinct[k] !== distinct[unique - 1])
                distinct[unique++] = distinct[k];
        const rank = new Int32Array(n);
        const starts = new Int32Array(unique + 1);
        for (let k = 0; k < n; k++) {
            const score = this.score[taken[k]];
            let lo = 0;
            let hi = unique - 1;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (distinct[mid] < score)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            rank[k] = lo;
            starts[unique - lo]++;
        }
        // Bucket of rank r (best first) begins after the buckets of the ranks above it.
        for (let b = 1; b <= unique; b++)
            starts[b] += starts[b - 1];
        const out = new Int32Array(n);
        for (let k = n - 1; k >= 0; k--)
            out[starts[unique - 1 - rank[k]]++] = taken[k];
        return out;
    }
}
function renderRanges(selected) {
    const ranges = [];
    const out = [];
    let lineCount = 0;
    for (let i = 0; i < selected.length;) {
        let j = i;
        while (j + 1 < selected.length && selected[j + 1].line === selected[j].line + 1)
            j++;
        const start = selected[i].line;
        const end = selected[j].line;
        ranges.push([start, end]);
        out.push(start === end ? `--- line ${start} ---` : `--- lines ${start}-${end} ---`);
        for (let k = i; k <= j;) {
            let m = k;
            while (m + 1 <= j && selected[m + 1].text === selected[k].text)
                m++;
            const text = selected[k].text;
            out.push(m > k ? `${text}  [×${m - k + 1}, lines ${selected[k].line}-${selected[m].line}]` : text);
            lineCount++;
            k = m + 1;
        }
        i = j + 1;
    }
    return { text: out.join("\n"), lineCount, ranges };
}
/** Picks the best lines within the budget and renders them as ranges of the original log. */
function buildExcerpt(scan, budget) {
    const blocks = rankBlocks(scan);
    const ranked = [...blocks].sort((a, b) => b.priority - a.priority);
    const slots = new CandidateSlots(scan.blocks);
    const blockIndex = new Map(scan.blocks.map((block, i) => [block, i]));
    let cutoff = Number.NEGATIVE_INFINITY;
    for (const { block, priority } of withContinuations(blocks).sort((a, b) => b.priority - a.priority)) {
        // Blocks come strongest first, and a line scores at most FADE_RANGE under its block: once
        // several budgets' worth of lines are in, a block this far down cannot place a line above them.
        if (priority < cutoff)
            break;
        // A hit block is mostly shown whole (its context explains the hit); the tail of a step fades
        // with distance from its exit, so a small budget keeps only the last lines before it.
        const top = block.kind === "hits" ? Math.max(block.maxWeight, 1) : 2.5;
        const fade = block.kind === "hits" ? 0.15 : 0.6;
        const offset = slots.offset[blockIndex.get(block)];
        for (const candidate of block.lines) {
            // Within a block, hit lines first, then context by distance; a block's priority sets the level.
            const score = priority - fade * Math.max(0, top - candidate.weight);
            const slot = offset + candidate.line;
            if (slots.candidate[slot] === undefined) {
                slots.candidate[slot] = candidate;
                slots.line[slot] = candidate.line;
                slots.score[slot] = score;
                slots.count++;
            }
            else if (slots.score[slot] < score)
                slots.score[slot] = score;
        }
        if (cutoff === Number.NEGATIVE_INFINITY && slots.count >= 3 * budget.maxLines)
            cutoff = priority - FADE_RANGE;
    }
    // The strongest failure block is shown whole (up to a share of the budget): a failure's report
    // reads as one piece, and its lines far from the hit line are still part of it.
    const lead = ranked.find(({ block }) => block.kind === "hits");
    if (lead) {
        const cap = Math.floor(budget.maxLines * LEAD_SHARE);
        const offset = slots.offset[blockIndex.get(lead.block)];
        for (const candidate of lead.block.lines.slice(0, cap)) {
            const slot = offset + candidate.line;
            if (slots.candidate[slot])
                slots.score[slot] = Math.max(slots.score[slot], lead.priority - 0.2);
        }
    }
    const chosen = new Uint8Array(slots.candidate.length);
    /** The chosen line next to `slot` in the log (`step` -1 or 1), or -1. */
    const neighbour = (slot, step) => {
        const at = slot + step;
        return at >= 0 && at < chosen.length && chosen[at] && slots.line[at] === slots.line[slot] + step
            ? at
            : -1;
    };
    let lines = 0;
    let bytes = 0;
    let rejected = 0;
    for (const slot of slots.byScore()) {
        // Once the budget is nearly full, lower-scored lines rarely fit; stop instead of cleaning them all.
        if (rejected > MAX_REJECTED)
            break;
        const prev = neighbour(slot, -1);
        const next = neighbour(slot, 1);
        const text = slots.textAt(slot);
        const collapses = (prev !== -1 && slots.text[prev] === text) || (next !== -1 && slots.text[next] === text);
        const header = prev !== -1 || next !== -1 ? 0 : 22;
        const cost = collapses ? 0 : utf8Length(text) + 1;
        if ((!collapses && lines + 1 > budget.maxLines) || bytes + cost + header > budget.maxBytes) {
            rejected++;
            continue;
        }
        chosen[slot] = 1;
        if (!collapses)
            lines++;
        bytes += cost + header;
        if (lines >= budget.maxLines || bytes >= budget.maxBytes - 16)
            break;
    }
    let selected = [];
    for (let slot = 0; slot < chosen.length; slot++)
        if (chosen[slot])
            selected.push({ line: slots.line[slot], text: slots.text[slot], score: slots.score[slot] });
    let rendered = renderRanges(selected);
    // The running estimate ignores collapse markers and header widths; trim until the real text fits.
    while (selected.length > 0 &&
        (utf8Length(rendered.text) > budget.maxBytes || rendered.lineCount > budget.maxLines)) {
        let weakest = 0;
        for (let i = 1; i < selected.length; i++)
            if (selected[i].score < selected[weakest].score)
                weakest = i;
        selected = selected.filter((_, i) => i !== weakest);
        rendered = renderRanges(selected);
    }
    const inExcerpt = new Set(selected.map((line) => line.line));
    // Strongest block first, so where blocks overlap a line keeps the hit of the strongest one.
    const hitByLine = new Map();
    for (const { block } of ranked)
        for (const hit of block.hits)
            if (inExcerpt.has(hit.line) && !hitByLine.has(hit.line))
                hitByLine.set(hit.line, hit);
    const hits = [...hitByLine.values()].sort((a, b) => a.line - b.line);
    return {
        lines: rendered.ranges,
        text: rendered.text,
        lineCount: rendered.lineCount,
        bytes: utf8Length(rendered.text),
        hits,
        ranked,
    };
}

;// CONCATENATED MODULE: ./backend/logs/reduce.ts




const DEFAULT_MAX_LINES = 200;
const DEFAULT_MAX_BYTES = 16 * 1024;
function budgetOf(options) {
    const maxLines = Math.max(1, Math.floor(options.maxLines ?? DEFAULT_MAX_LINES));
    const maxBytes = Math.max(256, Math.floor(options.maxBytes ?? DEFAULT_MAX_BYTES));
    // Candidates kept while streaming: enough to choose well, bounded whatever the log's size.
    return { maxLines, maxBytes, maxStoredLines: Math.max(1500, maxLines * 8) };
}
function toFailureBlock({ block, priority }) {
    return { startLine: block.start, endLine: block.end, priority, hits: block.hits };
}
function finish(scanner, inputBytes, options) {
    const budget = budgetOf(options);
    const scan = scanner.finish();
    const excerpt = buildExcerpt(scan, budget);
    // Lines were redacted one by one; a second pass over the whole text catches what spans lines.
    const redacted = redactSecrets(excerpt.text);
    return {
        excerpt: { lines: excerpt.lines, text: redacted.text },
        stats: {
            inputLines: scan.totalLines,
            inputBytes,
            excerptLines: excerpt.lineCount,
            excerptBytes: utf8Length(redacted.text),
        },
        hits: excerpt.hits,
        blocks: excerpt.ranked
            .filter(({ block }) => block.kind === "hits")
            .slice(0, 20)
            .map(toFailureBlock),
        anchors: scan.anchors,
        redactions: scan.redactions + redacted.redactions,
    };
}
/** Reduces a log, read as a stream, to the lines that explain its failure within a budget. */
async function reduceLog(source, options = {}) {
    const scanner = new LogScanner(budgetOf(options).maxStoredLines);
    const { bytes } = await readLog(source, scanner);
    return finish(scanner, bytes, options);
}
/** The same as reduceLog for a log already in memory, synchronously. */
function reduceLogText(text, options = {}) {
    const scanner = new LogScanner(budgetOf(options).maxStoredLines);
    scanner.push(text);
    return finish(scanner, utf8Length(text), options);
}

// EXTERNAL MODULE: ./backend/contract/analysis.ts
var analysis = __webpack_require__(2688);
;// CONCATENATED MODULE: ./backend/logs/triage.ts

/** What each kind of failure usually asks of whoever fixes it. */
const PLAYBOOK = {
    compile_error: {
        label: "Compilation failed",
        fixStrategy: "Fix the code at the reported file:line locations so the build compiles again.",
        complexity: "simple",
        autoFixable: true,
    },
    type_error: {
        label: "Type check failed",
        fixStrategy: "Correct the types or the code at the reported locations until the type checker passes.",
        complexity: "simple",
        autoFixable: true,
    },
    docker_build: {
        label: "Docker build failed",
        fixStrategy: "Fix the failing Dockerfile instruction or the command it runs; rebuild locally to confirm.",
        complexity: "moderate",
        autoFixable: false,
    },
    test_assertion: {
        label: "Test failed",
        fixStrategy: "Compare expected and actual values of the failing tests; fix the code, or the test if the change was intended.",
        complexity: "moderate",
        autoFixable: true,
    },
    snapshot_diff: {
        label: "Snapshot mismatch",
        fixStrategy: "Review the snapshot diff; update the snapshots if the new output is intended, else fix the code.",
        complexity: "simple",
        autoFixable: true,
    },
    lint_error: {
        label: "Lint or format check failed",
        fixStrategy: "Run the linter or formatter with its fix option and commit the result; fix the remaining rules by hand.",
        complexity: "trivial",
        autoFixable: true,
    },
    dependency_install: {
        label: "Dependency installation failed",
        fixStrategy: "Check the requested package versions, the lockfile and the registry; pin or update the dependency.",
        complexity: "moderate",
        autoFixable: false,
    },
    timeout_or_oom: {
        label: "Ran out of time or resources",
        fixStrategy: "Re-run once; if it repeats, raise the time or memory limit, free disk, or split the job.",
        complexity: "moderate",
        autoFixable: false,
    },
    network_or_flaky: {
        label: "Network or flaky failure",
        fixStrategy: "Re-run the job; if it keeps failing, add retries or pin the external service it depends on.",
        complexity: "simple",
        autoFixable: false,
    },
    github_actions_config: {
        label: "CI configuration error",
        fixStrategy: "Fix the workflow or CI script: the missing file, command, action reference or input it names.",
        complexity: "simple",
        autoFixable: false,
    },
    permission_or_secret: {
        label: "Permission or secret problem",
        fixStrategy: "Grant the job the permission it needs or provide the missing secret; never print secrets to the log.",
        complexity: "simple",
        autoFixable: false,
    },
    deployment_error: {
        label: "Deployment failed",
        fixStrategy: "Check the deployment target, its credentials and the artifact version being published.",
        complexity: "moderate",
        autoFixable: false,
    },
    unknown: {
        label: "Failure",
        fixStrategy: "Read the excerpt around the first error; no known failure shape matched.",
        complexity: "complex",
        autoFixable: false,
    },
};
const MAX_EVIDENCE = 50;
/** The blocks close enough in priority to the strongest to be part of the same explanation. */
function leadingBlocks(blocks) {
    const top = blocks[0];
    if (!top)
        return [];
    return blocks.filter((block) => block.priority >= top.priority - 2).slice(0, 6);
}
function voteSubcategory(blocks) {
    const votes = new Map();
    let total = 0;
    blocks.forEach((block, rank) => {
        const rankFactor = rank === 0 ? 1.5 : 1;
        for (const hit of block.hits) {
            const value = hit.weight * hit.weight * rankFactor;
            total += value;
            if (hit.subcategory)
                votes.set(hit.subcategory, (votes.get(hit.subcategory) ?? 0) + value);
        }
    });
    let best = "unknown";
    let bestVotes = 0;
    for (const [subcategory, value] of votes) {
        if (value > bestVotes) {
            best = subcategory;
            bestVotes = value;
        }
    }
    return { subcategory: best, share: total > 0 ? bestVotes / total : 0 };
}
/** Hit lines of the leading blocks, merged where they sit within a few lines of each other. */
function evidenceRanges(blocks) {
    const lines = [];
    for (const block of blocks) {
        const strongest = Math.max(...block.hits.map((hit) => hit.weight));
        for (const hit of block.hits)
            if (hit.weight >= Math.min(5, strongest))
                lines.push(hit.line);
    }
    lines.sort((a, b) => a - b);
    const ranges = [];
    for (const line of lines) {
        const last = ranges[ranges.length - 1];
        if (last && line - last.endLine <= 3)
            last.endLine = Math.max(last.endLine, line);
        else
            ranges.push({ startLine: line, endLine: line });
    }
    return ranges.slice(0, MAX_EVIDENCE);
}
/** CI checkouts live under runner-specific roots; a location reads better relative to the repository. */
const WORKSPACE_ROOT = /^(?:\/home\/runner\/work\/[^/]+\/[^/]+\/|\/home\/travis\/build\/[^/]+\/[^/]+\/|\/github\/workspace\/|\/builds\/workspace\/[^/]+\/|\/__w\/[^/]+\/[^/]+\/|[A-Z]:\\a\\[^\\]+\\[^\\]+\\|\/var\/lib\/jenkins\/workspace\/[^/]+\/)/;
function repoRelative(file) {
    return file.replace(WORKSPACE_ROOT, "").replace(/^\.\//, "");
}
function unique(items, key, max) {
    const seen = new Set();
    const out = [];
    for (const item of items) {
        const k = key(item);
        if (seen.has(k))
            continue;
        seen.add(k);
        out.push(item);
        if (out.length >= max)
            break;
    }
    return out;
}
/**
 * Which hit explains the failure best. The rule's weight first, but a banner made mostly of
 * separators ("⎯⎯⎯ Failed Tests 1 ⎯⎯⎯") or a line that only repeats the failing test's name, which
 * the root cause names anyway, says less than the assertion or error message beside it.
 */
function causeScore(hit, tests) {
    const text = hit.text.trim();
    const letters = text.replace(/[^\p{L}]/gu, "").length;
    let score = hit.weight;
    if (text.length > 0 && letters / text.length < 0.4)
        score -= 4;
    const test = tests[0]?.split(" > ").at(-1);
    if (test && text.includes(test))
        score -= 2;
    return score;
}
function rootCauseOf(label, hit, tests) {
    const text = hit?.text.trim().replace(/^##\[error\]/, "") ?? "";
    const where = tests.length > 0 ? ` in ${tests[0]}${tests.length > 1 ? ` (+${tests.length - 1} more)` : ""}` : "";
    const cause = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    return cause ? `${label}${where}: ${cause}` : `${label}${where}; no error line was recognised in the log.`;
}
/**
 * Some lines change what the lines around them mean. A failing test whose output shows a refused
 * connection failed on the network, not on an assertion; a link checker reports every dead link as
 * a network error, yet the failure is a broken link in the repository's docs.
 */
const REINTERPRET = [
    {
        when: ["flaky.retry-exhausted"],
        over: ["test_assertion", "timeout_or_oom"],
        becomes: "network_or_flaky",
    },
    { when: ["links.checker"], over: ["network_or_flaky", "timeout_or_oom"], becomes: "lint_error" },
    {
        when: ["network.connection", "network.errno"],
        over: ["test_assertion"],
        unless: ["test.expect-diff", "pytest.assert-line", "jest.snapshot"],
        becomes: "network_or_flaky",
    },
];
function reinterpret(subcategory, hits) {
    const has = (ids) => hits.some((hit) => ids.includes(hit.ruleId) && hit.weight >= 7);
    for (const { when, over, unless, becomes } of REINTERPRET)
        if (over.includes(subcategory) && has(when) && !(unless && has(unless)))
            return becomes;
    return subcategory;
}
/** A diagnosis from the reduced log alone, with no LLM: the heuristic analyser's output. */
function triageLog(reduced) {
    const leading = leadingBlocks(reduced.blocks);
    let { subcategory, share } = voteSubcategory(leading);
    if (subcategory === "unknown") {
        // The strongest lines name no kind of failure; weaker blocks elsewhere often do.
        const wider = voteSubcategory(reduced.blocks);
        subcategory = wider.subcategory;
        share = wider.share / 2;
    }
    const leadingHits = leading.flatMap((block) => block.hits);
    subcategory = reinterpret(subcategory, leadingHits);
    const playbook = PLAYBOOK[subcategory];
    const allHits = [...leadingHits, ...reduced.hits];
    const failedTests = unique(allHits.filter((hit) => hit.test).map((hit) => hit.test.slice(0, 500)), (test) => test, 100);
    const locations = unique(allHits
        .filter((hit) => hit.file && hit.fileLine && hit.fileLine > 0 && !/node_modules|^node:|^internal\//.test(hit.file))
        .map((hit) => {
        const location = {
            file: repoRelative(hit.file).slice(0, 1000),
            line: hit.fileLine,
        };
        if (hit.column && hit.column > 0)
            location.column = hit.column;
        return location;
    }), (location) => `${location.file}:${location.line}`, 50);
    const topBlock = leading[0];
    const causeHit = topBlock
        ? [...topBlock.hits].sort((a, b) => causeScore(b, failedTests) - causeScore(a, failedTests) || a.line - b.line)[0]
        : undefined;
    const topWeight = topBlock ? Math.max(0, ...topBlock.hits.map((h) => h.weight)) : 0;
    const confidence = subcategory === "unknown"
        ? Math.min(30, topWeight * 3)
        : Math.round(Math.min(95, 25 + topWeight * 4 + share * 35));
    const flaky = subcategory === "network_or_flaky" ||
        subcategory === "timeout_or_oom" ||
        leadingHits.some((hit) => hit.ruleId === "flaky.retry-exhausted");
    return {
        category: analysis/* SUBCATEGORY_PARENT */.Wz[subcategory],
        subcategory,
        rootCause: rootCauseOf(playbook.label, causeHit, failedTests).slice(0, 2000),
        confidence,
        evidence: evidenceRanges(leading),
        locations,
        failedTests,
        flaky,
        fixStrategy: playbook.fixStrategy,
        complexity: playbook.complexity,
        autoFixable: playbook.autoFixable && !flaky && confidence >= 60,
    };
}

;// CONCATENATED MODULE: ./backend/logs/analyze.ts


/** Reduce then triage: the whole heuristic analysis of one log. */
async function analyzeLog(source, options = {}) {
    const reduced = await reduceLog(source, options);
    return { analysis: triageLog(reduced), reduced };
}

;// CONCATENATED MODULE: ./backend/logs/index.ts








/***/ })

};
