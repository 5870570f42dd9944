import type { Subcategory } from "../contract/analysis.js";

/**
 * One recognisable line shape of a real tool's failure output. Rules are data: add a line here
 * (with a real-shaped `example`, which the unit tests check) to teach the reducer a new tool.
 *
 * Patterns run on the cleaned line (no timestamp, no ANSI, one "\r" segment). Named groups feed
 * triage: `file`, `line`, `col` give a source location, `test` a failing test name.
 */
export interface LogRule {
  id: string;
  /** The tool or CI this shape comes from; documentation for whoever extends the table. */
  ecosystem: string;
  pattern: RegExp;
  /** 0–10: how much this line alone explains a failure. */
  weight: number;
  /** The failure kind this line points to, if any; triage votes with it. */
  subcategory?: Subcategory;
  /** Lines after it that usually belong to the same message (diffs, notes, tracebacks). */
  after?: number;
  /**
   * The report this line starts (a test's failure section) runs until a line matching this, whatever
   * its indentation, at most a block's length: the whole report stays one block.
   */
  until?: RegExp;
  /** Lines before it that usually belong to it (a file header above eslint's problems). */
  before?: number;
  /** Marks the end of a failed step: the lines just above it are the failing command's output. */
  anchor?: boolean;
  /** Lowercase substrings of which the line must hold one before the pattern runs (speed only). */
  needs?: readonly string[];
  /** Context that only looks like an error ("0 errors"); it cancels weaker matches on the line. */
  benign?: boolean;
  example: string;
}

/** "1 failure", "12 failures": a count of failures ends in a digit before " failure". */
const FAILURE_COUNTS = Array.from({ length: 10 }, (_, digit) => `${digit} failure`);

const FILE = String.raw`(?<file>[\w./\\@+-]*[\w-]\.[A-Za-z]{1,6})`;

export const LOG_RULES: readonly LogRule[] = [
  // ── benign lines that contain failure words ──────────────────────────────────────────────
  {
    id: "benign.zero-counts",
    needs: ["0", "no ", "without", "werror", "error_", "fail", "errexit", "set -e", "ignore"],
    ecosystem: "generic",
    pattern:
      /\b(?:0|no) (?:errors?|failures?|failed|problems?|offen[cs]es)\b|\b(?:errors?|failures?|failed)[:=] ?0\b|Failures: 0, Errors: 0|without errors|-Werror|error_reporting|\bon_failure\b|ignore[-_]errors?|allow[-_]failures?|fail[-_]fast|--fail|errexit|\bset -e\b|\bfailed=0/i,
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
    pattern:
      /^\s*(?:Compiling|Downloaded|Downloading|Installing|Collecting|Requirement already satisfied|Fetching|Using|Resolving|Building|Checking|Fresh|Unpacking|Setting up|Get:\d+|Selecting|Preparing)\b/,
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
    pattern:
      /Invalid workflow file|The workflow is not valid|Unable to resolve action|Can't find 'action\.ya?ml'|Unrecognized named-value|Required property is missing|Input required and not supplied|Unexpected input\(s\)|Unexpected value '|is not a valid event name|Missing download info for/i,
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
    pattern:
      /Resource not accessible by integration|Bad credentials|Must have admin rights|HttpError: (?:Forbidden|Not Found|Requires authentication)|Permission to \S+ denied to|The requested URL returned error: 403|secret \S+ (?:is|was) not (?:set|found)|Error: Input required and not supplied: (?:token|github-token)|denied: (?:permission|requested access)|\bunauthorized: (?:authentication|incorrect|access|you)|Authentication failed for|could not read Username|Permission denied \(publickey\)|dubious ownership in repository|id-token: write|ACTIONS_ID_TOKEN_REQUEST_URL/i,
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
    pattern:
      /has exceeded the maximum execution time|The operation was canceled|lost communication with the server|The runner has received a shutdown signal|The hosted runner encountered an error|exceeded the timeout of \d+ minutes/i,
    weight: 8,
    subcategory: "timeout_or_oom",
    example:
      "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.",
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
    pattern:
      /No output has been received in the last \d+m|The job exceeded the maximum (?:time|log length) limit/i,
    weight: 9,
    subcategory: "timeout_or_oom",
    example:
      "No output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.",
  },
  {
    id: "ci.missing-script",
    needs: ["no such file", "not found", "permission denied"],
    ecosystem: "shell",
    pattern:
      /^(?:\S+: )?(?:line \d+: )?(?<file>[^:\s]+): (?:No such file or directory|command not found|Permission denied)$/,
    weight: 7,
    subcategory: "github_actions_config",
    example:
      "/home/travis/.travis/job_stages: line 78: test/sass-compile-tester.sh: No such file or directory",
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
    pattern:
      /: command not found$|: not found$|is not recognized as an internal or external command|Unknown option|flag provided but not defined|unrecognized (?:option|arguments?)|invalid option/i,
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
    pattern:
      /hudson\.remoting\.\w+|ChannelClosedException|Error cloning remote repo|Cannot contact \S+:|agent .* is offline|Remote call on .* failed/,
    weight: 8,
    subcategory: "network_or_flaky",
    example: "ERROR: Error cloning remote repo 'origin'",
  },

  // ── Resources: memory, disk, time ────────────────────────────────────────────────────────
  {
    id: "resource.oom",
    needs: ["memory", "no space left", "oomkill", "oom-kill", "killed", "137", "exhausted", "gc overhead"],
    ecosystem: "generic",
    pattern:
      /JavaScript heap out of memory|OutOfMemoryError|out of memory|Cannot allocate memory|No space left on device|MemoryError|\bOOMKilled\b|oom-kill|Killed\s*(?:signal 9)?$|exit code 137|signal: killed|virtual memory exhausted|GC overhead limit exceeded/i,
    weight: 9,
    subcategory: "timeout_or_oom",
    example: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
  },
  {
    id: "resource.timeout",
    needs: ["timed out", "timeout", "deadline"],
    ecosystem: "generic",
    pattern:
      /\b(?:[Tt]imed out|[Tt]imeout expired|[Dd]eadline exceeded|test timed out after|Tests? timed out)\b|\bTIMEOUT\b/,
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
    pattern:
      /Could not resolve host|Could not resolve hostname|Temporary failure in name resolution|Name or service not known|getaddrinfo|Connection (?:refused|reset|timed out|closed)|Could not create connection|Network is unreachable|Failed to connect to|Connect timeout|TLS handshake timeout|SSL(?:Error|_ERROR)|certificate (?:verify failed|has expired)|no certificate subject alternative name|\b(?:502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b|rate limit exceeded|API rate limit|RemoteDisconnected|Read timed out|socket hang up|unexpected EOF|Disconnected, because no message|Could not transfer artifact|Unable to connect to|Failed to fetch|toomanyrequests/i,
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
    pattern:
      /^#\d+ (?:\d+\.\d+ )?ERROR:|^ERROR: failed to (?:solve|build)|failed to solve(?: with frontend)?|executor failed running|did not complete successfully: exit code|The command '.*' returned a non-zero code: \d+|^Dockerfile:\d+$/,
    weight: 9,
    subcategory: "docker_build",
    example:
      'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
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
    pattern:
      /npm ERR! (?:code )?(?:E404|ERESOLVE|ETARGET|EINTEGRITY|ENOVERSIONS|ENOENT|EBADENGINE)|npm ERR! 404|ERR_PNPM_\w+|Couldn't find (?:any versions|package)|No matching version found|Could not resolve dependency|unable to resolve dependency tree|peer dep(?:endency)? conflict|error An unexpected error occurred|YN\d{4}: .*(?:failed|error)|lockfile (?:needs to be updated|is out of date)|npm ci.* can only install packages when|Cannot find module '[^.][^']*'/i,
    weight: 8,
    subcategory: "dependency_install",
    example: "npm ERR! code ERESOLVE",
  },
  {
    id: "npm.lifecycle",
    needs: ["npm err", "command failed", "elifecycle", "err_pnpm"],
    ecosystem: "npm",
    pattern:
      /npm ERR! (?:code ELIFECYCLE|errno|Exit status|Failed at the|A complete log)|error Command failed with exit code \d+|ELIFECYCLE|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL/,
    weight: 1,
    anchor: true,
    example: "npm ERR! code ELIFECYCLE",
  },
  {
    // The failing script's name says what kind of check failed when its own output does not.
    id: "npm.check-script",
    needs: ["failed at the", "exited with", "err_pnpm"],
    ecosystem: "npm",
    pattern:
      /(?:Failed at the \S+ |ERROR: "|ERR_PNPM_\w+.* )[\w:.-]*\b(?:lint|format|prettier|eslint|stylelint|fmt|style)[\w:.-]*(?: script|" exited)/,
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
    pattern:
      /\d+ snapshots? failed|Snapshot .* mismatched|toMatch(?:Inline)?Snapshot|Snapshot Summary|obsolete snapshot|› \d+ snapshots? (?:failed|written)|Baseline(?:s)? (?:changed|mismatch)|baseline(?:s)? differ|The baseline file .* (?:has changed|does not match)/i,
    weight: 8,
    subcategory: "snapshot_diff",
    example:
      " › 1 snapshot failed from 1 test suite. Inspect your code changes or run `npm test -- -u` to update them.",
  },
  {
    id: "test.expect-diff",
    needs: ["expect", "received", "assert", "difference", "comparison", "failed asserting"],
    ecosystem: "jest",
    pattern:
      /^\s*(?:expect\(|Expected(?: value)?:|Received(?: value)?:|- Expected|\+ Received|AssertionError|assert\.\w+\(|Difference:|Assertion failed|Expected .* (?:to|but)|expected .* to (?:equal|be|have|deep|include|match|not)|Comparison Failure|Failed asserting that)/i,
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
    pattern:
      /^\s*\d+ failing\b|^Tests?:\s+\d+ failed|^Test Suites:\s+\d+ failed|^\s*Tests?\s+\d+ failed|^\s*Test Files\s+\d+ failed/,
    weight: 5,
    subcategory: "test_assertion",
    example: "Tests:       1 failed, 41 passed, 42 total",
  },
  {
    id: "test.timeout",
    needs: ["timeout"],
    ecosystem: "mocha",
    pattern:
      /Error: timeout of \d+ms exceeded|Exceeded timeout of \d+ ?ms for a test|Test timeout of \d+ms exceeded/,
    weight: 7,
    subcategory: "test_assertion",
    example: "Error: timeout of 10000ms exceeded. Ensure the done() callback is being called in this test.",
  },
  {
    id: "tsc.error",
    needs: ["error ts"],
    ecosystem: "typescript",
    pattern: new RegExp(
      String.raw`^(?:##\[error\])?${FILE}(?:\((?<line>\d+),(?<col>\d+)\):|:(?<line2>\d+):(?<col2>\d+) -) error TS\d+:|\berror TS\d+:`,
    ),
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
    pattern:
      /✖ \d+ problems? \(\d+ errors?|\d+ errors? and \d+ warnings? potentially fixable|^\s*✖\s+\S|^\s*×\s+\S/,
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
    pattern:
      /^\[warn\] \S|Code style issues (?:found|were found)|Forgot to run Prettier|\(prettier\/prettier\)|This project uses prettier|would reformat|files? would be reformatted|Run .* to fix|needs formatting|is not formatted|Diff in \S+ at line|format violations|Imports are incorrectly sorted|mix format failed/i,
    weight: 8,
    subcategory: "lint_error",
    example: "[warn] Code style issues found in the above file. Run Prettier with --write to fix.",
  },
  {
    id: "lint.file-line-rule",
    needs: [":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"],
    ecosystem: "linters",
    pattern: new RegExp(
      String.raw`^(?![\w./\\@+-]*(?:_spec|_test|\.spec|\.test|Test)\.\w{1,6}:)(?![^:]*(?:\/vendor\/|\/gems\/|node_modules|site-packages))${FILE}:(?<line>\d+)(?::(?<col>\d+))?:? (?:[CWEFR]\d{1,4}\b|[CWEFR]: |.*\((?:[\w/@-]+\/)?[\w-]+\)$|Line (?:longer|too long)|.*(?:line too long|trailing whitespace|unused|not used|expected|missing))`,
    ),
    weight: 8,
    subcategory: "lint_error",
    example:
      "db/migrate/20190731090219_rename.rb:1:1: C: Style/FrozenStringLiteralComment: Missing frozen string literal comment.",
  },
  {
    id: "perlcritic.violation",
    needs: ["(severity:"],
    ecosystem: "perl",
    pattern:
      /^(?:(?<file>[\w./\\@+-]*[\w-]\.p[lm]|[\w./-]+\.t): )?(?<message>.+?) at line (?<line>\d+), column (?<col>\d+)\.\s+.*\(Severity: [1-5]\)$/,
    weight: 8,
    subcategory: "lint_error",
    example:
      "Use IO::Interactive::is_interactive() instead of -t at line 69, column 28.  See page 218 of PBP.  (Severity: 5)",
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
    pattern:
      /\d+ files? inspected, [1-9]\d* offen[cs]es? detected|Found [1-9]\d* (?:errors?|problems?|issues?|offen[cs]es?)|[1-9]\d* (?:errors?|problems?|issues?) found|^Issues :-\(|violations? found|Checkstyle violations|PMD Failure|swiftlint.*violation|Package size limit has exceeded|\[\d+\] https?:\/\/\S+$|broken links?|ERROR: Detected \d+ broken/i,
    weight: 7,
    subcategory: "lint_error",
    example: "42 files inspected, 2 offenses detected",
  },

  {
    id: "links.checker",
    ecosystem: "link checkers",
    pattern:
      /^Issues :-\(|^> Links$|awesome_bot|ERROR: Detected \d+ broken links?|^\s*\[\d{3}\] https?:\/\/\S+$|\d+ (?:dead|broken) links? found/i,
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
    pattern:
      /^(?<file>[\w./\\@+-]*[\w-]\.[A-Za-z]{1,6}):(?<line>\d+):(?<col>\d+): (?:error|warning): code should be clang-formatted|files? (?:to be|that need to be|that would be|would be|were not|are not|is not|not) (?:re)?formatted|needs? (?:to be )?(?:re)?format(?:ted|ting)\b|formatting (?:check|issues?|differences?|violations?) (?:failed|found)|(?:code|file)s? (?:is|are) not (?:properly )?formatted|-Wclang-format-violations|^(?:diff|---) .*\.orig\b|gofmt (?:-l|-d)|Please run [`'"]?\S*(?:fmt|format)|Run [`'"]?\S*(?:fmt|format|prettier)\S* .*to fix|--check-formatted|would reformat \S+/i,
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
    pattern:
      /^\*{13} Module \S+|Your code has been rated at \d|^In \S+ line \d+:$|\bSC[12]\d{3}\b|\bMD0\d{2}\b|\bDL[34]\d{3}\b|\b[Ll]ine (?:too long|longer than \d+|is longer than \d+)/,
    weight: 7,
    subcategory: "lint_error",
    after: 4,
    example: "************* Module acme.billing",
  },
  {
    id: "checkstyle.violation",
    needs: ["[warn]", "[error]", "[warning]"],
    ecosystem: "checkstyle",
    pattern: new RegExp(
      String.raw`^\[(?:ERROR|WARN|WARNING)\] ${FILE}:(?<line>\d+)(?::(?<col>\d+))?: .* \[\w+\]$`,
    ),
    weight: 9,
    subcategory: "lint_error",
    example:
      "[ERROR] /home/runner/work/app/app/src/main/java/com/acme/Invoice.java:57:13: 'if' is not followed by whitespace. [WhitespaceAround]",
  },
  {
    id: "lint.order-check",
    needs: ["order", "sorted", "match"],
    ecosystem: "linters",
    pattern:
      /not in (?:alphabetic(?:al)? |sorted |the right )?order|does not match (?:the )?(?:expected )?format|(?:is|are) not (?:alphabetically )?sorted|should be (?:alphabetically )?sorted|out of (?:alphabetical )?order/i,
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
    example:
      'ERROR 2024/03/01 10:12:46 [en] REF_NOT_FOUND: Ref "/docs/guide/setup": "/src/content/docs/intro.md:12:5": page not found',
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
    pattern:
      /Package [`'"]?\S+?['"]? is (?:unavailable|not available)|Unable to locate package \S+|Package '\S+' has no installation candidate|No package \S+ available|No matching packages? to list/,
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
    pattern:
      /No Rakefile found|Could not locate Gemfile|No targets specified and no makefile found|No rule to make target [`'](?:test|check|all|build|lint)'|Could not open requirements file|no such file or directory, open '[^']*package\.json'|The goal you specified requires a project to execute but there is no POM|does not appear to be a Python project|could not find `Cargo\.toml`|go: cannot find main module|Task '\S+' not found in (?:root )?project|Don't know how to build task/i,
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
    pattern:
      /Invalid CSS after|SassError:|Sass::SyntaxError|Error: Undefined (?:variable|mixin)|^\s*on line \d+ of \S+\.s[ac]ss|^\s*╷$/,
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
    pattern:
      /^\s*(?<file>[\w./\\@+-]*(?:_spec|_test|\.spec|\.test|Test|Tests)\.(?:lua|rb|py|js|ts|go|java|kt|php|ex|exs|rs|swift|c|cc|cpp)):(?<line>\d+): \S/,
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
    pattern:
      /^(?:\w+ )?[Tt]ests? (?:run )?failed(?:, complete summary)?[:.]?$|:: (?:\w+ )?[Tt]ests? (?:run )?\S* ?failed$|^Failed components: |\b(?:[Ff]unctional|[Ii]ntegration|[Uu]nit|[Ee]2e) tests? failed|^Test suite failed/,
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
    pattern:
      /^(?:FAILED|ERROR) (?<test>\S+::\S+)|^={2,} .*\b\d+ (?:failed|errors?)\b.* ={2,}$|^FAILED \((?:failures|errors)=\d+/,
    weight: 7,
    subcategory: "test_assertion",
    example: "FAILED tests/test_config.py::test_reads_npmrc - AssertionError: assert 'a' == 'b'",
  },
  {
    id: "pytest.location",
    needs: ["0: ", "1: ", "2: ", "3: ", "4: ", "5: ", "6: ", "7: ", "8: ", "9: "],
    ecosystem: "pytest",
    pattern: new RegExp(String.raw`^${FILE}:(?<line>\d+): (?:in \S+|\w*(?:Error|Exception)\b)`),
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
    pattern:
      /^(?<file>[\w./\\@+-]*[\w-]\.pyi?):(?<line>\d+):(?:(?<col>\d+):)? error: .*\[[\w-]+\]$|^Found \d+ errors? in \d+ files?/,
    weight: 9,
    subcategory: "type_error",
    example:
      'pandas/compat/pyarrow.py:69: error: Call to untyped function "fill_null" in typed context  [no-untyped-call]',
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
    pattern:
      /Could not find a version that satisfies|No matching distribution found|ResolutionImpossible|Failed building wheel|subprocess-exited-with-error|Could not build wheels|pip's dependency resolver|conflicting dependencies|SolverProblemError|Because .* depends on .* version solving failed/i,
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
    pattern:
      /^go: (?:.*: )?(?:unknown revision|reading .* 404|module .* not found|verifying .*: checksum mismatch|missing go\.sum entry|updates to go\.mod needed|cannot find module)/,
    weight: 8,
    subcategory: "dependency_install",
    example:
      "go: github.com/acme/lib@v1.2.3: reading https://proxy.golang.org/github.com/acme/lib/@v/v1.2.3.mod: 404 Not Found",
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
    pattern:
      /^error: (?:could not compile|aborting due to|build failed|test failed)|^test result: FAILED|^error: \d+ targets? failed/,
    weight: 5,
    anchor: true,
    example: 'error: could not compile `app` (bin "app") due to 1 previous error',
  },
  {
    id: "rust.test-fail",
    needs: ["failed", "fail [", "---- "],
    ecosystem: "cargo",
    pattern:
      /^test (?<test>\S+) \.\.\. FAILED|^\s*FAIL \[\s*[\d.]+s\] (?:\(\d+\/\d+\) )?(?<test2>\S+(?: \S+)?)|^---- (?<test3>\S+) stdout ----/,
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
    pattern:
      /^error: failed to (?:download|select a version|get|load source|fetch|resolve|parse lock file)|no matching package named|failed to select a version for the requirement|Failure \d{3} [\w ]+$/,
    weight: 8,
    subcategory: "dependency_install",
    example: 'error: failed to select a version for the requirement `serde = "^9.0"`',
  },

  // ── C, C++, Objective-C, Swift, make, CMake, linkers, sanitizers ─────────────────────────
  {
    id: "c.diagnostic",
    needs: ["error: "],
    ecosystem: "c",
    pattern: new RegExp(String.raw`^${FILE}:(?<line>\d+):(?:(?<col>\d+):)? (?:fatal )?error: `),
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
    pattern:
      /undefined reference to|undefined symbols? for architecture|ld: (?:library|symbol|cannot find)|collect2: error|linker command failed|ld returned \d+ exit status|configure: error:|CMake Error|error: linking with/,
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
    pattern:
      /Segmentation fault|SIGSEGV|SIGABRT|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|core dumped|stack overflow|Abort trap|double free/i,
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
    pattern:
      /^(?:\[ERROR\] )?(?:e: )?(?:file:\/\/)?(?<file>[\w./\\@+-]*[\w-]\.(?:java|kts?|scala|groovy)):(?:\[(?<line>\d+),(?<col>\d+)\]|(?<line2>\d+)(?::(?<col2>\d+))?:) (?:error: )?(?![Ww]arning|note:)/,
    weight: 8,
    subcategory: "compile_error",
    after: 3,
    example:
      "[ERROR] /builds/workspace/guava/src/com/google/common/collect/ImmutableMap.java:[155,27] error: incompatible types",
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
    pattern:
      /COMPILATION ERROR|Compilation failure|error: cannot find symbol|cannot access \S+|package \S+ does not exist|Compilation failed|compileJava FAILED|compileKotlin FAILED|Unresolved reference/,
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
    example:
      "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:2.22.2:test (default-test) on project app: There are test failures.",
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
    pattern:
      /Could not resolve (?:dependencies|all (?:dependencies|files|artifacts))|Could not find artifact|Could not find \S+:\S+:\S+|was cached in the local repository|Non-resolvable (?:parent POM|import POM)|could not be resolved|Plugin .* or one of its dependencies could not be resolved|Error injecting:/,
    weight: 8,
    subcategory: "dependency_install",
    example:
      "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.acme:app:jar:1.0",
  },
  {
    id: "maven.deploy",
    needs: ["nexus-staging", "deploy", "publish", "return code is"],
    ecosystem: "maven",
    pattern:
      /nexus-staging|maven-deploy-plugin|Failed to deploy artifacts|Deployment failed|deploy(?:ment)? (?:failed|error)|failed to publish|You cannot publish over|Return code is: 40[013]/i,
    weight: 7,
    subcategory: "deployment_error",
    example:
      "[ERROR] Failed to execute goal org.sonatype.plugins:nexus-staging-maven-plugin:1.6.13:deploy (injected-nexus-deploy) on project app",
  },
  {
    id: "junit.failure",
    needs: ["<<<", "failed tests", "tests in error", "tests run:", "test failures"],
    ecosystem: "junit",
    pattern:
      /<<< (?:FAILURE|ERROR)!|^(?:\[ERROR\] )?(?:Failed tests|Tests in error):|^Tests run: \d+, Failures: [1-9]|^Tests run: \d+, Failures: \d+, Errors: [1-9]|^\[ERROR\] Tests run:.*(?:Failures: [1-9]|Errors: [1-9])|There (?:are|were) test failures/,
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
    pattern:
      /Execution failed for task '(?<task>[^']+)'|^\* What went wrong:|^> Task \S+ FAILED|tests completed, \d+ failed/,
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
    pattern:
      /Failure\/Error:|^rspec (?<file>\.\/\S+?):(?<line>\d+) # (?<test>.+)|^\d+ examples?, [1-9]\d* failures?|An error occurred while loading|An error occurred in a `before\(:suite\)`/,
    weight: 8,
    subcategory: "test_assertion",
    after: 4,
    example: "     Failure/Error: expect(mutex.synchronize { 1 }).to eq(2)",
  },
  {
    id: "minitest.failure",
    needs: ["failure:", "error:", " assertions, "],
    ecosystem: "minitest",
    pattern:
      /^(?:\d+\) )?(?:Failure|Error):$|^\d+ (?:runs|tests), \d+ assertions, [1-9]\d* (?:failures|errors)|^\d+ (?:runs|tests), \d+ assertions, \d+ failures, [1-9]\d* errors/,
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
    pattern:
      /Could not find gem|Bundler could not find compatible versions|An error occurred while installing|Gem::\w+Error|Your bundle is locked to|Could not find \S+ in any of the sources|Bundler::\w+Error|unable to find a matching version/i,
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
    pattern:
      /^\d+\) (?<test>[\w\\]+::\w+)|^(?:FAILURES|ERRORS)!$|^There (?:was|were) \d+ (?:failures?|errors?):/,
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
    pattern:
      /^\s*\d+\) test (?<test>.+) \([\w.]+\)$|^\d+ (?:doctests?, )?(?:\d+ properties?, )?\d+ tests?, [1-9]\d* failures?/,
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
    pattern:
      /^(?<test>\w+:\w+) failed on line (?<line>\d+)|^Reason: \S|^%%% \w+ ==> \w+: FAILED|^Failed \d+ tests?\./,
    weight: 9,
    subcategory: "test_assertion",
    after: 1,
    example: "cpu_sup_SUITE:util_api failed on line 121",
  },
  {
    id: "erlang.compile",
    needs: [".erl", ".hrl", "badmatch", "logger message"],
    ecosystem: "erlang",
    pattern:
      /^(?<file>\S+\.[eh]rl):(?<line>\d+):(?:\d+:)? (?!Warning)|terminated: \{\{badmatch|unexpected logger message: \{log,error/,
    weight: 8,
    subcategory: "compile_error",
    example: "src/rabbit_vhost.erl:91: field description undefined in record vhost",
  },

  // ── Haskell, Lua, Perl and TAP, Emacs Lisp, Vim ──────────────────────────────────────────
  {
    id: "ghc.error",
    needs: [".hs", ".lhs", "cabal", "failed to build"],
    ecosystem: "haskell",
    pattern:
      /^(?<file>\S+\.l?hs):(?<line>\d+):(?<col>\d+)(?:-\d+)?: error:|^cabal: .*failed|Failed to build \S+|^\s*\S+\.hs:\d+:\d+: $/,
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
    pattern:
      /^\s*not ok \d+ (?<test>.*)|^#\s+Failed test|^# Looks like (?:you failed|your test exited)|Dubious, test returned|Failed \d+\/\d+ (?:subtests|test programs)|^Result: FAIL|^Failed Test\s+Stat/,
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
    pattern:
      /at (?<file>\S+) line (?<line>\d+)\.?$|at line (?<line2>\d+), column \d+\.|^\S+ had compilation errors|^Can't locate \S+ in @INC/,
    weight: 5,
    example:
      "Having more than one /x regexp modifier is deprecated at /home/travis/build/mysqltuner.pl line 3562.",
  },
  {
    id: "emacs.signal",
    needs: ["signal(", "lisp error", "process sentinel", "error: "],
    ecosystem: "emacs-lisp",
    pattern:
      /^(?:\s*)signal\((?:error|\w+-error) |^Debugger entered--Lisp error:|^error in process sentinel|^Error: \w+[\w-]* \(/,
    weight: 8,
    after: 2,
    example: 'signal(error ("Could not create connection to elpa.gnu.org:443"))',
  },
  {
    id: "vim.test-failure",
    needs: ["found errors", "caught exception", "failed", "executed", "from test_", "test failure"],
    ecosystem: "vim",
    pattern:
      /^\s*(?:Found errors in (?<test>\w+)\(\)|Caught exception in \w+\(\)|\w+ FAILED$|Executed \d+ tests?.*\d+ failed)|^\s*From test_\w+\.vim:|^TEST FAILURE$/,
    weight: 8,
    subcategory: "test_assertion",
    after: 2,
    example: "	Found errors in Test_popup_beval():",
  },

  {
    id: "js.stack-frame",
    needs: ["at ", "❯"],
    ecosystem: "node",
    pattern:
      /^\s+at (?:.+ \()?(?!node:|internal\/)(?<file>[^()\s]+?):(?<line>\d+):(?<col>\d+)\)?$|^\s*❯ (?<file2>\S+):(?<line2>\d+):(?<col2>\d+)$/,
    weight: 2,
    example: "      at Object.<anonymous> (src/components/Cart.test.tsx:20:31)",
  },

  // ── Generic shapes that cross ecosystems ─────────────────────────────────────────────────
  {
    id: "generic.error-prefix",
    needs: ["error", "fatal", "critical", "err!", "e: ", "[e]", "[err]", "✖", "✗", "✘"],
    ecosystem: "generic",
    pattern:
      /^\s*(?:\[?(?:ERROR|FATAL|CRITICAL)\]?:?|(?:fatal|error|Error|FATAL)(?:\[\w+\])?:|ERR!|E: |\[E\]|\[ERR\]|✖|✗|✘|\(error\)|[Ee]rror -)\s*\S/,
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
    pattern:
      /\b(?:ERROR|FATAL|FAILED|FAILURE|FAIL)\b|\b(?:[Ee]rror|[Ff]ailed|[Ff]ailure|[Ee]xception|[Ff]atal|[Aa]borted|[Pp]anic|[Ii]nvalid|[Dd]enied|[Uu]nexpected|[Uu]ndefined|[Mm]issing)\b|\bcannot\b|\bcan't\b|\bcould not\b|\bunable to\b|\bnot found\b|\bno such\b/,
    weight: 3,
    example: "Chrome 75.0.3770 (Mac OS X 10.13.6) ERROR",
  },
  {
    id: "generic.file-line",
    needs: [":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"],
    ecosystem: "generic",
    pattern: new RegExp(String.raw`^\s*(?:\S+ )?${FILE}:(?<line>\d+)(?::(?<col>\d+))?(?::\s*|\s+)\S`),
    weight: 3,
    example: "README.md:2186:Line longer than 80 characters.",
  },
];

/**
 * Words a failing tool prints on (or right beside) the line that explains it. One automaton finds
 * them all in a single pass over each chunk (see trigger.ts), so adding a word costs nearly nothing;
 * a word that is common in passing logs only costs the classification of the lines it finds.
 */
export const TRIGGER_WORDS: readonly string[] = [
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
export const FAILURE_SYMBOLS = "✖✗✘✕×●›⎯";

/**
 * Shapes the words cannot express: failure symbols outside ASCII, line-start shapes (pytest,
 * numbered failures) and file:line diagnostics. Each rule's example (weight 3 and up) must be found
 * by a word or one of these (the unit tests check). These regexes say what a hinted line is; the
 * streaming scan finds the same lines over bytes, in one automaton pass with a few checks
 * (hints.ts), and a property test keeps the two in agreement: change both together.
 */
export const FAILURE_HINTS: readonly RegExp[] = [
  new RegExp(`[${FAILURE_SYMBOLS}]|\\[\\d{3}\\]|\\.p[lm] line \\d`, "g"),
  /^(?:\s*\d{1,3}\) \S|_{3,} \S|E {2,}\S|Reason: )/gm,
  /\.[A-Za-z]{1,6}(?::\[?\d|\(\d+,\d+\))/g,
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The same scans for one line (no `g` flag, so `test` keeps no state between lines). */
export const LINE_HINTS: readonly RegExp[] = [
  new RegExp(TRIGGER_WORDS.map(escapeRegExp).join("|"), "i"),
  ...FAILURE_HINTS.map((hint) => new RegExp(hint.source, hint.flags.replace("g", ""))),
];
